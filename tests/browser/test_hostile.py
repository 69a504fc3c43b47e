"""The hostile log in a real Chromium: script tags, handlers, javascript: links, Markdown, LaTeX and
Plotly markup in every text field are shown as text and never run, through filters, hover,
language and the provenance article.

tests/test_injection.py checks the HTML and figures the server sends; only a browser shows what
Streamlit's Markdown, st.html and Plotly build from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.server import serve, server_log
from dashboard.urlstate import section_label

from . import settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "events.yaml"
LOAD_TIMEOUT_MS = 120_000
ARTICLE_HI = "पूरा लेख, उद्धृत अंश चिह्नित"

# Every payload in the fixture, as a reader must see it: literally.
LITERAL = [
    '<script>window.__pwned=1;alert("script")</script>',
    "<img src=x onerror=\"window.__pwned=2;alert('img')\">",
    "[click me](javascript:window.__pwned=3)",
    '**bold** <b onmouseover="window.__pwned=4">markdown html</b>',
    '%{customdata[0]} <a href="javascript:alert(5)">plotly hover link</a> <br> $x^2$',
]
PAYLOAD = " | ".join(LITERAL)  # the fixture's whole text after each field's own word


# What the payloads would have built, had any been taken as markup, in one document.
INJECTED = """() => {
  const all = [...document.querySelectorAll('*')];
  const attrs = all.flatMap(el => [...el.attributes].map(a => [el.tagName.toLowerCase(), a.name.toLowerCase(), a.value]));
  return {
    pwned: typeof window.__pwned !== 'undefined',
    handlers: attrs.filter(([, name]) => name.startsWith('on')).map(a => a.join(' ')),
    javascriptUrls: attrs.filter(([, name, value]) => /(^|:)(href|src|action)$/.test(name)
      && /^\\s*javascript:/i.test(value)).map(a => a.join(' ')),
    srcX: all.filter(el => el.getAttribute('src') === 'x').map(el => el.outerHTML),
    scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')).length,
    markup: [...document.querySelectorAll('b, strong, em')].filter(el => /markdown html|^bold$/.test(el.textContent)).map(el => el.outerHTML),
    latex: document.querySelectorAll('.katex, math').length,
  };
}"""

CLEAN = {
    "pwned": False,
    "handlers": [],
    "javascriptUrls": [],
    "srcX": [],
    "scripts": 0,
    "markup": [],
    "latex": 0,
}


@pytest.fixture(scope="module")
def hostile_url(chromium: str) -> Iterator[str]:
    """A server started as ``streamlit run streamlit_app.py -- --data tests/fixtures/hostile/...``."""
    del chromium
    with serve(args=["--data", str(HOSTILE)]) as url:
        yield url
        log = server_log(url)
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every alert, confirm or prompt the page opens; each is dismissed so the page goes on."""
    opened: list[str] = []

    def dismiss(dialog: Any) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return opened


def _settle(page: Page) -> None:
    settle(page, timeout=LOAD_TIMEOUT_MS)


def _assert_nothing_injected(page: Page, dialogs: list[str]) -> None:
    for frame in page.frames:  # st.html and components may draw into frames of their own
        assert frame.evaluate(INJECTED) == CLEAN, frame.url
    assert dialogs == []


def _visible_text(page: Page) -> str:
    text: str = page.evaluate("() => document.body.innerText")
    return text


# Marks the first bar of a chart that is drawn big enough to point at (empty bars have no size).
MARK_BAR = """(chartKey) => {
  const bars = document.querySelectorAll(`.st-key-${chartKey} .js-plotly-plot g.trace.bars g.point path`);
  for (const bar of bars) {
    const box = bar.getBoundingClientRect();
    if (box.width > 2 && box.height > 2) { bar.setAttribute('data-e2e', 'hover'); return true; }
  }
  return false;
}"""


def _hover_first_bar(page: Page, chart_key: str) -> str:
    """Hover a drawn bar of a chart with the mouse; the hover label's text."""
    assert page.evaluate(MARK_BAR, chart_key), f"no drawn bar in {chart_key}"
    bar = page.locator(f'.st-key-{chart_key} [data-e2e="hover"]')
    # Centred: at the top of the view the sticky Streamlit header would take the pointer.
    bar.evaluate("bar => bar.scrollIntoView({block: 'center'})")
    box = bar.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    label = page.locator(f".st-key-{chart_key} .hoverlayer .hovertext").first
    expect(label).to_be_attached()
    text: str = label.evaluate("node => node.textContent")
    return text


def test_hostile_text_is_shown_literally_and_never_runs(
    page: Page, hostile_url: str, dialogs: list[str]
) -> None:
    """Title, place, figures and hover labels show every payload as text; nothing is injected."""
    page.goto(hostile_url)
    _settle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("visit " + PAYLOAD)
    assert "place " + PAYLOAD in _visible_text(page)
    hover = _hover_first_bar(page, "topic_chart")
    assert "<script>window.__pwned=1" in hover
    assert "%{customdata[0]}" in hover  # not filled in by Plotly's template
    assert "<br>" in hover  # not a line break
    _assert_nothing_injected(page, dialogs)


def test_filters_language_and_provenance_keep_hostile_text_inert(
    page: Page, hostile_url: str, dialogs: list[str]
) -> None:
    """A topic picked by its hostile label, Hindi, the hover and the article: still only text."""
    page.goto(hostile_url)
    _settle(page)
    topics = page.locator(".st-key-topics").get_by_role("combobox")
    topics.click()
    topics.fill("topic2")
    page.get_by_role("listbox").get_by_role("option").filter(
        has_text="topic2 " + LITERAL[0]
    ).click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"[?&]topic=markup(&|$)"))
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text("2")
    _settle(page)
    _assert_nothing_injected(page, dialogs)

    page.locator(".st-key-lang").get_by_role("radio", name="हिन्दी").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("हिंदी visit " + PAYLOAD)
    _settle(page)
    page.get_by_role("tab", name=section_label("when", "hi")).click()
    expect(page).to_have_url(re.compile(r"[?&]section=when(&|$)"))
    _settle(page)
    # The hover wraps on spaces, and a label's lines join without one in its textContent.
    assert "<bonmouseover" in re.sub(r"\s+", "", _hover_first_bar(page, "timeline_chart"))

    # Statements quote the source verbatim; the article, opened, highlights the quotes in view.
    page.get_by_role("tab", name=section_label("statements", "hi")).click()
    expect(page.get_by_text("हिंदी point2 " + PAYLOAD).first).to_be_visible()
    assert "हिंदी point2 " + PAYLOAD in _visible_text(page)
    page.get_by_text(ARTICLE_HI).click()
    expect(page.locator("mark").filter(has_text="<img src=x").first).to_be_visible()
    text = _visible_text(page)
    assert "Paragraph two: " + LITERAL[1] + " and " + LITERAL[2] in text
    assert "Three: " + LITERAL[3] in text
    _assert_nothing_injected(page, dialogs)
