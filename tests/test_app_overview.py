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
    # the SPC assurance where the page behind has an SPC chart (SVF), empty elsewhere; for the whole
    # country the small test store has ≥ 5 cases in enough months to judge
    at = run_page("overview", **{"from": "2025-01", "to": "2025-06"})
    spc = at.dataframe[0].value.set_index("Område")["SPC"]
    assert set(spc) <= {"", "✓ Når målet varje månad", "✗ Når inte målet", "↕ Ibland, ibland inte"}
    assert set(spc.loc[["Palliativ kvalitetsindikator"]]) == {""}
    assert set(spc.loc[["SVF-inklusion", "SVF-ledtid"]]) - {""}, "no SVF row has an SPC verdict"


def test_rows_of_a_period_still_being_reported_say_so(store_path):  # noqa: F811
    at = run_page("overview", region="21", **{"from": "2026-07", "to": "2026-12"})
    assert_ok(at)
    table = at.dataframe[0].value
    svf = table[table["Område"].isin(("SVF-inklusion", "SVF-ledtid"))]
    # the data end in 2026: a half-year reaching into its last three months is preliminary, on every row
    judged = svf[~svf["Bedömning"].str.startswith("Otillräckligt underlag")]  # too few: not judged at all
    assert len(judged) and judged["Bedömning"].str.endswith("(preliminär)").all()
    assert any("bygger på data som fortfarande rapporteras in" in c.value for c in at.caption)


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


def test_a_frozen_snapshot_opens_from_the_link_with_a_banner(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ingest.synth import build
    from store import Store
    from tests.test_app_pages import APP, PAGES

    s = Store(tmp_path / "store")
    build(s, scale=0.01, seed=4)
    s.freeze("2025H1-lpo")
    with s.transaction() as tx:  # a later load: the frozen figures must not move
        tx.replace("svf_pathway", tx.con.sql("SELECT * FROM svf_pathway LIMIT 10"))
    monkeypatch.setenv("SVF_DB", str(s.root))

    def status(**params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(PAGES["status"]).run()
        assert_ok(at)
        return at

    at = status(snap="2025H1-lpo")
    assert any("Fryst underlag 2025H1-lpo" in i.value for i in at.info)
    rows = at.dataframe[0].value  # rows per table: the frozen snapshot's, not the 10 of the later load
    assert "10" not in rows.iloc[0].tolist()
    assert "2025H1-lpo" in at.dataframe[-1].value.iloc[:, 0].tolist()  # listed among the frozen
    at.button(key="f_unfreeze").click().run()
    assert not any("Fryst underlag" in i.value for i in at.info)
    assert "10" in at.dataframe[0].value.iloc[0].tolist()
    at = status(snap="../../etc")
    assert any("snap" in w.value for w in at.warning)
