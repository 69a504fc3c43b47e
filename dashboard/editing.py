"""A log being edited: round-trip load and save, the edits the editor page makes, and checks.

The editor keeps the log as its YAML text, not as values: each edit loads the text in ruamel.yaml's
round-trip mode, changes the nodes it concerns and dumps it again, so comments, key order and
quoting survive and an edit changes only the lines it concerns. The text after each edit is one
step of the undo history. Every edit is checked by the pipeline ``visit-dashboard validate`` runs
(:func:`dashboard.load.parse_log`), and each problem is tied to the row (statement, event,
participant, topic) its field belongs to.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from dashboard.draft.sentences import sentences
from dashboard.load import Log, parse_log
from dashboard.problems import LogError, Problem
from dashboard.schema import VOICES
from dashboard.sources import read_sources

# Indentation styles a log may be written in, tried in order: the shipped log's (sequences
# indented under their key) and PyYAML's, which `draft` writes (sequences flush with their key).
# A log is dumped in the first style that gives its own bytes back.
STYLES: tuple[tuple[int, int, int], ...] = ((2, 4, 2), (2, 2, 0))
VISIT = "visit"  # the event id the editor gives the visit's own points
BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True)
class Sentence:
    """One sentence of a source, and the statements that quote it (wholly or in part)."""

    source: str
    paragraph: int
    index: int
    text: str
    quoted_by: tuple[str, ...]

    @property
    def key(self) -> str:
        """A stable name for the sentence, e.g. ``article:2:1`` (source, paragraph, sentence)."""
        return f"{self.source}:{self.paragraph}:{self.index}"


@dataclass(frozen=True)
class Review:
    """A draft's review mark: the item it is on (a path of keys and indexes) and its note."""

    path: tuple[str | int, ...]
    label: str
    note: str


@dataclass
class Checked:
    """A text's check: the valid log, or its problems, each by the row it concerns."""

    log: Log | None
    problems: list[Problem] = field(default_factory=list)
    document: Any = None

    def by_row(self) -> dict[str, list[Problem]]:
        """The problems by row (``point:ID``, ``event:ID``, ``participant:ID``...; ``""`` else)."""
        rows: dict[str, list[Problem]] = {}
        for problem in self.problems:
            rows.setdefault(row_of(problem.path, self.document), []).append(problem)
        return rows


_ROW = re.compile(
    r"^(?:events\[(?P<e>\d+)\](?:\.points\[(?P<p>\d+)\])?|visit\.points\[(?P<v>\d+)\]"
    r"|(?P<list>participants|topics|topic_groups|sources)\[(?P<i>\d+)\])"
)
_ROW_KIND = {
    "participants": "participant",
    "topics": "topic",
    "topic_groups": "group",
    "sources": "source",
}


def row_of(path: str, document: Any) -> str:
    """The row a problem's field path belongs to, named by the item's id where it has one.

    ``events[2].points[4].source.quote`` -> ``point:ID``; ``events[2].kind`` -> ``event:ID``;
    ``participants[0].name`` -> ``participant:ID``; anything else -> ``""`` (the whole log).
    """
    match = _ROW.match(path)
    if not match or document is None:
        return ""
    try:
        if match["v"] is not None:
            return f"point:{document['visit']['points'][int(match['v'])]['id']}"
        if match["e"] is not None:
            event = document["events"][int(match["e"])]
            if match["p"] is not None:
                return f"point:{event['points'][int(match['p'])]['id']}"
            return f"event:{event['id']}"
        item = document[match["list"]][int(match["i"])]
        return f"{_ROW_KIND[match['list']]}:{item['id']}"
    except (KeyError, IndexError, TypeError):
        return ""


# ---------------------------------------------------------------------------------------------
# Round trip


