"""What only a browser shows for reports and other logs: the offline report, and uploads."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard import panels
from dashboard.export.bundle import export
from dashboard.load import DEFAULT_LOG, read_log
from dashboard.urlstate import View

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "tests" / "fixtures" / "other_visit"
WAIT_MS = 120_000


def test_report_opens_offline_and_draws_every_chart(browser: Browser, tmp_path: Path) -> None:
    """report.html, opened from disk with the network cut off, draws every chart and Devanagari text."""
    export(read_log(DEFAULT_LOG), tmp_path, View(lang="hi"), types=["html"], progress=False)
    context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto((tmp_path / "report.html").as_uri())
    # Not a Streamlit page: drawn once every chart has its SVG.
    page.wait_for_function(
        "(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=len(panels.CHARTS),
        timeout=WAIT_MS,
    )
    assert page.locator(".js-plotly-plot").count() == len(panels.CHARTS)
    expect(page.locator("h1")).to_contain_text("संयुक्त राष्ट्र")
    assert [url for url in requests if not url.startswith("file:")] == []
    context.close()


def _open_uploader(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT_MS)
    page.get_by_text("Open another log").click()


def test_upload_changes_the_charts(page: Page, dashboard_url: str) -> None:
    """A valid log uploaded with its sources replaces the shown log in this tab."""
    _open_uploader(page, dashboard_url)
    files = [OTHER / "events.yaml", *sorted((OTHER / "sources").iterdir())]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(f) for f in files]
    )
    expect(page.locator("h1").first).to_have_text("Test delegation in Lisbon", timeout=WAIT_MS)
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text("4", timeout=WAIT_MS)


def test_bad_upload_lists_problems_and_keeps_the_view(
    page: Page, dashboard_url: str, tmp_path: Path
) -> None:
    """An invalid upload shows its problems with field paths, and the page keeps showing the previous log."""
    _open_uploader(page, dashboard_url)
    title = page.locator("h1").first.inner_text()
    broken = tmp_path / "broken.yaml"
    text = (
        (OTHER / "events.yaml")
        .read_text(encoding="utf-8")
        .replace("date: 2024-03-06", "date: 2030-01-01")
    )
    broken.write_text(text, encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(broken)])
    alert = page.get_by_test_id("stAlertContentError")
    expect(alert).to_contain_text("The uploaded log was not opened", timeout=WAIT_MS)
    expect(alert).to_contain_text("sources[0].path")
    expect(page.locator("h1").first).to_have_text(title)
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text("22")
