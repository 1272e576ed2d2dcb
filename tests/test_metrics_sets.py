"""compute_sets / lead_time_summary_sets: several groupings from one query (GROUPING SETS) must give,
for each grouping, exactly compute()'s / lead_time_summary()'s frame. A tiny fixture worked out by
hand (arithmetic in comments), then every single-dimension grouping on a small synthetic store,
plain and prepared."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import DIMENSIONS, Filters, compute, compute_sets, lead_time_summary, lead_time_summary_sets, prepare
from tests.conftest import demo_store
from tests.test_metrics import case, put, pw


def test_sets_by_hand(empty_store):
    con = put(empty_store, svf_pathway=[
        pw("brost", "2024-03-01", "2024-03-20", region="01"),  # 19 days <= 28: within
        pw("brost", "2024-03-01", "2024-04-05", region="01"),  # 35 days: late by 7, ends in April
        pw("brost", "2024-03-01", "2024-03-10", region="12"),  # 9 days: within
        pw("lunga", "2024-03-01", "2024-03-20", region="12"),  # 19 <= 42 (placeholder limit): within
    ], cancer_case=[case("brost", "2024-03-05", region="01"), case("brost", "2024-03-06", region="12"),
                    case("lunga", "2024-04-01", region="12", icd10="C349")])
    f = Filters(period_from="2024-03", period_to="2024-04")
    lt = compute_sets(con, "lead-time", f, [(), ("region",), ("svf",), ("month",)])
    assert lt[()][["n", "n_within"]].values.tolist() == [[4, 3]]
    assert lt[("region",)][["region", "n", "n_within"]].values.tolist() == [["01", 2, 1], ["12", 2, 2]]
    assert lt[("svf",)][["svf", "n", "n_within", "n_unverified_limit"]].values.tolist() == [
        ["brost", 3, 2, 0], ["lunga", 1, 1, 1]]
    assert lt[("month",)][["month", "n", "n_within"]].values.tolist() == [["2024-03", 3, 3], ["2024-04", 1, 0]]
    # 3/4 against 80 %: ceil(0.8 * 4) = 4 needed -> 1 more
    assert lt[()]["gap"].tolist() == [1] and lt[()]["verdict"].tolist() == ["not_met"]

    inc = compute_sets(con, "inclusion", f, [(), ("svf",)])
    # numerators: 4 treatment starts (3 brost, 1 lunga); denominators: 2 brost cases, 1 lunga case
    assert inc[()][["n_svf", "n_cases"]].values.tolist() == [[4, 3]]
    assert inc[("svf",)][["svf", "n_svf", "n_cases"]].values.tolist() == [["brost", 3, 2], ["lunga", 1, 1]]

    s = lead_time_summary_sets(con, f, [(), ("svf",)])
    # days 9, 19, 19, 35: median (19 + 19) / 2 = 19; one late patient, 35 - 28 = 7 days over
    assert s[()][["n", "median", "n_late", "mean_days_over"]].values.tolist() == [[4, 19.0, 1, 7.0]]
    assert s[("svf",)]["svf"].tolist() == ["brost", "lunga"] and s[("svf",)]["n"].tolist() == [3, 1]

    empty = compute_sets(con, "lead-time", Filters(period_from="2030-01", period_to="2030-02"), [(), ("svf",)])
    assert len(empty[()]) == 0 and len(empty[("svf",)]) == 0  # no rows: no total row, as compute()


def test_sets_refuse_what_one_query_cannot_give(empty_store):
    con = empty_store.connect()
    with pytest.raises(ValueError):
        compute_sets(con, "lead-time", Filters(), [("svf", "region")])
    with pytest.raises(ValueError):
        compute_sets(con, "register-coverage", Filters(), [()])
    with pytest.raises(ValueError):
        lead_time_summary_sets(con, Filters(), [("region",)])


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    return demo_store(tmp_path_factory, "sets", scale=0.02, seed=7)


@pytest.mark.parametrize("prepared", [False, True])
def test_sets_equal_compute_on_every_grouping(small_store, prepared):
    con = small_store.connect()
    if prepared:
        prepare(con)
    last = con.execute("SELECT strftime(max(end_date), '%Y-%m') FROM svf_pathway").fetchone()[0]
    region = con.execute("SELECT min(region_code) FROM svf_pathway").fetchone()[0]
    for f in (Filters(), Filters(regions=(region,), period_to=last),
              Filters(svfs=("brost", "lunga"), period_from="2025-01", period_to=last,
                      inclusion_denominator="previous_year")):
        for table in ("lead-time", "inclusion"):
            bys = [(), *((d,) for d in DIMENSIONS[table])]
            got = compute_sets(con, table, f, bys)
            for by in bys:
                pd.testing.assert_frame_equal(got[by], compute(con, table, f, by), check_exact=True)
        got = lead_time_summary_sets(con, f, [(), ("svf",)])
        for by in [(), ("svf",)]:
            pd.testing.assert_frame_equal(got[by], lead_time_summary(con, f, by), check_exact=True)