def _yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML()  # round-trip mode: comments, key order and quoting are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # the default (80) re-wraps about 400 of the shipped log's 482 lines
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def style_of(text: str) -> tuple[int, int, int]:
    """The indentation style that dumps ``text`` back byte for byte, or the shipped log's."""
    for style in STYLES:
        try:
            if _dump(_yaml(style).load(text), style) == text:
                return style
        except Exception:  # any unreadable text is the check's to word, with its line
            return STYLES[0]
    return STYLES[0]


def load(text: str, style: tuple[int, int, int]) -> Any:
    """The text's round-trip document (ruamel's commented maps and lists)."""
    return _yaml(style).load(text)


def _dump(document: Any, style: tuple[int, int, int]) -> str:
    out = io.StringIO()
    _yaml(style).dump(document, out)
    return out.getvalue()


def dump(document: Any, style: tuple[int, int, int]) -> str:
    """The round-trip document as text, in ``style``."""
    return _dump(document, style)


def round_trips(text: str) -> bool:
    """Whether loading and dumping ``text`` with no edit gives ``text`` back, byte for byte."""
    style = style_of(text)
    try:
        return dump(load(text, style), style) == text
    except Exception:
        return False


# ---------------------------------------------------------------------------------------------
# Checks


def check(text: str, name: str, base_dir: Path | None) -> Checked:
    """``text`` checked as ``visit-dashboard validate`` checks a file, sources read from disk."""
    try:
        log = parse_log(text.encode("utf-8"), name, base_dir)
    except LogError as error:
        try:
            document = load(text, style_of(text))
        except Exception:  # unreadable YAML: its problem names the line, no row
            document = None
        return Checked(None, list(error.problems), document)
    return Checked(log, [], log.document)


def source_paragraphs(document: Any, base_dir: Path | None) -> dict[str, list[str]]:
    """Each source's paragraphs as read from disk, by source id ([] for one that cannot be read)."""
    listed = [s for s in document.get("sources", []) if isinstance(s, dict)]
    readings = read_sources([str(s.get("path", "")) for s in listed], base_dir)
    return {str(s.get("id")): r.paragraphs for s, r in zip(listed, readings, strict=True)}


def all_points(document: Any) -> Iterator[tuple[str, Any]]:
    """Every point with the id of its event (``VISIT`` for the visit's own), in file order."""
    for point in document.get("visit", {}).get("points", []) or []:
        yield VISIT, point
    for event in document.get("events", []) or []:
        for point in event.get("points", []) or []:
            yield str(event.get("id")), point


def source_sentences(document: Any, paragraphs: dict[str, list[str]]) -> list[Sentence]:
    """Every sentence of every source, each with the statements whose quote lies inside it."""
    languages = {
        str(s.get("id")): str(s.get("language", "en")) for s in document.get("sources", [])
    }
    quotes = [
        (str(p.get("id")), p.get("source", {}) or {})
        for _, p in all_points(document)
        if isinstance(p, dict)
    ]
    found: list[Sentence] = []
    for source, texts in paragraphs.items():
        for number, paragraph in enumerate(texts, start=1):
            for index, sentence in enumerate(sentences(paragraph, languages.get(source, "en")), 1):
                by = tuple(
                    point_id
                    for point_id, cited in quotes
                    if cited.get("source") == source
                    and cited.get("paragraph") == number
                    and str(cited.get("quote", "")) in sentence
                    and str(cited.get("quote", ""))
                )
                found.append(Sentence(source, number, index, sentence, by))
    return found


# ---------------------------------------------------------------------------------------------
# Edits: each takes a round-trip document and changes it in place


class EditError(ValueError):
    """An edit that cannot be made (an unknown id, say), worded for the person editing."""


def languages(document: Any) -> list[str]:
    """The log's languages: its visit title's, in order."""
    return [str(code) for code in (document.get("visit", {}).get("title") or {})]


def event_for(document: Any, source: str, paragraph: int) -> str:
    """The event a new statement from ``paragraph`` belongs in: the event of the statement that
    cites the nearest paragraph at or before it, else the first event (its day), else the visit."""
    best: tuple[int, str] | None = None
    for event_id, point in all_points(document):
        cited = point.get("source", {}) or {}
        number = cited.get("paragraph")
        if (
            cited.get("source") == source
            and isinstance(number, int)
            and number <= paragraph
            and (best is None or number >= best[0])
        ):
            best = (number, event_id)
    if best is not None:
        return best[1]
    events = document.get("events") or []
    return str(events[0]["id"]) if events else VISIT


