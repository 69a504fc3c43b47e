"""Eight readers at once on one server, each in their own browser context: every one keeps its own
filters, language and upload, and nobody else ever sees an upload.

The page's caches are shared by every session of a server (st.cache_data, st.cache_resource);
only the browser shows that what they share never leaks one reader's state to another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from . import SHIPPED_CHARTS, charts_for, settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "tests" / "fixtures" / "other_visit"
CORPUS = ROOT / "tests" / "corpus"
# Eight pages drawing at once on two shared cores: generous, and each wait is on a condition.
WAIT_MS = 240_000

EN = "UN Secretary-General António Guterres visits Moscow"
HI = "संयुक्त राष्ट्र महासचिव एंटोनियो गुटेरेस का मॉस्को दौरा"
LISBON = "Test delegation in Lisbon"
LISBON_TOPICS = {"fisheries", "oceans", "migration", "energy"}
ALL = ["3", "22", "26", "3"]


TOPIC_IDS = """() => document.querySelector('.st-key-topic_chart .js-plotly-plot').data
  .flatMap(trace => (trace.customdata || []).map(row => row[0])).filter(Boolean)"""


@dataclass
class Reader:
    """One browser context: where it starts, and what it must show once everyone has acted."""

    name: str
    query: str
    title: str
    figures: list[str]
    url_has: tuple[str, ...] = ()
    topics: set[str] | None = None  # exactly these topic ids in the topic chart, when set
    page: Page = field(init=False)
    errors: list[str] = field(default_factory=list)


def _readers() -> list[Reader]:
    # Figures (events, statements, topics, participants) as worked out from data/events.yaml.
    return [
        Reader("switches to Hindi", "", HI, ALL, ("lang=hi",)),
        Reader("Hindi", "?lang=hi", HI, ALL, ("lang=hi",)),
        Reader("Syria", "?topic=syria", EN, ["2", "3", "1", "3"], ("topic=syria",), {"syria"}),
        Reader("13 May in Hindi", "?lang=hi&from=2021-05-13", HI, ["1", "8", "19", "2"]),
        Reader(
            "Lavrov", "?participant=lavrov", EN, ["2", "13", "14", "2"], ("participant=lavrov",)
        ),
        Reader("virtual, by event", "?format=virtual&count_by=events", EN, ["1", "8", "19", "2"]),
        Reader("uploads the Lisbon log", "?lang=hi&topic=syria", LISBON, ["3", "4", "4", "4"]),
        Reader(
            "uploads a broken log",
            "?topic=libya&topic=yemen",
            EN,
            ["2", "2", "2", "3"],
            ("topic=libya",),
            {"libya", "yemen"},
        ),
    ]


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts made by the test (separate cookies and storage, as separate readers)."""
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def _open(browser: Browser, contexts: list[BrowserContext], url: str, reader: Reader) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    contexts.append(context)
    reader.page = context.new_page()
    reader.page.set_default_timeout(WAIT_MS)
    reader.page.on("pageerror", lambda error: reader.errors.append(str(error)))
    reader.page.goto(f"{url}/{reader.query}")


def _settle(page: Page) -> None:
    settle(page, timeout=WAIT_MS)


def _upload(page: Page, files: list[Path]) -> None:
    # The sidebar's only expander; its label is in the page's language.
    page.get_by_test_id("stSidebar").get_by_test_id("stExpander").locator("summary").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(f) for f in files]
    )


def _check(reader: Reader) -> None:
    """The reader's page shows its own view, and nothing of the uploads it didn't make."""
    page = reader.page
    expect(page.get_by_role("heading", level=1), reader.name).to_have_text(reader.title)
    expect(page.get_by_test_id("stMetricValue"), reader.name).to_have_text(reader.figures)
    # The Lisbon log has four people, so its page draws who-met-whom too.
    settle(
        page,
        WAIT_MS,
        charts_for(OTHER / "events.yaml") if reader.title == LISBON else SHIPPED_CHARTS,
    )
    for part in reader.url_has:
        assert re.search(rf"[?&]{re.escape(part)}(&|$)", page.url), (reader.name, page.url)
    topic_ids = set(page.evaluate(TOPIC_IDS))
    if reader.topics is not None:
        assert topic_ids == reader.topics, reader.name
    text = page.evaluate("() => document.body.innerText")
    if reader.title == LISBON:
        assert topic_ids and topic_ids <= LISBON_TOPICS, reader.name
        assert "Moscow" not in text
    else:
        assert topic_ids and not topic_ids & LISBON_TOPICS, reader.name
        assert "Lisbon" not in text, reader.name
    assert reader.errors == [], reader.name


def test_concurrent_sessions_keep_their_own_view_and_uploads(
    browser: Browser, contexts: list[BrowserContext], dashboard_url: str
) -> None:
    """Eight readers act at once; afterwards each still sees exactly its own view, and a newcomer
    sees the shipped log."""
    readers = _readers()
    for reader in readers:  # every page starts loading before any is waited for
        _open(browser, contexts, dashboard_url, reader)
    for reader in readers:
        _settle(reader.page)
    switcher, *_, valid, broken = readers

    # They act together: a language switch and the two uploads, each in its own tab.
    switcher.page.locator(".st-key-lang").get_by_role("radio", name="हिन्दी").click()
    _upload(valid.page, [OTHER / "events.yaml", *sorted((OTHER / "sources").iterdir())])
    _upload(broken.page, [CORPUS / "unknown-topic.yaml", CORPUS / "sources" / "note.en.txt"])

    alert = broken.page.get_by_test_id("stAlertContentError")
    expect(alert).to_contain_text("The uploaded log was not opened")
    expect(alert).to_contain_text("unknown-topic.yaml:32: events[0].points[0].topics[0]:")
    for reader in readers:
        _check(reader)
    # The Lisbon log offers neither Hindi nor Syria: the link's values are named as ignored.
    expect(valid.page.get_by_test_id("stAlertContentWarning")).to_contain_text("topic=syria")
    for reader in readers:
        if reader is not broken:
            assert reader.page.get_by_test_id("stAlertContentError").count() == 0, reader.name

    newcomer = Reader("arrives after the uploads", "", EN, ALL)
    _open(browser, contexts, dashboard_url, newcomer)
    _check(newcomer)
    assert newcomer.page.get_by_test_id("stAlertContentError").count() == 0
