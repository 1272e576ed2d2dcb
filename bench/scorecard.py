"""The scorecard (Målöversikt's table and the review report's first section) for one selection, on a warm
prepared connection as the dashboard has it: what a region change on the start page costs the server.
Each round asks for a region not asked before in this process (nothing cached above the metric layer),
plus the whole country; min / median ms and CPU, with the load average.

    .venv/bin/python bench/scorecard.py [--db bench/out/store-s1] [--rounds 7] [--profile]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REGIONS = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21",
           "22", "23", "24", "25"]
PERIOD = ("2025-07", "2025-12")  # bench/browser.py's period


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.environ.get("SVF_DB", str(ROOT / "bench" / "out" / "store-s1")))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="cProfile of the rounds, top 30 by cumulative time")
    args = ap.parse_args()
    import metrics
    from metrics import phases, scorecard
    from store import Store

    store = Store(args.db)
    con = store.connect()
    metrics.prepare(con, keep=store.derived_dir(store.version()))
    phases.prepare(con)
    scorecard.scorecard(con, scorecard.Scope(*PERIOD))  # the country first: what a server has on start
    load = os.getloadavg()[0]
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    wall, cpu, rows = [], [], 0
    for region in REGIONS[:args.rounds]:
        t, c = time.perf_counter(), time.process_time()
        card = scorecard.scorecard(con, scorecard.Scope(*PERIOD, regions=(region,)))
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        rows = len(card)
    if prof is not None:
        import pstats

        prof.disable()
        pstats.Stats(prof).sort_stats("cumtime").print_stats(30)
    ms = [w * 1000 for w in wall]
    print(f"{args.db}: scorecard for one region ({rows} rows), {len(ms)} regions: wall min {min(ms):.0f} / median "
          f"{statistics.median(ms):.0f} ms, CPU median {statistics.median(cpu) * 1000:.0f} ms; load average at the "
          f"start {load:.1f}")


if __name__ == "__main__":
    main()
