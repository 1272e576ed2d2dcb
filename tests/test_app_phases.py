"""AppTest runs of "SVF – var förloras dagarna" in both languages, on a small synthetic store whose
planted bottlenecks (ingest/synth_params.PHASE_BOTTLENECKS) the page must name; and the SPC section
on the lead-time and inclusion pages."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.synth import build

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "views/svf_faser.py"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    from store import Store

    store = Store(tmp_path_factory.mktemp("ph_ui") / "store")
    build(store, scale=0.05, seed=7, today=dt.date(2026, 7, 15))
    old = os.environ.get("SVF_DB")
    os.environ["SVF_DB"] = str(store.root)
    yield store.root
    if old is None:
        os.environ.pop("SVF_DB", None)
    else:
        os.environ["SVF_DB"] = old


def run_page(page: str = PAGE, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page)
    at.run()
    return at


def texts(at: AppTest) -> str:
    parts = []
    for kind in ("title", "subheader", "caption", "markdown", "info", "warning", "error", "metric"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")) + " " + str(getattr(el, "label", "")))
    return "\n".join(parts)


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_phases_page_sv_names_the_planted_mdk_queue(store_path):
    # Region Örebro län (18): the MDK queue planted in the demo data
    at = run_page(region="18", **{"from": "2019-01", "to": "2026-06"})
    assert_ok(at)
    body = texts(at)
    assert at.title[0].value == "SVF – var förloras dagarna"
    head = next(m.value for m in at.markdown if "överskjutande dagarna i urvalet" in m.value)
    assert head.startswith("**Första besök → MDK**")
    assert "Fasernas längd i urvalet" in body and "Jämförelse med bästa kvartilen" in body
    assert "Styrdiagram (SPC)" in body and "Måluppfyllelse" in body
    assert "Antagande: varje patients ledtid" in body
    assert "Inte i diagrammet (färre än 5 förlopp med någon fas registrerad" in body  # small pathways
    # the store ends 2026-06 (built "today" 2026-07-15): its last two months are still being reported
    assert "Perioden når in i månader som fortfarande rapporteras (2026-05, 2026-06)" in body
    # the what-if defaults to that phase and 5 days: a Swedish sentence with the patients gained
    sentence = next(m.value for m in at.markdown if m.value.startswith("Med **Första besök → MDK** 5 dagar"))
    gained = int(metric(at, "Fler patienter").replace("\u2009", ""))
    assert f"**{gained}** fler patienter" in sentence and gained > 0
    assert metric(at, "Målet 80") in ("Ja", "Nej")
    # the table behind it: the selection first, then each pathway; the pathways' gains add up to it
    wt = next(d.value for d in at.dataframe if "Fler patienter inom ledtiden" in d.value.columns)
    assert wt.iloc[0]["Grupp"] == "Urval" and int(wt.iloc[0]["Fler patienter inom ledtiden"]) == gained
    per = [int(v.replace("\u2009", "")) for v in wt["Fler patienter inom ledtiden"].iloc[1:] if v != "–"]
    assert sum(per) == gained and len(wt) > 5
    assert at.selectbox(key="f_phase").value == ""


def test_phases_page_en_and_what_if_controls(store_path):
    at = run_page(region="20", lang="en", **{"from": "2019-01", "to": "2026-06"})
    assert_ok(at)
    head = next(m.value for m in at.markdown if "carries most of the excess days" in m.value)
    assert head.startswith("**MDT → diagnosis information**")  # Dalarna: slow diagnosis information
    # more days on the same phase can only gain as many or more patients
    g5 = int(metric(at, "More patients").replace(",", ""))
    at.number_input(key="f_cut_days").set_value(30).run()
    assert_ok(at)
    g30 = int(metric(at, "More patients").replace(",", ""))
    assert g30 >= g5 and at.query_params["minska"] in ("30", ["30"])
    at.selectbox(key="f_phase").set_value("ph5").run()
    assert_ok(at)
    assert at.query_params["fas"] in ("ph5", ["ph5"])
    assert any(m.value.startswith("With **Treatment decision → treatment start** 30 days shorter") for m in at.markdown)
    at.toggle(key="f_cut_bench").set_value(True).run()
    assert_ok(at)
    assert at.query_params["minska"] in ("riktvarde", ["riktvarde"])
    assert "shortened to the benchmark median" in texts(at) or "nothing to shorten" in texts(at)
    assert "Swedish" not in texts(at) and "överskjutande" not in texts(at)


def test_phases_page_units_and_bad_url(store_path):
    at = run_page(level="unit", unit_region="01", fas="ph9", minska="x", **{"from": "2019-01", "to": "2026-06"})
    assert_ok(at)
    body = texts(at)
    assert "Faser per vårdenhet" in body
    assert at.selectbox(key="f_phase").value == ""  # the bad phase was dropped, with a warning
    assert any("fas" in w.value for w in at.warning)


def test_spc_section_on_lead_time_and_inclusion_pages(store_path):
    for page, axis in (("views/svf_ledtider.py", "Andel inom ledtiden"), ("views/svf_inklusion.py", "Inklusion")):
        at = run_page(page, **{"from": "2025-01", "to": "2026-06"})
        assert_ok(at)
        body = texts(at)
        assert "Styrdiagram (SPC) – månad för månad" in body, page
        assert "Rapporteras fortfarande" in body  # the newest months are marked
        assert "Måluppfyllelse" in body
        spc_chart = at.get("plotly_chart")
        assert any(axis in str(c.proto.spec) for c in spc_chart), page


def test_phases_page_small_selection_suppresses(store_path):
    # Gotland, half a year at scale 0.05: 8 pathways, under 5 late patients in every phase -> no phase
    # is named, the attribution shows no shares, every comparison group under 5 is "<5"
    at = run_page(region="09", **{"from": "2026-01", "to": "2026-06"})
    assert_ok(at)
    assert any(m.value.startswith("Ingen fas skiljer ut") for m in at.markdown)
    attr = at.dataframe[1].value
    assert set(attr["Andel av överskjutande dagar"]) == {"–"} and "<5" in set(attr["n efter gränsen"])
