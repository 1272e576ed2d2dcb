"""AppTest runs of every page in both languages with several filter combinations.

The store is the synthetic generator's at a tiny scale (module-scoped: built once).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ingest.synth import build

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = {"status": "views/datastatus.py", "incl": "views/svf_inklusion.py", "lt": "views/svf_ledtider.py",
         "overview": "views/maloversikt.py"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    from store import Store

    store = Store(tmp_path_factory.mktemp("ui") / "store")
    build(store, scale=0.02, seed=1)
    old = os.environ.get("SVF_DB")
    os.environ["SVF_DB"] = str(store.root)
    yield store.root
    if old is None:
        os.environ.pop("SVF_DB", None)
    else:
        os.environ["SVF_DB"] = old


def run_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":  # the start page
        at.switch_page(PAGES[page])
        at.run()
    return at


def texts(at: AppTest) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "metric"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")) + " " + str(getattr(el, "label", "")))
    return "\n".join(parts)


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_status_page_sv(store_path):
    at = run_page("status")
    assert_ok(at)
    assert at.title[0].value == "Datastatus"
    assert any("Syntetiska demodata" in w.value for w in at.warning)
    assert at.dataframe  # rows per table
    assert at.query_params["lang"] == ["sv"] or at.query_params["lang"] == "sv"




def qp(at: AppTest) -> dict:
    """The app's URL parameters (AppTest keeps them as lists)."""
    out = {}
    for k, v in at.query_params.items():
        vals = v if isinstance(v, list) else [v]
        out[k] = list(vals) if k == "unit" else vals[-1]
    return out


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def downloads(at: AppTest) -> set[str]:
    return {d.key for d in at.get("download_button")}


TITLES = {("incl", "sv"): "SVF – inklusion", ("incl", "en"): "SVF – inclusion",
          ("lt", "sv"): "SVF – ledtider", ("lt", "en"): "SVF – lead times"}
BANNER = {"sv": "Syntetiska demodata", "en": "Synthetic demo data"}
INCL_BLOCKS = ("incl_svf", "incl_unit", "incl_trend", "spc_inclusion", "incl_funnel")  # spc_*: ui/spc.py
LT_BLOCKS = ("lt_svf", "lt_end_type", "lt_unit", "lt_trend", "spc_lead_time", "lt_funnel", "lt_dist", "lt_quad")


def expect_full_page(at: AppTest, page: str, lang: str) -> None:
    assert_ok(at)
    assert at.title[0].value == TITLES[(page, lang)]
    assert any(BANNER[lang] in w.value for w in at.warning)
    blocks = INCL_BLOCKS if page == "incl" else LT_BLOCKS
    assert charts(at) == len(blocks)
    assert downloads(at) == {f"{b}_{kind}" for b in blocks for kind in ("csv", "xlsx")}
    assert len(at.dataframe) >= len(blocks)  # the table under every chart
    assert at.expander  # "Om måttet" and the tables


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", ["incl", "lt"])
def test_svf_pages_default(store_path, page, lang):
    at = run_page(page, lang=lang)
    expect_full_page(at, page, lang)
    assert qp(at)["lang"] == lang and qp(at)["gran"] == "quarter"


def test_status_page_en(store_path):
    at = run_page("status", lang="en")
    assert_ok(at)
    assert at.title[0].value == "Data status"
    assert "svf_pathway" in at.dataframe[0].value.to_string()
    loads = at.dataframe[1].value.to_string()
    assert "Synthetic demo data" in loads and "syntetiska" not in loads.lower()  # no Swedish load name


@pytest.mark.parametrize("page,lang,params", [
    ("incl", "sv", {"region": "09", "svf": "brost", "gran": "month", "from": "2023-01", "to": "2025-12"}),
    ("lt", "en", {"sjukvardsregion": "norra", "level": "healthcare_region", "gran": "year", "pool": "1"}),
    ("incl", "en", {"denom": "previous_year", "level": "healthcare_region", "from": "2024-01", "to": "2024-06"}),
    ("lt", "sv", {"quad": "svf", "svf": "prostata,lunga", "from": "2025-01", "to": "2025-12",
                  "gran": "half_year"}),
])
def test_svf_pages_with_filters(store_path, page, lang, params):
    at = run_page(page, lang=lang, **params)
    expect_full_page(at, page, lang)
    got = qp(at)
    for k, v in params.items():
        assert got[k] == v, k
    if params.get("region") == "09":  # a small region per month: some cells must be suppressed
        assert any((d.value == "<5").any().any() for d in at.dataframe)


