"""Built frames on disk, keyed on the log's content, so a restart need not read the YAML again.

An entry is a folder named after a hash of the log's bytes and of the code that builds frames:
editing either misses the cache. Each source the log cites is hashed too and checked on every
hit, as the checks compare quotes with it. Entries are written to a temporary folder and renamed
into place, so a reader never sees half an entry; a cache that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from pyarrow import feather

from dashboard.load import COLUMNS, Frames, Log, build_frames, read_log

CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "frames"
CACHE_ENV = "VISIT_CACHE"  # another folder; "off" turns the cache off
KEEP = 8  # entries; the oldest go first
# The modules whose output an entry holds: a change to any of them makes every entry stale.
_CODE = ("load.py", "tables.py", "schema.py", "parse.py", "store.py", "log.schema.json")


@dataclass(frozen=True)
class LogInfo:
    """What the page needs of a valid log besides its frames."""

    name: str
    sha256: str
    languages: tuple[str, ...]

    @staticmethod
    def of(log: Log) -> LogInfo:
        return LogInfo(log.name, log.sha256, log.languages)


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen == "off":
        return None
    return Path(chosen) if chosen else CACHE_DIR


@cache
def _code_hash() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


def load_frames_cached(path: Path, language: str) -> tuple[LogInfo, Frames]:
    """The log at ``path`` and its frames in ``language``, from the cache where they are fresh.

    A miss reads and validates the file, then stores the frames in ``language`` and in each of
    the log's languages. Raises what :func:`load.read_log` raises.
    """
    data = path.read_bytes()
    root = cache_dir()
    if root is None:
        log = read_log(path)
        return LogInfo.of(log), build_frames(log, language)
    key = hashlib.sha256(_code_hash().encode() + data).hexdigest()
    entry = root / key
    found = _read(entry, path.parent, language)
    if found is not None:
        return found
    log = read_log(path)
    frames = {lang: build_frames(log, lang) for lang in {language, *log.languages}}
    _write(root, entry, log, frames, path.parent)
    return LogInfo.of(log), frames[language]


def _read(entry: Path, base_dir: Path, language: str) -> tuple[LogInfo, Frames] | None:
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        if language not in meta["frames"]:
            return None
        for relative, digest in meta["sources"].items():
            if hashlib.sha256((base_dir / relative).read_bytes()).hexdigest() != digest:
                return None
        tables = {
            name: _frame(entry / f"{language}.{name}.arrow", columns)
            for name, columns in COLUMNS.items()
        }
    except (OSError, ValueError, KeyError):  # absent, half-removed or from another version
        return None
    info = LogInfo(meta["name"], meta["sha256"], tuple(meta["languages"]))
    return info, Frames(**tables, visit=meta["frames"][language], language=language)


def _frame(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    frame: pd.DataFrame = feather.read_table(path, memory_map=True).to_pandas()
    if list(frame.columns) != list(columns) or any(
        str(frame[name].dtype) != dtype for name, dtype in columns.items()
    ):
        raise ValueError(f"{path.name} does not hold the frames' columns")
    return frame


def _write(root: Path, entry: Path, log: Log, frames: dict[str, Frames], base_dir: Path) -> None:
    meta = {
        "name": log.name,
        "sha256": log.sha256,
        "languages": list(log.languages),
        "frames": {lang: built.visit for lang, built in frames.items()},
        "sources": {
            path: hashlib.sha256((base_dir / path).read_bytes()).hexdigest()
            for path in log.tables.sources["path"]
        },
    }
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=root, prefix=".new-"))
        for lang, built in frames.items():
            for name, frame in built.tables().items():
                # Arrow IPC, uncompressed and memory-mapped on reading: a fraction of Parquet's time.
                frame.to_feather(staging / f"{lang}.{name}.arrow", compression="uncompressed")
        (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
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
