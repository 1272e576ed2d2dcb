"""metrics.rules: not-a-proportion verdicts, the suppression rule, preliminary periods (hand-worked)."""

from __future__ import annotations

import pandas as pd

from metrics import Filters, compute, core, rules
from tests.test_metrics import ROOT_DEMO_LOAD, case, put, pw


def test_inclusion_above_100_percent_cannot_be_judged(empty_store):
    # 6 treatment starts against 5 new cases: 120 %, which is no proportion: no interval, no "met"
    con = put(empty_store,
              svf_pathway=[pw("brost", "2024-03-01", "2024-03-20") for _ in range(6)],
              cancer_case=[case("brost", "2024-03-05") for _ in range(5)], load_log=[ROOT_DEMO_LOAD])
    df = compute(con, "inclusion", Filters(period_from="2024-03", period_to="2024-03"), ("svf",))
    r = df.iloc[0]
    assert (r["n_svf"], r["n_cases"]) == (6, 5)
    assert abs(r["share"] - 1.2) < 1e-9
    assert r["verdict"] == "cannot_judge" and r["certainty"] == "" and pd.isna(r["gap"])
    assert pd.isna(r["ci_low"]) and pd.isna(r["ci_high"]) and "not_proportion" not in df


def test_exactly_100_percent_is_a_proportion():
    d = rules.judge_non_proportions(pd.DataFrame({"share": [1.0, 1.0001, None], "verdict": ["met"] * 3,
                                                  "certainty": ["x"] * 3, "gap": [0, 0, 0],
                                                  "ci_low": [0.5] * 3, "ci_high": [1.0] * 3}))
    assert d["not_proportion"].tolist() == [False, True, False]
    assert d["verdict"].tolist() == ["met", "cannot_judge", "met"]


def test_suppression_hides_counts_1_to_4_and_small_rows():
    df = pd.DataFrame({"k": [0, 2, 4, 5, 3], "n": [10, 5, 4, 20, 0], "share": [0, 0.4, 1.0, 0.25, None],
                       "verdict": ["not_met"] * 5})
    s = rules.suppress(df, "k", "n")
    assert s["k"].tolist() == [0, "<5", "<5", 5, "<5"]
    assert s["n"].tolist() == [10, 5, "<5", 20, 0]
    # the share of a row with n < 5 goes; 2 of 5 keeps its share (denominator >= 5)
    assert s["share"].tolist()[:4] == [0, 0.4, None, 0.25] and s["verdict"].tolist()[2] is None
    assert rules.SUPPRESS_BELOW == core.SUPPRESS_BELOW


def test_preliminary_months_and_periods():
    # data up to 2026-09: July, August, September are still being reported
    assert rules.first_preliminary_month("2026-09") == "2026-07"
    assert rules.first_preliminary_month("2026-02") == "2025-12"
    assert not rules.is_preliminary("2026-06", "month", "2026-09")
    assert rules.is_preliminary("2026-07", "month", "2026-09")
    assert not rules.is_preliminary("2026-Q2", "quarter", "2026-09")
    assert rules.is_preliminary("2026-Q3", "quarter", "2026-09")
    assert rules.is_preliminary("2026-H2", "half_year", "2026-09")
    assert rules.is_preliminary("2026", "year", "2026-09") and not rules.is_preliminary("2025", "year", "2026-09")
    assert rules.is_preliminary("2027-Q1", "quarter", "2026-09")  # after the data's end
    assert rules.range_is_preliminary("2026-01", "2026-07", "2026-09")
    assert not rules.range_is_preliminary("2026-01", "2026-06", "2026-09")
    assert rules.beyond_data("2026-12", "2026-09") and not rules.beyond_data("2026-09", "2026-09")
    m = rules.mark_preliminary(pd.DataFrame({"quarter": ["2026-Q2", "2026-Q3"]}), "quarter", "2026-09")
    assert m["preliminary"].tolist() == [False, True]