def test_previous_year_denominator_is_stated(store_path):
    at = run_page("incl", denom="previous_year")
    assert_ok(at)
    assert any("ett år tidigare" in i.value for i in at.info)
    assert at.radio(key="f_denom").value == "previous_year"


def test_unit_comparison_with_a_single_small_unit(store_path):
    from store import Store

    con = Store(store_path).connect()
    units = con.execute("SELECT unit, count(*) AS n FROM svf_pathway WHERE region_code = '09' "
                        "AND unit IS NOT NULL GROUP BY unit ORDER BY n, unit").fetchall()
    small = units[0][0]
    for page, lang in (("lt", "sv"), ("lt", "en"), ("incl", "sv")):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(lang=lang, level="unit", unit_region="09", unit=[small],
                               **{"from": "2019-01", "to": "2026-12"})
        at.run()
        at.switch_page(PAGES[page])
        at.run()
        assert_ok(at)
        assert qp(at)["unit"] == [small] and qp(at)["level"] == "unit"
        if page == "incl":  # inclusion cannot be compared per care unit: said politely, regions shown
            assert any("vårdenhet" in i.value for i in at.info)
            assert charts(at) == len(INCL_BLOCKS)
        else:
            # the small unit: either a full page or the polite "no data"; never an exception
            assert charts(at) in (0, len(LT_BLOCKS))


@pytest.mark.parametrize("page,lang", [("incl", "sv"), ("incl", "en"), ("lt", "sv"), ("lt", "en")])
def test_empty_selection_says_so(store_path, page, lang):
    at = run_page(page, lang=lang, **{"from": "2010-01", "to": "2010-06"})
    assert_ok(at)
    assert at.title[0].value == TITLES[(page, lang)]
    assert any(("inga data" in i.value) or ("no data" in i.value) for i in at.info)
    assert any(BANNER[lang] in w.value for w in at.warning)


def test_pathway_without_inclusion_data(store_path):
    at = run_page("incl", svf="ass")  # ASS has no diagnosis: no inclusion figure
    assert_ok(at)
    assert any("inga data" in i.value for i in at.info)


def test_invalid_url_values_warn_and_fall_back(store_path):
    at = run_page("lt", lang="en", region="01,99", gran="week", level="nope", **{"from": "2024-13"})
    assert_ok(at)
    warns = " ".join(w.value for w in at.warning)
    assert "region" in warns and "99" in warns and "gran" in warns and "week" in warns
    got = qp(at)
    assert got["region"] == "01" and got["gran"] == "quarter" and got["level"] == "region"
    assert charts(at) == len(LT_BLOCKS)


def test_changing_filters_updates_the_url_and_survives_page_switch(store_path):
    at = run_page("incl")
    at.button_group(key="f_gran").set_value("year").run()
    at.multiselect(key="f_region").set_value(["21"]).run()
    assert_ok(at)
    got = qp(at)
    assert got["gran"] == "year" and got["region"] == "21"
    at.selectbox(key="f_period_pick").set_value("last6").run()
    got = qp(at)
    assert got["to"] == at.selectbox(key="f_to").value
    assert S_months_apart(got["from"], got["to"]) == 5
    at.switch_page(PAGES["lt"]).run()
    assert_ok(at)
    assert qp(at)["region"] == "21" and qp(at)["gran"] == "year"
    at.button_group(key="f_lang").set_value("en").run()
    assert_ok(at)
    assert at.title[0].value == "SVF – lead times" and qp(at)["lang"] == "en"


def test_from_after_to_is_corrected(store_path):
    at = run_page("lt", **{"from": "2025-01", "to": "2025-03"})
    at.selectbox(key="f_from").set_value("2025-06").run()
    assert_ok(at)
    assert (qp(at)["from"], qp(at)["to"]) == ("2025-06", "2025-06")


def test_level_switch_to_units_then_back(store_path):
    at = run_page("lt")
    at.radio(key="f_level").set_value("unit").run()
    assert_ok(at)
    assert qp(at)["level"] == "unit" and "unit_region" in qp(at)
    at.selectbox(key="f_unit_region").set_value("09").run()
    assert_ok(at)
    assert qp(at)["unit_region"] == "09"
    at.radio(key="f_level").set_value("region").run()
    assert_ok(at)
    assert "unit_region" not in qp(at)


def S_months_apart(a: str, b: str) -> int:
    return (int(b[:4]) * 12 + int(b[5:])) - (int(a[:4]) * 12 + int(a[5:]))


