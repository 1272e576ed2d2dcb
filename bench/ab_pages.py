"""Before/after page timings on a shared machine: bench/run.py's AppTest page timing (same code, same
store) for an older revision and for this tree, interleaved run by run, with the load average at each
run's start. Noise from other work on the machine then hits both sides alike.

    .venv/bin/python bench/ab_pages.py --base-rev 444f04c --rounds 3 svf-inklusion svf-ledtider maloversikt

The older revision is unpacked (git archive) into bench/out/ab-<rev>/, using this tree's .venv. The store
is $SVF_DB or bench/out/store-s1 (built with bench/run.py or `python -m ingest build --db ...`).
Prints every run and a summary (median over rounds of each run's median), and writes bench/out/ab.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PAGES = {"maloversikt": "", "datastatus": "views/datastatus.py", "svf-inklusion": "views/svf_inklusion.py",
         "svf-ledtider": "views/svf_ledtider.py", "svf-faser": "views/svf_faser.py",
         "kvalitetsregister": "views/kvalitetsregister.py", "palliativ": "views/palliativ.py"}


# The start of both filter-change benches' scripts (ab_calls.py, ab_rerun_cpu.py): arguments (page, repeats),
# the regions to pick, and a count of the SQL statements run (metrics.core._execute calls; the load does not
# move it). STEADY then opens the page with the connection, its bases and the regional caches warm.
CHANGE_SETUP = r"""
import json, statistics, sys
from streamlit.testing.v1 import AppTest
from metrics import core
page, repeats = sys.argv[1] or None, int(sys.argv[2])
regions = ["01", "12", "14", "21", "25", "03", "05", "07", "08", "09", "10", "13"]
_execute, n_sql = core._execute, [0]
def counted(*a, **k):
    n_sql[0] += 1
    return _execute(*a, **k)
core._execute = counted
"""
CHANGE_STEADY = r"""
at = AppTest.from_file("app.py", default_timeout=900)
at.run()
if page:
    at.switch_page(page); at.run()
for r in regions[:2]:
    at.multiselect(key="f_region").set_value([r]).run()
"""


def page_code() -> str:
    """bench/run.py's page timing script, so both sides are timed exactly as the results table is."""
    src = (ROOT / "bench" / "run.py").read_text(encoding="utf-8")
    start = src.index('code = r"""') + len('code = r"""')
    return src[start:src.index('"""', start)]


def unpack(rev: str) -> Path:
    target = OUT / f"ab-{rev}"
    if not (target / "app.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    venv = target / ".venv"
    if not venv.exists():
        venv.symlink_to(ROOT / ".venv")
    return target


def interleave(code: str, pages: list[str], dirs: dict[str, Path], env: dict, rounds: int,
               repeats: int) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """Run the timing script `code` (its last stdout line: a JSON object of ms figures) for each page and
    checkout, alternating who goes first round by round, with the load average at each run's start.
    Prints every run; returns (runs per 'page|checkout', their medians)."""
    runs: dict[str, list[dict]] = {f"{p}|{d}": [] for p in pages for d in dirs}
    first, second = list(dirs)
    for r in range(rounds):
        for p in pages:
            for d in ((first, second) if r % 2 == 0 else (second, first)):  # alternate who goes first
                load = os.getloadavg()[0]
                proc = subprocess.run([sys.executable, "-c", code, PAGES[p], str(repeats)], cwd=dirs[d], env=env,
                                      capture_output=True, text=True)
                if proc.returncode:
                    raise SystemExit(f"{p} ({d}) failed:\n{proc.stderr[-3000:]}")
                res = {**json.loads(proc.stdout.strip().splitlines()[-1]), "load": load}
                runs[f"{p}|{d}"].append(res)
                print(r, p, d, {k: round(v, 1 if k == "load" else None) for k, v in res.items()}, flush=True)
    summary = {}
    for key, rs in runs.items():
        summary[key] = {k: round(statistics.median(x[k] for x in rs)) for k in rs[0] if k != "load"}
        summary[key]["load"] = [round(x["load"], 1) for x in rs]
        print(key, summary[key])
    return runs, summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-rev", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5, help="warm / changed runs per page run")
    ap.add_argument("pages", nargs="+", choices=sorted(PAGES))
    args = ap.parse_args()
    db = os.environ.get("SVF_DB", str(OUT / "store-s1"))
    dirs = {"before": unpack(args.base_rev), "after": ROOT}
    env = dict(os.environ, SVF_DB=db)
    code = page_code()
    runs, summary = interleave(code, args.pages, dirs, env, args.rounds, args.repeats)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ab.json").write_text(json.dumps({"base_rev": args.base_rev, "db": db, "runs": runs, "summary": summary},
                                            indent=2))


if __name__ == "__main__":
    main()
