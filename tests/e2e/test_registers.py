"""The register-coverage and Palliativregistret pages in a real browser (issue 8): both languages,
filters to the URL and back from a copied link, an as-of date, downloads, a small unit.
Screenshots in artifacts/screenshots/registers-*.png."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.test_browser import assert_clean, open_page, shoot, wait_charts, wait_ready

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("path", "title_sv", "title_en"), [
    ("kvalitetsregister", "Kvalitetsregister – täckningsgrad", "Quality registers – coverage"),
    ("palliativregistret", "Palliativregistret", "Swedish Register of Palliative Care")])
def test_pages_render_in_both_languages(page, server, path, title_sv, title_en, lang):
    open_page(page, server, path, f"lang={lang}")
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == (
        title_sv if lang == "sv" else title_en)
    wait_charts(page, 5)
    assert page.locator('[data-testid="stDownloadButton"]').count() >= 10
    shoot(page, f"registers-{path}-{lang}.png")


def test_register_filters_go_to_the_url_and_a_copied_link_reproduces_them(page, browser, server):
    open_page(page, server, "kvalitetsregister", "lang=sv")
    page.locator(".st-key-f_register input").click()
    page.keyboard.type("lymfom")
    page.get_by_role("option", name="Svenska lymfomregistret (Nationellt kvalitetsregister för lymfom)").click()
    page.keyboard.press("Escape")
    wait_ready(page)
    # the as-of date: an earlier day, typed into the date field as a person would; it commits on blur
    page.locator('.st-key-f_asof [data-type="year"]').click()
    page.keyboard.type("20250630")
    page.locator('[data-testid="stMain"] h1').first.click()
    wait_ready(page)
    assert_clean(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["register"] == ["lymfom"] and query["asof"] == ["2025-06-30"]
    lymfom = "Svenska lymfomregistret (Nationellt kvalitetsregister för lymfom):"
    verdict = page.locator('[data-testid="stMarkdownContainer"] p', has_text=lymfom).first.inner_text()
    assert "2024" in verdict and "preliminärt" in verdict  # 2024 is 6 months after its end on 2025-06-30
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh = ctx.new_page()
    fresh.errors = []
    fresh.on("pageerror", lambda e: fresh.errors.append(str(e)))
    fresh.goto(page.url)
    wait_ready(fresh)
    assert_clean(fresh)
    assert fresh.get_by_text(verdict[:60]).count() >= 1
    assert fresh.locator(".st-key-f_asof input").input_value() == "2025-06-30"
    shoot(fresh, "registers-lymfom-asof-copied-link.png")
    ctx.close()


def test_register_downloads(page, server, tmp_path):
    open_page(page, server, "kvalitetsregister", "lang=sv&register=nkbc")
    with page.expect_download() as dl:
        page.locator(".st-key-reg_ramp_csv button").click()
    # the file: the notes (selection, demo marking), an empty line, then the table
    rows = list(csv.reader(io.StringIO(open(dl.value.path(), encoding="utf-8-sig").read().partition("\n\n")[2]),
                           delimiter=";"))
    assert rows[0][0] == "Diagnosår" and len(rows) > 5
    with page.expect_download() as dl:
        page.locator(".st-key-reg_heat_xlsx button").click()
    from openpyxl import load_workbook

    dl.value.save_as(tmp_path / "heat.xlsx")
    wb = load_workbook(tmp_path / "heat.xlsx")
    assert max(ws.max_row for ws in wb.worksheets) > 5


def test_palliative_small_region_and_indicator_in_url(page, server):
    # Gotland (09) in one quarter: few deaths, so cells are suppressed; the indicator choice is kept
    open_page(page, server, "palliativregistret", "lang=sv&region=09&from=2024-01&to=2024-03&indicator=spr_smsk")
    wait_charts(page, 4)
    assert page.get_by_text("<5").count() + page.get_by_text("otillräckligt underlag").count() >= 1
    assert page.locator('[data-testid="stMain"] h3', has_text="Smärtskattning under sista levnadsveckan").count() >= 2
    assert parse_qs(urlparse(page.url).query)["indicator"] == ["spr_smsk"]
    shoot(page, "registers-palliativ-gotland.png")
