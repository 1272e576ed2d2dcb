"""metrics.scorecard on a hand-worked fixture: which rows, their gaps, the change since the previous
period, the order, and the register year judged as of the period's end.

Region 21 (Gävleborg), period 2026-01 – 2026-06, previous period 2025-07 – 2025-12. Limits: brost
kirurgi 28 days, tjock_andtarm kirurgi (bas) 39 days; lead-time target ≥ 80 %, NKBC coverage ≥ 95 %.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.scorecard import Scope, previous, scorecard
from tests.test_metrics import case, put, pw

SCOPE = Scope("2026-01", "2026-06", ("21",))


def _fixture(store):
    paths = (
        # now: brost 7 within (28 days is within: the limit is ≤) and 3 late (35 days) -> 7/10
        [pw("brost", "2026-02-01", "2026-03-01", region="21") for _ in range(7)]
        + [pw("brost", "2026-02-01", "2026-03-08", region="21") for _ in range(3)]
        # now: tjock_andtarm 6, all late (50 > 39 days) -> 0/6
        + [pw("tjock_andtarm", "2026-01-05", "2026-02-24", region="21") for _ in range(6)]
        # before: brost 5 within -> 5/5; and another region, never counted
        + [pw("brost", "2025-08-01", "2025-08-20", region="21") for _ in range(5)]
        + [pw("brost", "2026-02-01", "2026-03-20", region="03") for _ in range(9)]
    )
    # breast cases diagnosed 2025 in region 21: four registered in NKBC by 2026-06-30, one after it
    cases = [case("brost", "2025-08-10", region="21", case_id=f"k{i}") for i in range(5)]
    regs = [{"register": "nkbc", "case_id": f"k{i}", "registered_date": "2026-01-15", "load_id": 1} for i in range(4)]
    regs.append({"register": "nkbc", "case_id": "k4", "registered_date": "2026-08-01", "load_id": 1})
    return put(store, svf_pathway=paths, cancer_case=cases, register_case=regs)


def test_previous_period_has_the_same_length():
    assert previous(SCOPE) == Scope("2025-07", "2025-12", ("21",))
    assert previous(Scope("2025-01", "2025-12")) == Scope("2024-01", "2024-12")
    assert previous(SCOPE, 12) == Scope("2025-01", "2025-06", ("21",))


def test_rows_gaps_changes_and_order(empty_store):
    card = scorecard(_fixture(empty_store), SCOPE)
    shown = card[~card["suppressed"]].reset_index(drop=True)
    got = [(r.area, r.item, r.k, r.n, int(r.gap)) for r in shown.itertuples()]
    # gaps: all 7 of 16 -> 80 % needs 13 (12.8 up) -> 6; tjock 0 of 6 -> needs 5 (4.8 up) -> 5;
    # brost 7 of 10 -> needs 8 -> 1; NKBC 4 of 5 -> 95 % needs 5 (4.75 up) -> 1
    assert got == [("svf_lead_time", "", 7, 16, 6), ("svf_lead_time", "tjock_andtarm", 0, 6, 5),
                   ("svf_lead_time", "brost", 7, 10, 1), ("register_coverage", "nkbc", 4, 5, 1)]
    by = {(r.area, r.item): r for r in shown.itertuples()}
    # before: 5 of 5 within -> change 7/16 - 1 and 7/10 - 1; tjock had no pathways before
    assert by[("svf_lead_time", "")].change == pytest.approx(7 / 16 - 1)
    assert by[("svf_lead_time", "brost")].change == pytest.approx(-0.3)
    assert math.isnan(by[("svf_lead_time", "tjock_andtarm")].change)
    nkbc = by[("register_coverage", "nkbc")]
    assert (nkbc.from_month, nkbc.to_month, nkbc.as_of) == ("2025-01", "2025-12", "2026-06-30")
    assert nkbc.verdict == "not_met" and nkbc.target == pytest.approx(0.95)


def test_rows_without_cases_stay_suppressed_and_last(empty_store):
    card = scorecard(_fixture(empty_store), SCOPE)
    small = card[card["suppressed"]]
    # no cancer cases in 2026 H1: every inclusion row has a denominator of 0; no deaths either
    assert set(small["area"]) >= {"svf_inclusion", "palliative_coverage"}
    # no deaths loaded: the palliative targets are still listed, as 'no data' (never dropped)
    ind = small[small["area"] == "palliative_indicator"]
    assert set(ind["item"]) == {"spr_mun", "spr_smsk", "spr_opi", "spr_anx", "spr_try", "spr_bps"}
    assert set(ind["verdict"]) == {"no_data"}
    cov = small[small["area"] == "palliative_coverage"]
    assert cov["target_id"].tolist() == ["spr_tackning_rcc_70"] and cov["target"].iloc[0] == pytest.approx(0.7)
    assert card["suppressed"].tolist() == sorted(card["suppressed"].tolist())  # shown rows first
    assert not set(card["item"]) & {"03"}


def test_preliminary_rows_follow_each_areas_data_end(empty_store):
    con = _fixture(empty_store)
    # SVF data end 2026-03 (the latest treatment start): its last three months, from 2026-01, are still
    # being reported, so 2026 H1 is preliminary and 2025 H2 is not. The NKBC row judges diagnosis year
    # 2025 as of 2026-06-30: 6 months after the year's end, under 24, so still being reported.
    areas = ("svf_lead_time", "register_coverage")
    card = scorecard(con, SCOPE, areas)
    svf_rows = card[card["area"] == "svf_lead_time"]
    assert len(svf_rows) and svf_rows["preliminary"].all()
    assert card.loc[card["area"] == "register_coverage", "preliminary"].all()
    before = scorecard(con, Scope("2025-07", "2025-12", ("21",)), ("svf_lead_time",))
    assert len(before) and not before["preliminary"].any()


def _month(i: int) -> str:
    y, m = divmod(2024 * 12 + i, 12)
    return f"{y:04d}-{m + 1:02d}"


def test_spc_assurance_against_each_rows_target(empty_store):
    # 24 months 2024-01 – 2025-12 in region 21, five pathways a month each:
    # brost always within its 28 days (share 1 every month), tjock_andtarm always late (50 > 39 days,
    # share 0); both pooled: 5 of 10 every month. No variation: the limits sit on the mean, so
    # ≥ 80 % lies below brost's lower limit (consistently met) and above the others' upper limits.
    # Pathways of matstrupe_magsack only in the last 6 months: too few months to judge (None).
    paths = []
    for i in range(24):
        mo = _month(i)
        paths += [pw("brost", f"{mo}-01", f"{mo}-20", region="21") for _ in range(5)]
        vm = (pd.Timestamp(f"{mo}-25") - pd.Timedelta(days=50)).date().isoformat()
        paths += [pw("tjock_andtarm", vm, f"{mo}-25", region="21") for _ in range(5)]
        if i >= 18:
            paths += [pw("matstrupe_magsack", f"{mo}-01", f"{mo}-05", region="21") for _ in range(5)]
    con = put(empty_store, svf_pathway=paths)
    card = scorecard(con, Scope("2025-07", "2025-12", ("21",)), areas=("svf_lead_time",))
    got = dict(zip(card["item"], card["spc_assurance"], strict=True))
    assert got["brost"] == "consistent_pass"
    assert got["tjock_andtarm"] == "consistent_fail"
    assert got[""] == "consistent_fail"  # 50 % every month against 80 %
    assert got["matstrupe_magsack"] is None
