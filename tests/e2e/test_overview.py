"""Målöversikt in the real browser: the start page lists the region's targets, a click on a row opens
its page with the same selection, and the review report is built and downloaded from the page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.test_browser import assert_clean, open_page, shoot, wait_charts, wait_ready

pytestmark = pytest.mark.e2e
QUERY = "lang=sv&region=21&from=2025-01&to=2025-06"  # Region Gävleborg, as in the story


def test_overview_row_opens_its_page_with_the_same_selection(page, server):
    open_page(page, server, "", QUERY + "&area=svf_lead_time")
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == "Målöversikt"
    grid = page.locator(".st-key-ov_table [data-testid='stDataFrameResizable']")
    grid.wait_for()
    shoot(page, "maloversikt-gavleborg-ledtid-sv.png")
    box = grid.bounding_box()
    # the first data row (the largest gap): header ~35 px, rows ~35 px; the selection box is at the left
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.wait_for_url(lambda url: "svf-" in url, timeout=30_000)
    wait_ready(page)
    assert_clean(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["region"] == ["21"] and query["from"] == ["2025-01"] and query["to"] == ["2025-06"]
    assert "svf-ledtider" in page.url
    wait_charts(page)
    page.go_back()  # and back to the overview, as it was
    wait_ready(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == "Målöversikt"


def test_review_report_downloads_from_the_overview(page, server, tmp_path):
    open_page(page, server, "", QUERY)
    page.locator(".st-key-ov_build button").click()
    page.locator(".st-key-ov_dl_pdf button").wait_for(timeout=120_000)
    assert_clean(page)
    with page.expect_download() as dl:
        page.locator(".st-key-ov_dl_pdf button").click()
    assert dl.value.suggested_filename == "lpo-uppfoljning_21_2025H1.pdf"
    dl.value.save_as(tmp_path / "r.pdf")
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as dl:
        page.locator(".st-key-ov_dl_xlsx button").click()
    assert dl.value.suggested_filename.endswith(".xlsx")
    shoot(page, "maloversikt-rapport-sv.png")
