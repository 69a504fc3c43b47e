"""Reading a log's sources: paragraphs one a line, or a worded reason, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.sources import SourceText, read_source, read_sources


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_bytes(b"one\r\ntwo\n\nfour\n\n")
    (tmp_path / "sources" / "latin1.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    (tmp_path / "sources" / "folder.txt").mkdir()
    return tmp_path


def test_a_source_is_its_lines_without_line_ends(folder: Path) -> None:
    """CRLF or LF, a paragraph is a line; blank lines inside count, trailing ones do not."""
    assert read_source("sources/a.txt", folder) == SourceText(["one", "two", "", "four"])


@pytest.mark.parametrize(
    ("path", "failure"),
    [
        ("/etc/passwd", "the path '/etc/passwd' leaves the log's folder"),
        ("../secret.txt", "the path '../secret.txt' leaves the log's folder"),
        ("sources\\a.txt", "the path 'sources\\\\a.txt' leaves the log's folder"),
        ("sources/b.txt", "the source file 'sources/b.txt' was not found next to the log"),
        (
            "sources/latin1.txt",
            "the source file 'sources/latin1.txt' cannot be read (UnicodeDecodeError)",
        ),
        (
            "sources/folder.txt",
            "the source file 'sources/folder.txt' cannot be read (IsADirectoryError)",
        ),
        ("a\0b", "the source file 'a\\x00b' cannot be read (ValueError)"),
    ],
)
def test_a_source_that_cannot_be_read_says_why(folder: Path, path: str, failure: str) -> None:
    """Each way a path can fail gives its own sentence and no paragraphs."""
    assert read_source(path, folder) == SourceText.unreadable(failure)


@pytest.mark.parametrize(
    ("uploaded", "failure"),
    [
        ({"a.txt": b"x\ny\n"}, None),
        ({}, "the source file 'a.txt' was not uploaded with the log"),
        ({"a.txt": b"\xff"}, "the source file 'a.txt' is not UTF-8 text"),
    ],
)
def test_an_uploaded_source_is_found_by_file_name(
    folder: Path, uploaded: dict[str, bytes], failure: str | None
) -> None:
    """With uploads given, the disk is never read, even where the file exists there."""
    found = read_source("sources/a.txt", folder, uploaded)
    assert found.failure == failure
    assert found.paragraphs == ([] if failure else ["x", "y"])


def test_a_log_without_a_folder_reads_no_disk() -> None:
    """An upload has no folder: a source not uploaded with it cannot be read from anywhere."""
    assert read_source("sources/a.txt", None).failure == (
        "the source 'sources/a.txt' cannot be read: this log has no folder"
    )


def test_sources_are_read_in_the_log_order(folder: Path) -> None:
    """One reading per path, in order, so the checks can pair each with its field."""
    found = read_sources(["sources/b.txt", "sources/a.txt"], folder)
    assert [reading.failure is None for reading in found] == [False, True]