def test_new_snapshot_shows_on_next_rerun(tmp_path, monkeypatch):
    """A command-line load while the app runs: the next rerun reads the new snapshot."""
    from store import Store

    store = Store(tmp_path / "store")
    build(store, scale=0.01, seed=2)
    monkeypatch.setenv("SVF_DB", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGES["status"]).run()
    assert_ok(at)
    before = store.version()
    assert any(m.value == before for m in at.metric)
    with store.transaction() as tx:  # what `python -m ingest load` does: a new snapshot
        tx.replace("svf_pathway", tx.con.sql("SELECT * FROM svf_pathway LIMIT 10"))
    assert store.version() != before
    at.run()
    assert_ok(at)
    assert any(m.value == store.version() for m in at.metric)
    rows = at.dataframe[0].value
    assert "10" in rows.iloc[0].tolist()


def test_first_start_builds_demo_data_with_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("SVF_DB", str(tmp_path / "fresh"))
    monkeypatch.setenv("SVF_DEMO_SCALE", "0.01")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert_ok(at)
    assert (tmp_path / "fresh" / "CURRENT").is_file()
    assert at.title[0].value == "Målöversikt"  # the start page
    assert any("Syntetiska demodata" in w.value for w in at.warning)


def test_status_page_tells_how_to_load_own_data(store_path):
    """A demo store refuses files: the page sends people to a store of their own (as the README)."""
    at = run_page("status")
    assert_ok(at)
    demo = " ".join(i.value for i in at.info)
    assert "--db data/egen" in demo and "SVF_DB=data/egen bash start.sh" in demo
    how = " ".join(m.value for m in at.markdown)
    assert "--db data/egen" in how and "SVF_DB=data/egen" in how
    assert any("avslutsdatum för SVF-förlopp" in c.value for c in at.caption)


def test_key_figures_name_the_target_level(store_path):
    for page, level in (("incl", "70"), ("lt", "80")):
        at = run_page(page)
        assert_ok(at)
        labels = [m.label for m in at.metric]
        assert f"Saknas till {level}\u00a0% (patienter)" in labels, labels


def test_comparison_title_uses_the_level_word(store_path):
    at = run_page("incl", lang="en", level="healthcare_region")
    assert_ok(at)
    assert "Inclusion per healthcare region" in [h.value for h in at.subheader]
    labels = " ".join(e.label for e in at.expander)
    assert "healthcare_region" not in labels and "Inclusion per healthcare region" in labels


def test_unexpected_error_is_one_sentence_not_a_traceback(store_path, monkeypatch):
    import ui.charts

    def boom(*a, **k):
        raise RuntimeError("internal detail xyz")

    monkeypatch.setattr(ui.charts, "share_bars", boom)
    at = run_page("incl")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == ["Sidan kunde inte visas på grund av ett oväntat fel. Ändra urvalet eller ladda om "
                      "sidan; kvarstår felet, kontakta den som sköter instrumentpanelen (felet finns i "
                      "serverns logg)."]
    assert "xyz" not in texts(at)


