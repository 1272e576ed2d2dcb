"""Before/after of one filter change on a page in work that the machine's load does not move: the Python
function calls of the script run (cProfile in the script's own thread) and the SQL statements it runs
(metrics.core._execute calls). For a machine too busy for timings to mean much (bench/ab_rerun_cpu.py
measures time). Same AppTest steps as bench/ab_rerun_cpu.py; medians over the changes.

    .venv/bin/python bench/ab_calls.py --base-rev e2d1d46 svf-inklusion svf-ledtider

The older revision is unpacked as bench/ab_pages.py does; the store is $SVF_DB or bench/out/store-s1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.ab_pages import CHANGE_SETUP, CHANGE_STEADY, OUT, PAGES, unpack  # noqa: E402

CODE = CHANGE_SETUP + r"""
import cProfile, pstats
from streamlit.runtime.scriptrunner import script_runner
on, prof = [False], [None]
_run = script_runner.ScriptRunner._run_script
def run_profiled(self, *a, **k):  # the script runs in its own thread: profile it there
    if not on[0]:
        return _run(self, *a, **k)
    prof[0] = cProfile.Profile()
    prof[0].enable()
    try:
        return _run(self, *a, **k)
    finally:
        prof[0].disable()
script_runner.ScriptRunner._run_script = run_profiled
""" + CHANGE_STEADY + r"""
calls, sql = [], []
for r in regions[2:2 + repeats]:
    x = at.multiselect(key="f_region").set_value([r])
    s0 = n_sql[0]; on[0] = True; x.run(); on[0] = False
    if at.exception: raise SystemExit(str(at.exception))
    calls.append(pstats.Stats(prof[0]).total_calls); sql.append(n_sql[0] - s0)
print(json.dumps({"calls": statistics.median(calls), "sql": statistics.median(sql)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-rev", required=True)
    ap.add_argument("--after-rev", help="a commit instead of the working tree")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("pages", nargs="+", choices=sorted(PAGES))
    args = ap.parse_args()
    env = dict(os.environ, SVF_DB=os.environ.get("SVF_DB", str(OUT / "store-s1")))
    dirs = {"before": unpack(args.base_rev), "after": unpack(args.after_rev) if args.after_rev else ROOT}
    out = {}
    for page in args.pages:
        for side, d in dirs.items():
            proc = subprocess.run([sys.executable, "-c", CODE, PAGES[page], str(args.repeats)], cwd=d, env=env,
                                  capture_output=True, text=True)
            if proc.returncode:
                raise SystemExit(f"{page} ({side}) failed:\n{proc.stderr[-3000:]}")
            out[f"{page}|{side}"] = json.loads(proc.stdout.strip().splitlines()[-1])
        b, a = out[f"{page}|before"], out[f"{page}|after"]
        print(f"{page}: Python calls {b['calls']:,.0f} -> {a['calls']:,.0f} ({a['calls'] / b['calls'] - 1:+.0%}), "
              f"SQL statements {b['sql']:.0f} -> {a['sql']:.0f}", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ab_calls.json").write_text(json.dumps({"base_rev": args.base_rev, "after_rev": args.after_rev,
                                                   "results": out}, indent=2))


if __name__ == "__main__":
    main()
