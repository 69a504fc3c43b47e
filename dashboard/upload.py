"""An uploaded log, with the source texts uploaded beside it, validated like a file on disk.

Uploaded sources are matched to the log's ``sources[].path`` by file name, and nothing is read
from disk, so an uploaded log can never make the server read a file of its own choosing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

from dashboard.load import Log, parse_log
from dashboard.problems import LogError, Problem

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
LOG_SUFFIXES = (".yaml", ".yml")


def parse_upload(
    files: Mapping[str, bytes], max_bytes: int = MAX_UPLOAD_BYTES
) -> tuple[Log | None, list[Problem]]:
    """Validate one uploaded log and the source texts uploaded with it.

    Args:
        files: Uploaded file name -> bytes; exactly one must be a .yaml/.yml log.
        max_bytes: The size cap for each file.

    Returns:
        The log, or None with every problem found.
    """
    too_big = [
        Problem(
            file=name,
            line=None,
            path="",
            message=f"the file is {_size(len(data))}, over the {_size(max_bytes)} cap",
            hint="Split the log, or open it with --data on the command line",
        )
        for name, data in files.items()
        if len(data) > max_bytes
    ]
    if too_big:
        return None, too_big
    logs = [name for name in files if name.lower().endswith(LOG_SUFFIXES)]
    if len(logs) != 1:
        return None, [
            Problem(
                file="upload",
                line=None,
                path="",
                message=f"{len(logs)} YAML files were uploaded; exactly one log is needed",
                hint="Upload one .yaml log, plus the .txt source files it cites",
            )
        ]
    name = logs[0]
    sources = {PurePosixPath(other).name: data for other, data in files.items() if other != name}
    try:
        return parse_log(files[name], name, None, sources=sources), []
    except LogError as error:
        return None, error.problems


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"
