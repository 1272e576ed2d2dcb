"""'SVF – var förloras dagarna' in a real browser: both languages, the what-if control through the real
widgets and the URL, and the SPC chart on the lead-time page. Screenshots in artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import SHOTS
from tests.e2e.test_browser import assert_clean, open_page, shoot, wait_charts, wait_ready

pytestmark = pytest.mark.e2e
PERIOD = "from=2019-01&to=2026-06"


@pytest.mark.parametrize(("lang", "title", "head_word", "phase"), [
    ("sv", "SVF – var förloras dagarna", "överskjutande dagarna", "Första besök → MDK"),
    ("en", "SVF – where the days are lost", "excess days", "First visit → MDT"),
])
def test_phases_page_in_both_languages(page, server, lang, title, head_word, phase):
    # Region Örebro län: the demo data's planted MDK queue
    open_page(page, server, "svf-faser", f"lang={lang}&region=18&{PERIOD}")
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == title
    head = page.locator('[data-testid="stMarkdownContainer"]', has_text=head_word).first
    assert head.locator("strong").first.inner_text().strip() == phase
    wait_charts(page, 7)  # profile, attribution, what-if, per pathway, per region, benchmark, SPC
    assert page.locator('[data-testid="stDownloadButton"]').count() >= 14
    shoot(page, f"svf-faser-{lang}.png")
    if lang != "sv":
        return
    # the attribution table as CSV (Swedish: ';' and decimal comma), "<5" kept, ranks as numbers
    with page.expect_download() as dl:
        page.locator(".st-key-ph_attr_csv button").click()
    # the file: the notes (selection, demo marking), an empty line, then the table
    rows = list(csv.reader(io.StringIO(open(dl.value.path(), encoding="utf-8-sig").read().partition("\n\n")[2]),
                           delimiter=";"))
    assert rows[0][:2] == ["Rang", "Fas"] and len(rows) == 6
    assert rows[1][0] == "1" and rows[1][1] == "Första besök → MDK"
    # the what-if through the real widget: 12 days -> the URL and the sentence follow
    box = page.get_by_label("Dagar kortare")
    box.fill("12")
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('minska=12')", timeout=30_000)
    wait_ready(page)
    assert_clean(page)
    text = page.locator('[data-testid="stMarkdownContainer"]', has_text="12 dagar kortare").first.inner_text()
    assert re.search(r"hade \d[\d\u2009 ]* fler patienter startat behandling inom ledtiden \(bara de", text), text
    assert parse_qs(urlparse(page.url).query)["minska"] == ["12"]


def test_spc_chart_on_the_lead_time_page(page, server):
    open_page(page, server, "svf-ledtider")  # the default period ends with the newest month
    wait_charts(page, 5)
    assert page.get_by_text("Rapporteras fortfarande:", exact=False).count() >= 1
    head = page.get_by_text("Styrdiagram (SPC) – månad för månad")
    assert head.count() >= 1  # the subheader (and the table expander of the chart)
    assert page.get_by_text("Måluppfyllelse:", exact=False).count() >= 1
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="Processgränser").first
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(SHOTS / "spc-ledtider-sv.png"))
