"""YAML bytes -> plain Python values, safely: no object tags, no duplicate keys, bounded aliases.

Every failure becomes a :class:`Problem` with the file, the line and a hint; nothing raises a
traceback at the user.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import yaml

from dashboard.problems import LogError, Problem, format_path, shorten

# libyaml's parser when it is installed; the pure-Python one gives the same values, only slower.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
# An alias may repeat a node, but a document that expands to this many times more values than it
# spells out is an alias bomb ("billion laughs"), not a log.
MAX_EXPANSION = 20
# However many values a document spells out, aliases may add at most this many: padding a bomb
# with written values must not buy it room to expand into (every value costs the schema check).
MAX_ALIAS_VALUES = 1_000_000
# Numbers become int64 columns (see load.COLUMNS); a larger one is a typo, and one past Python's
# digit limit would raise ValueError deep inside the loader.
MAX_INTEGER = 2**63 - 1

_CORE = "tag:yaml.org,2002:"
# JSON's kinds of value and nothing else: no timestamps, binary, sets or ordered pairs, which
# the schema could only call "nothing" and the exports could not write.
_ALLOWED_TAGS = {_CORE + kind for kind in ("null", "bool", "int", "float", "str", "seq", "map")}


# The scalars of the YAML 1.2 core schema, spelled as yaml-rs (the fast path) reads them, so both
# parsers give one document: 'yes', 'no', 'on' and '12:30' stay text, '017' is seventeen, and
# digits may be grouped with '_'. Anything else plain is text.
_NULL = r"^(?:~|null|Null|NULL|)$"
_BOOL = r"^(?:true|True|TRUE|false|False|FALSE)$"
_INT = (
    r"^[-+]?(?:0[xX][0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*|0[oO][0-7_]*[0-7][0-7_]*"
    r"|0[bB][01_]*[01][01_]*|[0-9_]*[0-9][0-9_]*)$"
)
_DIGITS = r"[0-9_]*[0-9][0-9_]*"
_EXPONENT = rf"[eE][-+]?{_DIGITS}"
_FLOAT = (
    r"^(?:[-+]?\.(?:[iI][nN][fF])|\.(?:[nN][aA][nN])"
    rf"|[-+]?(?:{_DIGITS}\.[0-9_]*(?:{_EXPONENT})?|[0-9_]*\.{_DIGITS}(?:{_EXPONENT})?"
    rf"|{_DIGITS}{_EXPONENT}))$"
)
_RESOLVERS = [
    (_CORE + "null", _NULL, ["~", "n", "N", ""]),
    (_CORE + "bool", _BOOL, list("tTfF")),
    (_CORE + "int", _INT, list("-+0123456789_")),
    (_CORE + "float", _FLOAT, list("-+0123456789_.")),
    (_CORE + "merge", r"^<<$", ["<"]),  # only to refuse it with a clear message
]


def _implicit_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in _RESOLVERS:
        compiled = re.compile(pattern)
        for char in first:
            table.setdefault(char or None, []).append((tag, compiled))
    return table


class _LogLoader(_BaseLoader):  # type: ignore[misc,valid-type]  # a base chosen at run time (C or Python)
    """Safe loader for JSON-like values: dates stay text, keys are text, duplicates refused.

    It also counts the distinct nodes it builds, so :func:`load_yaml` can tell how far aliases
    expand the document beyond what it spells out.
    """

    # YAML 1.2's core schema, not PyYAML's 1.1 one; dates stay strings, as in JSON, so the schema
    # sees what the file says ("2024-03-05").
    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = _implicit_resolvers()
    yaml_constructors: ClassVar[dict[Any, Any]] = {
        tag: constructor
        for tag, constructor in _BaseLoader.yaml_constructors.items()
        if tag in _ALLOWED_TAGS
    } | {None: yaml.constructor.SafeConstructor.construct_undefined}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.written = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node not in self.constructed_objects:
            self.written += 1
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                raise _Refusal(
                    "merge keys ('<<:') are not supported",
                    "Write the fields out in full; an alias (*name) may still repeat a whole value",
                    key_node.start_mark,
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refusal(
                    "a key must be plain text, not a list or mapping",
                    "Write the key as plain text, e.g. 'en:' or 'title:'",
                    key_node.start_mark,
                )
            # Building the key refuses any tag on it; the key itself is its text as written, as in
            # JSON, so 'no:' (Norwegian) stays "no" rather than false, and 1 and "1" are one key.
            self.construct_object(key_node, deep=True)
            key = key_node.value
            if key in mapping:
                raise _DuplicateKey(key, first_lines[key], key_node.start_mark)
            first_lines[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = self.construct_scalar(node).replace("_", "")
        sign = -1 if text[:1] == "-" else 1
        digits = text.lstrip("+-")
        base = {"0x": 16, "0X": 16, "0o": 8, "0O": 8, "0b": 2, "0B": 2}.get(digits[:2], 10)
        try:
            value = sign * int(digits[2:] if base != 10 else digits, base)
        except ValueError:  # more digits than Python will convert (sys.get_int_max_str_digits)
            value = MAX_INTEGER + 1
        if abs(value) > MAX_INTEGER:
            raise _Refusal(
                "the number is too large (more than 19 digits)",
                "A log's numbers are small counts such as 'sequence' and 'paragraph': "
                "fix the typo, or put the value in quotes if it is text",
                node.start_mark,
            )
        return value

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        text = self.construct_scalar(node).replace("_", "").lower()
        return float(text.replace(".inf", "inf").replace(".nan", "nan"))


_LogLoader.add_constructor(_CORE + "int", _LogLoader.construct_yaml_int)
_LogLoader.add_constructor(_CORE + "float", _LogLoader.construct_yaml_float)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(f"duplicate key {shorten(repr(key))}")
        self.key = key
        self.first_line = first_line
        self.problem_mark = mark


class _Refusal(yaml.YAMLError):
    """A value the loader will not build, already worded for the log's author."""

    def __init__(self, message: str, hint: str, mark: yaml.Mark) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
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
                    file=file,
                    line=1,
                    path="",
                    message="the file starts with a UTF-8 byte-order mark (BOM)",
                    hint="Save it as UTF-8 without BOM (most editors offer this when saving)",
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
                    file=file,
                    line=line,
                    path="",
                    message=f"byte {exc.start} (0x{data[exc.start]:02X}) is not valid UTF-8",
                    hint="Save the file with UTF-8 encoding",
                )
            ]
        ) from None
    if not text or text.isspace():  # strip() would copy the whole text
        raise LogError(
            [
                Problem(
                    file=file,
                    line=None,
                    path="",
                    message="the file is empty",
                    hint="Start from data/events.yaml, which shows every field",
                )
            ]
        )
    return text


