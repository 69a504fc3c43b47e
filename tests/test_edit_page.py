"""The editor page, driven as a reader would drive it (AppTest)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.load import DEFAULT_LOG, parse_log

pytestmark = pytest.mark.xdist_group("apptest")
UNQUOTED = "article:5:1"  # the one sentence of the shipped article no statement quotes


def _page() -> None:
    from dashboard.pages.edit import main

    main()


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """A copy of the shipped log and its sources."""
    shutil.copy(DEFAULT_LOG, tmp_path / "events.yaml")
    shutil.copytree(DEFAULT_LOG.parent / "sources", tmp_path / "sources")
    return tmp_path / "events.yaml"


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What each download button offers, by its URL."""
    offered: dict[str, bytes] = {}
    original = MediaFileManager.add

    def add(self: MediaFileManager, data: Any, *args: Any, **kwargs: Any) -> str:
        url = original(self, data, *args, **kwargs)
        offered[url] = data if isinstance(data, bytes) else str(data).encode()
        return url

    monkeypatch.setattr(MediaFileManager, "add", add)
    return offered


def _open(monkeypatch: pytest.MonkeyPatch, log: Path) -> AppTest:
    monkeypatch.setenv("VISIT_LOG", str(log))
    monkeypatch.setattr("sys.argv", ["streamlit_app.py"])
    app = AppTest.from_function(_page, default_timeout=120).run()
    assert not app.exception
    return app


def _yaml_download(app: AppTest, downloads: dict[str, bytes]) -> bytes:
    button = next(b for b in app.get("download_button") if b.label == "Download YAML")
    return downloads[button.proto.url]


def test_add_a_statement_and_download_it(
    monkeypatch: pytest.MonkeyPatch, log: Path, downloads: dict[str, bytes]
) -> None:
    """From the unquoted sentence, with a speaker, a topic and a translation, a statement is
    added, the page says the log is valid, and the download validates and holds it."""
    app = _open(monkeypatch, log)
    assert app.selectbox(key="edit.sentence").value == UNQUOTED
    app.multiselect(key=f"edit.new.speakers.{UNQUOTED}").set_value(["putin"])
    app.multiselect(key=f"edit.new.topics.{UNQUOTED}").set_value(["russia-un-cooperation"])
    app.text_area(key=f"edit.new.text.en.{UNQUOTED}").input("Guterres then met Putin virtually.")
    app.button(key=f"FormSubmitter:edit.new.{UNQUOTED}-Add the statement").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == [
        r"Added statement article\-5\-1\.",  # ids are escaped: Markdown shows them as typed
        "The log is valid.",
    ]
    data = _yaml_download(app, downloads)
    parsed = parse_log(data, "events.yaml", log.parent)
    points = parsed.flat.points
    new = points["id"].index("article-5-1")
    assert points["event_id"][new] == "putin-meeting"
    assert points["text"][new]["en"] == "Guterres then met Putin virtually."
    assert log.read_bytes() == DEFAULT_LOG.read_bytes()  # the browser alone never writes the file


def test_a_download_with_no_edit_equals_the_file(
    monkeypatch: pytest.MonkeyPatch, log: Path, downloads: dict[str, bytes]
) -> None:
    """Opened and downloaded with no edit, the log is the file, byte for byte."""
    app = _open(monkeypatch, log)
    assert _yaml_download(app, downloads) == log.read_bytes()


def test_an_invalid_edit_is_shown_beside_its_row_and_undone(
    monkeypatch: pytest.MonkeyPatch, log: Path
) -> None:
    """A speaker not at the event is named with the new statement's row; undo brings back the
    valid log."""
    app = _open(monkeypatch, log)
    app.multiselect(key=f"edit.new.speakers.{UNQUOTED}").set_value(["lavrov"])
    app.button(key=f"FormSubmitter:edit.new.{UNQUOTED}-Add the statement").click().run()
    assert [e.value for e in app.error][-1].endswith("cannot be saved until they are fixed.")
    assert any(
        text.value.startswith("point:article-5-1: events[2].points[8].speakers[0]")
        for text in app.text
    )
    app.button(key="edit.undo").click().run()
    assert "The log is valid." in [s.value for s in app.success]
    assert "article-5-1" not in app.session_state["edit.history"].text


def test_the_page_speaks_hindi_and_keeps_the_edit(
    monkeypatch: pytest.MonkeyPatch, log: Path
) -> None:
    """Switching the interface to Hindi keeps the edit made in English."""
    app = _open(monkeypatch, log)
    app.button(key=f"FormSubmitter:edit.new.{UNQUOTED}-Add the statement").click().run()
    app.segmented_control(key="edit.lang").set_value("hi").run()
    assert app.title[0].value == "लॉग संपादित करें"
    assert "article-5-1" in app.session_state["edit.history"].text


