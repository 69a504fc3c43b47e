"""The page in a real Chromium: drawing, filters, shared links, chart clicks, downloads, phone width.

These check what only a browser shows; the page's logic is covered without one in tests/test_app.py.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Download, Locator, Page, expect

from dashboard import panels, urlstate
from dashboard.load import DEFAULT_LOG, Frames, build_frames, read_log
from dashboard.server import server_log

from . import charts_for, settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LOAD_TIMEOUT_MS = 120_000
# The first server-side image starts kaleido's own browser.
RENDER_TIMEOUT_MS = 180_000
# The charts the page draws for the shipped log (three people make no who-met-whom grid), by
# the section (tab) that holds them.
SHIPPED = build_frames(read_log(DEFAULT_LOG), "en")
SECTION_KEYS = {
    section: tuple(chart.key for chart in panels.drawn(SHIPPED) if chart.section == section)
    for section in panels.sections(SHIPPED)
}
FILE_NAMES = {chart.key: chart.name for chart in panels.CHARTS}
ALL = ["3", "22", "26", "3"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEVANAGARI = re.compile("[\u0900-\u097f]")

NOT_RUNNING = """() => document.querySelector('[data-testid="stApp"]')
  .getAttribute('data-test-script-state') === 'notRunning'"""

# What a drawn chart has in its trace layers: bars are paths, heatmaps an image.
MARKS = "svg.main-svg .mlayer path, svg.main-svg .mlayer image"


# Marks the drawn bar whose point carries ``id`` first in its customdata (as every chart's does);
# returns whether it found one. Plotly draws one <g class="point"> per data point, in data order.
MARK_BAR = """([chartKey, id]) => {
  const chart = document.querySelector(`.st-key-${chartKey} .js-plotly-plot`);
  const traces = chart.querySelectorAll('g.trace.bars');
  for (let i = 0; i < chart.data.length; i++) {
    const custom = chart.data[i].customdata || [];
    for (let j = 0; j < custom.length; j++) {
      if (custom[j][0] !== id) continue;
      const bar = traces[i].querySelectorAll('g.point path')[j];
      const box = bar.getBoundingClientRect();
      if (box.width > 2 && box.height > 2) { bar.setAttribute('data-e2e', 'bar'); return true; }
    }
  }
  return false;
}"""

# Bars actually drawn (a topic with no count on a day has an empty bar).
DRAWN_BARS = """(chart) => [...chart.querySelectorAll('g.trace.bars g.point path')]
  .filter(bar => { const box = bar.getBoundingClientRect(); return box.width > 0 && box.height > 0; }).length"""

# Texts of a chart drawn (partly) outside its own SVG, so cut off on screen.
CLIPPED_TEXT = """(chart) => {
  const frame = chart.querySelector('svg.main-svg').getBoundingClientRect();
  return [...chart.querySelectorAll('text')].filter(text => text.textContent.trim()).filter(text => {
    const box = text.getBoundingClientRect();
    return box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1;
  }).map(text => text.textContent);
}"""


@dataclass(frozen=True)
class File:
    """A downloaded file: the name the page suggested and its bytes."""

    name: str
    data: bytes


# ---------------------------------------------------------------------------------------------
# Helpers


def _open(page: Page, url: str, query: str = "", section: str | None = None) -> None:
    if section:
        query = f"{query}&section={section}" if query else f"?section={section}"
    page.goto(f"{url}/{query}")
    _settle(page, section)


def _settle(page: Page, section: str | None = None) -> None:
    """Wait for the current run to end and the open section's charts (or quotes) to be drawn."""
    charts = charts_for(DEFAULT_LOG, section)
    if charts:
        settle(page, timeout=LOAD_TIMEOUT_MS, charts=charts)
        return
    expect(page.get_by_test_id("stHtml").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(NOT_RUNNING, timeout=LOAD_TIMEOUT_MS)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)


def _open_tab(page: Page, section: str, lang: str = "en") -> None:
    """Click the tab of ``section``, as a reader does, and wait for its charts."""
    page.get_by_role("tab", name=urlstate.section_label(section, lang)).click()  # type: ignore[arg-type]
    if section != urlstate.View.section:
        expect(page).to_have_url(re.compile(rf"[?&]section={section}(&|$)"))
    _settle(page, section)


def _metrics(page: Page) -> Locator:
    return page.get_by_test_id("stMetricValue")


def _expect_figures(page: Page, events: str, statements: str) -> None:
    expect(_metrics(page).nth(0)).to_have_text(events)
    expect(_metrics(page).nth(1)).to_have_text(statements)


def _chart(page: Page, key: str) -> Locator:
    return page.locator(f".st-key-{key} .js-plotly-plot")


def _drawn_bars(page: Page, key: str) -> int:
    count: int = _chart(page, key).evaluate(DRAWN_BARS)
    return count


