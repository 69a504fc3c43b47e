"""A phone's first screen: at 390 × 844, as a touch screen, the filters fold away and a chart shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from . import settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WAIT_MS = 120_000
PHONE = {"width": 390, "height": 844}
# The page scrolls in Streamlit's main block, not the document.
PAGE_HEIGHT_JS = "() => document.querySelector('[data-testid=stMain]').scrollHeight"


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_phones_first_screen_holds_a_chart(
    browser: Browser, dashboard_url: str, lang: str
) -> None:
    """The sidebar starts closed, the topic chart's title and first rows are on the first screen,
    and with one section open the whole page is a few screens long."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{dashboard_url}/?lang={lang}")
    settle(page, WAIT_MS)
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    chart = page.locator(".st-key-topic_chart .js-plotly-plot")
    title = chart.locator(".gtitle").bounding_box()
    bars = chart.locator("g.trace.bars g.point path").first.bounding_box()
    assert title is not None and bars is not None
    assert title["y"] + title["height"] <= PHONE["height"], title
    # At least the chart's legend and its first bar: the answer starts on the first screen.
    assert bars["y"] + bars["height"] <= PHONE["height"], bars
    assert page.evaluate(PAGE_HEIGHT_JS) < 4 * PHONE["height"]
    context.close()
