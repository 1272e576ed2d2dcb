"""The metric layer on tiny fixtures whose answers were worked out by hand (arithmetic in comments).

Limits used (data/reference/lead_time_limits.csv): brost kirurgi 28; tjock_andtarm kirurgi bas 39 /
utokad 53; urinblasa kirurgi 37 for vm < 2024-05-14, 42 from then; hjarntumor stralning 48,
hjarntumor exspektans no limit (NULL); lunga kirurgi 42 (unconfirmed_placeholder); brost annan: no row.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import sys

import pandas as pd
import pytest

from metrics import (
    COUNT_COLUMNS,
    DIMENSIONS,
    SUPPRESS_BELOW,
    Filters,
    UnknownCodeError,
    applicable_filters,
    compute,
    data_status,
    is_prepared,
    lead_time_summary,
    prepare,
    targets,
)

_ids = itertools.count(1)
ROOT_DEMO_LOAD = {"load_id": 1, "kind": "demo", "file_name": "synth", "content_sha256": "x",
                  "loaded_at": "2026-01-01 10:00:00", "rows_read": 1, "rows_accepted": 1, "rows_rejected": 0,
                  "rows_inserted": 1, "rows_replaced": 0, "is_demo": True}


def pw(svf, vm, end, end_type="kirurgi", region="01", workup="bas", unit=None):
    """One svf_pathway row (dates as ISO strings; the store casts them)."""
    return {"pathway_id": f"p{next(_ids)}", "region_code": region, "unit": unit, "svf": svf,
            "workup": workup, "vm_date": vm, "end_date": end, "end_type": end_type, "load_id": 1}


def case(svf, diag, icd10="C509", region="01", case_id=None):
    return {"case_id": case_id or f"c{next(_ids)}", "region_code": region, "diagnosis_date": diag,
            "icd10": icd10, "svf": svf, "load_id": 1}


PREPARED = False  # set per test by _both_ways: the same hand-worked answers with prepare()'s caches


@pytest.fixture(autouse=True, params=["direct", "prepared"])
def _both_ways(request, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "PREPARED", request.param == "prepared")


def put(store, **tables):
    """Give each named fact table exactly these rows, in one transaction; a connection to the
    result (with the metric caches filled when the test runs the "prepared" way)."""
    with store.transaction() as tx:
        for table, rows in tables.items():
            tx.con.register("_x", pd.DataFrame(rows))
            tx.replace(table, tx.con.table("_x"))
            tx.con.unregister("_x")
    con = store.connect()
    if PREPARED:
        prepare(con)
        assert is_prepared(con)
    return con


def one(df: pd.DataFrame) -> dict:
    assert len(df) == 1, df
    return df.iloc[0].to_dict()


# -- lead time ----------------------------------------------------------------------------------------
def test_lead_time_boundary_is_within(empty_store):
    con = put(empty_store, svf_pathway=[
        pw("brost", "2024-03-01", "2024-03-29"),  # 28 days = limit 28 -> within
        pw("brost", "2024-03-01", "2024-03-30"),  # 29 days -> not within
        pw("brost", "2024-03-15", "2024-03-15"),  # same day = 0 days -> within
    ])
    r = one(compute(con, "lead-time"))
    assert (r["n"], r["n_within"]) == (3, 2)
    assert r["share"] == pytest.approx(2 / 3)
    # Wilson 2/3 spans 0.21..0.94: the 80 % target is neither certainly met nor certainly not met
    assert r["verdict"] == "not_met" and r["certainty"] == "cannot_tell"
    # gap: ceil(0.8 * 3) = ceil(2.4) = 3 within needed -> 1 more
    assert r["gap"] == 1 and r["target"] == pytest.approx(0.8) and r["target_id"] == "svf_ledtid_80"
    assert r["suppressed"]  # denominator 3 < 5

    s = one(lead_time_summary(con, Filters(), by=()))
    # days 0, 28, 29: median 28; one late patient, 1 day over; limit 28
    assert (s["n"], s["median"], s["limit_days"], s["n_late"]) == (3, 28, 28, 1)
    assert s["mean_days_over"] == pytest.approx(1.0)
    assert s["suppressed"]  # n 3 < 5, as in compute()


def test_lead_time_period_by_end_date(empty_store):
    # VM in March, treatment start in April (21 days, within 28): counts in April only
    con = put(empty_store, svf_pathway=[pw("brost", "2024-03-20", "2024-04-10")])
    df = compute(con, "lead-time", by=("month",))
    assert df["month"].tolist() == ["2024-04"] and df["n"].tolist() == [1]
    assert compute(con, "lead-time", Filters(period_from="2024-03", period_to="2024-03")).empty
    r = one(compute(con, "lead-time", Filters(period_from="2024-04", period_to="2024-04")))
    assert (r["n"], r["n_within"]) == (1, 1)


def test_lead_time_excludes_closures_ongoing_and_unknown_limits(empty_store):
    con = put(empty_store, svf_pathway=[
        pw("brost", "2024-03-01", "2024-03-10"),                                # counted, within (9 d)
        pw("brost", "2024-03-01", "2024-03-05", "avslut_misstanke_avskriven"),  # closure: out
        pw("brost", "2024-03-01", None, None),                                  # ongoing: out
        pw("brost", "2024-03-01", "2024-03-10", "annan"),                       # no limit row: out
        pw("hjarntumor", "2024-03-01", "2024-03-10", "exspektans"),             # max_days NULL: out
        pw("hjarntumor", "2024-03-01", "2024-04-18", "stralning"),              # 48 d = limit 48: within
    ])
    df = compute(con, "lead-time", by=("svf",))
    assert df.set_index("svf")[["n", "n_within"]].to_dict("index") == {
        "brost": {"n": 1, "n_within": 1}, "hjarntumor": {"n": 1, "n_within": 1}}


def test_lead_time_workup_variants(empty_store):
    # tjock_andtarm kirurgi: bas 39, utokad 53
    con = put(empty_store, svf_pathway=[
        pw("tjock_andtarm", "2024-03-01", "2024-04-15", workup="bas"),     # 45 d > 39 -> late
        pw("tjock_andtarm", "2024-03-01", "2024-04-15", workup="utokad"),  # 45 d <= 53 -> within
        pw("tjock_andtarm", "2024-03-01", "2024-04-23", workup="utokad"),  # 53 d -> within
        pw("tjock_andtarm", "2024-03-01", "2024-04-24", workup="utokad"),  # 54 d -> late
    ])
    # each pathway matches exactly one limit row (a join ignoring workup would count 8)
    r = one(compute(con, "lead-time"))
    assert (r["n"], r["n_within"]) == (4, 2)


def test_lead_time_limit_validity_period(empty_store):
    # urinblasa kirurgi: 37 days for vm before 2024-05-14, 42 days from 2024-05-14 (valid_to exclusive)
    con = put(empty_store, svf_pathway=[
        pw("urinblasa", "2024-05-13", "2024-06-22"),  # 40 d > 37 -> late
        pw("urinblasa", "2024-05-14", "2024-06-23"),  # 40 d <= 42 -> within
        pw("urinblasa", "2024-05-13", "2024-06-19"),  # 37 d -> within
        pw("urinblasa", "2024-05-14", "2024-06-26"),  # 43 d > 42 -> late
    ])
    r = one(compute(con, "lead-time"))
    assert (r["n"], r["n_within"]) == (4, 2)
    s = one(lead_time_summary(con, Filters(), by=()))
    # late: 40 - 37 = 3 and 43 - 42 = 1 days over -> mean 2
    assert (s["n_late"], s["mean_days_over"]) == (2, pytest.approx(2.0))
    # two pathways judged against 37 and two against 42: a tie goes to the stricter limit
    assert s["limit_days"] == 37
    con = put(empty_store, svf_pathway=[pw("urinblasa", "2024-05-13", "2024-06-22"),
                                        pw("urinblasa", "2024-05-14", "2024-06-23"),
                                        pw("urinblasa", "2024-05-20", "2024-06-23")])
    assert one(lead_time_summary(con, Filters(), by=()))["limit_days"] == 42  # 42 twice, 37 once


def test_lead_time_region_where_it_ended_and_healthcare_region(empty_store):
    con = put(empty_store, svf_pathway=[
        pw("brost", "2024-03-01", "2024-03-10", region="21"),  # Gävleborg (mellansverige)
        pw("brost", "2024-03-01", "2024-03-31", region="25"),  # Norrbotten (norra), 30 d late
    ])
    df = compute(con, "lead-time", by=("region",))
    assert df[["region", "n", "n_within"]].values.tolist() == [["21", 1, 1], ["25", 1, 0]]
    hr = compute(con, "lead-time", by=("healthcare_region",))
    assert hr["healthcare_region"].tolist() == ["mellansverige", "norra"]
    assert one(compute(con, "lead-time", Filters(healthcare_regions=("norra",))))["n_within"] == 0
    assert one(compute(con, "lead-time", Filters(regions=("21",))))["n_within"] == 1


def test_lead_time_unverified_limits_and_units(empty_store):
    con = put(empty_store, svf_pathway=[
        pw("lunga", "2024-03-01", "2024-03-20", unit="Enhet A"),  # placeholder limit 42: unverified
        pw("brost", "2024-03-01", "2024-03-20", unit="Enhet B"),  # confirmed limit
    ])
    df = compute(con, "lead-time", by=("svf",)).set_index("svf")
    assert df.loc["lunga", "n_unverified_limit"] == 1 and df.loc["brost", "n_unverified_limit"] == 0
    u = compute(con, "lead-time", Filters(units=("Enhet B",)), by=("unit",))
    assert u["unit"].tolist() == ["Enhet B"] and u["n"].tolist() == [1]


def test_suppression_at_4_vs_5_and_certainly_met(empty_store):
    rows = [pw("brost", "2024-03-01", "2024-03-05", region="01") for _ in range(4)]
    rows += [pw("brost", "2024-03-01", "2024-03-05", region="03") for _ in range(5)]
    rows += [pw("brost", "2024-03-01", "2024-03-05", region="12") for _ in range(20)]
    con = put(empty_store, svf_pathway=rows)
    df = compute(con, "lead-time", by=("region",)).set_index("region")
    assert SUPPRESS_BELOW == 5
    assert df.loc["01", "suppressed"] and not df.loc["03", "suppressed"]
    s = lead_time_summary(con, Filters(), by=("region",)).set_index("region")
    assert s["suppressed"].to_dict() == {"01": True, "03": False, "12": False}
    assert df.loc["01", "n"] == 4  # the numbers are still there; showing them is the caller's call
    # 20/20 within: Wilson low = 20 / (20 + 1.96²) = 0.839 >= 0.80 -> certainly met
    assert df.loc["12", "certainty"] == "certainly_met" and df.loc["12", "verdict"] == "met"
    # 5/5: low = 5 / 8.84 = 0.566 -> met, but cannot tell
    assert df.loc["03", "certainty"] == "cannot_tell" and df.loc["03", "gap"] == 0


def test_period_labels_quarter_half_year_year(empty_store):
    con = put(empty_store, svf_pathway=[
        pw("brost", "2024-02-01", "2024-02-10"),
        pw("brost", "2024-05-01", "2024-05-10"),
        pw("brost", "2024-08-01", "2024-08-10"),
        pw("brost", "2024-12-20", "2025-01-02"),  # ends in 2025
    ])
    q = compute(con, "lead-time", by=("quarter",))
    assert q["quarter"].tolist() == ["2024-Q1", "2024-Q2", "2024-Q3", "2025-Q1"]
    h = compute(con, "lead-time", by=("half_year",))
    assert h[["half_year", "n"]].values.tolist() == [["2024-H1", 2], ["2024-H2", 1], ["2025-H1", 1]]
    y = compute(con, "lead-time", by=("year",))
    assert y[["year", "n"]].values.tolist() == [["2024", 3], ["2025", 1]]
    assert list(y.columns[:3]) == ["year", "n", "n_within"]


# -- inclusion ----------------------------------------------------------------------------------------
def test_inclusion_own_dates_previous_year_and_ass(empty_store):
    con = put(
        empty_store,
        svf_pathway=[
            pw("brost", "2024-03-01", "2024-03-20"),                         # March numerator
            pw("brost", "2024-03-10", "2024-04-02"),                         # April numerator (end date)
            pw("brost", "2024-03-01", "2024-03-20", "avslut_ej_kriterier"),  # closure: not a start
            pw("brost", "2024-03-01", None, None),                           # ongoing
            pw("ass", "2024-03-01", "2024-03-10", "annan"),                  # ASS: outside inclusion
        ],
        cancer_case=[
            case("brost", "2024-03-05"), case("brost", "2024-03-25"),  # March denominator: 2
            case("brost", "2024-04-15"),                               # April: 1
            case("brost", "2023-04-10"),                               # April one year earlier
        ],
    )
    f = Filters(period_from="2024-03", period_to="2024-04")
    df = compute(con, "inclusion", f, by=("month",))
    # March 1/2 = 50 %, April 1/1 = 100 %
    assert df[["month", "n_svf", "n_cases"]].values.tolist() == [["2024-03", 1, 2], ["2024-04", 1, 1]]
    assert df["share"].tolist() == [0.5, 1.0]
    # gap for March: ceil(0.7 * 2) = 2 needed -> 1 more (denominator stays the incidence)
    assert df["gap"].tolist() == [1, 0] and df["verdict"].tolist() == ["not_met", "met"]

    prev = compute(con, "inclusion", Filters(period_from="2024-03", period_to="2024-04",
                                             inclusion_denominator="previous_year"), by=("month",))
    # denominators from 2023-03 (none) and 2023-04 (one)
    assert prev[["month", "n_svf", "n_cases"]].values.tolist() == [["2024-03", 1, 0], ["2024-04", 1, 1]]
    march = prev.iloc[0]
    assert math.isnan(march["share"]) and march["verdict"] == "no_data" and march["certainty"] == ""

    assert "ass" not in set(compute(con, "inclusion", by=("svf",))["svf"])


def test_inclusion_rejects_unit_and_end_type(empty_store):
    con = empty_store.connect()
    with pytest.raises(ValueError, match="cancerregistret"):
        compute(con, "inclusion", by=("unit",))
    with pytest.raises(ValueError, match="behandlingstyp"):
        compute(con, "inclusion", by=("end_type",))
    with pytest.raises(ValueError, match="vårdenhet"):
        compute(con, "inclusion", Filters(units=("Enhet A",)))


def test_inclusion_target_validity(empty_store):
    # the 70 % inclusion target is valid from 2020-01-01: 2019 has no target
    con = put(empty_store,
              svf_pathway=[pw("brost", "2019-05-01", "2019-05-10"), pw("brost", "2020-05-01", "2020-05-10")],
              cancer_case=[case("brost", "2019-05-01"), case("brost", "2020-05-01")])
    df = compute(con, "inclusion", by=("year",)).set_index("year")
    assert df.loc["2019", "verdict"] == "no_target" and pd.isna(df.loc["2019", "target"])
    assert df.loc["2019", "gap"] == 0 and df.loc["2019", "certainty"] == ""
    assert df.loc["2020", "target_id"] == "svf_inklusion_70" and df.loc["2020", "verdict"] == "met"


# -- register coverage ----------------------------------------------------------------------------------
def test_register_coverage_as_of_and_icd_mapping(empty_store):
    con = put(
        empty_store,
        cancer_case=[
            case("brost", "2023-02-01", "C509", case_id="K1"),
            case("brost", "2023-06-01", "C504", case_id="K2"),
            case("brost", "2023-07-01", "D051", case_id="K3"),          # D05 is NKBC's too
            case("tjock_andtarm", "2023-03-01", "C189", case_id="K4"),  # SCRCR (C18-C20)
            case("prostata", "2023-01-10", "C61", case_id="K5"),        # NPCR
        ],
        register_case=[
            {"register": "nkbc", "case_id": "K1", "registered_date": "2023-03-01", "load_id": 1},
            {"register": "nkbc", "case_id": "K2", "registered_date": "2024-06-01", "load_id": 1},
            {"register": "nkbc", "case_id": "K4", "registered_date": "2023-05-01", "load_id": 1},  # not NKBC's
            {"register": "scrcr", "case_id": "K4", "registered_date": "2023-05-01", "load_id": 1},
        ],
    )
    early = compute(con, "register-coverage", Filters(as_of=dt.date(2024, 1, 1)), by=("year",))
    got = early.set_index("register")[["year", "n_cases", "n_registered"]].to_dict("index")
    # NKBC: K1, K2, K3 in the denominator; only K1 registered by 2024-01-01 (K2 came later)
    assert got == {"nkbc": {"year": "2023", "n_cases": 3, "n_registered": 1},
                   "npcr": {"year": "2023", "n_cases": 1, "n_registered": 0},
                   "scrcr": {"year": "2023", "n_cases": 1, "n_registered": 1}}
    nkbc = early.set_index("register").loc["nkbc"]
    # target 95 % (level 2: 99 %): ceil(0.95 * 3) = ceil(2.85) = 3 -> 2 more
    assert (nkbc["target"], nkbc["target_level_2"], nkbc["gap"]) == (0.95, 0.99, 2)
    assert early.set_index("register").loc["scrcr", "verdict"] == "no_target"

    late = compute(con, "register-coverage", Filters(as_of=dt.date(2024, 12, 31), registers=("nkbc",)))
    r = one(late)
    assert (r["register"], r["n_cases"], r["n_registered"]) == ("nkbc", 3, 2)


def test_register_coverage_ge_vs_gt_and_most_specific_target(empty_store):
    cases, regs = [], []
    # 100 head-and-neck cases (SweHNCR, target > 97 %), 97 registered: 97 % is not above 97 %
    for i in range(100):
        cases.append(case("huvud_hals", "2023-05-01", "C01", case_id=f"H{i}"))
        if i < 97:
            regs.append({"register": "swehncr", "case_id": f"H{i}", "registered_date": "2023-06-01", "load_id": 1})
    # 100 kidney cases (target >= 99 %), 99 registered: exactly 99 % meets it
    for i in range(100):
        cases.append(case("njure", "2023-05-01", "C64", case_id=f"N{i}"))
        if i < 99:
            regs.append({"register": "njure", "case_id": f"N{i}", "registered_date": "2023-06-01", "load_id": 1})
    # sarcoma register: a buksarkom case gets the buksarkom target (90 %), a limb sarcoma the general 95 %
    cases += [case("buksarkom", "2023-05-01", "C482", case_id="S1"),
              case("sarkom_skelett_mjukdel", "2023-05-01", "C401", case_id="S2")]
    con = put(empty_store, cancer_case=cases, register_case=regs)
    df = compute(con, "register-coverage", Filters(as_of=dt.date(2024, 1, 1))).set_index("register")
    assert (df.loc["swehncr", "n_registered"], df.loc["swehncr", "verdict"], df.loc["swehncr", "gap"]) == (
        97, "not_met", 1)  # needs 98/100 to be above 97 %
    assert (df.loc["njure", "verdict"], df.loc["njure", "gap"]) == ("met", 0)
    by_svf = compute(con, "register-coverage", Filters(registers=("sarkom",)), by=("svf",)).set_index("svf")
    assert by_svf.loc["buksarkom", "target_id"] == "tg_buksarkom_90"
    assert by_svf.loc["sarkom_skelett_mjukdel", "target_id"] == "tg_sarkom_95"


def test_register_coverage_as_of_cuts_late_diagnoses_too(empty_store):
    # coverage as of a date describes what was known then: a case diagnosed after as_of is in
    # neither the denominator nor the numerator
    reg = [("R1", "2024-03-20"), ("R2", "2024-04-05"), ("R3", "2024-04-10")]
    con = put(
        empty_store,
        cancer_case=[
            case("brost", "2024-03-10", "C509", case_id="R1"),  # registered 03-20
            case("brost", "2024-03-25", "C509", case_id="R2"),  # registered 04-05
            case("brost", "2024-03-31", "C509", case_id="R5"),  # diagnosed on as_of itself, never registered
            case("brost", "2024-04-02", "C509", case_id="R3"),  # registered 04-10
            case("brost", "2024-04-20", "C509", case_id="R4"),  # never registered
        ],
        register_case=[{"register": "nkbc", "case_id": c, "registered_date": d, "load_id": 1} for c, d in reg],
    )
    march_end = Filters(as_of=dt.date(2024, 3, 31), registers=("nkbc",))
    # known on 03-31: R1, R2, R5 diagnosed (R3, R4 not yet); only R1 registered by then -> 1 / 3
    by_month = compute(con, "register-coverage", march_end, by=("month",))
    assert by_month[["month", "n_cases", "n_registered"]].values.tolist() == [["2024-03", 3, 1]]
    r = one(compute(con, "register-coverage", march_end))
    assert (r["n_cases"], r["n_registered"]) == (3, 1)
    # known on 04-30: March 3 cases, R1 and R2 registered; April R3 and R4, R3 registered
    april_end = compute(con, "register-coverage", Filters(as_of=dt.date(2024, 4, 30), registers=("nkbc",)),
                        by=("month",))
    assert april_end[["month", "n_cases", "n_registered"]].values.tolist() == [
        ["2024-03", 3, 2], ["2024-04", 2, 1]]


# -- Palliativregistret ---------------------------------------------------------------------------------
def _death(i, registered, expected, mun=None, onsk=None, efts=None):
    return {"death_id": f"d{i}", "region_code": "21", "death_date": "2024-02-10", "registered": registered,
            "expected_death": expected, "spr_mun": mun, "spr_onsk": onsk, "spr_efts": efts, "load_id": 1}


def test_palliative_coverage_and_indicator_populations(empty_store):
    con = put(empty_store, death=[
        _death(1, True, True, mun=True, onsk=True, efts=True),
        _death(2, True, True, mun=None, onsk=False, efts=None),
        _death(3, True, True, mun=False, onsk=None, efts=True),
        _death(4, True, False, mun=True, onsk=True, efts=False),
        _death(5, False, True, mun=True, efts=True),  # not registered: only in coverage's denominator
        _death(6, False, None),
    ])
    cov = one(compute(con, "palliative-coverage"))
    # 4 of 6 registered = 66.7 % against RCC's 70 %: ceil(0.7 * 6) = ceil(4.2) = 5 -> 1 more
    assert (cov["n_deaths"], cov["n_registered"], cov["gap"]) == (6, 4, 1)
    assert cov["target_id"] == "spr_tackning_rcc_70" and cov["verdict"] == "not_met"

    ind = compute(con, "palliative-indicators", Filters(indicators=("spr_mun", "spr_onsk", "spr_efts")))
    got = ind.set_index("indicator")[["n", "n_met"]].to_dict("index")
    assert got == {
        # expected: registered expected deaths 1, 2, 3; met only 1 (a NULL answer counts as not met)
        "spr_mun": {"n": 3, "n_met": 1},
        # expected_answered: registered expected with an answer: 1, 2; met 1
        "spr_onsk": {"n": 2, "n_met": 1},
        # registered_answered: registered with an answer: 1, 3, 4; met 1, 3
        "spr_efts": {"n": 3, "n_met": 2},
    }
    assert ind["indicator"].tolist() == ["spr_mun", "spr_efts", "spr_onsk"]  # catalogue order
    every = compute(con, "palliative-indicators").set_index("indicator")
    # every spr_* column of death, in the catalogue's order (13 in the reference data)
    catalogue = con.execute("SELECT indicator FROM palliative_indicator ORDER BY sort_order").fetchall()
    assert every.index.tolist() == [c for (c,) in catalogue] and len(every) == 13
    # spr_smsk (population expected) was never answered: n = the 3 registered expected deaths, met 0
    assert (every.loc["spr_smsk", "n"], every.loc["spr_smsk", "n_met"]) == (3, 0)
    mun = ind.set_index("indicator").loc["spr_mun"]
    # >= 90 %: ceil(0.9 * 3) = ceil(2.7) = 3 -> 2 more
    assert (mun["target_id"], mun["gap"]) == ("spr_mun_90", 2)
    assert ind.set_index("indicator").loc["spr_efts", "verdict"] == "no_target"


# -- API shape, errors, status --------------------------------------------------------------------------
def test_columns_follow_the_contract(empty_store):
    con = put(empty_store, svf_pathway=[pw("brost", "2024-03-01", "2024-03-10")])
    tail = ["share", "ci_low", "ci_high", "target", "target_level_2", "target_id", "target_owner",
            "target_unverified", "verdict", "certainty", "gap", "suppressed"]
    assert list(compute(con, "lead-time", by=("svf", "month")).columns) == (
        ["svf", "month", "n", "n_within"] + tail + ["n_unverified_limit"])
    assert list(compute(con, "inclusion").columns) == ["n_svf", "n_cases"] + tail
    assert list(compute(con, "register-coverage").columns) == ["register", "n_cases", "n_registered"] + tail
    assert list(compute(con, "palliative-coverage").columns) == ["n_deaths", "n_registered"] + tail
    assert list(compute(con, "palliative-indicators", by=("region",)).columns) == (
        ["region", "indicator", "n", "n_met"] + tail + ["spr_coverage", "comparable"])
    assert list(compute(con, "register-timeliness").columns) == ["register", "n", "n_within"] + tail + ["months"]
    assert set(DIMENSIONS["inclusion"]) == {"region", "healthcare_region", "svf", "month", "quarter",
                                            "half_year", "year"}


def test_count_columns_and_applicable_filters(empty_store):
    con = put(empty_store, svf_pathway=[pw("brost", "2024-03-01", "2024-03-10")])
    for table, (num, den) in COUNT_COLUMNS.items():
        df = compute(con, table)
        assert {num, den} <= set(df.columns), table
    assert COUNT_COLUMNS["palliative-coverage"] == ("n_registered", "n_deaths")

    f = Filters(regions=("01",), units=("Enhet A",), period_from="2024-01", as_of=dt.date(2024, 6, 30),
                inclusion_denominator="previous_year", registers=("nkbc",), indicators=("spr_mun",))
    assert applicable_filters("lead-time", f) == Filters(regions=("01",), units=("Enhet A",),
                                                         period_from="2024-01")
    assert applicable_filters("inclusion", f) == Filters(regions=("01",), period_from="2024-01",
                                                         inclusion_denominator="previous_year")
    assert applicable_filters("register-coverage", f) == Filters(
        regions=("01",), period_from="2024-01", as_of=dt.date(2024, 6, 30), registers=("nkbc",))
    assert applicable_filters("palliative-indicators", f) == Filters(regions=("01",), period_from="2024-01",
                                                                     indicators=("spr_mun",))
    # a cache key: filters differing only in what a table ignores give the same key (and result)
    g = Filters(regions=("01",), period_from="2024-01")
    assert applicable_filters("palliative-coverage", f) == applicable_filters("palliative-coverage", g) == g
    assert hash(applicable_filters("palliative-coverage", f)) == hash(g)
    with pytest.raises(ValueError, match="Okänd tabell"):
        applicable_filters("waiting-time", f)


def test_errors_are_swedish_value_errors(empty_store):
    con = empty_store.connect()
    with pytest.raises(UnknownCodeError, match=r"Okänd regionkod '99'.*01 \(Region Stockholm\)"):
        compute(con, "lead-time", Filters(regions=("99",)))
    with pytest.raises(UnknownCodeError, match="vårdförloppskod"):
        compute(con, "inclusion", Filters(svfs=("bröst",)))
    with pytest.raises(ValueError, match="Okänd indelning"):
        compute(con, "lead-time", by=("week",))
    with pytest.raises(ValueError, match="kan inte delas upp på"):
        compute(con, "palliative-coverage", by=("svf",))
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM"):
        compute(con, "lead-time", Filters(period_from="2024-3"))
    with pytest.raises(ValueError, match="Okänd tabell"):
        compute(con, "waiting-time")


def test_targets_lists_every_owner(empty_store):
    con = empty_store.connect()
    inc = targets(con, "inclusion")
    assert inc["target_id"].tolist()[0] == "svf_inklusion_70"  # primary first
    assert set(inc["owner"]) == {"nationell", "lpo"}
    pal = targets(con, "palliative-coverage")
    assert set(pal["target_id"]) == {"spr_tackning_rcc_70", "spr_tackning_lpo_65"}
    assert pal.set_index("target_id").loc["spr_tackning_lpo_65", "unverified"]
    assert pal.set_index("target_id").loc["spr_tackning_rcc_70", "level_1_fraction"] == pytest.approx(0.7)
    sark = targets(con, "register_coverage", svf="buksarkom", register="sarkom")
    assert set(sark["target_id"]) == {"tg_sarkom_95", "tg_buksarkom_90"}


def test_data_status(empty_store, tmp_path):
    from ingest.reference import ensure_store
    from store import Store

    fresh = Store(tmp_path / "fresh")
    ensure_store(fresh)
    assert data_status(fresh.connect())["is_demo"] is False

    con = put(empty_store,
              svf_pathway=[pw("brost", "2024-03-01", "2024-03-10")],
              load_log=[ROOT_DEMO_LOAD])
    st = data_status(con)
    assert st["is_demo"] is True and len(st["loads"]) == 1
    assert st["counts"] == {"svf_pathway": 1, "cancer_case": 0, "register_case": 0, "death": 0}
    # pathways are placed in a period by end_date (data_status_tables.sql): vm 03-01, end 03-10
    assert st["first_dates"]["svf_pathway"] == dt.date(2024, 3, 10)
    assert st["last_dates"]["svf_pathway"] == dt.date(2024, 3, 10)
    assert st["last_dates"]["death"] is None


def test_prepare_is_per_connection_and_idempotent(empty_store):
    con = put(empty_store, svf_pathway=[pw("brost", "2024-03-01", "2024-03-10")])
    prepare(con)
    prepare(con.cursor())  # a second call (from any cursor) changes nothing
    assert is_prepared(con) and is_prepared(con.cursor())
    assert one(compute(con.cursor(), "lead-time"))["n"] == 1
    # a new snapshot is read through a new connection, which has no caches of the old one
    con2 = put(empty_store, svf_pathway=[pw("brost", "2024-03-01", "2024-03-10"),
                                         pw("brost", "2024-04-01", "2024-04-10")])
    assert is_prepared(con2) is PREPARED
    assert one(compute(con2, "lead-time"))["n"] == 2
    assert one(compute(con, "lead-time"))["n"] == 1  # the old connection keeps its snapshot
    assert is_prepared(empty_store.connect()) is False


def test_month_sums_only_answer_whole_months(empty_store):
    # prepare() keeps deaths as sums per month; a direct run() with a mid-month bound must still
    # count rows: 2024-02-10 is before 2024-02-15, 2024-02-20 after it
    from metrics.core import _params, run

    con = put(empty_store, death=[_death(1, True, True), {**_death(2, True, True), "death_date": "2024-02-20"}])
    p = _params("palliative-coverage", Filters(), ())
    whole = run(con, "palliative_coverage", p)
    assert whole["n_deaths"].tolist() == [2]
    half = run(con, "palliative_coverage", {**p, "from_date": dt.date(2024, 2, 15)})
    assert half["n_deaths"].tolist() == [1]


def test_inclusion_above_100_percent_has_no_interval_and_no_certainty(empty_store):
    # 3 breast pathways ending in treatment in March 2024 against 2 breast cancer cases diagnosed
    # in March 2024: share 3/2 = 150 % is no proportion: no Wilson interval, no verdict (issue 7).
    con = put(empty_store,
              svf_pathway=[pw("brost", "2024-03-01", "2024-03-10") for _ in range(3)],
              cancer_case=[case("brost", "2024-03-05") for _ in range(2)])
    r = one(compute(con, "inclusion", Filters(period_from="2024-03", period_to="2024-03")))
    assert (r["n_svf"], r["n_cases"]) == (3, 2)
    assert r["share"] == pytest.approx(1.5)
    assert math.isnan(r["ci_low"]) and math.isnan(r["ci_high"])
    assert r["verdict"] == "cannot_judge" and r["certainty"] == "" and pd.isna(r["gap"])


def test_every_cache_table_has_its_base_columns(empty_store):
    """queries/cache/fill_<base>.sql lists its columns by hand: a column added to base_<base>.sql
    but forgotten there would silently vanish from the dashboard's (prepared) results."""
    from metrics import core, periods

    con = put(empty_store, svf_pathway=[pw("brost", "2024-03-01", "2024-03-10")])
    prepare(con)
    for base, (_, lo, hi, _) in core.BASES.items():
        text, names = core._sql("base/" + base)
        args = {k: {lo: periods.OPEN_FROM, hi: periods.OPEN_TO}[k] for k in names}
        res = con.execute("SELECT * FROM (" + text + ") LIMIT 0", args)
        base_cols = [c[0] for c in res.description]
        res.fetchall()
        cache_cols = [c[0] for c in con.table(core.CACHE_PREFIX + base).description]
        assert sorted(cache_cols) == sorted(base_cols), base
