"""The LPO review's build time (not a test): `python -m report review` as a process, PDF + XLSX for one
region and half-year, at each scale; writes its section of bench/RESULTS.md (the report markers).

    .venv/bin/python bench/report.py --scales 1 10 [--runs 3]     # stores from bench/run.py (bench/out)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import OUT, machine, write_section  # noqa: E402

AIM_S = 15.0  # PDF + XLSX for one region and half-year at scale 1 (issue 11)


def time_report(db: Path, fmt: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "report", "review", "--db", str(db), "--region", "21",
                            "--period", "2026H1", "--format", fmt, "--out", tmp], cwd=ROOT, check=True,
                           capture_output=True)
            out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", nargs="+", type=float, default=[1.0, 10.0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    lines = ["## The LPO review report (`bench/report.py`)", "",
             f"Measured {date.today()} on {machine()}: `python -m report review --region 21 --period 2026H1` as a "
             f"process (start, every figure, printing), min / median of {args.runs}, seconds.", "",
             "| scale | PDF + XLSX | XLSX only | aim (PDF + XLSX, scale 1) |", "|---:|---:|---:|:---:|"]
    for scale in args.scales:
        db = OUT / f"store-s{scale:g}"
        if not (db / "CURRENT").exists():
            print(f"no store {db}: run bench/run.py first", file=sys.stderr)
            return 2
        both = time_report(db, "pdf,xlsx", args.runs)
        xlsx = time_report(db, "xlsx", args.runs)
        aim = ("✓" if min(both) < AIM_S else "✗") if scale == 1 else ""
        lines.append(f"| {scale:g} | {min(both):.1f} / {statistics.median(both):.1f} | "
                     f"{min(xlsx):.1f} / {statistics.median(xlsx):.1f} | {aim} |")
    write_section("report", lines)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