def test_save_writes_the_file_back_with_a_backup(
    monkeypatch: pytest.MonkeyPatch, log: Path
) -> None:
    """Started by `edit` (with --save), the page saves a valid edit to the file and keeps the
    old version as events.yaml.bak; an invalid log's Save is disabled."""
    monkeypatch.setenv("VISIT_LOG", str(log))
    monkeypatch.setattr("sys.argv", ["streamlit_app.py", "--save"])
    app = AppTest.from_function(_page, default_timeout=120).run()
    app.multiselect(key=f"edit.new.speakers.{UNQUOTED}").set_value(["lavrov"])
    app.button(key=f"FormSubmitter:edit.new.{UNQUOTED}-Add the statement").click().run()
    assert app.button(key="edit.save").disabled
    app.button(key="edit.undo").click().run()
    app.multiselect(key=f"edit.new.speakers.{UNQUOTED}").set_value(["putin"])
    app.text_area(key=f"edit.new.text.en.{UNQUOTED}").input("Guterres then met Putin virtually.")
    app.button(key=f"FormSubmitter:edit.new.{UNQUOTED}-Add the statement").click().run()
    app.button(key="edit.save").click().run()
    assert not app.exception
    assert any(r"events\.yaml\.bak" in s.value for s in app.success)
    assert (log.parent / "events.yaml.bak").read_bytes() == DEFAULT_LOG.read_bytes()
    assert "id: article-5-1" in log.read_text(encoding="utf-8")


def test_a_draft_opens_unchanged_and_its_reviews_can_all_be_accepted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A fresh draft opens with no change made by the page itself, counts its review marks, and
    accepting one takes it off the count."""
    from dashboard.cli import main as cli

    article = DEFAULT_LOG.parent / "sources" / "article.hi.txt"
    assert (
        cli(["draft", str(article), "--out", str(tmp_path / "d"), "--like", str(DEFAULT_LOG)]) == 0
    )
    app = _open(monkeypatch, tmp_path / "d" / "events.yaml")
    assert len(app.session_state["edit.history"].texts) == 1
    assert "47 items still await review." in [m.value for m in app.markdown]
    app.button(key="edit.accept.visit").click().run()
    assert "46 items still await review." in [m.value for m in app.markdown]
    assert "\n  review:" not in app.session_state["edit.history"].text.split("sources:")[0]


def test_the_visit_form_changes_only_the_title_line(
    monkeypatch: pytest.MonkeyPatch, log: Path
) -> None:
    """A new English title for the visit, applied from its form, changes that one line."""
    app = _open(monkeypatch, log)
    app.text_input(key="edit.visit.title.en.0").input("Guterres in Moscow")
    app.button(key="FormSubmitter:edit.visit.0-Apply").click().run()
    assert not app.exception
    before = DEFAULT_LOG.read_text(encoding="utf-8").splitlines()
    after = app.session_state["edit.history"].text.splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (
            "    en: UN Secretary-General António Guterres visits Moscow",
            "    en: Guterres in Moscow",
        )
    ]


def test_the_preview_draws_the_dashboards_charts_from_the_edit(
    monkeypatch: pytest.MonkeyPatch, log: Path
) -> None:
    """Turned on, the preview draws each of the dashboard's charts for the log being edited."""
    from dashboard import panels
    from dashboard.load import build_frames, read_log

    app = _open(monkeypatch, log)
    assert not app.get("plotly_chart")
    app.toggle(key="edit.preview").set_value(True).run()
    assert not app.exception
    expected = panels.drawn(build_frames(read_log(log), "en"))
    assert len(app.get("plotly_chart")) == len(expected) > 0


def test_a_file_that_is_not_yaml_shows_its_problem_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A log the YAML reader cannot read opens to its problem, with its line, and no tables."""
    log = tmp_path / "events.yaml"
    log.write_text("schema_version: 2\nvisit: [unclosed\n", encoding="utf-8")
    app = _open(monkeypatch, log)
    assert app.error[0].value.startswith("1 problem(s)")
    assert app.text[0].value.startswith("(document) (line 3): YAML syntax error")
    assert not app.get("arrow_data_frame") and not app.get("data_editor")


def test_a_draft_is_finished_and_saved_in_the_browser_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """From `draft`'s output: a shorter visit title, every mark accepted or dropped, and Save
    writes a finished log (no `draft: true`, no mark) that `validate` accepts."""
    from dashboard.cli import main as cli
    from dashboard.flat import count_reviews
    from dashboard.load import read_log

    article = DEFAULT_LOG.parent / "sources" / "article.hi.txt"
    assert (
        cli(["draft", str(article), "--out", str(tmp_path / "d"), "--like", str(DEFAULT_LOG)]) == 0
    )
    log = tmp_path / "d" / "events.yaml"
    monkeypatch.setenv("VISIT_LOG", str(log))
    monkeypatch.setattr("sys.argv", ["streamlit_app.py", "--save"])
    app = AppTest.from_function(_page, default_timeout=120).run()
    app.text_input(key="edit.visit.title.hi.0").input("महासचिव का मॉस्को दौरा")
    app.button(key="FormSubmitter:edit.visit.0-Apply").click().run()
    app.button(key="edit.drop.events.0.points.0").click().run()  # a statement not worth keeping
    while accepts := [b for b in app.button if (b.key or "").startswith("edit.accept.")]:
        accepts[0].click().run()
        assert not app.exception
    assert "Nothing awaits review." in [c.value for c in app.caption]
    app.button(key="edit.save").click().run()
    finished = read_log(log)
    assert "draft" not in finished.document
    assert count_reviews(finished.document) == 0
    assert finished.document["visit"]["title"]["hi"] == "महासचिव का मॉस्को दौरा"
    assert len(finished.flat.points["id"]) == 19  # the draft's 20, one dropped
