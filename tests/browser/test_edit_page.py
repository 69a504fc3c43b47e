"""The editor page in a real Chromium: every sentence shown, and a download that is the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard import editing
from dashboard.load import DEFAULT_LOG
from dashboard.server import serve

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _open_editor(page: Page, url: str) -> None:
    """Open the editor from the app's menu, as a reader does (a deep link makes Streamlit probe
    the page's folder for its own endpoints: two 404s in the console)."""
    page.goto(url)
    page.get_by_role("link", name="Editor").click()
    expect(page).to_have_url(url + "/edit")
    expect(page.get_by_text("The log is valid.")).to_be_visible()


@pytest.fixture(scope="module")
def edit_url(chromium: str) -> Iterator[str]:
    """A server of the app on the shipped log (no --save: the editor never writes)."""
    del chromium
    with serve("streamlit_app.py", args=["--data", str(DEFAULT_LOG)]) as url:
        yield url


def test_every_sentence_is_shown_and_the_download_is_the_file(page: Page, edit_url: str) -> None:
    """Each of the article's 20 sentences is on the page as text, the one no statement quotes
    marked so, and "Download YAML" with no edit gives the file byte for byte."""
    _open_editor(page, edit_url)
    listing = page.locator(".st-key-edit-sentence_list")
    document = editing.load(DEFAULT_LOG.read_text(encoding="utf-8"), (2, 4, 2))
    found = editing.source_sentences(
        document, editing.source_paragraphs(document, DEFAULT_LOG.parent)
    )
    assert len(found) == 20
    shown = listing.inner_text()
    for sentence in found:
        assert sentence.text in shown
    expect(listing.get_by_text("○ ¶5.1 [not quoted]")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download YAML").click()
    saved = Path(download.value.path())
    assert saved.read_bytes() == DEFAULT_LOG.read_bytes()


def test_an_invalid_edit_is_shown_by_its_row_and_blocks_save(page: Page, tmp_path: Path) -> None:
    """Adding a statement whose speaker is not at its event shows the problem under the new
    statement's row, and Save (offered because `edit` passes --save) is disabled."""
    import shutil

    log = tmp_path / "events.yaml"
    shutil.copy(DEFAULT_LOG, log)
    shutil.copytree(DEFAULT_LOG.parent / "sources", tmp_path / "sources")
    with serve("streamlit_app.py", args=["--data", str(log), "--save"]) as url:
        _open_editor(page, url)
        form = page.locator("[data-testid='stForm']")
        # By keyboard: type to filter the people, Enter picks the one shown.
        speakers = form.get_by_label("Speakers")
        speakers.click()
        speakers.press_sequentially("Lavrov")
        expect(page.get_by_role("option", name="Sergey Lavrov (lavrov)")).to_be_visible()
        speakers.press("Enter")
        speakers.press(
            "Escape"
        )  # close the list, which hides the rest of the page from the a11y tree
        form.get_by_role("button", name="Add the statement").click()
        expect(
            page.get_by_text("point:article-5-1: events[2].points[8].speakers[0]", exact=False)
        ).to_be_visible()
        expect(page.get_by_role("button", name="Save to events.yaml")).to_be_disabled()
    assert log.read_bytes() == DEFAULT_LOG.read_bytes()
