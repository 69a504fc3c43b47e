"""A version 1 log -> version 2, in place: ``python -m dashboard.upgrade PATH``.

Version 1 had no ``voice``: every point meant "said by its speakers". The upgrade writes that down
(``voice: said`` on each point) and sets ``schema_version: 2``, editing the text where each goes
so that comments, order and quoting stay as the author wrote them. It decides nothing new: which
points were agreed jointly or are the source's own narration is for a reader of the source to
set afterwards (docs/fidelity.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

from dashboard.load import parse_log, read_log
from dashboard.problems import LogError

# Where a text gains something: (line, column, what to insert, replace the next n characters).
_Edit = tuple[int, int, str, int]


def upgrade(text: str) -> tuple[str, int]:
    """``text`` (a valid version 1 log) as version 2, and how many points gained a voice.

    A point written as a block mapping gains a ``voice: said`` line beside its ``id``; one written
    in flow style (``{id: ..., ...}``) gains ``voice: said,`` inside its braces.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("the log is not a mapping of fields")
    edits = list(_edits(root))
    lines = text.splitlines(keepends=True)
    # From the end backwards, so that each edit's line and column still point where they did.
    for line, column, insert, replaced in sorted(edits, reverse=True):
        if column < 0:  # a line of its own, after ``line``
            lines.insert(line + 1, insert)
        else:
            old = lines[line]
            lines[line] = old[:column] + insert + old[column + replaced :]
    points = sum(1 for edit in edits if "voice" in edit[2])
    return "".join(lines), points


def _edits(root: yaml.MappingNode) -> Iterator[_Edit]:
    fields = _fields(root)
    version = fields.get("schema_version")
    if isinstance(version, yaml.ScalarNode) and version.value == "1":
        mark = version.start_mark
        yield mark.line, mark.column, "2", len(version.value)
    visit = fields.get("visit")
    owners = [visit] if isinstance(visit, yaml.MappingNode) else []
    events = fields.get("events")
    if isinstance(events, yaml.SequenceNode):
        owners += [event for event in events.value if isinstance(event, yaml.MappingNode)]
    for owner in owners:
        points = _fields(owner).get("points")
        if not isinstance(points, yaml.SequenceNode):
            continue
        for point in points.value:
            if isinstance(point, yaml.MappingNode) and "voice" not in _fields(point):
                yield _voice(point)


def _voice(point: yaml.MappingNode) -> _Edit:
    """Where ``voice: said`` goes in a point: beside its first key."""
    first = point.value[0][0].start_mark
    if point.flow_style:
        return first.line, first.column, "voice: said, ", 0
    return first.line, -1, " " * first.column + "voice: said\n", 0


def _fields(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def main(argv: Sequence[str] | None = None) -> int:
    """Upgrade the log at PATH in place; exit 1 (and change nothing) if it is not a valid log."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.upgrade", description=__doc__)
    parser.add_argument("path", type=Path, help="the version 1 log to upgrade, in place")
    path: Path = parser.parse_args(argv).path
    try:
        log = read_log(path, name=str(path))
    except LogError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{path}: fix these first; nothing was changed.", file=sys.stderr)
        return 1
    if log.flat.schema_version >= 2:
        print(f"{path}: already version 2; nothing to do.")
        return 0
    text = path.read_text(encoding="utf-8")
    upgraded, points = upgrade(text)
    # The result must be a valid log that says what the old one meant, or nothing is written.
    try:
        checked = parse_log(upgraded.encode("utf-8"), str(path), path.parent)
    except LogError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{path}: the upgrade would not be valid; nothing was changed.", file=sys.stderr)
        return 1
    if checked.flat.points["id"] != log.flat.points["id"]:
        print(f"{path}: the upgrade would change the points; nothing was changed.", file=sys.stderr)
        return 1
    path.write_text(upgraded, encoding="utf-8")
    print(
        f"{path}: now schema_version 2; 'voice: said' added to {points} point"
        f"{'s' if points != 1 else ''}. Read each against its source and set 'agreed' where two or "
        "more speakers agreed jointly, or 'reported' (removing its speakers) where the source "
        "narrates it itself (docs/fidelity.md)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
