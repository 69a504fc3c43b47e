"""The visit's days and each paragraph's day, read from the text.

- A date with its day, month and year ("12-13 मई, 2021", "4 March 2024", "le 5 mars 2024") is
  found by dateparser in the source's language. dateparser gives only a range's first day, so
  both ends of "12-13", "5–6 March" or "du 4 au 6 mars" are read here.
- Once one such date is known, a day and month without a year ("le 5 mars") takes its year.
- A weekday ("बुधवार को", "on Wednesday", "le mardi") is resolved inside the visit's own days,
  never against today: Babel gives each language's weekday names.
- A paragraph with no date of its own stays on the day of the paragraph before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from babel import Locale, UnknownLocaleError
from dateparser.search import search_dates

from dashboard.draft.names import fold as _fold
from dashboard.draft.names import whole_word as _whole_word
from dashboard.draft.source import Paragraph

# A range's first day written before the date dateparser found: "5–6 March", "du 4 au 6 mars",
# "from 4 to 6 March", "4 से 6 मार्च". Only dashes and these joiners: "3 and 5 March" is two days.
_RANGE_INSIDE = re.compile(r"(?<!\d)(\d{1,2})\s*[-–—]\s*(\d{1,2})(?!\d)")
_RANGE_BEFORE = re.compile(r"(?<!\d)(\d{1,2})\s*(?:[-–—]|au|to|à|a|al|bis|से|до|tot)\s*$")
# A date needs a month name or a four-digit year beside its numbers: "2.5" is not 2 May.
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True)
class Mention:
    """A date as the text writes it: where, the words, and the days they cover."""

    source: int
    paragraph: int
    text: str
    first: date
    last: date


@dataclass(frozen=True)
class Calendar:
    """What the text says of when things happened.

    Attributes:
        start: The visit's first day.
        end: The visit's last day.
        cited: The mention the visit's days are read from (its widest range, else its first).
        days: For each source, for each of its paragraphs, the day the paragraph is about.
        undated: Weekdays mentioned that fall outside the visit, by (source, paragraph): for review.
    """

    start: date
    end: date
    cited: Mention
    days: tuple[tuple[date, ...], ...]
    undated: tuple[tuple[int, int, str], ...]


def calendar(sources: Sequence[tuple[str, Sequence[Paragraph]]]) -> Calendar | None:
    """The visit's days and each paragraph's, from sources given as (language, paragraphs).

    Returns None where no source writes a full date (day, month and year): a draft does not
    guess a year, and never takes today's.
    """
    mentions = [
        mention
        for s, (language, paragraphs) in enumerate(sources)
        for paragraph in paragraphs
        for mention in full_dates(paragraph.text, language, s, paragraph.number)
    ]
    if not mentions:
        return None
    anchor = min(mention.first for mention in mentions)
    mentions += [
        mention
        for s, (language, paragraphs) in enumerate(sources)
        for paragraph in paragraphs
        for mention in partial_dates(paragraph.text, language, s, paragraph.number, anchor)
        if not any(
            m.source == s and m.paragraph == paragraph.number and mention.text in m.text
            for m in mentions
        )
    ]
    start = min(mention.first for mention in mentions)
    end = max(mention.last for mention in mentions)
    # A weekday names a day of the visit; where the dates found span less than a week, it may
    # name the days just after them ("on 4 March ... on Wednesday").
    span = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    horizon = span if len(span) >= 7 else [start + timedelta(days=n) for n in range(7)]
    widest = max(mentions, key=lambda m: ((m.last - m.first).days, -m.source, -m.paragraph))
    days: list[tuple[date, ...]] = []
    undated: list[tuple[int, int, str]] = []
    for s, (language, paragraphs) in enumerate(sources):
        current = start
        these: list[date] = []
        for paragraph in paragraphs:
            own = sorted(
                (m for m in mentions if m.source == s and m.paragraph == paragraph.number),
                key=lambda m: paragraph.text.find(m.text),
            )
            if own:
                current = own[0].first
            else:
                for name, weekday in weekdays(paragraph.text, language):
                    matching = [day for day in horizon if day.weekday() == weekday]
                    if matching:
                        current = matching[0]
                        end = max(end, current)
                        break
                    undated.append((s, paragraph.number, name))
            these.append(current)
        days.append(tuple(these))
    return Calendar(start, end, widest, tuple(days), tuple(undated))


def full_dates(text: str, language: str, source: int, paragraph: int) -> list[Mention]:
    """Dates with a day, a month and a year in ``text``, ranges read to both ends."""
    found = _search(text, language, ["day", "month", "year"], datetime(2000, 1, 1))
    return [_mention(text, words, day, source, paragraph) for words, day in found]


def partial_dates(
    text: str, language: str, source: int, paragraph: int, anchor: date
) -> list[Mention]:
    """Dates with a day and a month but no year, given the year of ``anchor``."""
    months = month_names(language)
    if not months:
        return []
    base = datetime(anchor.year, anchor.month, anchor.day)
    found = _search(text, language, ["day", "month"], base)
    return [
        _mention(text, words, day, source, paragraph)
        for words, day in found
        if any(name in _fold(words) for name in months)
    ]


def _search(text: str, language: str, parts: list[str], base: datetime) -> list[tuple[str, date]]:
    try:
        found = search_dates(
            text,
            languages=[language.split("-")[0]],
            settings={"REQUIRE_PARTS": parts, "RELATIVE_BASE": base},
        )
    except ValueError:  # a language dateparser does not know: no dates from it
        return []
    return [
        (words, when.date())
        for words, when in found or []
        if _YEAR.search(words) or any(name in _fold(words) for name in month_names(language))
    ]


def _mention(text: str, words: str, day: date, source: int, paragraph: int) -> Mention:
    inside = _RANGE_INSIDE.search(words)
    if inside and int(inside.group(1)) == day.day and int(inside.group(2)) > day.day:
        last = _replace_day(day, int(inside.group(2)))
        if last is not None:
            return Mention(source, paragraph, words, day, last)
    before = _RANGE_BEFORE.search(text[: max(text.find(words), 0)])
    if before and int(before.group(1)) < day.day:
        first = _replace_day(day, int(before.group(1)))
        if first is not None:
            start = text.find(before.group(0))
            words = text[start : text.find(words) + len(words)]
            return Mention(source, paragraph, words, first, day)
    return Mention(source, paragraph, words, day, day)


def _replace_day(day: date, number: int) -> date | None:
    try:
        return day.replace(day=number)
    except ValueError:
        return None


def weekdays(text: str, language: str) -> list[tuple[str, int]]:
    """The weekdays ``text`` names, as (the name, Monday = 0), in the order they appear."""
    folded = _fold(text)
    found = []
    for name, weekday in weekday_names(language).items():
        for match in re.finditer(re.escape(name), folded):
            if _whole_word(folded, match.start(), match.end()):
                found.append((match.start(), name, weekday))
    return [(name, weekday) for _, name, weekday in sorted(found)]


@cache
def weekday_names(language: str) -> dict[str, int]:
    """Each weekday's names in ``language`` (wide, as written and standing alone), folded."""
    locale = _locale(language)
    if locale is None:
        return {}
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for weekday, name in locale.days[context]["wide"].items():
            names[_fold(name)] = weekday
    return names


@cache
def month_names(language: str) -> frozenset[str]:
    """The month names of ``language``, wide and abbreviated (without their dot), folded."""
    locale = _locale(language)
    if locale is None:
        return frozenset()
    return frozenset(
        _fold(name).rstrip(".")
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for name in locale.months[context][width].values()
        if len(name.rstrip(".")) >= 3
    )


def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
