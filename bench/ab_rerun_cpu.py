"""Before/after of one filter change on a page, in wall time AND in the process's CPU time (all threads,
DuckDB's included): on a machine shared with other work the CPU time moves much less with the load than
the wall time does; and the SQL statements it runs (metrics.core._execute calls: not moved by the load).
Same AppTest steps as bench/run.py's page timing (warm-up, then another region each
run), both sides interleaved run by run; prints per run and the medians, writes bench/out/ab_cpu.json.

    .venv/bin/python bench/ab_rerun_cpu.py --base-rev 6b5f29e --rounds 3 svf-inklusion svf-ledtider

The older revision is unpacked as bench/ab_pages.py does; the store is $SVF_DB or bench/out/store-s1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.ab_pages import CHANGE_SETUP, CHANGE_STEADY, OUT, PAGES, interleave, unpack  # noqa: E402

CODE = CHANGE_SETUP + r"""
import time
""" + CHANGE_STEADY + r"""
warm_w, warm_c, ch_w, ch_c, ch_sql = [], [], [], [], []
for _ in range(repeats):
    w0, c0 = time.perf_counter(), time.process_time(); at.run()
    warm_w.append(time.perf_counter() - w0); warm_c.append(time.process_time() - c0)
for r in regions[2:2 + repeats]:
    x = at.multiselect(key="f_region").set_value([r])
    s0 = n_sql[0]; w0, c0 = time.perf_counter(), time.process_time(); x.run()
    ch_w.append(time.perf_counter() - w0); ch_c.append(time.process_time() - c0); ch_sql.append(n_sql[0] - s0)
    if at.exception: raise SystemExit(str(at.exception))
m = lambda xs: statistics.median(xs) * 1000
print(json.dumps({"warm_ms": m(warm_w), "warm_cpu_ms": m(warm_c), "changed_ms": m(ch_w), "changed_cpu_ms": m(ch_c),
                  "changed_sql": statistics.median(ch_sql)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-rev", required=True)
    ap.add_argument("--after-rev", help="a commit instead of the working tree")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("pages", nargs="+", choices=sorted(PAGES))
    args = ap.parse_args()
    db = os.environ.get("SVF_DB", str(OUT / "store-s1"))
    dirs = {"before": unpack(args.base_rev), "after": unpack(args.after_rev) if args.after_rev else ROOT}
    env = dict(os.environ, SVF_DB=db)
    runs, summary = interleave(CODE, args.pages, dirs, env, args.rounds, args.repeats)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ab_cpu.json").write_text(json.dumps({"base_rev": args.base_rev, "after_rev": args.after_rev, "db": db,
                                                 "runs": runs, "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
