"""Counting rules of issue 8 on hand-worked fixtures (arithmetic in comments): the SVF population by
age, limit histories, first registration, as-of cuts, timeliness, the ramp, every target with its
owner, palliative indicator denominators and comparability. Each test runs twice (direct and after
prepare(), through test_metrics' fixture)."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import pytest

from ingest.load import load_file
from metrics import Filters, compute, prepare, register_ramp, reporting_status, targets_long
from tests.test_metrics import _both_ways, one, put  # noqa: F401  (_both_ways: autouse, both ways)

REF = Path(__file__).resolve().parent.parent / "data" / "reference"
_ids = itertools.count(1)


def pw(svf, vm, end, age, end_type="kirurgi", region="01"):
    return {"pathway_id": f"p{next(_ids)}", "region_code": region, "svf": svf, "workup": "bas", "age": age,
            "vm_date": vm, "end_date": end, "end_type": end_type, "load_id": 1}


def cc(svf, diag, icd10, age=60, region="01", case_id=None):
    return {"case_id": case_id or f"c{next(_ids)}", "region_code": region, "diagnosis_date": diag,
            "icd10": icd10, "svf": svf, "age": age, "load_id": 1}


def reg(register, case_id, date):
    return {"register": register, "case_id": case_id, "registered_date": date, "load_id": 1}


def death(region, date, registered, expected=None, unit_type=None, **ind):
    return {"death_id": f"d{next(_ids)}", "region_code": region, "death_date": date, "registered": registered,
            "expected_death": expected, "unit_type": unit_type, "load_id": 1, **ind}


# -- population: under 18 out, thyroid all ages, leukaemias 16+ ---------------------------------------
def test_age_rule_on_lead_time(empty_store):
    con = put(empty_store, svf_pathway=[
        pw("brost", "2024-03-01", "2024-03-10", 17),          # under 18: out
        pw("brost", "2024-03-01", "2024-03-10", 18),          # 18: in
        pw("brost", "2024-03-01", "2024-03-10", None),        # age unknown: in (the rule cannot exclude it)
        pw("skoldkortel", "2024-03-01", "2024-03-10", 12),    # thyroid: every age
        pw("akut_leukemi", "2024-03-01", "2024-03-05", 16, "lakemedel"),  # leukaemia 16: in
        pw("akut_leukemi", "2024-03-01", "2024-03-05", 15, "lakemedel"),  # 15: out
        pw("kll", "2024-03-01", "2024-03-05", 16, "lakemedel"),           # KLL is a leukaemia: 16 in
        pw("lymfom", "2024-03-01", "2024-03-05", 16, "lakemedel"),        # lymphoma: 18 rule, out
    ])
    df = compute(con, "lead-time", by=("svf",)).set_index("svf")
    assert df["n"].to_dict() == {"akut_leukemi": 1, "brost": 2, "kll": 1, "skoldkortel": 1}


def test_age_rule_on_inclusion_numerator_and_denominator(empty_store):
    con = put(empty_store,
              svf_pathway=[pw("brost", "2024-03-01", "2024-03-10", 17),   # out
                           pw("brost", "2024-03-01", "2024-03-12", 40)],  # in
              cancer_case=[cc("brost", "2024-03-02", "C509", age=17),      # out of the denominator too
                           cc("brost", "2024-03-02", "C509", age=40),
                           cc("brost", "2024-03-03", "C509", age=None)])   # unknown age counts
    r = one(compute(con, "inclusion"))
    assert (r["n_svf"], r["n_cases"]) == (1, 2)  # 1 of 2 = 50 %


# -- limit histories ---------------------------------------------------------------------------------
def test_aml_limit_6_days_before_2018_10_30_then_9(empty_store):
    con = put(empty_store, svf_pathway=[
        pw("akut_leukemi", "2018-10-20", "2018-10-26", 40, "lakemedel"),  # 6 d, limit 6: within
        pw("akut_leukemi", "2018-10-29", "2018-11-05", 40, "lakemedel"),  # 7 d, VM before the change: 6 -> late
        pw("akut_leukemi", "2018-10-30", "2018-11-06", 40, "lakemedel"),  # 7 d, VM on the change day: 9 -> within
        pw("akut_leukemi", "2018-10-30", "2018-11-09", 40, "lakemedel"),  # 10 d > 9: late
    ])
    r = one(compute(con, "lead-time"))
    assert (r["n"], r["n_within"]) == (4, 2)


# Revisions with a known new value (shared/reference/svf_lead_times.csv sources): (svf, end_type,
# date, value before, value from). Revisions whose new values are not published (lymfom/KLL
# 2019-11-21 "harmonised", CUP 2021 palliative point) cannot be modelled; they are listed so that a
# later split of those rows is a deliberate change of this test.
KNOWN_REVISIONS = [
    ("akut_leukemi", "lakemedel", "2018-10-30", 6, 9),
    ("urinblasa", "kirurgi", "2024-05-14", 37, 42),
    ("urinblasa", "lakemedel", "2024-05-14", 39, 44),
    ("urinblasa", "stralning", "2024-05-14", 43, 48),
]


def test_limit_histories_match_the_reference():
    rows = list(csv.DictReader(open(REF / "lead_time_limits.csv", encoding="utf-8")))
    hist: dict[tuple, list] = {}
    for r in rows:
        hist.setdefault((r["svf"], r["end_type"], r["workup"]), []).append(r)
    for (svf, end_type, date, before, after) in KNOWN_REVISIONS:
        periods = sorted(hist[(svf, end_type, "alla")], key=lambda r: r["valid_from"])
        assert [(p["valid_to"] or None, int(p["max_days"])) for p in periods] == [(date, before), (None, after)]
        assert periods[1]["valid_from"] == date
    revised = {(s, e) for s, e, *_ in KNOWN_REVISIONS}
    for key, periods in hist.items():
        periods.sort(key=lambda r: r["valid_from"])
        # contiguous, only the last open: no gap in which a pathway would silently lose its limit
        for a, b in zip(periods, periods[1:], strict=False):
            assert a["valid_to"] == b["valid_from"], key
        assert all(p["valid_to"] for p in periods[:-1]) and not periods[-1]["valid_to"], key
        if len(periods) > 1:
            assert key[:2] in revised, f"{key} has a history the test does not know"
        for p in periods:  # every row keeps its source and confidence
            assert p["source"] and p["confidence"], key


# -- register coverage: first registration, as of a date -------------------------------------------------
def test_first_registration_wins_through_ingest_load(empty_store, tmp_path):
    put(empty_store, cancer_case=[cc("brost", "2024-01-05", "C509", case_id="C1")])
    f1 = tmp_path / "r1.csv"
    f1.write_text("register,case_id,registered_date\nnkbc,C1,2024-01-20\n", encoding="utf-8")
    f2 = tmp_path / "r2.csv"  # a later row for the same case, and inside one file a later and an earlier
    f2.write_text("register,case_id,registered_date\nnkbc,C1,2024-06-10\nnkbc,C1,2024-01-25\n", encoding="utf-8")
    assert load_file(empty_store, "register", f1).status == "loaded"
    assert load_file(empty_store, "register", f2).status == "loaded"
    con = empty_store.connect()
    prepare(con)
    assert con.execute("SELECT registered_date FROM register_case").fetchall() == [(dt.date(2024, 1, 20),)]
    # as of March the case was registered (January), even though a June row arrived later
    r = one(compute(con, "register-coverage", Filters(registers=("nkbc",), as_of=dt.date(2024, 3, 31))))
    assert (r["n_cases"], r["n_registered"]) == (1, 1)
    f3 = tmp_path / "r3.csv"  # an earlier date does move it back
    f3.write_text("register,case_id,registered_date\nnkbc,C1,2024-01-10\n", encoding="utf-8")
    load_file(empty_store, "register", f3)
    con = empty_store.connect()
    assert con.execute("SELECT registered_date FROM register_case").fetchall() == [(dt.date(2024, 1, 10),)]


def _coverage_store(empty_store):
    return put(empty_store,
               cancer_case=[cc("brost", "2024-01-10", "C509", case_id="A"),
                            cc("brost", "2024-01-20", "C509", case_id="B"),
                            cc("brost", "2024-04-15", "C509", case_id="C"),
                            cc("brost", "2024-02-01", "C509", case_id="D")],
               register_case=[reg("nkbc", "A", "2024-02-01"), reg("nkbc", "B", "2024-05-01"),
                              reg("nkbc", "C", "2024-04-20")])


@pytest.mark.parametrize("as_of, n_cases, n_registered", [
    ("2024-03-31", 3, 1),  # C diagnosed later: out of the denominator; only A registered by then
    ("2024-04-15", 4, 1),  # C diagnosed that day: in the denominator, registered 5 days later
    ("2024-04-30", 4, 2),  # A and C
    ("2024-12-31", 4, 3),  # A, B, C; D never
])
def test_as_of_cuts_numerator_and_denominator(empty_store, as_of, n_cases, n_registered):
    con = _coverage_store(empty_store)
    r = one(compute(con, "register-coverage", Filters(registers=("nkbc",), as_of=dt.date.fromisoformat(as_of))))
    assert (r["n_cases"], r["n_registered"]) == (n_cases, n_registered)


def test_timeliness_within_n_months(empty_store):
    con = put(empty_store,
              cancer_case=[cc("lymfom", "2024-01-15", "C833", case_id="L1"),
                           cc("lymfom", "2024-01-15", "C833", case_id="L2"),
                           cc("lymfom", "2024-02-10", "C833", case_id="L3"),
                           cc("lymfom", "2024-09-01", "C833", case_id="L4")],
              register_case=[reg("lymfom", "L1", "2024-04-15"),   # exactly 3 months: within
                             reg("lymfom", "L2", "2024-04-16"),   # 3 months + 1 day: late
                             reg("lymfom", "L4", "2024-09-02")])  # window not over on as_of: out
    f = Filters(registers=("lymfom",), as_of=dt.date(2024, 11, 30))
    r = one(compute(con, "register-timeliness", f))
    # L4: 2024-09-01 + 3 months = 2024-12-01 > as_of -> not yet judged; L1..L3 -> 1 of 3
    assert (r["n"], r["n_within"]) == (3, 1)
    assert r["target_id"] == "rh_lymfom_80_3m" and r["target"] == pytest.approx(0.8) and r["verdict"] == "not_met"
    # gap: ceil(0.8 * 3) = 3 within needed -> 2 more
    assert r["gap"] == 2
    r6 = one(compute(con, "register-timeliness", Filters(registers=("lymfom",), as_of=dt.date(2024, 11, 30),
                                                         months=6)))
    # N = 6: L4's window ends 2025-03-01 (out); L1, L2 within 6 months, L3 never -> 2 of 3; no target for 6
    assert (r6["n"], r6["n_within"]) == (3, 2) and r6["verdict"] == "no_target"
    with pytest.raises(ValueError, match="månader"):
        compute(con, "register-timeliness", Filters(months=0))


def test_ramp_compares_years_at_the_same_lag(empty_store):
    con = put(empty_store,
              cancer_case=[cc("brost", "2023-05-01", "C509", case_id="X1"),
                           cc("brost", "2023-06-01", "C509", case_id="X2"),
                           cc("brost", "2024-05-01", "C509", case_id="Y1"),
                           cc("brost", "2024-06-01", "C509", case_id="Y2")],
              register_case=[reg("nkbc", "X1", "2023-11-01"),   # during 2023: lag 0
                             reg("nkbc", "X2", "2024-02-15"),   # Feb 2024: lag 2 (by 2024-02-29)
                             reg("nkbc", "Y1", "2025-01-31")])  # lag 1 (2025-01-31 is s(2024, 1))
    df = register_ramp(con, Filters(registers=("nkbc",), as_of=dt.date(2025, 3, 15)), max_lag=4)
    got = {(r.diagnosis_year, r.lag_months): (r.n_cases, r.n_registered) for r in df.itertuples()}
    # 2023: lags 0..4 all before as_of; 2024: s(2024, 2) = 2025-02-28 <= 2025-03-15, s(2024, 3) is after
    assert got == {(2023, 0): (2, 1), (2023, 1): (2, 1), (2023, 2): (2, 2), (2023, 3): (2, 2), (2023, 4): (2, 2),
                   (2024, 0): (2, 0), (2024, 1): (2, 1), (2024, 2): (2, 1)}
    assert reporting_status(dt.date(2025, 3, 15), 2024) == (True, 2)
    assert reporting_status(dt.date(2025, 12, 31), 2023) == (False, 24)


# -- every target with its owner ---------------------------------------------------------------------------
def test_palliative_coverage_reports_both_owners_for_gavleborg_2024(empty_store):
    # Gävleborg (21) 2024: 10 deaths, 7 registered = 70 %: meets RCC's >= 70 and the LPO's >= 65
    deaths = [death("21", "2024-06-01", i < 7) for i in range(10)]
    con = put(empty_store, death=deaths)
    long = targets_long(con, "palliative-coverage", Filters(regions=("21",), period_from="2024-01",
                                                            period_to="2024-12"), by=("region",))
    got = {r.target_id: (r.target_owner, r.target, r.target_primary, r.target_unverified, r.verdict)
           for r in long.itertuples()}
    assert got == {"spr_tackning_rcc_70": ("rcc", pytest.approx(0.70), True, False, "met"),
                   "spr_tackning_lpo_65": ("lpo", pytest.approx(0.65), False, True, "met")}
    # another region in 2024: LPO Gävleborg's level is Gävleborg's own -> only RCC's target
    con = put(empty_store, death=[death("01", "2024-06-01", True)] + deaths)
    long = targets_long(con, "palliative-coverage", Filters(period_from="2024-01", period_to="2024-12"),
                        by=("region",))
    assert sorted(zip(long["region"], long["target_id"], strict=True)) == [
        ("01", "spr_tackning_rcc_70"), ("21", "spr_tackning_lpo_65"), ("21", "spr_tackning_rcc_70")]
    # 2025: the LPO plan (2022–24) no longer applies -> only RCC's target
    con = put(empty_store, death=[death("21", "2025-06-01", True)])
    long = targets_long(con, "palliative-coverage", Filters(regions=("21",), period_from="2025-01",
                                                            period_to="2025-12"))
    assert long["target_id"].tolist() == ["spr_tackning_rcc_70"]


def test_nkbc_two_levels_and_a_register_without_target(empty_store):
    con = _coverage_store(empty_store)
    long = targets_long(con, "register-coverage", Filters(as_of=dt.date(2024, 12, 31)))
    r = one(long)  # one register (nkbc), one target with two levels
    assert (r["target_id"], r["target"], r["target_level_2"]) == ("tg_nkbc_95_99", pytest.approx(0.95),
                                                                  pytest.approx(0.99))
    assert r["verdict"] == "not_met"  # 3 of 4 = 75 %


# -- Palliativregistret: indicator denominators, comparability ----------------------------------------
def test_indicator_denominator_is_registered_expected_deaths(empty_store):
    con = put(empty_store, death=[
        death("01", "2024-03-01", True, True, spr_mun=True),    # counts, met
        death("01", "2024-03-02", True, True, spr_mun=False),   # counts, not met
        death("01", "2024-03-03", True, True, spr_mun=None),    # counts; no answer = not met
        death("01", "2024-03-04", True, False, spr_mun=True),   # unexpected: out
        death("01", "2024-03-05", False, True, spr_mun=True),   # not registered: out
    ])
    r = one(compute(con, "palliative-indicators", Filters(indicators=("spr_mun",))))
    assert (r["n"], r["n_met"]) == (3, 1)
    # coverage 4 of 5 = 80 % > 70 %: comparable
    assert r["spr_coverage"] == pytest.approx(0.8) and r["comparable"]


def test_indicators_not_comparable_below_70_percent_coverage(empty_store):
    # region 01: 3 of 4 registered (75 %) -> comparable; region 03: 2 of 4 (50 %) -> not comparable
    ds = [death("01", "2024-03-01", i < 3, True, spr_smsk=True) for i in range(4)]
    ds += [death("03", "2024-03-01", i < 2, True, spr_smsk=False) for i in range(4)]
    con = put(empty_store, death=ds)
    df = compute(con, "palliative-indicators", Filters(indicators=("spr_smsk",)), by=("region",)).set_index("region")
    assert df["comparable"].to_dict() == {"01": True, "03": False}
    assert df.loc["03", "spr_coverage"] == pytest.approx(0.5)
    assert (df.loc["01", "n"], df.loc["01", "n_met"]) == (3, 3)


# -- the command line -----------------------------------------------------------------------------------
def test_cli_timeliness_and_all_targets(empty_store, capsys):
    import io

    import pandas as pd

    from metrics.__main__ import main

    put(empty_store, death=[death("21", "2024-06-01", i < 7) for i in range(10)],
        cancer_case=[cc("lymfom", "2024-01-15", "C833", case_id="L1")],
        register_case=[reg("lymfom", "L1", "2024-02-01")])
    assert main(["palliative-coverage", "--db", str(empty_store.root), "--region", "21", "--from", "2024-01",
                 "--to", "2024-12", "--targets", "all"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert sorted(zip(df["target_owner"], df["target"], strict=True)) == [("lpo", 0.65), ("rcc", 0.70)]
    assert main(["register-timeliness", "--db", str(empty_store.root), "--as-of", "2024-12-31",
                 "--months", "1", "--raw"]) == 0  # one case: the raw counts (suppressed by default)
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    # L1 registered 17 days after diagnosis: within 1 month -> 1 of 1; no target for N = 1
    assert df[["register", "n", "n_within", "months", "verdict"]].values.tolist() == [["lymfom", 1, 1, 1, "no_target"]]
    assert main(["lead-time", "--db", str(empty_store.root), "--months", "2"]) == 2  # not that table's option
