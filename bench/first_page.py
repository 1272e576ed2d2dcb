"""What the first page on a new snapshot waits for: every base table (metrics.prepare, as before) or only
the ones its queries need (prepare(lazy=True), the dashboard since issue 10). Each round opens fresh
connections and fills the bases one by one, timing each; the page sums are what a first SVF page
(lead time + inclusion) or register page waits for, against the whole prepare.

    .venv/bin/python bench/first_page.py [--db STORE] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# the bases each page's first queries fill (metrics.core._USES of its tables)
PAGES = {"SVF page (inklusion / ledtider)": ("lead_time", "inclusion_svf", "inclusion_cases"),
         "register page": ("register_coverage",), "palliative page": ("death", "death_registered")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.environ.get("SVF_DB", str(ROOT / "bench" / "out" / "store-s1")))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from metrics import core
    from store import Store

    store = Store(args.db)
    fills: dict[str, list[float]] = {b: [] for b in core.BASES}
    full: list[float] = []
    loads = []
    for _ in range(args.rounds):
        loads.append(os.getloadavg()[0])
        con = store.connect()
        core.prepare(con, lazy=True)
        with closing(con.cursor()) as cur:
            for b in core.BASES:
                t0 = time.perf_counter()
                core._fill_base(cur, b, None)
                fills[b].append(time.perf_counter() - t0)
        con.close()
        con = store.connect()
        t0 = time.perf_counter()
        core.prepare(con)
        full.append(time.perf_counter() - t0)
        con.close()
    med = {b: statistics.median(v) * 1000 for b, v in fills.items()}
    print(f"store {args.db}; load average (1 min) at each round: {', '.join(f'{x:.1f}' for x in loads)}")
    print(f"whole prepare (every base, as before): {statistics.median(full) * 1000:.0f} ms")
    for b, ms in med.items():
        print(f"  base {b}: {ms:.0f} ms")
    for page, bases in PAGES.items():
        print(f"{page}: waits for {sum(med[b] for b in bases):.0f} ms ({', '.join(bases)})")


if __name__ == "__main__":
    main()
