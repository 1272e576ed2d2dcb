"""metrics.scorecard on a hand-worked fixture: which rows, their gaps, the change since the previous
period, the order, and the register year judged as of the period's end.

Region 21 (Gävleborg), period 2026-01 – 2026-06, previous period 2025-07 – 2025-12. Limits: brost
kirurgi 28 days, tjock_andtarm kirurgi (bas) 39 days; lead-time target ≥ 80 %, NKBC coverage ≥ 95 %.
"""

from __future__ import annotations

import math

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