def new_point_id(document: Any, source: str, paragraph: int) -> str:
    """An id no statement has yet, e.g. ``article-3-2`` for the second new one from paragraph 3."""
    taken = {str(point.get("id")) for _, point in all_points(document)}
    number = 1
    while f"{source}-{paragraph}-{number}" in taken:
        number += 1
    return f"{source}-{paragraph}-{number}"


def _points_of(document: Any, event_id: str) -> Any:
    if event_id == VISIT:
        visit = document["visit"]
        if "points" not in visit:
            visit["points"] = CommentedSeq()
        return visit["points"]
    for event in document.get("events", []):
        if str(event.get("id")) == event_id:
            return event["points"]
    raise EditError(f"no event has the id {event_id!r}; choose one of the log's events")


def _like(document: Any, key: str, values: Sequence[str]) -> CommentedSeq:
    """A list of ids written the way the log writes its others (``[a, b]`` or one a line)."""
    seq = CommentedSeq(values)
    for _, point in all_points(document):
        other = point.get(key)
        if isinstance(other, CommentedSeq) and other:
            if other.fa.flow_style():
                seq.fa.set_flow_style()
            break
    return seq


def add_statement(
    document: Any,
    *,
    event_id: str,
    source: str,
    paragraph: int,
    quote: str,
    voice: str,
    speakers: Sequence[str],
    topics: Sequence[str],
    texts: dict[str, str],
    point_id: str | None = None,
) -> str:
    """Add a statement quoting ``quote`` from ``paragraph`` to ``event_id``; returns its id.

    Keys come in the order the log's statements give them; ``speakers`` is left out for a
    reported statement with none, as the log writes it.
    """
    if voice not in VOICES:
        raise EditError(f"voice {voice!r} is not one of {', '.join(VOICES)}")
    points = _points_of(document, event_id)
    quoted = next(
        (p["source"].get("quote") for _, p in all_points(document) if "source" in p), None
    )
    new_id = point_id or new_point_id(document, source, paragraph)
    point = CommentedMap()
    point["id"] = new_id
    point["voice"] = voice
    if speakers or voice != "reported":
        point["speakers"] = _like(document, "speakers", list(speakers))
    point["topics"] = _like(document, "topics", list(topics))
    point["text"] = CommentedMap((code, value) for code, value in texts.items())
    cited = CommentedMap()
    cited["source"] = source
    cited["paragraph"] = paragraph
    cited["quote"] = DoubleQuotedScalarString(quote) if _double(quoted) else quote
    point["source"] = cited
    points.append(point)
    return new_id


def _double(value: Any) -> bool:
    return isinstance(value, DoubleQuotedScalarString)


def find_point(document: Any, point_id: str) -> tuple[Any, int]:
    """The list holding statement ``point_id`` and its index there."""
    for container in [document.get("visit", {}).get("points", []) or []] + [
        event.get("points", []) for event in document.get("events", []) or []
    ]:
        for index, point in enumerate(container):
            if str(point.get("id")) == point_id:
                return container, index
    raise EditError(f"no statement has the id {point_id!r}")


