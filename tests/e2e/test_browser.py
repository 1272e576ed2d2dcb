"""The real dashboard in a real browser: Streamlit server + Debian's chromium driven by Playwright.

Each test fails on a Python exception shown on the page, an error box, or a JavaScript error.
Screenshots of every page in both languages land in artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import SHOTS

pytestmark = pytest.mark.e2e

PAGES = [("", "Målöversikt", "Target overview"), ("datastatus", "Datastatus", "Data status"),
         ("svf-inklusion", "SVF – inklusion", "SVF – inclusion"),
         ("svf-ledtider", "SVF – ledtider", "SVF – lead times")]


def wait_ready(page, timeout_s: float = 90) -> None:
    """Wait until the script run has finished: the app is there, Streamlit's script state on the
    stApp element is 'notRunning' (the status widget is hidden with toolbarMode minimal, so it never
    showed a run) and nothing is stale, for a second."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout_s * 1000)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_s * 1000)
    deadline = time.time() + timeout_s
    quiet = 0
    while time.time() < deadline:
        running = page.locator('[data-testid="stApp"]:not([data-test-script-state="notRunning"])').count()
        stale = page.locator('[data-stale="true"]').count()
        quiet = quiet + 1 if running == 0 and stale == 0 else 0
        if quiet >= 4:
            return
        time.sleep(0.25)
    raise AssertionError("the page did not finish running in time")


def assert_clean(page) -> None:
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0, exc.first.inner_text()
    err = page.locator('[data-testid="stAlertContentError"]')
    assert err.count() == 0, err.first.inner_text()
    assert not page.errors, page.errors


def shoot(page, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, not the document, so
    the viewport is made as tall as the content first."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section, div')]"
        ".map(e => e.scrollHeight))")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 50, 14000)})
    time.sleep(0.5)
    page.screenshot(path=str(SHOTS / name), full_page=True)
    page.set_viewport_size(size)


def open_page(page, server, path: str, query: str = "") -> None:
    page.goto(f"{server}/{path}{'?' + query if query else ''}")
    wait_ready(page)
    assert_clean(page)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("path", "title_sv", "title_en"), PAGES)
def test_every_page_renders_in_both_languages(page, server, path, title_sv, title_en, lang):
    open_page(page, server, path, f"lang={lang}")
    title = title_sv if lang == "sv" else title_en
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == title
    banner = "Syntetiska demodata" if lang == "sv" else "Synthetic demo data"
    assert page.get_by_text(banner).count() >= 1
    if path.startswith("svf"):
        wait_charts(page)
        # the buttons under the charts are drawn after them: wait for them, do not race them
        page.wait_for_function("() => document.querySelectorAll('[data-testid=stDownloadButton]').length >= 6",
                               timeout=60_000)
    elif not path:  # Målöversikt: wait for its key figures and tables, not their placeholders
        page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
        wait_ready(page)
    shoot(page, f"{path or 'maloversikt'}-{lang}.png")


def wait_charts(page, n: int = 3, timeout_s: float = 60) -> None:
    """Plotly loads lazily in the browser: wait until n charts are drawn."""
    page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot').length >= n", arg=n,
                           timeout=timeout_s * 1000)


def _metrics(page) -> list[str]:
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    return [m.inner_text() for m in page.locator('[data-testid="stMetricValue"]').all()]


