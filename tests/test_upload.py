"""Uploaded logs: validated like files, sources matched by name, the disk never read, a size cap."""

from __future__ import annotations

from pathlib import Path

from dashboard.load import DEFAULT_LOG
from dashboard.upload import parse_upload

ARTICLE = DEFAULT_LOG.parent / "sources" / "article.hi.txt"
OTHER = Path(__file__).resolve().parent / "fixtures" / "other_visit"


def test_a_log_uploaded_with_its_source_is_accepted() -> None:
    """The shipped log plus its article, uploaded together, validate and keep every paragraph."""
    log, problems = parse_upload(
        {"events.yaml": DEFAULT_LOG.read_bytes(), "article.hi.txt": ARTICLE.read_bytes()}
    )
    assert problems == []
    assert log is not None
    assert len(log.paragraphs["article"]) == 7


def test_a_log_with_two_sources_in_two_languages() -> None:
    """Several sources are each matched by file name."""
    files = {"events.yaml": (OTHER / "events.yaml").read_bytes()}
    files |= {p.name: p.read_bytes() for p in (OTHER / "sources").iterdir()}
    log, problems = parse_upload(files)
    assert problems == [] and log is not None
    assert set(log.paragraphs) == {"communique", "presse"}


def test_an_upload_never_reads_sources_from_the_server_disk() -> None:
    """Without its source uploaded, the log is refused: the file beside the server is not used."""
    log, problems = parse_upload({"events.yaml": DEFAULT_LOG.read_bytes()})
    assert log is None
    assert problems[0].path == "sources[0].path"
    assert "'article.hi.txt' was not uploaded with the log" in problems[0].message


def test_an_upload_missing_a_source_names_the_file_to_add() -> None:
    """The other visit uploaded with one of its two sources: the problem names the missing file,
    what the upload held, and says only the file name must match."""
    files = {
        "events.yaml": (OTHER / "events.yaml").read_bytes(),
        "communique.en.txt": (OTHER / "sources" / "communique.en.txt").read_bytes(),
    }
    log, problems = parse_upload(files)
    assert log is None
    assert [p.path for p in problems] == ["sources[1].path"]
    assert problems[0].hint.startswith("Choose 'presse.fr.txt' too, together with the log")
    assert "this upload holds 'communique.en.txt'" in problems[0].hint


def test_a_bad_upload_lists_every_problem_with_lines() -> None:
    """An invalid upload returns each problem with the upload's name, a line and a field path."""
    text = DEFAULT_LOG.read_text(encoding="utf-8").replace("date: 2021-05-13", "date: 2021-05-19")
    log, problems = parse_upload(
        {"mine.yaml": text.encode(), "article.hi.txt": ARTICLE.read_bytes()}
    )
    assert log is None
    assert [(p.file, p.path) for p in problems] == [("mine.yaml", "events[2].date")]
    assert problems[0].line is not None


def test_uploads_over_the_cap_are_refused_before_parsing() -> None:
    """A file larger than the cap is refused with its size and the cap, and how to proceed."""
    log, problems = parse_upload({"big.yaml": b"a: 1\n" * 100}, max_bytes=100)
    assert log is None
    assert problems[0].message == "the file is 500 bytes, over the 100 bytes cap"
    assert "--data" in problems[0].hint


def test_exactly_one_log_is_needed() -> None:
    """Two YAML files, or none, are refused with a sentence saying what to upload."""
    for files in ({"a.yaml": b"x: 1", "b.yml": b"y: 2"}, {"notes.txt": b"hello"}):
        log, problems = parse_upload(files)
        assert log is None
        assert "exactly one log is needed" in problems[0].message