def load_yaml_rs(text: str) -> Any:
    """The document as yaml-rs reads it: about twenty times faster than PyYAML through libyaml.

    It checks less: it ignores tags rather than refusing them, expands aliases by its own limits,
    may accept characters YAML forbids, and words nothing. Its values equal :func:`load_yaml`'s
    on text free of tags, aliases and such characters (tests/test_parse.py).

    Raises:
        Exception: whatever yaml-rs raises on text it cannot read.
    """
    return _YAML_RS.submit(_yaml_rs_loads, text).result()


# yaml-rs 0.1.6 keeps state in the thread that first imports it, and crashes the process
# (a segfault, not an exception) when called after that thread has exited, which is what
# Streamlit's script threads do. It is imported and called on one thread that lives as long
# as the process (tests/test_parse.py runs the crash case in a subprocess).
_YAML_RS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yaml-rs")


def _yaml_rs_loads(text: str) -> Any:
    import yaml_rs

    return yaml_rs.loads(text, parse_datetime=False)


def load_yaml(text: str, file: str) -> Any:
    """YAML text -> Python values (dicts, lists, str, int, float, bool, None).

    Raises:
        LogError: with the line of the first syntax problem, a duplicate key, an object tag,
            nesting deeper than ``MAX_DEPTH``, or an alias bomb.
    """
    loader = _LogLoader(text)
    lines = LineIndex(text)
    try:
        value = loader.get_single_data()
    except _DuplicateKey as exc:
        raise LogError(
            [
                Problem(
                    file=file,
                    line=exc.problem_mark.line + 1,
                    path=lines.path_at(exc.problem_mark),
                    message=f"the key {shorten(repr(exc.key))} appears twice "
                    f"in one mapping (first on line {exc.first_line})",
                    hint="Keep one of them; YAML would silently drop the other",
                )
            ]
        ) from None
    except _Refusal as exc:
        line = exc.problem_mark.line + 1
        path = lines.path_at(exc.problem_mark)
        raise LogError(
            [Problem(file=file, line=line, path=path, message=exc.message, hint=exc.hint)]
        ) from None
    except yaml.constructor.ConstructorError as exc:
        raise LogError([_tag_problem(exc, file, lines.path_at(exc.problem_mark))]) from None
    except yaml.MarkedYAMLError as exc:
        raise LogError([_syntax_problem(exc, file, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise LogError([_character_problem(exc, file, text)]) from None
    except yaml.YAMLError as exc:
        raise LogError(
            [
                Problem(
                    file=file,
                    line=None,
                    path="",
                    message=f"YAML could not be read: {shorten(str(exc), 200)}",
                    hint="Check the file in a YAML linter",
                )
            ]
        ) from None
    except RecursionError:
        raise LogError([_depth_problem(file)]) from None
    finally:
        loader.dispose()
    _check_shape(value, loader.written, text, lines, file)
    return value


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    what = exc.problem or "the YAML syntax is broken"
    if "nesting depth" in what:  # libyaml's own limit, 1,000 levels
        return _depth_problem(file, line)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        hint = "YAML indents with spaces only: replace the tab characters with spaces"
    else:
        hint = (
            "Check the indentation and quoting on this line and the one before it; "
            "text containing ': ' or starting with a symbol needs quotes"
        )
    column = f", column {mark.column + 1}" if mark else ""
    return Problem(
        file=file,
        line=line,
        path="",
        message=f"YAML syntax error{column}: {shorten(what, 200)}",
        hint=hint,
    )


def _character_problem(exc: yaml.reader.ReaderError, file: str, text: str) -> Problem:
    character = exc.character if isinstance(exc.character, int) else 0
    line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
    return Problem(
        file=file,
        line=line,
        path="",
        message=f"the file contains the control character U+{character:04X}, which YAML does not allow",
        hint="Delete it: it often comes in with text pasted from a PDF or a terminal",
    )


def _tag_problem(exc: yaml.constructor.ConstructorError, file: str, path: str) -> Problem:
    mark = exc.problem_mark
    line = mark.line + 1 if mark else None
    what = exc.problem or "a value could not be read"
    if "tag" in what:
        tag = what.split("tag ")[-1].replace(_CORE, "!!")  # as written: '!!python/name:...'
        return Problem(
            file=file,
            line=line,
            path=path,
            message=f"the file uses a YAML tag that is not allowed ({shorten(tag)})",
            hint="Remove the '!!…' tag: a log holds plain text, numbers and lists only, never objects",
        )
    return Problem(
        file=file,
        line=line,
        path=path,
        message=shorten(what, 200),
        hint="Write the value as plain text",
    )


def _depth_problem(file: str, line: int | None = None) -> Problem:
    return Problem(
        file=file,
        line=line,
        path="",
        message=f"the document is nested more than {MAX_DEPTH} levels deep",
        hint="A log is at most a few levels deep: check for runaway brackets",
    )


_ANCHOR = re.compile(r"(?<![\w'\"])&[^\s,\[\]{}]+")


def _check_shape(value: Any, written: int, text: str, lines: LineIndex, file: str) -> None:
    """Refuse documents that nest too deep, loop, or expand through aliases far past their size.

    Args:
        value: The loaded document.
        written: How many values (keys included) the document spells out, aliases not expanded.
        text: The document's text, to find the line of its first anchor.
        lines: The text's nodes, to find the line of a path.
        file: The file name for messages.
    """
    unique: dict[int, int] = {}  # id(container) -> expanded size, so shared nodes are sized once
    open_: set[int] = set()  # containers being sized: meeting one again means an alias loop

    def size(node: Any, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _Found("depth")
        if not isinstance(node, dict | list):
            return 1
        known = unique.get(id(node))
        if known is not None:
            return known
        if id(node) in open_:
            raise _Found("loop")
        open_.add(id(node))
        total = 1
        for key, child in node.items() if isinstance(node, dict) else enumerate(node):
            try:
                total += size(child, depth + 1)
            except _Found as found:
                found.path.append(key)
                raise
        open_.discard(id(node))
        unique[id(node)] = total
        return total

    try:
        expanded = size(value, 0)
    except _Found as found:
        path = tuple(reversed(found.path))
        line = lines.line(path)
        if found.kind == "depth":  # the path is MAX_DEPTH parts long: the line says enough
            raise LogError([_depth_problem(file, line)]) from None
        raise LogError(
            [
                Problem(
                    file=file,
                    line=line,
                    path=format_path(path),
                    message="this alias (*name) is used inside the value its anchor (&name) names, a loop",
                    hint="Move the alias out of the anchored value, or write the value out",
                )
            ]
        ) from None
    written = max(written, 1)
    if expanded > min(MAX_EXPANSION * written, written + MAX_ALIAS_VALUES):
        raise LogError(
            [
                Problem(
                    file=file,
                    line=_anchor_line(text),
                    path="",
                    message=f"aliases expand this document to {expanded:,} values "
                    f"from {written:,} written ones (an alias bomb)",
                    hint="Write the repeated parts out, or use far fewer nested aliases",
                )
            ]
        )


class _Found(Exception):
    """Where sizing a document stopped: too deep, or an alias loop; the path grows as it unwinds."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.path: list[str | int] = []


def _anchor_line(text: str) -> int | None:
    match = _ANCHOR.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


class LineIndex:
    """A YAML text's nodes, to tell the line of a field path or the field path at a mark.

    Only a log already found invalid asks, so the text is composed (nodes, no values) on the first
    question and never for a valid log. Composing builds no values, so it is safe on a file with
    object tags; a text that cannot be composed has no lines and no paths.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._composed = False
        self._root: yaml.Node | None = None

    def _tree(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_LogLoader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def line(self, path: tuple[str | int, ...]) -> int | None:
        """The 1-based line of the value at ``path``, or of its nearest parent that exists."""
        node = self._tree()
        if node is None:
            return None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1

    def path_at(self, mark: yaml.Mark | None) -> str:
        """The field path of the value or key that starts at ``mark``; "" where none is found.

        Aliases are walked once, so a document that repeats a node a million times costs no more.
        """
        root = self._tree() if mark is not None else None
        if root is None or mark is None:
            return ""
        seen: set[int] = set()
        stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
        while stack:
            node, path = stack.pop()
            if node.start_mark.index == mark.index:
                return format_path(path)
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode):
                        if key_node.start_mark.index == mark.index:
                            return format_path(path)
                        continue
                    if key_node.start_mark.index == mark.index:
                        return format_path((*path, key_node.value))
                    stack.append((value_node, (*path, key_node.value)))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
        return ""


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node  # type: ignore[no-any-return]  # PyYAML's stubs type node values as Any
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return node.value[part]  # type: ignore[no-any-return]  # as above
    return None
