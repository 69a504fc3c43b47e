"""WCAG 2.1 AA in the browser: axe-core on the page, and every control used by keyboard alone.

axe-core (bundled by axe-playwright-python) runs on the dashboard in both languages, at laptop
and phone widths, unfiltered, filtered and empty. No serious or critical rule may fire on it that
does not also fire on a minimal Streamlit page served by the same Streamlit: what the framework
itself does is measured beside ours, not hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.accessibility import VIEWS, WIDTHS, blocking, findings, wait_drawn
from dashboard.server import serve

from . import settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WAIT_MS = 120_000


@pytest.fixture(scope="module")
def minimal_url(chromium: str) -> Iterator[str]:
    """A minimal one-chart Streamlit page (bench/minimal_app.py) on its own server."""
    del chromium
    with serve("bench/minimal_app.py") as url:
        yield url


@pytest.fixture(scope="module")
def framework_findings(browser: Browser, minimal_url: str) -> dict[str, dict[str, str]]:
    """What axe finds on the minimal page at each width: Streamlit's own share."""
    found = {}
    for width, viewport in WIDTHS.items():
        page = browser.new_page(viewport=viewport)
        page.goto(minimal_url)
        settle(page, WAIT_MS, charts=1)
        found[width] = blocking(findings(page))
        page.close()
    return found


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_nothing_serious_that_streamlit_itself_does_not(
    browser: Browser,
    dashboard_url: str,
    framework_findings: dict[str, dict[str, str]],
    width: str,
    lang: str,
    view: str,
) -> None:
    """No serious or critical WCAG 2.1 AA rule fires beyond the minimal page's own."""
    page = browser.new_page(viewport=WIDTHS[width])
    query = "&".join(part for part in (f"lang={lang}" if lang != "en" else "", VIEWS[view]) if part)
    page.goto(f"{dashboard_url}/?{query}")
    wait_drawn(page, view)
    if view == "empty":
        expect(page.get_by_text(re.compile("Nothing matches|कुछ नहीं मिला"))).to_be_visible()
    found = blocking(findings(page))
    page.close()
    ours = {rule: why for rule, why in found.items() if rule not in framework_findings[width]}
    assert not ours, ours


def test_the_axe_check_can_fail(browser: Browser, dashboard_url: str) -> None:
    """Grey-on-white text injected into the page is caught as a serious contrast failure."""
    page = browser.new_page(viewport=WIDTHS["laptop"])
    page.goto(dashboard_url)
    settle(page, WAIT_MS)
    page.evaluate(
        """() => { const p = document.createElement('p'); p.textContent = 'faint words';
        p.style.color = '#aaaaaa'; document.querySelector('[data-testid="stMain"]').prepend(p); }"""
    )
    assert "color-contrast" in blocking(findings(page))
    page.close()


def _tab_to(page: Page, selector: str, limit: int = 250) -> None:
    """Press Tab until the focused element is inside ``selector``; fail after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => !!document.activeElement && !!document.activeElement.closest(s)", selector
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_every_filter_search_and_download_works_by_keyboard(page: Page, dashboard_url: str) -> None:
    """From the top of the page, Tab and keys alone search, pick a topic, a format and a day,
    reset, and download the statements."""
    page.goto(dashboard_url)
    settle(page, WAIT_MS)
    metrics = page.get_by_test_id("stMetricValue")

    _tab_to(page, ".st-key-q input")
    page.keyboard.type("quartet")
    page.keyboard.press("Enter")
    expect(metrics.first).to_have_text("1")
    expect(page).to_have_url(re.compile(r"[?&]q=quartet"))

    _tab_to(page, ".st-key-reset button")
    page.keyboard.press("Enter")
    expect(metrics.first).to_have_text("3")

    _tab_to(page, ".st-key-topics input")
    page.keyboard.type("Syria")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]topic=syria"))
    expect(metrics.first).to_have_text("2")
    page.keyboard.press("Escape")

    _tab_to(page, ".st-key-formats button")
    page.keyboard.press("Enter")  # the first pill: in person
    expect(page).to_have_url(re.compile(r"[?&]format=in-person"))
    expect(metrics.first).to_have_text("1")

    _tab_to(page, ".st-key-reset button")
    page.keyboard.press("Enter")
    expect(metrics.first).to_have_text("3")

    _tab_to(page, ".st-key-days input")
    page.keyboard.press("ArrowRight")  # the first day's thumb moves to 13 May
    expect(page).to_have_url(re.compile(r"[?&]from=2021-05-13"))
    expect(metrics.first).to_have_text("1")

    _tab_to(page, ".st-key-download_csv button")
    with page.expect_download(timeout=WAIT_MS) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("statements-2021-05-13")
