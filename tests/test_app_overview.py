"""Målöversikt in AppTest: every target of the selection, the owner and area filters in the URL, a row
opening its page with the same selection, the per-pathway view, and the review report from the page."""

from __future__ import annotations

import pytest

from tests.test_app_pages import assert_ok, qp, run_page, store_path  # noqa: F401 - the module's store


def test_overview_is_the_start_page_with_every_target(store_path):  # noqa: F811
    at = run_page("overview", region="21", **{"from": "2025-01", "to": "2025-06"})
    assert_ok(at)
    assert at.title[0].value == "Målöversikt"
    assert any("Syntetiska demodata" in w.value for w in at.warning)
    table = at.dataframe[0].value
    areas = set(table["Område"])
    assert {"SVF-inklusion", "SVF-ledtid", "Palliativ kvalitetsindikator"} <= areas
    labels = [m.label for m in at.metric]
    assert "Mål som inte nås" in labels


def test_owner_and_area_filters_are_in_the_url(store_path):  # noqa: F811
    at = run_page("overview", region="21", owner="socialstyrelsen", **{"from": "2025-01", "to": "2025-06"})
    assert_ok(at)
    table = at.dataframe[0].value
    assert set(table["Område"]) == {"Palliativ kvalitetsindikator"}
    assert qp(at)["owner"] == "socialstyrelsen"
    at.multiselect(key="f_area").set_value(["svf_lead_time"]).run()
    assert_ok(at)
    assert qp(at)["area"] == "svf_lead_time"
    assert any("Inga mål" in i.value for i in at.info)  # Socialstyrelsen sets no SVF lead-time target
    at.multiselect(key="f_owner").set_value([]).run()
    assert set(at.dataframe[0].value["Område"]) == {"SVF-ledtid"}


def test_english_overview(store_path):  # noqa: F811
    at = run_page("overview", lang="en", **{"from": "2025-01", "to": "2025-06"})
    assert_ok(at)
    assert at.title[0].value == "Target overview"
    assert "SVF lead time" in set(at.dataframe[0].value["Area"])


def test_report_needs_one_region_and_a_half_year(store_path):  # noqa: F811
    at = run_page("overview", region="21,03", **{"from": "2025-01", "to": "2025-06"})
    assert_ok(at)
    assert any("en region" in i.value for i in at.info)
    at = run_page("overview", region="21", **{"from": "2025-02", "to": "2025-06"})
    assert any("halvår" in i.value for i in at.info)


@pytest.mark.parametrize("fmt", ["xlsx"])
def test_report_is_built_from_the_page(store_path, fmt):  # noqa: F811
    at = run_page("overview", region="21", **{"from": "2025-01", "to": "2025-06"})
    at.segmented_control(key="ov_formats").set_value([fmt]).run()
    at.button(key="ov_build").click().run()
    assert_ok(at)
    names = [b.proto.label for b in at.get("download_button")] if hasattr(at, "get") else []
    assert "Ladda ned Excel" in names
