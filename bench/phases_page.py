"""Benchmark (not a test) of the page "SVF – var förloras dagarna" and its what-if, at scale 1 and 10.

    .venv/bin/python bench/phases_page.py                 # builds bench/out/store-s1 and -s10 if missing
    .venv/bin/python bench/phases_page.py --scales 1

Per scale, in a fresh process: a full AppTest script run of the page cold (first run), warm (the same
view again, median of 5), after a filter change (another region each run), after changing the what-if
days (the widget: a full rerun), and the what-if computation alone (metrics.phases.what_if on the
selection's cached patient rows, median of 20). Prints one JSON line per scale; the numbers go into
bench/RESULTS.md by hand (its section "Phases page").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable

CODE = r"""
import json, statistics, sys, time
import numpy as np
from streamlit.testing.v1 import AppTest
reps = 5
at = AppTest.from_file("app.py", default_timeout=900)
at.query_params["region"] = "18"
t0 = time.perf_counter(); at.run(); at.switch_page("views/svf_faser.py"); at.run()
cold = time.perf_counter() - t0
if at.exception: raise SystemExit(str(at.exception))
warm = []
for _ in range(reps):
    t0 = time.perf_counter(); at.run(); warm.append(time.perf_counter() - t0)
changed = []
for r in ["01", "12", "14", "21", "25"][:reps]:
    w = at.multiselect(key="f_region").set_value([r])
    t0 = time.perf_counter(); w.run(); changed.append(time.perf_counter() - t0)
    if at.exception: raise SystemExit(str(at.exception))
whatif_page = []
for d in [6, 7, 8, 9, 10][:reps]:
    w = at.number_input(key="f_cut_days").set_value(d)
    t0 = time.perf_counter(); w.run(); whatif_page.append(time.perf_counter() - t0)
    if at.exception: raise SystemExit(str(at.exception))
# the what-if computation alone, on the selection's rows (one region, the page's default period)
from metrics import Filters, phases as ph
from store import Store
con = Store().connect(); ph.prepare(con)
v = at.session_state["_view"]
rows = ph.rows(con, Filters(regions=("25",), period_from=v.period_from, period_to=v.period_to))
nat = ph.rows(con, Filters(period_from=v.period_from, period_to=v.period_to))
calc, calc_nat = [], []
for i in range(20):
    t0 = time.perf_counter(); ph.what_if(rows, "ph2", 5 + i % 3); calc.append(time.perf_counter() - t0)
    t0 = time.perf_counter(); ph.what_if(nat, "ph2", 5 + i % 3); calc_nat.append(time.perf_counter() - t0)
print(json.dumps({"cold_ms": cold * 1000, "warm_ms": statistics.median(warm) * 1000,
                  "changed_ms": statistics.median(changed) * 1000,
                  "whatif_page_ms": statistics.median(whatif_page) * 1000,
                  "whatif_calc_ms": statistics.median(calc) * 1000, "rows_region": len(rows),
                  "whatif_calc_national_ms": statistics.median(calc_nat) * 1000, "rows_national": len(nat)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1,10")
    args = ap.parse_args()
    for scale in [float(s) for s in args.scales.split(",")]:
        db = OUT / f"store-s{scale:g}"
        if not (db / "CURRENT").exists():
            subprocess.run([PY, "-m", "ingest", "build", "--db", str(db), "--scale", str(scale)], cwd=ROOT,
                           check=True)
        env = dict(os.environ, SVF_DB=str(db))
        p = subprocess.run([PY, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(p.stderr[-3000:])
        print(json.dumps({"scale": scale, **json.loads(p.stdout.strip().splitlines()[-1])}), flush=True)


if __name__ == "__main__":
    main()
