"""metrics.phases on hand-worked rows (arithmetic in comments) and on a tiny store (the SQL).

Limit used: brost kirurgi 28 days (data/reference/lead_time_limits.csv).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from metrics import Filters, compute
from metrics import phases as ph

NAN = float("nan")


def frame(rows: list[dict]) -> pd.DataFrame:
    """Patient rows as metrics.phases.rows() returns them (phases missing = not recorded)."""
    out = []
    for r in rows:
        base = {"region_code": r.get("region", "01"), "healthcare_region": "x", "svf": r.get("svf", "brost"),
                "unit": r.get("unit"), "d": pd.Timestamp(r.get("d", "2024-03-15")),
                "lead_days": float(r["lead"]), "max_days": float(r.get("max", 28))}
        for p in ph.PHASES:
            base[p] = float(r.get(p, NAN))
        out.append(base)
    return pd.DataFrame(out)


# 5 within (lead 20 <= 28) and 5 late, plus one late patient with no intermediate points
WITHIN = [{"lead": 20, "ph1": 1, "ph2": v, "ph5": 10} for v in (2, 3, 4, 5, 6)]
LATE = [{"lead": lead, "ph1": 2, "ph2": v, "ph5": 10} for lead, v in ((29, 10), (30, 12), (33, 14), (35, 16),
                                                                       (45, 18))]
BARE = [{"lead": 31}]


def test_phase_table_quantiles_completeness_and_suppression():
    t = ph.phase_table(frame(WITHIN + LATE + BARE)).set_index("phase")
    # ph2 sorted 2 3 4 5 6 10 12 14 16 18 (n 10 of 11 pathways)
    r = t.loc["ph2"]
    assert (r["n"], r["n_pathways"]) == (10, 11)
    assert r["completeness"] == pytest.approx(10 / 11)
    assert r["median"] == pytest.approx(8.0)  # (6 + 10) / 2
    assert r["p80"] == pytest.approx(14.4)    # position 0.8 * 9 = 7.2: 14 + 0.2 * (16 - 14)
    assert r["p90"] == pytest.approx(16.2)    # position 8.1: 16 + 0.1 * 2
    assert r["mean"] == pytest.approx(9.0)    # 90 / 10
    # ph3 recorded nowhere: suppressed, no figures
    assert t.loc["ph3", "n"] == 0 and bool(t.loc["ph3", "suppressed"]) and math.isnan(t.loc["ph3", "median"])


def test_phase_table_small_cell_suppressed_at_4_not_5():
    four = frame([{"lead": 10, "ph1": 3}] * 4)
    five = frame([{"lead": 10, "ph1": 3}] * 5)
    assert bool(ph.phase_table(four).set_index("phase").loc["ph1", "suppressed"])
    r = ph.phase_table(five).set_index("phase").loc["ph1"]
    assert not bool(r["suppressed"]) and r["median"] == 3


def test_phase_table_by_region_and_month():
    df = frame([{"lead": 10, "ph1": 2, "region": "01", "d": "2024-01-10"}] * 5
               + [{"lead": 10, "ph1": 6, "region": "03", "d": "2024-02-10"}] * 5)
    t = ph.phase_table(df, by=("region", "month"))
    r = t[(t["phase"] == "ph1")].set_index("region")
    assert r.loc["01", "month"] == "2024-01" and r.loc["01", "median"] == 2
    assert r.loc["03", "month"] == "2024-02" and r.loc["03", "median"] == 6
    with pytest.raises(ValueError, match="Okänd indelning"):
        ph.phase_table(df, by=("end_type",))


def test_attribution_names_the_phase_with_most_excess_days():
    a = ph.attribution(frame(WITHIN + LATE + BARE)).set_index("phase")
    # ph2: within 2..6 (mean 4, median 4), late 10..18 (mean 14, median 14): difference 10 days
    r = a.loc["ph2"]
    assert (r["n_late"], r["n_within"]) == (5, 5)  # the bare late patient has no ph2
    assert r["median_diff"] == pytest.approx(10) and r["mean_diff"] == pytest.approx(10)
    # Welch: var within 2.5, late 10 -> se = sqrt(2.5/5 + 10/5) = sqrt(2.5) = 1.5811; 10 ± 1.96 * 1.5811
    assert r["diff_ci_low"] == pytest.approx(10 - 3.0990, abs=1e-3)
    assert r["diff_ci_high"] == pytest.approx(10 + 3.0990, abs=1e-3)
    # excess days: ph2 5 * 10 = 50, ph1 5 * (2 - 1) = 5, ph5 5 * 0 = 0 -> shares 50/55, 5/55, 0
    assert r["excess_days"] == pytest.approx(50)
    assert r["share_excess"] == pytest.approx(50 / 55)
    assert a.loc["ph1", "share_excess"] == pytest.approx(5 / 55)
    assert a.loc["ph5", "share_excess"] == 0
    assert (a.loc["ph2", "rank"], a.loc["ph1", "rank"], a.loc["ph5", "rank"]) == (1, 2, 3)
    # ph3 / ph4 not recorded: suppressed, no share, no rank
    assert bool(a.loc["ph3", "suppressed"]) and math.isnan(a.loc["ph3", "share_excess"])
    assert pd.isna(a.loc["ph3", "rank"])
    assert ph.top_phase(ph.attribution(frame(WITHIN + LATE + BARE))) == "ph2"


def test_attribution_phase_shorter_for_late_patients_carries_no_excess():
    # late patients spend less time in ph1 (1 vs 3): negative difference, excess 0, not named
    df = frame([{"lead": 20, "ph1": 3}] * 5 + [{"lead": 40, "ph1": 1}] * 5)
    a = ph.attribution(df).set_index("phase")
    assert a.loc["ph1", "mean_diff"] == pytest.approx(-2) and a.loc["ph1", "excess_days"] == 0
    assert ph.top_phase(ph.attribution(df)) is None


def test_what_if_exact_on_patients():
    df = frame(WITHIN + LATE + BARE)  # n 11, 5 within (45.5 %)
    # ph2 - 5 days: late leads 29 30 33 35 45 become 24 25 28 30 40 -> 24, 25 and 28 (= limit) within
    w = ph.what_if(df, "ph2", 5)
    assert (w.n, w.n_with_phase, w.n_within_before, w.n_within_after, w.gained) == (11, 10, 5, 8, 3)
    assert w.share_after == pytest.approx(8 / 11)
    # 80 % of 11 = 8.8 -> 9 needed: not met, one patient short
    assert not w.met_after and w.gap_after == 1
    # ph2 - 100 days: each late patient loses only their own ph2 (29-10 ... 45-18 = 27): all within;
    # the patient without ph2 stays late (31 > 28) -> 10 / 11 = 90.9 %, met
    w = ph.what_if(df, "ph2", 100)
    assert (w.n_within_after, w.gained) == (10, 5) and w.met_after and not w.met_before
    # 0 days changes nothing
    assert ph.what_if(df, "ph2", 0).gained == 0
    # days per row (e.g. per pathway): only the patient given 5 days (lead 33, ph2 14 -> 28) gains
    per_row = np.zeros(len(df))
    per_row[7] = 5
    w = ph.what_if(df, "ph2", per_row)
    assert w.gained == 1 and math.isnan(w.days)
    with pytest.raises(ValueError):
        ph.what_if(df, "ph2", -1)
    with pytest.raises(ValueError):
        ph.what_if(df, "ph9", 3)


def test_what_if_meets_exactly_at_80_percent():
    # 10 patients: 7 within, 3 late by 1 day with ph5 = 4; - 1 day on ph5 -> 10 / 10; the boundary:
    df = frame([{"lead": 20, "ph5": 4}] * 7 + [{"lead": 29, "ph5": 4}, {"lead": 29, "ph5": 4},
                                               {"lead": 35, "ph5": 4}])
    w = ph.what_if(df, "ph5", 1)
    # 29 - 1 = 28 <= 28 twice: 9 within = 90 %; 35 - min(1, 4) = 34 stays late
    assert (w.n_within_before, w.n_within_after) == (7, 9) and w.met_after
    w = ph.what_if(frame([{"lead": 20, "ph5": 4}] * 7 + [{"lead": 29, "ph5": 4}] + [{"lead": 40}] * 2),
                   "ph5", 1)
    assert w.n_within_after == 8 and w.share_after == pytest.approx(0.8) and w.met_after  # 8/10 = 80 % >= 80


def test_benchmark_best_quartile_of_regions():
    rows = []
    for reg, med in (("01", 2), ("03", 4), ("04", 6), ("05", 8), ("06", 10)):
        rows += [{"lead": 10, "ph2": med, "region": reg}] * 10
    rows += [{"lead": 10, "ph2": 0, "region": "07"}] * 9  # 9 recorded: under BENCH_MIN_N, left out
    b = ph.benchmark(frame(rows)).set_index("phase")
    # medians 2 4 6 8 10: 25th percentile at position 0.25 * 4 = 1 -> 4
    assert b.loc["ph2", "n_units"] == 5 and b.loc["ph2", "bench_median"] == pytest.approx(4)
    assert math.isnan(b.loc["ph1", "bench_median"]) and b.loc["ph1", "n_units"] == 0
    three = [r for r in rows if r["region"] in ("01", "03", "04")]
    assert math.isnan(ph.benchmark(frame(three)).set_index("phase").loc["ph2", "bench_median"])
    assert ph.days_to_benchmark(8, 4) == 4 and ph.days_to_benchmark(8.5, 4) == 5
    assert ph.days_to_benchmark(3, 4) == 0 and ph.days_to_benchmark(NAN, 4) == 0


def test_planning_times_for_breast_spans():
    df = frame([{"lead": 20, "ph1": v, "ph2": 3, "ph3": 2} for v in (5, 6, 7, 8, 9)])
    p = ph.planning(df).set_index("span")
    # VM -> first visit: 5 6 7 8 9 against 7 days (2 + 5): median 7, 3 of 5 within
    assert p.loc["vm-first_visit", "planning_days"] == 7
    assert p.loc["vm-first_visit", "median"] == 7 and p.loc["vm-first_visit", "share_within"] == pytest.approx(0.6)
    # first visit -> diagnosis information = ph2 + ph3 = 5 <= 7 for all five
    assert p.loc["first_visit-diagnosis_info", "share_within"] == 1.0
    assert p.loc["diagnosis_info-start", "n"] == 0  # ph4/ph5 not recorded


# -- the SQL on a tiny store ------------------------------------------------------------------------------
_ids = itertools.count(1)


def pw(vm, end, fv=None, mdk=None, dib=None, dec=None, end_type="kirurgi", region="01", unit=None):
    return {"pathway_id": f"p{next(_ids)}", "region_code": region, "unit": unit, "svf": "brost", "workup": "bas",
            "vm_date": vm, "first_visit_date": fv, "mdk_date": mdk, "diagnosis_info_date": dib,
            "decision_date": dec, "end_date": end, "end_type": end_type, "load_id": 1}


@pytest.fixture(params=["direct", "prepared"])
def store_con(request, empty_store):
    rows = [
        pw("2024-03-01", "2024-03-21", "2024-03-04", "2024-03-09", "2024-03-11", "2024-03-13"),  # 3 5 2 2 8
        pw("2024-03-01", "2024-03-31", "2024-03-03", None, "2024-03-12", "2024-03-14"),  # 2 . . 2 17
        pw("2024-03-01", "2024-03-20", "2024-03-05", "2024-03-04"),  # MDK before first visit: ph2 unknown
        pw("2024-03-01", "2024-03-20", "2024-03-02", end_type="avslut_patientens_val"),  # closure: out
        pw("2024-03-01", "2024-05-02", "2024-03-02"),  # ended in May: outside a March period
    ]
    with empty_store.transaction() as tx:
        tx.con.register("_x", pd.DataFrame(rows))
        tx.replace("svf_pathway", tx.con.table("_x"))
        tx.con.unregister("_x")
    con = empty_store.connect()
    if request.param == "prepared":
        ph.prepare(con)
        assert ph.is_prepared(con)
    return con


def test_rows_from_the_store(store_con):
    f = Filters(period_from="2024-03", period_to="2024-03")
    df = ph.rows(store_con, f).sort_values("lead_days").reset_index(drop=True)
    # same population as lead time: three treatment starts ended in March
    assert len(df) == 3 == int(compute(store_con, "lead-time", f)["n"].iloc[0])
    got = df[["lead_days", *ph.PHASES]].to_numpy()
    want = np.array([[19, 4, NAN, NAN, NAN, NAN],    # VM -> first visit 4 days; MDK out of order
                     [20, 3, 5, 2, 2, 8],
                     [30, 2, NAN, NAN, 2, 17]])
    np.testing.assert_array_equal(got, want)
    assert len(ph.rows(store_con, Filters())) == 4  # the May one too
    assert len(ph.rows(store_con, Filters(regions=("03",)))) == 0


def test_cli_table(store_con):
    t = ph.table(store_con, Filters(period_from="2024-03", period_to="2024-03"), by=("svf",))
    assert list(t.columns[:4]) == ["svf", "phase", "from_point", "to_point"]
    r = t.set_index("phase").loc["ph1"]
    assert (r["n"], r["n_pathways"], bool(r["suppressed"])) == (3, 3, True)  # 3 < 5: suppressed


def test_cli_phases(store_con, empty_store, capsys):
    from metrics.__main__ import main

    rc = main(["phases", "--db", str(empty_store.root), "--from", "2024-03", "--to", "2024-03", "--by", "region"])
    out = capsys.readouterr().out.splitlines()
    assert rc == 0 and out[0].startswith("region,phase,from_point,to_point,n_pathways,n,completeness")
    ph1 = next(line for line in out if ",ph1," in line).split(",")
    assert ph1[0] == "01" and ph1[4:6] == ["3", "3"]
    assert main(["phases", "--db", str(empty_store.root), "--by", "end_type"]) == 2
    assert main(["phases", "--db", str(empty_store.root), "--as-of", "2024-01-01"]) == 2
    assert "gäller inte tabellen phases" in capsys.readouterr().err


# -- the demo data's planted bottlenecks (ingest/synth_params.PHASE_BOTTLENECKS) ---------------------------
@pytest.fixture(scope="module")
def small_demo(tmp_path_factory):
    import datetime as dt

    from ingest.synth import build
    from store import Store

    store = Store(tmp_path_factory.mktemp("demo") / "store")
    build(store, scale=0.05, seed=7, today=dt.date(2026, 7, 15))
    return store.connect()


def test_demo_attribution_names_the_planted_phase(small_demo):
    from ingest import synth_params as P

    for (region, suffix), phase in P.PHASE_BOTTLENECKS.items():
        df = ph.rows(small_demo, Filters(regions=(region,)))
        if suffix is not None:
            df = df[df["unit"].str.endswith(suffix)]
        assert ph.top_phase(ph.attribution(df)) == ph.PHASES[phase], (region, suffix)
    # nationally, the extra days of late patients sit mostly before the treatment start
    assert ph.top_phase(ph.attribution(ph.rows(small_demo, Filters()))) == "ph5"
