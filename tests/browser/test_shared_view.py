"""A shared link of a filtered, searched view restores the same charts in a fresh browser tab."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from . import settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LOAD_TIMEOUT_MS = 120_000
RENDER_TIMEOUT_MS = 180_000

# Every drawn chart's data and titles, as the browser holds them; Plotly's per-trace uids are
# made afresh in each tab, so they are left out.
CHARTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(chart => JSON.stringify({
  data: chart.data,
  title: chart.layout.title && chart.layout.title.text,
  x: chart.layout.xaxis && chart.layout.xaxis.title && chart.layout.xaxis.title.text,
  y: chart.layout.yaxis && chart.layout.yaxis.title && chart.layout.yaxis.title.text,
}, (key, value) => key === 'uid' ? undefined : value))"""


def _view(page: Page) -> dict[str, Any]:
    """What a reader sees of the view: the header's figures, the charts, the controls' values."""
    settle(page, timeout=LOAD_TIMEOUT_MS)
    return {
        "figures": page.get_by_test_id("stMetricValue").all_inner_texts(),
        "charts": page.evaluate(CHARTS_JS),
        "search": page.locator(".st-key-q input").input_value(),
        "count": page.locator(".st-key-count_by").get_by_role("radio", checked=True).inner_text(),
        "formats": page.locator(".st-key-formats")
        .get_by_role("button", pressed=True)
        .all_inner_texts(),
    }


def test_a_shared_link_restores_the_same_charts(
    page: Page, browser: Browser, dashboard_url: str
) -> None:
    """Search, a format and the count toggle set by hand; the copied link opens the same view."""
    page.goto(dashboard_url)
    settle(page, timeout=LOAD_TIMEOUT_MS)
    box = page.locator(".st-key-q input")
    box.fill("Syria")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=Syria(&|$)"))
    settle(page, timeout=LOAD_TIMEOUT_MS)
    page.locator(".st-key-formats").get_by_role("button", name="in person").click()
    expect(page).to_have_url(re.compile(r"[?&]format=in-person(&|$)"))
    settle(page, timeout=LOAD_TIMEOUT_MS)
    page.locator(".st-key-count_by").get_by_role("radio", name="Events").click()
    expect(page).to_have_url(re.compile(r"[?&]count_by=events(&|$)"))
    settle(page, timeout=LOAD_TIMEOUT_MS)
    sent = _view(page)
    assert sent["figures"] != ["3", "22", "26", "3"]  # the view really is narrowed
    assert "None" not in page.url

    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = other.new_page()
        fresh.goto(page.url)
        received = _view(fresh)
    finally:
        other.close()
    assert received == sent


def test_a_server_image_of_a_filtered_view_names_its_filters(
    page: Page, dashboard_url: str
) -> None:
    """The SVG button's file carries the footer: the filter and the search in words, and the source."""
    page.goto(f"{dashboard_url}/?topic=syria&q=Lavrov&section=when")
    settle(page, timeout=LOAD_TIMEOUT_MS)
    button = page.locator(".st-key-timeline_chart_svg").get_by_role("button", name="SVG")
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as started:
        button.click()
    svg = started.value.path().read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", svg)
    for words in ("about Syria", "“Lavrov”", "Source:", "Hindi news article"):
        assert words in re.sub(r"\s+", " ", text), words
