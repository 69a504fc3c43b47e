"""The log a page shows: the start file (cached by content, the last good version kept) or this
session's upload."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.i18n import t
from dashboard.load import DEFAULT_LOG, Frames, Log, LogInfo, build_frames
from dashboard.pages import notices
from dashboard.problems import LogError, Problem
from dashboard.store import load_all_frames
from dashboard.upload import MAX_UPLOAD_BYTES, parse_upload

MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)

ENV_LOG = "VISIT_LOG"
# The file name of the uploaded log a link was made from: the server keeps no upload.
UPLOAD_PARAM = "upload"


@dataclass(frozen=True)
class Source:
    """A log the page can show: its name, identity and frames in each of its languages."""

    label: str
    info: LogInfo
    frames: dict[str, Frames]


def start_path() -> Path:
    """The log chosen at start: ``-- --data PATH``, else $VISIT_LOG, else the shipped log."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path)
    args, _ = parser.parse_known_args(sys.argv[1:])
    if args.data:
        return Path(args.data)
    if os.environ.get(ENV_LOG):
        return Path(os.environ[ENV_LOG])
    return DEFAULT_LOG


# Shared by every session and never copied: at 50,000 events, pickling frames on each rerun (as
# st.cache_data does) cost seconds. Nothing downstream changes a frame in place; pandas'
# copy-on-write keeps derived frames from writing through, and tests/test_app_cache.py checks it.
@st.cache_resource(show_spinner=False, max_entries=8)
def _file_frames(path: str, stamp: tuple[int, int]) -> tuple[LogInfo, dict[str, Frames]]:
    """A start file's frames; ``stamp`` (mtime, size) makes an edited file load afresh.

    The frame store makes a restart on an unchanged file skip reading the YAML.
    """
    del stamp
    return load_all_frames(Path(path))


def _file_log(path: Path) -> tuple[Source | None, list[Problem]]:
    """The log at ``path``, or the problems that stop it loading."""
    try:
        stat = path.stat()
        info, frames = _file_frames(str(path.resolve()), (stat.st_mtime_ns, stat.st_size))
        return Source(label=path.name, info=info, frames=frames), []
    except FileNotFoundError:
        return None, [
            Problem(
                file=path.name,
                line=None,
                path="",
                message=f"the log file {path} is missing",
                hint="Check the path, or restore the file",
            )
        ]
    except LogError as error:
        return None, error.problems


def uploaded(log: Log) -> Source:
    """An upload, for this session only: its frames live in its session state, nowhere else."""
    frames = {lang: build_frames(log, lang) for lang in log.languages}
    return Source(label=log.name, info=log.info, frames=frames)


def current_source() -> tuple[Source | None, list[Problem], bool]:
    """The log to show: this session's upload if any, else the start file.

    Returns:
        The source, the problems with the newest version of the file (if any), and whether the
        shown log is an older good version kept because the file broke or disappeared.
    """
    upload: Source | None = st.session_state.get("upload_source")
    if upload is not None:
        return upload, [], False
    path = start_path()
    source, problems = _file_log(path)
    last_good = _last_good_files()
    if source is not None:
        last_good[str(path)] = source
        return source, [], False
    kept = last_good.get(str(path))
    return kept, problems, kept is not None


@st.cache_resource
def _last_good_files() -> dict[str, Source]:
    """The last log each start file held while valid, shared by every session of this server.

    A file edited into an invalid state, or removed, while the server runs must not take the
    page down for anyone, including readers who arrive afterwards.
    """
    return {}


def uploader(lang: str) -> None:
    """Another log for this session only; a bad one is reported and the previous view kept."""
    state = st.session_state
    with st.sidebar.expander(t("open_log", lang)):
        st.caption(t("open_log_help", lang, mb=MAX_UPLOAD_MB))
        files = st.file_uploader(
            t("log_file", lang),
            type=["yaml", "yml", "txt"],
            accept_multiple_files=True,
            key="upload",
            max_upload_size=MAX_UPLOAD_MB,
        )
        if state.get("upload_source") is not None and st.button(
            t("back_to_start", lang), key="unload"
        ):
            # The files stay in the uploader: their digest is kept so the rerun doesn't reopen them.
            state["upload_source"] = None
            state["needs_restore"] = True
            st.rerun()
    if not files:
        state["upload_digest"] = None  # the same files, chosen again later, open again
        return
    contents = {f.name: f.getvalue() for f in files}
    digest = hashlib.sha256(
        b"".join(name.encode() + data for name, data in sorted(contents.items()))
    ).hexdigest()
    if state.get("upload_digest") != digest:
        state["upload_digest"] = digest
        log, state["upload_problems"] = parse_upload(contents)
        if log is not None:
            state["upload_source"] = uploaded(log)
            state.pop("link_needs_upload", None)
            state["needs_restore"] = True
            st.rerun()
    if state.get("upload_problems"):
        notices.show_problems(state["upload_problems"], lang, "upload_rejected")
