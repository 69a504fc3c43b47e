"""The frame store: a warm start gives the frames a cold one builds, and never stale ones."""

from __future__ import annotations

import ast
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from dashboard import store
from dashboard.load import COLUMNS, DEFAULT_LOG, build_frames, read_log
from dashboard.problems import LogError


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(store.CACHE_ENV, str(folder))
    return folder


def _entries(cache: Path) -> list[Path]:
    return [p for p in cache.iterdir() if not p.name.startswith(".")] if cache.exists() else []


def _assert_same(frames: store.Frames, expected: store.Frames) -> None:
    for name, frame in expected.by_name().items():
        pd.testing.assert_frame_equal(getattr(frames, name), frame, check_dtype=True)
    assert frames.visit == expected.visit
    assert frames.language == expected.language


@pytest.mark.parametrize("language", ["en", "hi"])
def test_a_warm_start_gives_the_frames_a_cold_one_builds(cache: Path, language: str) -> None:
    """Same values, same dtypes, same visit, in each language, from the second call on."""
    expected = build_frames(read_log(DEFAULT_LOG), language)
    info, cold = store.load_frames_cached(DEFAULT_LOG, language)
    assert len(_entries(cache)) == 1
    _assert_same(cold, expected)

    def refuse(*_: object) -> None:
        raise AssertionError("a warm start read the YAML")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "read_log", refuse)
        warm_info, warm = store.load_frames_cached(DEFAULT_LOG, language)
    _assert_same(warm, expected)
    assert warm_info == info
    assert info.sha256 == read_log(DEFAULT_LOG).sha256


def test_every_language_of_the_log_is_stored_at_once(cache: Path) -> None:
    """One cold read stores each of the log's languages, so switching language stays warm."""
    store.load_frames_cached(DEFAULT_LOG, "en")
    [entry] = _entries(cache)
    stored = {path.name.split(".")[0] for path in entry.glob("*.arrow")}
    assert stored == {"en", "hi"}
    assert len(list(entry.glob("*.arrow"))) == 2 * len(COLUMNS)


def test_an_edited_log_or_source_misses_the_cache(
    cache: Path, variant: Callable[..., Path]
) -> None:
    """A changed log is another key; a changed source fails the entry's check on the hit."""
    path = variant()
    _, before = store.load_frames_cached(path, "en")
    path.write_text(path.read_text(encoding="utf-8").replace("Syria", "Syrie", 1), encoding="utf-8")
    _, edited = store.load_frames_cached(path, "en")
    assert "Syrie" in set(edited.topics["label"]) and "Syrie" not in set(before.topics["label"])
    assert len(_entries(cache)) == 2

    source = path.parent / "sources" / "article.hi.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("गुटेरेस", "गुटेरेज़"), encoding="utf-8")
    with pytest.raises(LogError, match="not found verbatim"):
        store.load_frames_cached(path, "en")


def test_a_damaged_entry_is_rebuilt(cache: Path) -> None:
    """A truncated file in an entry is a miss, not an error or wrong frames."""
    store.load_frames_cached(DEFAULT_LOG, "en")
    [entry] = _entries(cache)
    (entry / "en.points.arrow").write_bytes(b"not arrow")
    _, frames = store.load_frames_cached(DEFAULT_LOG, "en")
    _assert_same(frames, build_frames(read_log(DEFAULT_LOG), "en"))


def test_an_unwritable_cache_costs_speed_not_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder that cannot be created (a file is in the way) is skipped."""
    blocker = tmp_path / "file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv(store.CACHE_ENV, str(blocker / "cache"))
    _, frames = store.load_frames_cached(DEFAULT_LOG, "en")
    assert len(frames.points) > 0


def test_old_entries_are_pruned(
    cache: Path, variant: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past KEEP entries, the oldest go."""
    monkeypatch.setattr(store, "KEEP", 2)
    path = variant()
    for n in range(3):
        path.write_text(path.read_text(encoding="utf-8") + f"\n# edit {n}\n", encoding="utf-8")
        store.load_frames_cached(path, "en")
    assert len(_entries(cache)) == 2


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """VISIT_CACHE=off writes nothing."""
    monkeypatch.setenv(store.CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(store, "CACHE_DIR", tmp_path / "default")
    store.load_frames_cached(DEFAULT_LOG, "en")
    assert not (tmp_path / "default").exists()


def test_an_unreadable_log_gets_the_worded_problem(cache: Path, tmp_path: Path) -> None:
    """A folder where the log should be: the problem from read_log, not an OSError."""
    folder = tmp_path / "events.yaml"
    folder.mkdir()
    with pytest.raises(LogError, match="cannot be read"):
        store.load_frames_cached(folder, "en")


def _imported_modules(path: Path, package: Path) -> set[Path]:
    """The package's modules that ``path`` imports, directly or through each other."""
    found: set[Path] = set()
    todo = [path]
    while todo:
        tree = ast.parse(todo.pop().read_text(encoding="utf-8"))
        names = [
            f"{node.module}.{alias.name}" if node.module else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        ] + [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
        for name in names:
            parts = name.split(".")
            if parts[0] != package.name:
                continue
            # "from dashboard.load import COLUMNS" names a module, then a value in it.
            for depth in (len(parts), len(parts) - 1):
                module = package.joinpath(*parts[1:depth]).with_suffix(".py")
                if depth > 1 and module.is_file() and module not in found:
                    found.add(module)
                    todo.append(module)
    return found


# What building and storing frames reads: store.py, every module it reaches, and the schema.
FRAME_CODE = sorted(
    {store.PACKAGE / "store.py", store.PACKAGE / "log.schema.json"}
    | _imported_modules(store.PACKAGE / "store.py", store.PACKAGE)
)


def test_the_import_walk_finds_the_modules_that_build_frames() -> None:
    """The walk behind FRAME_CODE reaches load, parse and schema, so the test below covers them."""
    names = {path.name for path in FRAME_CODE}
    assert {"load.py", "parse.py", "schema.py", "problems.py"} <= names
    assert "app.py" not in names


@pytest.mark.parametrize("module", FRAME_CODE, ids=lambda path: path.name)
def test_the_key_changes_with_every_module_that_builds_frames(module: Path, tmp_path: Path) -> None:
    """An edit to any file that building frames reads gives the store another key."""
    copy = tmp_path / store.PACKAGE.name
    shutil.copytree(store.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = store.code_hash(copy)
    edited = copy / module.relative_to(store.PACKAGE)
    edited.write_bytes(edited.read_bytes() + b"\n")
    assert store.code_hash(copy) != before


def test_a_new_module_changes_the_key(tmp_path: Path) -> None:
    """A module added to the package is in the key without anyone listing it; bytecode is not."""
    copy = tmp_path / store.PACKAGE.name
    shutil.copytree(store.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = store.code_hash(copy)
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "load.cpython-311.pyc").write_bytes(b"bytecode")
    assert store.code_hash(copy) == before
    (copy / "columns.py").write_text('"""A new step of building frames."""\n', encoding="utf-8")
    assert store.code_hash(copy) != before


def test_the_store_keys_on_the_installed_package(cache: Path) -> None:
    """The key the store uses is the hash of the package it runs from, every module included."""
    assert set(FRAME_CODE) <= set(store.code_files(store.PACKAGE))
    store.load_frames_cached(DEFAULT_LOG, "en")
    [entry] = _entries(cache)
    data = DEFAULT_LOG.read_bytes()
    key = hashlib.sha256(store.code_hash(store.PACKAGE).encode() + data).hexdigest()
    assert entry.name == key
