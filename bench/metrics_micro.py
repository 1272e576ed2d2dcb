"""Micro-benchmark of the metric queries (not a test): cold and warm timings per call and per
connection mode, medians of several runs, with the load average noted (the machine is shared).

    .venv/bin/python bench/metrics_micro.py --db bench/out/store-s1                 # views and materialized
    .venv/bin/python bench/metrics_micro.py --db bench/out/store-s1 --modes views --period all -n 9

Modes: views (Store.connect()), mat (Store.connect(materialize=True)), prep / mat_prep (the same
plus metrics.prepare(); its build time is part of "open"), and experimental ones built here so that
store/ need not change to try them: mat_sorted (tables copied ordered by their period date),
matc / matc_sorted (copied into a compressed in-memory database), views_1t / mat_1t (threads=1),
mat_noorder (preserve_insertion_order=false before copying).
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

import duckdb  # noqa: E402

from metrics import Filters, compute, lead_time_summary, prepare  # noqa: E402
from store import Store, schema  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import METRIC_CALLS  # noqa: E402
from run import period_last_12 as last_12  # noqa: E402

CALLS = [  # bench/run.py's calls, plus the summary and a few heavier groupings
    *METRIC_CALLS,
    ("lead-time", ("unit", "month")),
    ("register-coverage", ("register", "year")),
    ("summary", ("svf",)),
    ("summary", ("region", "quarter")),
]
SORT_KEY = {"svf_pathway": "end_date", "cancer_case": "diagnosis_date", "death": "death_date",
            "register_case": "register, case_id"}


def connect(store: Store, mode: str) -> duckdb.DuckDBPyConnection:
    if mode == "views":
        return store.connect()
    if mode == "mat":
        return store.connect(materialize=True)
    if mode in ("prep", "mat_prep"):  # metrics.prepare() on top (its build time counts as open time)
        con = store.connect(materialize=mode == "mat_prep")
        prepare(con)
        return con
    snap = store.snapshot_dir()
    con = duckdb.connect()
    if mode.endswith("_1t"):
        con.execute("SET threads = 1")
    if mode == "mat_noorder":
        con.execute("SET preserve_insertion_order = false")
    if mode.startswith("matc"):
        # in-memory databases are stored uncompressed unless asked: COMPRESS gives dictionary /
        # FSST strings like Parquet
        con.execute("ATTACH ':memory:' AS mem (COMPRESS)")
    for table in schema():
        path = str(snap / (table + ".parquet"))
        if mode.startswith("views"):
            con.read_parquet(path).create_view(table)
        elif mode in ("mat_sorted", "matc_sorted") and table in SORT_KEY:
            con.execute("CREATE TABLE " + ("mem." if mode.startswith("matc") else "") + table
                        + " AS SELECT * FROM read_parquet($p) ORDER BY " + SORT_KEY[table], {"p": path})
        else:
            con.execute("CREATE TABLE " + ("mem." if mode.startswith("matc") else "") + table
                        + " AS SELECT * FROM read_parquet($p)", {"p": path})
    if mode.startswith("matc"):  # cursors do not inherit USE: reach the tables through views
        for table in schema():
            con.execute("CREATE VIEW main." + table + " AS SELECT * FROM mem." + table)
    return con


def call(con, table, flt, by):
    if table == "summary":
        return lead_time_summary(con, flt, by)
    return compute(con, table, flt, by)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "store-s1"))  # built by bench/run.py
    ap.add_argument("--modes", default="views,mat")
    ap.add_argument("--period", default="last12", choices=["last12", "all"])
    ap.add_argument("-n", "--repeats", type=int, default=7)
    ap.add_argument("--only", default="", help="comma list of table names to run")
    ap.add_argument("--no-cold", action="store_true")
    args = ap.parse_args()
    store = Store(args.db)
    flt = Filters(*(), period_from=last_12()[0], period_to=last_12()[1]) if args.period == "last12" \
        else Filters()
    calls = [c for c in CALLS if not args.only or c[0] in args.only.split(",")]
    print(f"db={args.db} period={args.period} repeats={args.repeats} load={os.getloadavg()[0]:.2f}")
    for mode in args.modes.split(","):
        t0 = time.perf_counter()
        con = connect(store, mode)
        open_ms = (time.perf_counter() - t0) * 1000
        print(f"\n== {mode}: open {open_ms:.0f} ms   (load {os.getloadavg()[0]:.2f})")
        print(f"{'table':24}{'by':22}{'cold':>8}{'warm':>8}{'min':>8}")
        for table, by in calls:
            cold = float("nan")
            if not args.no_cold:
                # cold: a fresh connection of this mode, first call (open time excluded)
                c2 = connect(store, mode)
                t0 = time.perf_counter()
                call(c2, table, flt, by)
                cold = (time.perf_counter() - t0) * 1000
                c2.close()
            call(con, table, flt, by)
            warm = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                call(con, table, flt, by)
                warm.append((time.perf_counter() - t0) * 1000)
            print(f"{table:24}{','.join(by):22}{cold:8.1f}{statistics.median(warm):8.1f}{min(warm):8.1f}",
                  flush=True)
        con.close()
    print(f"\nload at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