def set_point(document: Any, point_id: str, **changes: Any) -> None:
    """Set a statement's fields: ``voice``, ``speakers``, ``topics``, ``text`` (one language's,
    as ``text={"en": ...}``), ``quote`` or ``paragraph``. Unchanged values are left untouched, so
    their lines stay as they were."""
    container, index = find_point(document, point_id)
    point = container[index]
    for name, value in changes.items():
        if name in ("speakers", "topics"):
            if list(point.get(name, [])) != list(value):
                if not value and name == "speakers" and point.get("voice") == "reported":
                    point.pop("speakers", None)
                else:
                    point[name] = _like(document, name, list(value))
        elif name == "text":
            for code, words in value.items():
                if (point["text"].get(code) or "") != words:
                    if words:
                        point["text"][code] = words
                    else:
                        point["text"].pop(code, None)
        elif name in ("quote", "paragraph"):
            if point["source"].get(name) != value:
                old = point["source"].get(name)
                point["source"][name] = DoubleQuotedScalarString(value) if _double(old) else value
        elif name == "voice":
            if value not in VOICES:
                raise EditError(f"voice {value!r} is not one of {', '.join(VOICES)}")
            if point.get("voice") != value:
                point["voice"] = value
        else:
            raise EditError(f"a statement has no editable field {name!r}")


def set_event(document: Any, event_id: str, **changes: Any) -> None:
    """Set an event's fields: ``date`` (a ``datetime.date``, written as the log writes its
    dates), ``kind``, ``format``, ``participants`` or ``title`` (one language's, as
    ``title={"en": ...}``). Unchanged values are left untouched, so their lines stay as they were."""
    event = next(
        (e for e in document.get("events", []) or [] if str(e.get("id")) == event_id), None
    )
    if event is None:
        raise EditError(f"no event has the id {event_id!r}")
    for name, value in changes.items():
        if name == "participants":
            if list(event.get(name, [])) != list(value):
                old = event.get(name)
                seq = CommentedSeq(list(value))
                if isinstance(old, CommentedSeq) and old.fa.flow_style():
                    seq.fa.set_flow_style()
                event[name] = seq
        elif name == "title":
            for code, words in value.items():
                if words and (event["title"].get(code) or "") != words:
                    event["title"][code] = words
        elif name == "date":
            old = event.get("date")
            if str(old) != value.isoformat():
                # A draft writes its dates quoted ('YYYY-MM-DD'); the shipped log does not.
                event["date"] = value.isoformat() if isinstance(old, str) else value
        elif name in ("kind", "format"):
            if value and event.get(name) != value:
                event[name] = value
        else:
            raise EditError(f"an event has no editable field {name!r}")


def set_visit(document: Any, **changes: Any) -> None:
    """Set the visit's ``title`` or ``place`` (one language's or more, as ``title={"en": ...}``)
    or its ``timezone`` (an IANA name, or 'not stated'). Unchanged values are left untouched."""
    visit = document["visit"]
    for name, value in changes.items():
        if name in ("title", "place"):
            for code, words in value.items():
                if words and (visit[name].get(code) or "") != words:
                    visit[name][code] = words
        elif name == "timezone":
            if value and visit.get(name) != value:
                visit[name] = value
        else:
            raise EditError(f"the visit has no editable field {name!r}")


def set_label(document: Any, key: str, item_id: str, field: str, texts: dict[str, str]) -> None:
    """Set a participant's or topic's text ``field`` (``name``, ``label``...) in each language
    given; an empty text leaves that language as it was."""
    item = next((i for i in document.get(key, []) or [] if str(i.get("id")) == item_id), None)
    if item is None:
        raise EditError(f"no item of {key} has the id {item_id!r}")
    for code, words in texts.items():
        if words and (item[field].get(code) or "") != words:
            item[field][code] = words


def drop_point(document: Any, point_id: str) -> None:
    """Delete statement ``point_id``."""
    container, index = find_point(document, point_id)
    del container[index]


def reviews(document: Any) -> list[Review]:
    """Every review mark a draft left, where the schema allows one, in file order."""
    found: list[Review] = []
    visit = document.get("visit", {})
    if "review" in visit:
        found.append(Review(("visit",), "visit", str(visit["review"])))
    for key in ("participants", "topics"):
        for i, item in enumerate(document.get(key, []) or []):
            if "review" in item:
                found.append(Review((key, i), f"{key[:-1]} {item.get('id')}", str(item["review"])))
    for e, event in enumerate(document.get("events", []) or []):
        if "review" in event:
            found.append(Review(("events", e), f"event {event.get('id')}", str(event["review"])))
        for p, point in enumerate(event.get("points", []) or []):
            if "review" in point:
                found.append(
                    Review(
                        ("events", e, "points", p),
                        f"statement {point.get('id')}",
                        str(point["review"]),
                    )
                )
    return found