def _click_bar(page: Page, key: str, item_id: str) -> None:
    """Click, with the mouse, the middle of the bar for ``item_id`` (Plotly hit-tests by position)."""
    assert page.evaluate(MARK_BAR, [key, item_id]), f"no bar for {item_id} in {key}"
    bar = page.locator(f'.st-key-{key} [data-e2e="bar"]')
    # Centred: at the top of the view the sticky Streamlit header would take the click.
    bar.evaluate("bar => bar.scrollIntoView({block: 'center'})")
    box = bar.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _download(page: Page, click: Callable[[], None], timeout: float = RENDER_TIMEOUT_MS) -> File:
    with page.expect_download(timeout=timeout) as started:
        click()
    download: Download = started.value
    assert download.failure() is None, download.failure()
    return File(download.suggested_filename, download.path().read_bytes())


def _server_image(page: Page, chart_key: str, fmt: str) -> File:
    button = page.locator(f".st-key-{chart_key}_{fmt}").get_by_role("button", name=fmt.upper())
    return _download(page, button.click)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3).astype(int)


def _saturated_share(png: bytes) -> float:
    """The share of pixels with a clear hue (not white, grey or black)."""
    pixels = _pixels(png)
    return float(((pixels.max(axis=1) - pixels.min(axis=1)) >= 60).mean())


def _assert_real_colourful_png(file: File) -> None:
    """A PNG with colours in it, not a placeholder and not the all-black bars of a lost template."""
    assert file.data.startswith(PNG_SIGNATURE), f"{file.name} is not a PNG"
    assert len(file.data) > 10_000, f"{file.name} is only {len(file.data)} bytes"
    pixels = _pixels(file.data)
    assert len(np.unique(pixels, axis=0)) >= 16, f"{file.name} has hardly any colours"
    assert _saturated_share(file.data) > 0.01, f"{file.name} has almost no coloured pixels"
    ink = pixels[pixels.min(axis=1) < 245]
    assert (ink.max(axis=1) < 40).mean() < 0.5, f"{file.name} is drawn mostly in black"


def _svg_fills(svg: bytes) -> set[tuple[int, int, int]]:
    """Every rgb() or rgba() fill in an SVG, from fill attributes and inline styles."""
    colour = r"rgba?\((\d+),\s*(\d+),\s*(\d+)"
    fills: set[tuple[int, int, int]] = set()
    for element in ET.fromstring(svg).iter():
        values = re.findall(rf"fill:\s*{colour}", element.get("style", ""))
        values += re.findall(rf"^\s*{colour}", element.get("fill", ""))
        fills.update((int(red), int(green), int(blue)) for red, green, blue in values)
    return fills


def _svg_images(svg: bytes) -> list[bytes]:
    """The PNGs embedded in an SVG (Plotly draws a heatmap's cells as one image)."""
    images = []
    for element in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}image"):
        for name, value in element.attrib.items():
            if name.endswith("href") and value.startswith("data:image/png;base64,"):
                images.append(base64.b64decode(value.split(",", 1)[1]))
    return images


def _assert_colourful_svg(file: File) -> None:
    """Well-formed SVG with colour in it: a coloured fill, or a coloured embedded image."""
    assert file.data.lstrip().startswith(b"<svg"), f"{file.name} is not an SVG"
    fills = _svg_fills(file.data)
    coloured_fill = any(max(rgb) - min(rgb) >= 60 for rgb in fills)
    coloured_image = any(_saturated_share(image) > 0.01 for image in _svg_images(file.data))
    assert coloured_fill or coloured_image, (
        f"{file.name} has no colour: fills {fills}, no coloured image"
    )


def _svg_text(svg: bytes) -> str:
    return "".join(ET.fromstring(svg).itertext())


def _topic_option(frames: Frames, topic_id: str) -> str:
    """The multiselect's text for a topic: its label, then its group."""
    topic = frames.topics.set_index("topic_id").loc[topic_id]
    return f"{topic['label']} · {topic['group_label']}"


# ---------------------------------------------------------------------------------------------
# Drawing


