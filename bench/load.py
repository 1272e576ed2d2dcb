"""Focused bench (not a test): `python -m ingest load --kind svf` of the 1 M-row CSV that bench/run.py
exports, timed as a whole process into a fresh store; optionally interleaved with another checkout.

    .venv/bin/python bench/load.py --repeats 3 [--before /path/to/other/worktree] [--existing]

--before runs the same command from another checkout (e.g. `git archive <commit> | tar -x -C DIR`),
alternating with this one so both see the same machine state. Prints one JSON line per run and a
summary per checkout (best / median rows per second, min / median CPU seconds of the process) with the
load average, then the peak RSS of one more run of this checkout.

--existing loads into a copy of a store that already holds the reference catalogue (as every load after
a store's first does), so that the time is the file's own; without it each run creates the store.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import OUT, PY, run_timed  # noqa: E402


def export_csv(source_db: Path, n_rows: int) -> Path:
    csv = OUT / f"svf_{n_rows}.csv"
    if not csv.exists():
        from store import Store

        OUT.mkdir(parents=True, exist_ok=True)
        con = Store(source_db).connect()
        rel = con.sql("SELECT * EXCLUDE (load_id) FROM svf_pathway ORDER BY pathway_id")
        rel.limit(n_rows).write_csv(str(csv))
        con.close()
    return csv


def catalogue_store() -> Path:
    """A store holding only the reference catalogue, copied for each --existing run."""
    from ingest.reference import ensure_store
    from store import Store

    seed = OUT / "store-load-catalogue"
    shutil.rmtree(seed, ignore_errors=True)
    ensure_store(Store(seed))
    return seed


def one(checkout: Path, csv: Path, n_rows: int, seed: Path | None = None) -> dict:
    target = OUT / "store-load-focused"
    if target.exists():
        shutil.rmtree(target)
    if seed is not None:
        shutil.copytree(seed, target)
    cmd = [PY, "-m", "ingest", "load", "--db", str(target), "--kind", "svf", str(csv)]
    # run from the checkout so that `-m ingest` imports its code; CPU seconds (user + sys of the child)
    # say more than wall time when other work shares the machine
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=checkout, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t0
        if status != 0:
            err.seek(0)
            raise SystemExit(f"load failed ({status}): {err.read()[-500:]!r}")
    shutil.rmtree(target, ignore_errors=True)
    return {"checkout": str(checkout), "load_s": round(dt, 3), "rows_per_s": round(n_rows / dt),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.environ.get("SVF_DB", str(ROOT / "data" / "store")),
                    help="the scale-1 demo store the CSV is exported from")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--before", help="another checkout to time in alternation (the 'before')")
    ap.add_argument("--existing", action="store_true", help="load into a store that already has the catalogue")
    args = ap.parse_args()
    csv = export_csv(Path(args.db), args.rows)
    seed = catalogue_store() if args.existing else None
    checkouts = [Path(args.before).resolve()] if args.before else []
    checkouts.append(ROOT)
    runs: dict[str, list[dict]] = {str(c): [] for c in checkouts}
    for _ in range(args.repeats):
        for c in checkouts:
            r = one(c, csv, args.rows, seed)
            runs[str(c)].append(r)
            print(json.dumps(r), flush=True)
    la = os.getloadavg()
    for c, v in runs.items():
        rate = [r["rows_per_s"] for r in v]
        cpu = [r["cpu_s"] for r in v]
        print(f"{c}: best {max(rate):,.0f} / median {statistics.median(rate):,.0f} rows/s; "
              f"CPU min {min(cpu):.2f} / median {statistics.median(cpu):.2f} s "
              f"(load average {la[0]:.2f} {la[1]:.2f} {la[2]:.2f})")
    # a one-off memory figure for the last checkout
    dt, rss, _ = run_timed([PY, "-m", "ingest", "load", "--db", str(OUT / "store-load-rss"), "--kind", "svf",
                            str(csv)])
    shutil.rmtree(OUT / "store-load-rss", ignore_errors=True)
    print(f"peak RSS {rss} MiB ({dt:.2f} s)")


if __name__ == "__main__":
    main()