def test_changed_filter_is_in_the_url_and_a_copied_link_reproduces_the_view(page, browser, server):
    open_page(page, server, "svf-inklusion", "lang=sv")
    before = _metrics(page)
    page.locator(".st-key-f_gran").get_by_text("År", exact=True).click()
    wait_ready(page)
    page.locator(".st-key-f_region input").click()
    page.keyboard.type("Gävle")
    page.get_by_role("option", name="Region Gävleborg", exact=True).click()
    page.keyboard.press("Escape")  # the multiselect commits its value when it closes
    wait_ready(page)
    assert_clean(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["gran"] == ["year"] and query["region"] == ["21"]
    after = _metrics(page)
    assert after != before  # one region, not the whole country

    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh = ctx.new_page()
    fresh.errors = []
    fresh.on("pageerror", lambda e: fresh.errors.append(str(e)))
    fresh.goto(page.url)
    wait_ready(fresh)
    assert_clean(fresh)
    assert _metrics(fresh) == after
    assert parse_qs(urlparse(fresh.url).query) == query
    assert "År" in fresh.locator(".st-key-f_gran").inner_text()
    shoot(fresh, "svf-inklusion-gavleborg-ar-copied-link.png")
    ctx.close()


def test_download_table_as_csv_and_excel(page, server, tmp_path):
    open_page(page, server, "svf-ledtider", "lang=sv&region=21")
    with page.expect_download() as dl:
        page.locator(".st-key-lt_svf_csv button").click()
    name = dl.value.suggested_filename
    assert name.endswith(".csv") and "Gävleborg" in name  # the region is in the file name
    text = open(dl.value.path(), encoding="utf-8-sig").read()
    head, _, body = text.partition("\n\n")  # notes, an empty line, the table (newlines read as \\n)
    assert "Syntetiska demodata" in head and "Gävleborg" in head and "Data till och med" in head
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert len(rows) > 5
    header = rows[0]
    k = header.index("Inom ledtid")
    assert all(c in ("", "<5") or c.isdigit() for r in rows[1:] for c in [r[k]])  # whole numbers, "<5"
    assert any("," in c for c in rows[1])  # Swedish decimals
    with page.expect_download() as dl:
        page.locator(".st-key-lt_svf_xlsx button").click()
    from openpyxl import load_workbook

    name = dl.value.suggested_filename
    assert name.endswith(".xlsx")
    dl.value.save_as(tmp_path / name)
    wb = load_workbook(tmp_path / name)
    assert max(ws.max_row for ws in wb.worksheets) > 5


def test_invalid_code_in_url_gives_a_polite_message_not_an_exception(page, server):
    open_page(page, server, "svf-ledtider", "lang=sv&region=99&gran=decade&svf=nonsense")
    warnings = page.locator('[data-testid="stAlertContentWarning"]')
    assert warnings.count() >= 1
    text = " ".join(w.inner_text() for w in warnings.all())
    assert "99" in text
    wait_charts(page)  # fell back to the defaults and drew


def test_small_unit_shows_why_it_has_no_figure(page, server):
    open_page(page, server, "svf-ledtider", "lang=sv&level=unit&unit_region=09&from=2025-01&to=2025-06")
    wait_charts(page)
    assert page.get_by_text("otillräckligt underlag").count() + page.get_by_text("<5").count() >= 1
    shoot(page, "svf-ledtider-gotland-enheter.png")


def test_status_page_opens_by_its_own_address(page, server):
    page.goto(f"{server}/datastatus?lang=sv")
    wait_ready(page)
    assert_clean(page)
    time.sleep(1)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == "Datastatus"


def test_chart_image_carries_title_selection_and_demo_and_is_not_cut(page, server, tmp_path):
    """The camera button of a chart: the PNG is the figure with its heading, at a set size."""
    open_page(page, server, "svf-inklusion", "lang=sv&region=21")
    wait_charts(page)
    chart = page.locator(".st-key-incl_unit_chart")
    chart.hover()
    with page.expect_download() as dl:
        chart.locator('[data-title="Download plot as a PNG"]').first.click()
    assert dl.value.suggested_filename.endswith(".png") and "Gävleborg" in dl.value.suggested_filename
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    import shutil

    shutil.copy(path, SHOTS / "export-incl_unit.png")
    from PIL import Image

    w, h = Image.open(path).size
    assert w >= 2400 and h >= 600  # 1200 px wide at scale 2
    title = page.locator(".st-key-incl_unit_chart .gtitle").first.text_content()
    assert "Inklusion per region" in title and "Syntetiska demodata" in title and "Gävleborg" in title
    # the table behind it, opened: columns wide enough for an interval and a verdict (looked at)
    page.get_by_text("Tabell: Inklusion per region").click()
    table = page.locator('[data-testid="stExpander"]').filter(has_text="Tabell: Inklusion per region") \
        .locator('[data-testid="stDataFrame"]')
    table.wait_for(timeout=30_000)
    time.sleep(1)
    table.screenshot(path=str(SHOTS / "svf-inklusion-tabell-region.png"))


def test_link_with_markup_is_plain_text_in_the_warning(page, server):
    open_page(page, server, "svf-ledtider", "lang=sv&region=%5BLogga%20in%20igen%5D(http%3A%2F%2Fevil.example)"
              "&svf=%21%5Bx%5D(http%3A%2F%2Fevil.example%2Fa.png)")
    alerts = page.locator('[data-testid="stAlertContentWarning"]')
    assert alerts.count() >= 2
    for i in range(alerts.count()):
        a = alerts.nth(i)
        assert a.locator("a").count() == 0 and a.locator("img").count() == 0
    assert "[Logga in igen](http://evil.example)" in " ".join(a.inner_text() for a in alerts.all())
