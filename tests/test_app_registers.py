"""AppTest runs of the register-coverage and Palliativregistret pages (issue 8) in both languages with
several filter combinations, on the synthetic generator's store at a tiny scale."""

from __future__ import annotations

import pytest

from tests import test_app_pages
from tests.test_app_pages import (
    assert_ok,
    store_path,  # noqa: F401  (module fixture: the tiny store)
    texts,
)
from tests.test_app_pages import run_page as _run_page

test_app_pages.PAGES.update({"reg": "views/kvalitetsregister.py", "pall": "views/palliativ.py"})


def run_page(page, **params):
    return _run_page(page, **params)


@pytest.mark.parametrize("lang, title, ramp", [("sv", "Kvalitetsregister – täckningsgrad", "Inrapporteringsrampen"),
                                               ("en", "Quality registers – coverage", "The reporting ramp")])
def test_register_page_both_languages(store_path, lang, title, ramp):  # noqa: F811
    at = run_page("reg", lang=lang)
    assert_ok(at)
    body = texts(at)
    assert title in body and ramp in body
    # every register target of the catalogue is listed, the drug register's as "no data source yet"
    metric_col = "Mått" if lang == "sv" else "Measure"
    table = next(d.value for d in at.dataframe if metric_col in d.value.columns)
    assert len(table) == 9
    assert (("Ingen datakälla ännu" if lang == "sv" else "No data source yet") in
            " ".join(table.iloc[:, -1].astype(str)))


def test_register_page_one_register_as_of_and_months(store_path):  # noqa: F811
    at = run_page("reg", lang="sv", register="lymfom", asof="2025-03-31", dxyear="2024", months="6")
    assert_ok(at)
    body = texts(at)
    # 2024 on 2025-03-31: 3 months after its end, preliminary; the ramp names its register
    assert "Diagnosår 2024 är **preliminärt**" in body and "3 månader efter årets slut" in body
    assert "med 6 månader visas ingen måluppfyllelse" in body
    assert at.query_params["asof"] == "2025-03-31" and at.query_params["months"] == "6"


def test_register_page_bad_url_values_are_refused_politely(store_path):  # noqa: F811
    at = run_page("reg", lang="sv", asof="2025-13-45", months="7", register="nope")
    assert not at.exception
    warn = " ".join(w.value for w in at.warning)
    assert "2025-13-45" in warn and "nope" in warn


@pytest.mark.parametrize("lang, title", [("sv", "Palliativregistret"), ("en", "Swedish Register of Palliative Care")])
def test_palliative_page_both_languages(store_path, lang, title):  # noqa: F811
    at = run_page("pall", lang=lang)
    assert_ok(at)
    body = texts(at)
    assert title in body
    assert ("december 2025" if lang == "sv" else "December 2025") in body


def test_palliative_gavleborg_shows_both_owners(store_path):  # noqa: F811
    at = run_page("pall", lang="sv", region="21", **{"from": "2024-01", "to": "2024-12"}, indicator="spr_bps")
    assert_ok(at)
    labels = [m.label for m in at.metric]
    assert any("RCC" in x and "70" in x for x in labels)
    assert any("LPO" in x and "65" in x and "†" in x for x in labels)  # unverified, marked
    assert "Brytpunktssamtal" in texts(at)


def test_register_params_round_trip_and_stay_out_of_svf_links():
    from ui import state as S

    cat = S.Catalog(regions=("01", "21"), registers=("lymfom", "nkbc"), indicators=("spr_mun", "spr_bps"),
                    diag_years=("2023", "2024"), first_month="2023-01", last_month="2024-12")
    st, warns = S.parse({"asof": "2024-06-30", "dxyear": "2023,2024", "register": "nkbc", "months": "6",
                         "indicator": "spr_bps"}, cat)
    assert not warns
    assert (st.as_of, st.diag_years, st.registers, st.months, st.indicator) == (
        "2024-06-30", ("2023", "2024"), ("nkbc",), 6, "spr_bps")
    assert S.parse(S.to_params(st), cat)[0] == st
    # defaults add nothing: the SVF pages' links are unchanged
    assert not set(S.to_params(S.default_state(cat))) & set(S.REGISTER_PARAMS)
    st, warns = S.parse({"asof": "2024-02-30", "months": "5", "indicator": "x", "dxyear": "1999"}, cat)
    assert (st.as_of, st.months, st.indicator, st.diag_years) == (None, 3, None, ())
    assert {w.args["param"] for w in warns} == {"asof", "months", "indicator", "dxyear"}


def test_both_pages_on_a_store_loaded_with_the_command_line(tmp_path, monkeypatch):
    """Real files through `python -m ingest load` (no pathways at all): both pages still work."""
    from streamlit.testing.v1 import AppTest

    from ingest.__main__ import main as ingest_main

    db = tmp_path / "egen"
    cases = ["fall_id;region;diagnosdatum;diagnoskod"] + [
        f"K{i};{'21' if i % 2 else '01'};2024-0{1 + i % 6}-1{i % 9};C50.9" for i in range(40)]
    regs = ["register;case_id;registered_date"] + [f"nkbc;K{i};2024-0{2 + i % 6}-20" for i in range(0, 40, 3)]
    deaths = ["death_id;region_code;death_date;unit_type;registered;expected_death;spr_mun"] + [
        f"D{i};21;2024-0{1 + i % 9}-05;sjukhus;{'ja' if i % 3 else 'nej'};{'ja' if i % 3 else ''};"
        f"{'ja' if i % 2 and i % 3 else ('nej' if i % 3 else '')}" for i in range(60)]
    for kind, rows in (("cancer", cases), ("register", regs), ("death", deaths)):
        f = tmp_path / f"{kind}.csv"
        f.write_text("\n".join(rows) + "\n", encoding="utf-8")
        assert ingest_main(["load", "--db", str(db), "--kind", kind, str(f)]) == 0
    monkeypatch.setenv("SVF_DB", str(db))
    for page, title in (("views/kvalitetsregister.py", "Kvalitetsregister – täckningsgrad"),
                        ("views/palliativ.py", "Palliativregistret")):
        at = AppTest.from_file(test_app_pages.APP, default_timeout=60)
        at.query_params["lang"] = "sv"
        at.run()
        at.switch_page(page)
        at.run()
        assert_ok(at)
        body = texts(at)
        assert title in body and "Syntetiska demodata" not in body
    # the register page as of 2025-12-31: 40 breast cases in 2024, 14 registered in NKBC (every third)
    at = AppTest.from_file(test_app_pages.APP, default_timeout=60)
    at.query_params["lang"] = "sv"
    at.query_params["register"] = "nkbc"
    at.query_params["asof"] = "2025-12-31"
    at.run()
    at.switch_page("views/kvalitetsregister.py")
    at.run()
    assert_ok(at)
    assert "täckningsgrad 35,0\u00a0% (14 av 40) 12 månader efter årets slut" in texts(at)  # 14 / 40
