"""Sources (and, optionally, a known log) -> a draft log document, every suggestion marked.

The draft has one entry per day, holding one statement per sentence: its quote the verbatim
sentence with its paragraph, its text the same sentence until a reviewer rewrites it. People and
topics are suggested only where a sentence names them. Each suggestion carries a ``review`` note
saying what to check, and the log says ``draft: true`` until the last note is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel import UnknownLocaleError
from babel.dates import format_date

from dashboard.draft.dates import Calendar, calendar, month_names, weekday_names
from dashboard.draft.names import Known, capitalised_names
from dashboard.draft.sentences import FALLBACK, has_rules, sentences
from dashboard.draft.source import DraftError, SourceFile
from dashboard.flat import count_reviews

# Placeholders for fields the schema requires and a text rarely states; each is marked for review.
PLACEHOLDER_KIND = "draft"
PLACEHOLDER_FORMAT = "in-person"
# Schema 2's word for a value the source does not give: the page says so, and nothing is invented.
NOT_STATED = "not stated"
PLACEHOLDER_PLACE = "—"


@dataclass(frozen=True)
class Unresolved:
    """A name a sentence gives that the draft could not resolve: for the reviewer."""

    name: str
    source: str
    paragraph: int


@dataclass(frozen=True)
class Draft:
    """A draft log and what its author should know about it.

    Attributes:
        document: The log, as plain values, ready to be written as YAML.
        unresolved: Names found in the text but not resolved to anyone or anything known.
        notes: What the draft could not do (a language without sentence rules, say).
    """

    document: dict[str, Any]
    unresolved: tuple[Unresolved, ...]
    notes: tuple[str, ...]

    @property
    def reviews(self) -> int:
        """How many items carry a ``review`` note."""
        return count_reviews(self.document)


def draft(
    sources: Sequence[SourceFile], visit_id: str, like: Mapping[str, Any] | None = None
) -> Draft:
    """A draft log of ``sources``, with the people and topics of ``like`` where the text names them.

    Args:
        sources: The articles, all in one language.
        visit_id: The draft visit's id.
        like: A valid log whose participants and topics to look for; None to suggest none.

    Raises:
        DraftError: the sources are in several languages, or none writes a full date.
    """
    languages = sorted({source.language for source in sources})
    if len(languages) > 1:
        raise DraftError(
            f"the sources are in {len(languages)} languages ({', '.join(languages)}); a draft's "
            "texts are in its sources' language. Draft each language's sources on their own, "
            "or give the language they share with --lang."
        )
    language = languages[0]
    names = [source.name for source in sources]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise DraftError(
            f"two sources are named {', '.join(twice)}; the draft copies each into sources/ "
            "by its name. Rename one of them."
        )
    found = calendar([(source.language, source.paragraphs) for source in sources])
    if found is None:
        raise DraftError(
            f"{', '.join(names)}: no date with a day, a month and a year was found, so the visit's days are "
            "unknown. A draft never guesses a year: check that the article states one "
            "(e.g. '4 March 2024'), and that --lang is its language."
        )
    source_ids = _source_ids([source.name for source in sources])
    people = Known.people(like["participants"]) if like else Known(())
    topics = Known.topics(like["topics"]) if like else Known(())
    never = set(weekday_names(language)) | month_names(language)
    points_by_day: dict[date, list[dict[str, Any]]] = {}
    people_words: dict[str, str] = {}
    topic_words: dict[str, str] = {}
    unresolved: list[Unresolved] = []
    for s, source in enumerate(sources):
        for paragraph, day in zip(source.paragraphs, found.days[s], strict=True):
            for n, sentence in enumerate(sentences(paragraph.text, language), start=1):
                named = people.found_in(sentence)
                about = topics.found_in(sentence)
                for item_id, words in named:
                    people_words.setdefault(item_id, words)
                for item_id, words in about:
                    topic_words.setdefault(item_id, words)
                unresolved += [
                    Unresolved(name, source.name, paragraph.number)
                    for name in capitalised_names(
                        sentence, [words for _, words in (*named, *about)], never
                    )
                ]
                points_by_day.setdefault(day, []).append(
                    _point(
                        f"{source_ids[s]}-{paragraph.number}-{n}",
                        language,
                        sentence,
                        {"source": source_ids[s], "paragraph": paragraph.number, "quote": sentence},
                        named,
                        about,
                    )
                )
    document: dict[str, Any] = {
        "schema_version": 2,
        "draft": True,
        "visit": _visit(visit_id, language, sources[0], found, source_ids),
        "sources": [
            {
                "id": source_ids[s],
                "title": {language: source.name},
                "language": source.language,
                "path": f"sources/{source.name}",
            }
            for s, source in enumerate(sources)
        ],
        "participants": list(_participants(like, people_words, language)),
        "topic_groups": [],
        "topics": list(_topics(like, topic_words, language)),
        "events": [
            _event(i, day, language, points)
            for i, (day, points) in enumerate(sorted(points_by_day.items()), start=1)
        ],
    }
    document["topic_groups"] = _groups(like, document["topics"], language)
    if not document["topic_groups"]:
        del document["topic_groups"]
    notes = []
    if not has_rules(language):
        notes.append(
            f"pySBD has no sentence rules for '{language}': sentences were cut by its "
            f"'{FALLBACK}' rules, on '.', '!' and '?' only. Check where they end."
        )
    for s, number, name in found.undated:
        notes.append(
            f"{sources[s].name}, paragraph {number}: '{name}' falls on no day near the dates "
            "found; the paragraph keeps the day before it."
        )
    return Draft(document, tuple(dict.fromkeys(unresolved)), tuple(notes))


def _visit(
    visit_id: str,
    language: str,
    first: SourceFile,
    found: Calendar,
    source_ids: list[str],
) -> dict[str, Any]:
    opening = sentences(first.paragraphs[0].text, language)[0]
    return {
        "id": visit_id,
        "title": {language: opening},
        "start": found.start.isoformat(),
        "end": found.end.isoformat(),
        "place": {language: PLACEHOLDER_PLACE},
        "timezone": NOT_STATED,
        "source": {
            "source": source_ids[found.cited.source],
            "paragraph": found.cited.paragraph,
            "quote": found.cited.text,
        },
        "review": (
            f"Dates read from “{found.cited.text}”: check them. The title is the article's first "
            f"sentence: shorten it. Write the place (now '{PLACEHOLDER_PLACE}'), and the time "
            f"zone if the source gives one (now '{NOT_STATED}')."
        ),
    }


def _point(
    point_id: str,
    language: str,
    sentence: str,
    citation: dict[str, Any],
    named: list[tuple[str, str]],
    about: list[tuple[str, str]],
) -> dict[str, Any]:
    parts = ["Rewrite the text as the statement it makes"]
    if named:
        parts.append(
            "speakers are who the sentence names ("
            + ", ".join(f"“{words}”" for _, words in named)
            + "): keep who said or agreed it, and add anyone it leaves unnamed"
        )
    else:
        parts.append(
            "the sentence names no one known, so it reads as the source's own narration "
            "(voice: reported): name who said it, if anyone, and set the voice"
        )
    if about:
        parts.append("topics by label: " + ", ".join(f"“{words}”" for _, words in about))
    # What the draft takes without the text saying it is on record, with why (docs/fidelity.md).
    because = (
        "the sentence names them; the draft reads no verb of saying"
        if named
        else "the sentence names no one; the draft reads it as the source's own narration"
    )
    inferred = {"speakers": {language: because}} if named else {"voice": {language: because}}
    return {
        "id": point_id,
        # Named people are suggested as speakers; a sentence naming no one is, until reviewed,
        # what the draft knows it to be: the source's own words.
        "voice": "said" if named else "reported",
        "speakers": [item_id for item_id, _ in named],
        "topics": [item_id for item_id, _ in about],
        "text": {language: sentence},
        "source": citation,
        "inferred": inferred,
        "review": "; ".join(parts) + ".",
    }


def _event(number: int, day: date, language: str, points: list[dict[str, Any]]) -> dict[str, Any]:
    participants = list(dict.fromkeys(p for point in points for p in point["speakers"]))
    return {
        "id": f"day-{number}",
        "title": {language: day_title(day, language)},
        "date": day.isoformat(),
        "sequence": 1,
        "kind": PLACEHOLDER_KIND,
        "format": PLACEHOLDER_FORMAT,
        "participants": participants,
        "summary": {language: points[0]["text"][language]},
        "inferred": {
            "format": {language: "a placeholder: the draft reads no format from the text"},
        }
        | ({"participants": {language: "who the day's sentences name"}} if participants else {}),
        "review": (
            f"Every statement of {day.isoformat()} is here: split them into the events the text "
            f"describes, each with its kind (now '{PLACEHOLDER_KIND}'), format (now "
            f"'{PLACEHOLDER_FORMAT}', not read from the text), participants, a title and a summary."
        ),
        "points": points,
    }


def day_title(day: date, language: str) -> str:
    """The day as the language writes it (Babel's long format), else as YYYY-MM-DD."""
    try:
        return format_date(day, format="long", locale=language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def _participants(
    like: Mapping[str, Any] | None, words: dict[str, str], language: str
) -> Iterator[dict[str, Any]]:
    if not like:
        return
    for person in like["participants"]:
        if person["id"] not in words:
            continue
        entry = {
            "id": person["id"],
            "name": _in(person["name"], language, words[person["id"]]),
            "role": _in(person["role"], language, None),
            "organization": _in(person["organization"], language, None),
        }
        note = f"Found as “{words[person['id']]}”: check it is them"
        copied = [
            f
            for f in ("role", "organization")
            if isinstance(person[f], dict) and language not in person[f]
        ]
        if copied or language not in person["name"]:
            note += f"; name, role and organization copied from another language: write them in {language}"
        yield entry | {"review": note + "."}


def _topics(
    like: Mapping[str, Any] | None, words: dict[str, str], language: str
) -> Iterator[dict[str, Any]]:
    if not like:
        return
    for topic in like["topics"]:
        if topic["id"] in words:
            yield {
                "id": topic["id"],
                "label": _in(topic["label"], language, words[topic["id"]]),
                "group": topic["group"],
                "review": f"Found as “{words[topic['id']]}”: keep it if the text is about it.",
            }


def _groups(
    like: Mapping[str, Any] | None, topics: list[dict[str, Any]], language: str
) -> list[dict[str, Any]]:
    """The known groups of the topics found, where each has a label in the draft's language.

    Where one has none, there are none: a group's label copied from another language would be
    shown as if it were this one's, and without the list the page shows each group by its id.
    """
    used = {topic["group"] for topic in topics}
    groups = [group for group in (like or {}).get("topic_groups", []) if group["id"] in used]
    if any(language not in group["label"] for group in groups):
        return []
    return [{"id": group["id"], "label": group["label"]} for group in groups]


def _in(text: Mapping[str, str] | str, language: str, words: str | None) -> dict[str, str] | str:
    """A known text with a value in ``language``: its own, else the words the text used, else
    the first it has (for review). A value that is no text ("not stated") is kept as it is."""
    if isinstance(text, str):
        return text
    value = text.get(language) or words or next(iter(text.values()))
    return {language: value, **{k: v for k, v in text.items() if k != language}}


def _source_ids(names: Sequence[str]) -> list[str]:
    """An id for each source file, from its name before the first dot, unique."""
    ids: list[str] = []
    for name in names:
        base = re.sub(r"[^a-z0-9_-]+", "-", name.split(".")[0].lower()).strip("-_") or "source"
        candidate, n = base, 2
        while candidate in ids:
            candidate, n = f"{base}-{n}", n + 1
        ids.append(candidate)
    return ids