def _at(document: Any, path: Sequence[str | int]) -> Any:
    item = document
    for part in path:
        item = item[part]
    return item


def accept_review(document: Any, path: Sequence[str | int]) -> None:
    """Accept the suggestion at ``path`` as it stands (edited or not): delete its review mark.

    When no mark is left anywhere, ``draft: true`` goes too: the log is finished.
    """
    _at(document, path).pop("review", None)
    if not reviews(document) and document.get("draft") is True:
        del document["draft"]


def drop_suggestion(document: Any, path: Sequence[str | int]) -> None:
    """Drop the suggestion at ``path``: a statement, participant or topic is deleted; the visit
    or an event, which a log cannot lose, only loses its mark."""
    if len(path) >= 2 and path[-2] in ("points", "participants", "topics"):
        container = _at(document, path[:-1])
        del container[path[-1]]
        if not reviews(document) and document.get("draft") is True:
            del document["draft"]
    else:
        accept_review(document, path)


# ---------------------------------------------------------------------------------------------
# History


@dataclass
class History:
    """The texts the log has had in this session, oldest first: undo steps back one edit."""

    texts: list[str]
    limit: int = 50

    @property
    def text(self) -> str:
        return self.texts[-1]

    def push(self, text: str) -> None:
        if text != self.texts[-1]:
            self.texts.append(text)
            del self.texts[1 : max(1, len(self.texts) - self.limit)]

    def undo(self) -> bool:
        """Step back one edit; False when there is none to undo (the file as opened stays)."""
        if len(self.texts) > 1:
            self.texts.pop()
            return True
        return False


def edited(text: str, change: Any, style: tuple[int, int, int] | None = None) -> str:
    """``text`` after ``change(document)``, dumped in ``style`` (the text's own by default)."""
    style = style or style_of(text)
    document = load(text, style)
    change(document)
    return dump(document, style)


# ---------------------------------------------------------------------------------------------
# Save


class SaveRefused(Exception):
    """A save that was not made; the file on disk is as it was."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message)


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept: ``events.yaml.bak`` beside it."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def save(path: Path, text: str) -> Path | None:
    """Write ``text`` to ``path`` atomically, after checking it, keeping the old file as a backup.

    The text is checked as ``validate`` would check the file at ``path`` (its sources read beside
    it). It is written to a temporary file in the same folder, flushed to disk, then renamed over
    ``path``: a crash at any moment leaves either the old file or the new one, whole. The old
    file is first copied to :func:`backup_path`.

    Returns:
        The backup's path, or None where there was no old file.

    Raises:
        SaveRefused: the text does not validate (nothing is written), or the disk refused.
    """
    checked = check(text, path.name, path.parent)
    if checked.log is None:
        number = len(checked.problems)
        raise SaveRefused(
            f"{path}: not saved: {number} problem{'s' if number != 1 else ''}; fix them first",
            checked.problems,
        )
    backup = None
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            backup = backup_path(path)
            shutil.copy2(path, backup)
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise SaveRefused(f"{path}: not saved: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return backup


def bundle(text: str, name: str, base_dir: Path | None) -> bytes:
    """A zip of the log as ``name`` and every source it cites, at the paths it cites them by."""
    import zipfile

    document = load(text, style_of(text))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, text.encode("utf-8"))
        for source in document.get("sources", []) or []:
            relative = str(source.get("path", ""))
            if base_dir is None or not relative or Path(relative).is_absolute() or ".." in relative:
                continue  # only files inside the log's folder travel with it
            try:
                archive.writestr(relative, (base_dir / relative).read_bytes())
            except OSError:
                continue  # a missing source is the check's to name
    return out.getvalue()
