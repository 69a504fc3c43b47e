"""The editor's logic: round trip, edits, checks by row, undo and the atomic save."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from dashboard import editing
from dashboard.load import DEFAULT_LOG, read_log

SHIPPED = DEFAULT_LOG.read_text(encoding="utf-8")


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    """A copy of the shipped log and its sources, to edit and save."""
    shutil.copy(DEFAULT_LOG, tmp_path / "events.yaml")
    shutil.copytree(DEFAULT_LOG.parent / "sources", tmp_path / "sources")
    return tmp_path


def _unquoted() -> editing.Sentence:
    document = editing.load(SHIPPED, editing.style_of(SHIPPED))
    found = editing.source_sentences(
        document, editing.source_paragraphs(document, DEFAULT_LOG.parent)
    )
    return next(s for s in found if not s.quoted_by)


def _add(text: str, sentence: editing.Sentence, speakers: list[str], topics: list[str]) -> str:
    def change(document: object) -> None:
        editing.add_statement(
            document,
            event_id=editing.event_for(document, sentence.source, sentence.paragraph),
            source=sentence.source,
            paragraph=sentence.paragraph,
            quote=sentence.text,
            voice="said",
            speakers=speakers,
            topics=topics,
            texts={"en": "Guterres then met President Putin virtually.", "hi": sentence.text},
        )

    return editing.edited(text, change)


def test_the_shipped_log_round_trips_byte_for_byte() -> None:
    """Loading and dumping the shipped log with no edit gives its bytes back, comments and all."""
    style = editing.style_of(SHIPPED)
    assert style == (2, 4, 2)
    assert editing.dump(editing.load(SHIPPED, style), style) == SHIPPED
    assert "# The article's first paragraph" in SHIPPED


def test_a_draft_round_trips_in_its_own_indentation(tmp_path: Path) -> None:
    """A draft, written by PyYAML with sequences flush with their key, also dumps unchanged."""
    from dashboard.cli import main

    assert (
        main(
            [
                "draft",
                str(DEFAULT_LOG.parent / "sources" / "article.hi.txt"),
                "--out",
                str(tmp_path / "d"),
                "--like",
                str(DEFAULT_LOG),
            ]
        )
        == 0
    )
    text = (tmp_path / "d" / "events.yaml").read_text(encoding="utf-8")
    assert editing.style_of(text) == (2, 2, 0)
    assert editing.round_trips(text)


def test_an_edit_changes_only_its_own_lines() -> None:
    """Changing one statement's voice rewrites that one line and nothing else."""
    after = editing.edited(SHIPPED, lambda d: editing.set_point(d, "visit-talks", voice="said"))
    changed = [
        line for line in difflib.ndiff(SHIPPED.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]
    assert changed == ["-       voice: reported", "+       voice: said"]


def test_the_shipped_article_has_one_sentence_no_statement_quotes() -> None:
    """Every sentence of the article is listed; the one the log does not quote is marked so."""
    document = editing.load(SHIPPED, editing.style_of(SHIPPED))
    found = editing.source_sentences(
        document, editing.source_paragraphs(document, DEFAULT_LOG.parent)
    )
    assert [s.paragraph for s in found].count(2) == 5
    assert len(found) == 20
    assert [s.key for s in found if not s.quoted_by] == ["article:5:1"]


def test_a_new_statement_lands_on_its_paragraphs_day_and_validates(log_dir: Path) -> None:
    """A statement added from an unquoted sentence, with a speaker and a topic, makes a valid log
    that holds it, in the event of its paragraph, written the way the log writes its others."""
    sentence = _unquoted()
    after = _add(SHIPPED, sentence, ["putin"], ["russia-un-cooperation"])
    checked = editing.check(after, "events.yaml", log_dir)
    assert checked.problems == []
    assert checked.log is not None
    points = checked.log.flat.points
    new = points["id"].index("article-5-1")
    assert points["event_id"][new] == "putin-meeting"
    assert 'quote: "इसके बाद संयुक्त राष्ट्र प्रमुख ने' in after
    assert "speakers: [putin]" in after
    # Only lines were added, at the end of that event's statements.
    removed = [x for x in difflib.ndiff(SHIPPED.splitlines(), after.splitlines()) if x[:1] == "-"]
    assert removed == []


def test_a_problem_is_tied_to_the_row_it_concerns(log_dir: Path) -> None:
    """A speaker who is not at the event gives a problem on the new statement's row."""
    after = _add(SHIPPED, _unquoted(), ["lavrov"], ["syria"])
    checked = editing.check(after, "events.yaml", log_dir)
    assert checked.log is None
    rows = checked.by_row()
    assert list(rows) == ["point:article-5-1"]
    assert "participants" in rows["point:article-5-1"][0].message


def test_reviews_accept_and_drop(tmp_path: Path) -> None:
    """A draft's marks are counted; accepting deletes the mark, dropping deletes the statement,
    and the last mark gone takes ``draft: true`` with it."""
    from dashboard.cli import main

    assert (
        main(
            [
                "draft",
                str(DEFAULT_LOG.parent / "sources" / "article.hi.txt"),
                "--out",
                str(tmp_path / "d"),
                "--like",
                str(DEFAULT_LOG),
            ]
        )
        == 0
    )
    text = (tmp_path / "d" / "events.yaml").read_text(encoding="utf-8")
    document = editing.load(text, editing.style_of(text))
    marks = editing.reviews(document)
    assert len(marks) == 47
    point = next(m for m in marks if m.label.startswith("statement"))
    before = sum(len(e["points"]) for e in document["events"])
    editing.drop_suggestion(document, point.path)
    assert sum(len(e["points"]) for e in document["events"]) == before - 1
    for mark in reversed(editing.reviews(document)):
        editing.accept_review(document, mark.path)
    assert editing.reviews(document) == []
    assert "draft" not in document


def test_undo_steps_back_to_the_file_as_opened() -> None:
    """Undo returns each earlier text in turn and never goes past the file as opened."""
    history = editing.History([SHIPPED])
    history.push(
        editing.edited(SHIPPED, lambda d: editing.set_point(d, "visit-talks", voice="said"))
    )
    assert history.text != SHIPPED
    assert history.undo()
    assert history.text == SHIPPED
    assert not history.undo()


def test_save_keeps_a_backup_and_writes_the_new_text(log_dir: Path) -> None:
    """A valid save replaces the file and keeps the old one beside it as events.yaml.bak."""
    path = log_dir / "events.yaml"
    after = _add(SHIPPED, _unquoted(), ["putin"], ["russia-un-cooperation"])
    backup = editing.save(path, after)
    assert backup == log_dir / "events.yaml.bak"
    assert backup.read_text(encoding="utf-8") == SHIPPED
    assert path.read_text(encoding="utf-8") == after
    assert read_log(path).flat.points["id"].count("article-5-1") == 1
    assert [p.name for p in log_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_save_refuses_an_invalid_log(log_dir: Path) -> None:
    """A log that does not validate is not written; the problems come with the refusal."""
    path = log_dir / "events.yaml"
    after = _add(SHIPPED, _unquoted(), ["lavrov"], ["syria"])
    with pytest.raises(editing.SaveRefused) as refused:
        editing.save(path, after)
    assert refused.value.problems
    assert path.read_text(encoding="utf-8") == SHIPPED
    assert not editing.backup_path(path).exists()


def test_a_crash_during_save_leaves_the_old_file_whole(
    log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the process dies at the rename, the file is the old one, whole, and no temp is left."""
    path = log_dir / "events.yaml"
    after = _add(SHIPPED, _unquoted(), ["putin"], ["russia-un-cooperation"])

    def crash(*args: object) -> None:
        raise KeyboardInterrupt  # what a kill looks like to the code in between

    monkeypatch.setattr(editing.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        editing.save(path, after)
    assert path.read_text(encoding="utf-8") == SHIPPED
    assert [p.name for p in log_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_a_kill_during_save_leaves_the_old_file_whole(log_dir: Path) -> None:
    """A process killed (SIGKILL) between writing the new text and the rename leaves the log as
    it was, whole, and its backup beside it."""
    import subprocess
    import sys

    path = log_dir / "events.yaml"
    after = _add(SHIPPED, _unquoted(), ["putin"], ["russia-un-cooperation"])
    (log_dir / "new.txt").write_text(after, encoding="utf-8")
    child = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from dashboard import editing\n"
        "editing.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "path = Path(sys.argv[1])\n"
        "editing.save(path, (path.parent / 'new.txt').read_text(encoding='utf-8'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child, str(path)],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stderr
    assert path.read_text(encoding="utf-8") == SHIPPED
    assert editing.backup_path(path).read_text(encoding="utf-8") == SHIPPED


def test_table_edits_become_statement_changes() -> None:
    """A row edited in the statements table gives exactly the fields that changed, and an
    unchanged table gives none."""
    import pandas as pd

    from dashboard.pages.edit_tables import _row_changes

    before = pd.DataFrame.from_records(
        [
            {
                "id": "a",
                "voice": "said",
                "speakers": ["x"],
                "topics": [],
                "text.en": "One.",
                "paragraph": 2,
                "quote": "q",
            },
            {
                "id": "b",
                "voice": "reported",
                "speakers": [],
                "topics": ["t"],
                "text.en": "Two.",
                "paragraph": 3,
                "quote": "r",
            },
        ]
    )
    assert _row_changes(before, before.copy(), ["en"]) == []
    after = before.copy()
    after.at[1, "voice"] = "agreed"
    after.at[1, "topics"] = ["t", "u"]
    after.at[1, "text.en"] = "Two, again."
    assert _row_changes(before, after, ["en"]) == [
        ("b", {"voice": "agreed", "topics": ["t", "u"], "text": {"en": "Two, again."}})
    ]


def test_an_event_edit_changes_only_its_own_lines() -> None:
    """Changing an event's format and a participant rewrites those two lines only, the list kept
    in the log's own ``[a, b]`` style."""
    import datetime

    def change(document: object) -> None:
        editing.set_event(
            document,
            "lavrov-talks",
            format="virtual",
            participants=["guterres", "lavrov", "putin"],
            date=datetime.date(2021, 5, 12),
        )

    after = editing.edited(SHIPPED, change)
    changed = [
        line for line in difflib.ndiff(SHIPPED.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]
    assert changed == [
        "-     format: in-person",
        "+     format: virtual",
        "-     participants: [guterres, lavrov]",
        "+     participants: [guterres, lavrov, putin]",
    ]
