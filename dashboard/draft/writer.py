"""A draft -> a folder: the log as YAML, with its sources copied byte for byte beside it.

The one module of the package that touches the disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from dashboard.draft.document import Draft
from dashboard.draft.source import DraftError, SourceFile

LOG_NAME = "events.yaml"


def write(draft: Draft, sources: Sequence[SourceFile], out: Path, force: bool = False) -> Path:
    """Write ``draft`` as ``out/events.yaml`` and each source as ``out/sources/NAME``.

    Args:
        draft: The draft log.
        sources: The sources it cites, copied as they were read.
        out: The folder to write; it must not exist unless ``force`` is given.
        force: Write into an existing folder, replacing the draft's own files there.

    Returns:
        The log's path.

    Raises:
        DraftError: ``out`` exists (and ``force`` is not given), or is a file, or cannot be written.
    """
    if out.exists() and not out.is_dir():
        raise DraftError(f"{out}: is a file. Name a folder to write the draft into.")
    if out.exists() and not force:
        raise DraftError(
            f"{out}: already exists; the draft would overwrite it. Name a new folder, "
            "or add --force to replace the draft's files in it."
        )
    try:
        (out / "sources").mkdir(parents=True, exist_ok=True)
        for source in sources:
            (out / "sources" / source.name).write_bytes(source.data)
        path = out / LOG_NAME
        path.write_text(render(draft), encoding="utf-8")
    except OSError as exc:
        raise DraftError(f"{out}: cannot be written ({exc.strerror}).") from None
    return path


def render(draft: Draft) -> str:
    """The draft as YAML text: a header saying what to review, then the log."""
    header = [
        "# A DRAFT made by `visit-dashboard draft`: every item marked `review:` is a suggestion.",
        "# Check each one against the article, fix it, then delete its `review:` line; delete",
        "# `draft: true` once none is left. `visit-dashboard validate` counts what remains.",
    ]
    if draft.unresolved:
        header.append(
            "# Names in the text that match no known participant or topic (add them, or not):"
        )
        header += [
            f"#   {_comment(item.name)} ({item.source}, paragraph {item.paragraph})"
            for item in draft.unresolved
        ]
    header += [f"# Note: {_comment(note)}" for note in draft.notes]
    body = yaml.safe_dump(
        draft.document, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False
    )
    return "\n".join(header) + "\n" + body


def _comment(text: str) -> str:
    """Text safe inside a YAML comment: one line."""
    return " ".join(text.split())