def test_page_draws_title_figures_and_four_charts(
    page: Page, dashboard_url: str, frames_en: Frames
) -> None:
    """The default page shows the visit's title, all key figures and the topic chart alone; each
    tab clicked draws its own charts (four in all), and no exception."""
    _open(page, dashboard_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(frames_en.visit["title"])
    expect(_metrics(page)).to_have_text(ALL)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    for section, keys in SECTION_KEYS.items():
        _open_tab(page, section)
        expect(page.locator(".js-plotly-plot")).to_have_count(len(keys))
        for key in keys:
            chart = _chart(page, key)
            expect(chart).to_be_visible()
            assert chart.locator(MARKS).count() > 0, f"{key} has no marks"
    assert sum(len(keys) for keys in SECTION_KEYS.values()) == 4
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlert")).to_have_count(0)


# ---------------------------------------------------------------------------------------------
# Filters and the URL


def test_topic_picked_in_multiselect_filters_page_and_url(
    page: Page, dashboard_url: str, frames_en: Frames
) -> None:
    """Picking Syria in the topic multiselect narrows figures and bars and puts topic=syria in the URL."""
    _open(page, dashboard_url, section="when")
    assert _drawn_bars(page, "timeline_chart") == 3
    topics = page.locator(".st-key-topics").get_by_role("combobox")
    topics.click()
    # The option list is virtual: typing brings the wanted option into the DOM.
    topics.fill("Syria")
    page.get_by_role("listbox").get_by_role(
        "option", name=_topic_option(frames_en, "syria"), exact=True
    ).click()
    page.keyboard.press("Escape")
    _expect_figures(page, "2", "3")
    expect(page).to_have_url(re.compile(r"[?&]topic=syria(&|$)"))
    _settle(page)
    assert _drawn_bars(page, "timeline_chart") == 2
    _open_tab(page, "what")
    # Group heading rows carry no topic id; every row with one must be Syria's.
    ids = page.evaluate(
        "() => document.querySelector('.st-key-topic_chart .js-plotly-plot').data"
        ".flatMap(trace => trace.customdata.map(row => row[0]))"
    )
    assert {topic_id for topic_id in ids if topic_id} == {"syria"}


def test_day_range_moved_by_keyboard_filters_page_and_url(page: Page, dashboard_url: str) -> None:
    """Moving the days slider's start onto 13 May leaves one event and eight statements, and from= in the URL."""
    _open(page, dashboard_url, section="when")
    start = page.locator(".st-key-days").get_by_role("slider", name=re.compile("start"))
    start.focus()
    page.keyboard.press("ArrowRight")
    _expect_figures(page, "1", "8")
    expect(page).to_have_url(re.compile(r"[?&]from=2021-05-13(&|$)"))
    expect(start).to_have_attribute("aria-valuetext", "13 May 2021")
    _settle(page)
    assert _drawn_bars(page, "timeline_chart") == 1


def test_shared_link_restores_language_and_filters(
    page: Page, dashboard_url: str, frames_hi: Frames
) -> None:
    """A link with lang=hi, topic=syria and from=13 May opens in Hindi with that view and keeps its query."""
    _open(page, dashboard_url, "?lang=hi&topic=syria&from=2021-05-13")
    expect(page.get_by_role("heading", level=1)).to_have_text(frames_hi.visit["title"])
    _expect_figures(page, "1", "2")
    tags = page.locator(".st-key-topics").get_by_test_id("stMultiSelectTagsContainer")
    expect(tags).to_contain_text(_topic_option(frames_hi, "syria"))
    expect(tags).to_contain_text("सीरिया")
    expect(page.locator(".st-key-lang").get_by_role("radio", name="हिन्दी")).to_be_checked()
    for param in ("lang=hi", "topic=syria", "from=2021-05-13"):
        expect(page).to_have_url(re.compile(rf"[?&]{param}(&|$)"))


# ---------------------------------------------------------------------------------------------
# Clicks on charts


def test_click_on_topic_bar_filters_to_that_topic(
    page: Page, dashboard_url: str, frames_en: Frames
) -> None:
    """Clicking Syria's bar in the topic chart selects Syria in the filter, the figures and the URL."""
    _open(page, dashboard_url)
    _click_bar(page, "topic_chart", "syria")
    _expect_figures(page, "2", "3")
    expect(page).to_have_url(re.compile(r"[?&]topic=syria(&|$)"))
    expect(
        page.locator(".st-key-topics").get_by_test_id("stMultiSelectTagsContainer")
    ).to_contain_text(_topic_option(frames_en, "syria"))


def test_click_on_timeline_bar_narrows_days_to_its_day(page: Page, dashboard_url: str) -> None:
    """Clicking the 13 May meeting in the timeline narrows the days slider to 13 May and the URL to from=."""
    _open(page, dashboard_url, section="when")
    _click_bar(page, "timeline_chart", "putin-meeting")
    _expect_figures(page, "1", "8")
    expect(page).to_have_url(re.compile(r"[?&]from=2021-05-13(&|$)"))
    for thumb in ("start", "end"):
        expect(
            page.locator(".st-key-days").get_by_role("slider", name=re.compile(thumb))
        ).to_have_attribute("aria-valuetext", "13 May 2021")


# ---------------------------------------------------------------------------------------------
# Downloads


def test_toolbar_png_is_named_after_chart_and_in_colour(page: Page, dashboard_url: str) -> None:
    """Plotly's own "Download plot as a PNG" saves a colour PNG named after the chart, not "newplot"."""
    _open(page, dashboard_url)
    chart = _chart(page, "topic_chart")
    chart.hover()
    button = chart.get_by_role("button", name=re.compile("download plot as a png", re.IGNORECASE))
    file = _download(page, button.click)
    assert file.name.startswith("topics-") and file.name.endswith(".png"), file.name
    _assert_real_colourful_png(file)


def test_server_images_of_every_chart_are_real_and_in_colour(
    page: Page, dashboard_url: str
) -> None:
    """Each chart's PNG and SVG buttons give a named, colour PNG and a well-formed, colour SVG."""
    _open(page, dashboard_url)
    for section, keys in SECTION_KEYS.items():
        _open_tab(page, section)
        for key in keys:
            _assert_server_images(page, key)


def _assert_server_images(page: Page, key: str) -> None:
    png = _server_image(page, key, "png")
    assert png.name == f"{FILE_NAMES[key]}-all.png"
    _assert_real_colourful_png(png)
    svg = _server_image(page, key, "svg")
    assert svg.name == f"{FILE_NAMES[key]}-all.svg"
    _assert_colourful_svg(svg)


def test_server_images_follow_language_switch_to_hindi(page: Page, dashboard_url: str) -> None:
    """After switching to Hindi in the sidebar, the topic chart's files carry Devanagari and differ from English."""
    _open(page, dashboard_url)
    english = _server_image(page, "topic_chart", "png")
    page.locator(".st-key-lang").get_by_role("radio", name="हिन्दी").click()
    expect(page).to_have_url(re.compile(r"[?&]lang=hi(&|$)"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(DEVANAGARI)
    _settle(page)
    svg = _server_image(page, "topic_chart", "svg")
    assert DEVANAGARI.search(_svg_text(svg.data)), "the Hindi SVG has no Devanagari text"
    _assert_colourful_svg(svg)
    hindi = _server_image(page, "topic_chart", "png")
    _assert_real_colourful_png(hindi)
    assert hindi.data != english.data, "the Hindi PNG is the English one"


def test_data_downloads_hold_every_statement(page: Page, dashboard_url: str) -> None:
    """The CSV button gives valid CSV with one row per statement (22), the JSON button valid JSON."""
    _open(page, dashboard_url)
    table = _download(page, page.locator(".st-key-download_csv").get_by_role("button").click)
    assert table.name == "statements-all.csv"
    rows = list(csv.DictReader(io.StringIO(table.data.decode("utf-8-sig"))))
    assert len(rows) == 22
    assert {"event_id", "text", "quote"} <= set(rows[0])
    view = _download(page, page.locator(".st-key-download_json").get_by_role("button").click)
    assert view.name == "view-all.json"
    document = json.loads(view.data)
    assert len(document["statements"]) == 22
    assert len(document["events"]) == 3


# ---------------------------------------------------------------------------------------------
# Phone width

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.browser_context_args(**PHONE)
def test_phone_width_fits_charts_and_collapses_sidebar(page: Page, dashboard_url: str) -> None:
    """At 390 px the sidebar starts collapsed and, in every tab, the charts and the page fit the
    screen without sideways scrolling."""
    _open(page, dashboard_url)
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible()
    width = page.viewport_size["width"] if page.viewport_size else 390
    for section, keys in SECTION_KEYS.items():
        _open_tab(page, section)
        for key in keys:
            box = _chart(page, key).bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (
                f"{key} is {box} on a {width} px screen"
            )
        overflow = page.evaluate("""() => [document.documentElement, document.querySelector('[data-testid="stMain"]'),
            document.querySelector('[data-testid="stMainBlockContainer"]')].map(e => e.scrollWidth - e.clientWidth)""")
        assert overflow == [0, 0, 0], f"{section}: content wider than the screen by {overflow} px"


@pytest.mark.browser_context_args(**PHONE)
def test_phone_width_keeps_chart_labels_inside_charts(page: Page, dashboard_url: str) -> None:
    """At 390 px no chart, in any tab, draws a label outside its own area, where it would be cut off."""
    _open(page, dashboard_url)
    clipped = {}
    for section, keys in SECTION_KEYS.items():
        _open_tab(page, section)
        clipped.update({key: _chart(page, key).evaluate(CLIPPED_TEXT) for key in keys})
    assert not any(clipped.values()), f"labels cut off: {clipped}"


# ---------------------------------------------------------------------------------------------
# Last: the server's log after everything above


def test_server_log_stays_clean(
    page: Page, dashboard_url: str, log_problems: Callable[[str], list[str]]
) -> None:
    """After the page's runs, clicks and renders, the server has logged no traceback or deprecation."""
    _open(page, dashboard_url, "?lang=hi&topic=syria", section="when")
    _server_image(page, "timeline_chart", "png")
    found = log_problems(dashboard_url)
    assert not found, f"server log has {found}:\n{server_log(dashboard_url)[-3000:]}"