def test_store_without_snapshot_says_so(tmp_path, monkeypatch):
    root = tmp_path / "empty"
    root.mkdir()
    (root / "CURRENT").write_text("")  # a store whose pointer names no snapshot
    monkeypatch.setenv("SVF_DB", str(root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Det finns inga data att visa ännu: datalagret saknar en ögonblicksbild. Starta om "
        "instrumentpanelen så byggs demodata, eller läs in egna filer."]


def test_switching_the_denominator_does_not_recompute_lead_times(store_path, monkeypatch):
    import metrics

    run_page("lt", denom="same_period")  # warm the caches
    calls = []
    real_compute, real_summary = metrics.compute, metrics.lead_time_summary

    def compute(con, table, *a, **k):
        calls.append(table)
        return real_compute(con, table, *a, **k)

    def summary(*a, **k):
        calls.append("summary")
        return real_summary(*a, **k)

    monkeypatch.setattr(metrics, "compute", compute)
    monkeypatch.setattr(metrics, "lead_time_summary", summary)
    at = run_page("lt", denom="previous_year")
    assert_ok(at)
    assert "lead-time" not in calls and "summary" not in calls, calls


# -- issue 7 / issue 6: own data, missing cancer cases, links with markup, preliminary periods ----------
@pytest.fixture
def own_region_store(tmp_path, monkeypatch):
    """One region's own (non-demo) data: SVF pathways from Gävleborg only, no cancer-register cases."""
    from ingest.reference import ensure_store
    from store import Store
    from tests.test_metrics import pw

    store = Store(tmp_path / "own")
    ensure_store(store)
    rows = []
    for m in range(1, 13):
        for i in range(8):
            rows.append(pw("brost" if i % 2 else "prostata", f"2025-{m:02d}-01", f"2025-{m:02d}-{10 + i:02d}",
                           region="21"))
    load = {"load_id": 1, "kind": "svf", "file_name": "forlopp.csv", "content_sha256": "y",
            "loaded_at": "2026-01-05 10:00:00", "rows_read": len(rows), "rows_accepted": len(rows),
            "rows_rejected": 0, "rows_inserted": len(rows), "rows_replaced": 0, "is_demo": False}
    with store.transaction() as tx:
        for table, data in (("svf_pathway", rows), ("load_log", [load])):
            tx.con.register("_x", pd.DataFrame(data))
            tx.replace(table, tx.con.table("_x"))
            tx.con.unregister("_x")
    monkeypatch.setenv("SVF_DB", str(store.root))
    return store


def test_own_region_total_is_not_called_riket(own_region_store):
    at = run_page("lt")
    assert_ok(at)
    everything = texts(at) + " ".join(d.value.to_string() for d in at.dataframe)
    assert "Alla regioner i underlaget" in everything
    assert "alla regioner i underlaget" in " ".join(c.value for c in at.caption)  # the selection text
    assert "Riket" not in everything
    assert not any("Syntetiska demodata" in w.value for w in at.warning)


def test_missing_cancer_cases_say_how_to_load_them(own_region_store):
    at = run_page("incl")
    assert_ok(at)
    warn = " ".join(w.value for w in at.warning)
    assert "Cancerregistrets fall saknas" in warn and "python -m ingest load --kind cancer" in warn
    assert not any("inga data" in i.value for i in at.info)


def test_unverified_footnote_names_demo_data_only_on_demo_data():
    from types import SimpleNamespace

    from ui import shell

    demo = SimpleNamespace(lang="sv", status={"is_demo": True})
    real = SimpleNamespace(lang="sv", status={"is_demo": False})
    assert "ett antagande för demodata" in shell.unverified_note(demo).lower()
    assert "demodata" not in shell.unverified_note(real).lower()
    assert shell.unverified_note(real).startswith("† Ledtidsgränsen")


def test_link_values_with_markup_are_shown_as_plain_short_text(store_path):
    at = run_page("lt", region="[Logga in igen](http://evil.example/login)", svf="x" * 100_000)
    assert_ok(at)
    warns = [w.value for w in at.warning if "känns igen" in w.value]
    assert len(warns) == 2
    link = next(w for w in warns if "Logga" in w)
    assert "`[Logga in igen](http://evil.example/login)`" in link  # a code span: drawn as text
    big = next(w for w in warns if "xxx" in w)
    assert len(big) < 300 and "…" in big


def test_default_period_says_its_newest_months_are_preliminary(store_path):
    at = run_page("incl")
    assert_ok(at)
    sel = next(c.value for c in at.caption if c.value.startswith("Urval:"))
    assert "preliminära" in sel
    assert any("(preliminär)" in str(v) for d in at.dataframe for v in d.value.to_numpy().ravel())


def test_period_past_the_data_says_so(store_path):
    from store import Store

    last = Store(store_path).connect().execute("SELECT max(end_date) FROM svf_pathway").fetchone()[0]
    after = f"{last.year + 1}-06"
    at = run_page("lt", **{"from": f"{last.year}-01", "to": after})
    assert_ok(at)
    sel = next(c.value for c in at.caption if c.value.startswith("Urval:"))
    assert f"data finns till och med {last:%Y-%m}" in sel


def test_selection_above_100_percent_is_not_judged_on_the_page(own_region_store):
    """Own data with fewer cancer-register cases than treatment starts: inclusion above 100 %."""
    from tests.test_metrics import case

    cases = [case("brost", f"2025-{m:02d}-05", region="21") for m in range(1, 13) for _ in range(3)]
    with own_region_store.transaction() as tx:
        tx.con.register("_x", pd.DataFrame(cases))
        tx.replace("cancer_case", tx.con.table("_x"))
        tx.con.unregister("_x")
    at = run_page("incl", svf="brost", **{"from": "2025-01", "to": "2025-06"})
    assert_ok(at)
    # 24 breast pathways against 18 cases in 2025 H1: 133 %, no verdict, no gap, said why
    share = next(m for m in at.metric if m.label == "Inklusion i urvalet")
    assert share.value == "133,3\u00a0%"
    gap = next(m for m in at.metric if m.label.startswith("Saknas till"))
    assert gap.value == "–"
    caps = " ".join(c.value for c in at.caption)
    assert "Kan inte bedömas (över 100 % – ej en andel)" in caps and "Målet nått" not in caps
    assert "är över 100 % och är därför ingen andel" in caps
    table = at.dataframe[0].value
    assert "Kan inte bedömas (över 100 % – ej en andel)" in table.to_string()
