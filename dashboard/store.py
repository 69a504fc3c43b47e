"""Built frames on disk, keyed on the log's content, so a restart need not read the YAML again.

An entry is a folder named after a hash of the log's bytes and of every file of the package:
editing either misses the cache. The whole package is hashed rather than a list of the modules
that build frames, so a module added to that work can never be left out of the key; the price,
a cold start after any edit to the code, is paid in development only. Each source the log cites
is hashed too and checked on every hit, as the checks compare quotes with it. Entries are
written to a temporary folder and renamed into place, so a reader never sees half an entry; a
cache that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd
from pyarrow import feather

from dashboard.load import COLUMNS, Frames, Log, LogInfo, build_frames, read_log
from dashboard.project import cache_home

CACHE_DIR = cache_home() / "frames"
CACHE_ENV = "VISIT_CACHE"  # another folder; "off" turns the cache off
KEEP = 8  # entries; the oldest go first
PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen == "off":
        return None
    return Path(chosen) if chosen else CACHE_DIR


def code_files(package: Path) -> list[Path]:
    """Every file of ``package`` that the key covers: all of them but bytecode caches."""
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.relative_to(package).parts
    )


def code_hash(package: Path) -> str:
    """A hash of the names and bytes of :func:`code_files`, so an added, removed, renamed or
    edited file gives another hash."""
    digest = hashlib.sha256()
    for path in code_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def _package_hash() -> str:
    return code_hash(PACKAGE)


def load_frames_cached(path: Path, language: str) -> tuple[LogInfo, Frames]:
    """The log at ``path`` and its frames in ``language``, from the cache where they are fresh.

    Raises what :func:`load.read_log` raises.
    """
    info, frames = load_all_frames(path, (language,))
    return info, frames[language]


def load_all_frames(
    path: Path, languages: Iterable[str] | None = None
) -> tuple[LogInfo, dict[str, Frames]]:
    """The log at ``path`` and its frames in ``languages`` (default: each of the log's own).

    A miss reads and validates the file, then stores the frames in each of the log's languages
    and the ones asked for. Raises what :func:`load.read_log` raises.
    """
    try:
        data = path.read_bytes()
    except OSError:  # read_log words it: missing, a folder, no permission
        data = None
    root = cache_dir() if data is not None else None
    wanted = None if languages is None else set(languages)
    if root is not None and data is not None:
        entry = root / hashlib.sha256(_package_hash().encode() + data).hexdigest()
        found = _read(entry, path, wanted)
        if found is not None:
            return found
    log = read_log(path)
    frames = {lang: build_frames(log, lang) for lang in {*(wanted or ()), *log.languages}}
    if root is not None and data is not None:
        _write(root, entry, log, frames, path.parent)
    return log.info, {lang: frames[lang] for lang in (log.languages if wanted is None else wanted)}


def _read(
    entry: Path, path: Path, languages: set[str] | None
) -> tuple[LogInfo, dict[str, Frames]] | None:
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        stored = meta["frames"]
        wanted = meta["languages"] if languages is None else languages
        if any(lang not in stored for lang in wanted):
            return None
        for relative, digest in meta["sources"].items():
            if hashlib.sha256((path.parent / relative).read_bytes()).hexdigest() != digest:
                return None
        frames = {
            lang: Frames(
                **{
                    name: _frame(entry / f"{lang}.{name}.arrow", columns)
                    for name, columns in COLUMNS.items()
                },
                visit=stored[lang],
                language=lang,
            )
            for lang in wanted
        }
    except (OSError, ValueError, KeyError):  # absent, half-removed or from another version
        return None
    # The same bytes may sit under another name: the name is the file's, not the entry's.
    return LogInfo(path.name, meta["sha256"], tuple(meta["languages"])), frames


def _frame(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    frame: pd.DataFrame = feather.read_table(path, memory_map=True).to_pandas()
    if list(frame.columns) != list(columns) or any(
        str(frame[name].dtype) != dtype for name, dtype in columns.items()
    ):
        raise ValueError(f"{path.name} does not hold the frames' columns")
    return frame


def _write(root: Path, entry: Path, log: Log, frames: dict[str, Frames], base_dir: Path) -> None:
    meta = {
        "sha256": log.sha256,
        "languages": list(log.languages),
        "frames": {lang: built.visit for lang, built in frames.items()},
        "sources": {
            path: hashlib.sha256((base_dir / path).read_bytes()).hexdigest()
            for path in log.flat.sources["path"]
        },
    }
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=root, prefix=".new-"))
        for lang, built in frames.items():
            for name, frame in built.by_name().items():
                # Arrow IPC, uncompressed and memory-mapped on reading: a fraction of Parquet's time.
                frame.to_feather(staging / f"{lang}.{name}.arrow", compression="uncompressed")
        (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        if entry.exists():  # it lacked a language; readers meanwhile simply miss
            shutil.rmtree(entry, ignore_errors=True)
        try:
            staging.rename(entry)
        except OSError:  # another process stored the same entry first
            shutil.rmtree(staging, ignore_errors=True)
        _prune(root)
    except OSError:
        return  # a read-only or full disk costs speed, never the page


def _prune(root: Path) -> None:
    entries = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    for old in entries[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
