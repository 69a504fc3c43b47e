"""YAML bytes -> plain Python values, safely: no object tags, no duplicate keys, bounded aliases.

Every failure becomes a :class:`Problem` with the file, the line and a hint; nothing raises a
traceback at the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

import yaml

from dashboard.problems import LogError, Problem

# libyaml's parser when it is installed; the pure-Python one gives the same values, only slower.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
# An alias may repeat a node, but a document that expands to this many times more values than it
# spells out is an alias bomb ("billion laughs"), not a log.
MAX_EXPANSION = 20


class _LogLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text and refuses duplicate keys."""

    # Dates stay strings, as in JSON, so the schema sees what the file says ("2024-03-05").
    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "a key must be plain text, not a list or mapping",
                    key_node.start_mark,
                )
            if key in seen:
                raise _DuplicateKey(key, seen[key].start_mark.line + 1, key_node.start_mark)
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.first_line = first_line
        self.problem_mark = mark


def decode(data: bytes, file: str) -> str:
    """Bytes -> text, refusing what is not plain UTF-8.

    Raises:
        LogError: the bytes are empty, carry a byte-order mark, or are not UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        raise LogError(
            [
                Problem(
                    file,
                    1,
                    "",
                    "the file starts with a UTF-8 byte-order mark (BOM)",
                    "Save it as UTF-8 without BOM (most editors offer this when saving)",
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LogError(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"byte {exc.start} is not valid UTF-8",
                    "Save the file with UTF-8 encoding",
                )
            ]
        ) from None
    if not text.strip():
        raise LogError(
            [
                Problem(
                    file,
                    None,
                    "",
                    "the file is empty",
                    "Start from data/events.yaml, which shows every field",
                )
            ]
        )
    return text


def load_yaml(text: str, file: str) -> Any:
    """YAML text -> Python values (dicts, lists, str, int, float, bool, None).

    Raises:
        LogError: with the line of the first syntax problem, a duplicate key, an object tag,
            nesting deeper than ``MAX_DEPTH``, or an alias bomb.
    """
    try:
        value = yaml.load(text, Loader=_LogLoader)  # noqa: S506 - _LogLoader is a SafeLoader
    except _DuplicateKey as exc:
        raise LogError(
            [
                Problem(
                    file,
                    exc.problem_mark.line + 1,
                    "",
                    f"the key {exc.key!r} appears twice "
                    f"in one mapping (first on line {exc.first_line})",
                    "Keep one of them; YAML would silently drop the other",
                )
            ]
        ) from None
    except yaml.constructor.ConstructorError as exc:
        raise LogError([_tag_problem(exc, file)]) from None
    except yaml.MarkedYAMLError as exc:
        raise LogError([_syntax_problem(exc, file, text)]) from None
    except yaml.YAMLError as exc:
        raise LogError(
            [
                Problem(
                    file,
                    None,
                    "",
                    f"YAML could not be read: {exc}",
                    "Check the file in a YAML linter",
                )
            ]
        ) from None
    except RecursionError:
        raise LogError([_depth_problem(text, file)]) from None
    _check_shape(value, text, file)
    return value


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    what = exc.problem or "the YAML syntax is broken"
    if "nesting depth" in what:
        return _depth_problem(text, file)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        hint = "YAML indents with spaces only: replace the tab characters with spaces"
    else:
        hint = (
            "Check the indentation and quoting on this line and the one before it; "
            "text containing ': ' or starting with a symbol needs quotes"
        )
    column = f", column {mark.column + 1}" if mark else ""
    return Problem(file, line, "", f"YAML syntax error{column}: {what}", hint)


def _tag_problem(exc: yaml.constructor.ConstructorError, file: str) -> Problem:
    mark = exc.problem_mark
    line = mark.line + 1 if mark else None
    what = exc.problem or "a value could not be read"
    if "tag" in what:
        return Problem(
            file,
            line,
            "",
            f"the file uses a YAML tag that is not allowed ({what.split('tag ')[-1]})",
            "Remove the '!!…' tag: a log holds plain text, numbers and lists only, never objects",
        )
    return Problem(file, line, "", what, "Write the value as plain text")


def _depth_problem(text: str, file: str) -> Problem:
    return Problem(
        file,
        None,
        "",
        f"the document is nested more than {MAX_DEPTH} levels deep",
        "A log is at most a few levels deep: check for runaway brackets",
    )


_ANCHOR = re.compile(r"(?<![\w'\"])&[^\s,\[\]{}]+")


def _check_shape(value: Any, text: str, file: str) -> None:
    """Refuse documents that nest too deep or expand through aliases far past their own size."""
    unique: dict[int, int] = {}  # id(container) -> expanded size, so shared nodes are sized once

    def size(node: Any, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise LogError([_depth_problem(text, file)])
        if not isinstance(node, dict | list):
            return 1
        known = unique.get(id(node))
        if known is not None:
            return known
        children = node.values() if isinstance(node, dict) else node
        total = 1 + sum(size(child, depth + 1) for child in children)
        unique[id(node)] = total
        return total

    expanded = size(value, 0)
    spelled = max(len(unique), 1) + text.count("\n")
    if expanded > MAX_EXPANSION * spelled:
        match = _ANCHOR.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        raise LogError(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"aliases expand this document to {expanded:,} values "
                    f"from about {spelled:,} written ones (an alias bomb)",
                    "Write the repeated parts out, or use far fewer nested aliases",
                )
            ]
        )


def line_finder(text: str) -> Callable[[tuple[str | int, ...]], int | None]:
    """A function from a field path to its 1-based line (or its nearest existing parent's).

    The text is composed once, and only once a log is known to be invalid, so the cost of a
    second parse is paid only then.
    """
    try:
        root = yaml.compose(text, Loader=_LogLoader)
    except (yaml.YAMLError, RecursionError):
        root = None

    def line_of(path: tuple[str | int, ...]) -> int | None:
        if root is None:
            return None
        node = root
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1

    return line_of


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node  # type: ignore[no-any-return]
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return node.value[part]  # type: ignore[no-any-return]
    return None
