"""Synthetic event logs of any size, the same bytes for the same seed.

A log covers a year-long visit: 1,000 participants, 300 topics in 8 groups, events on any day,
about half of them with a cited clock time, each with about five points. Every citation quotes
a synthetic Hindi source text verbatim, so a generated log passes every check of
``dashboard.load.read_log`` and exercises the same code as a real one.

The source text depends on the seed alone, not on the number of events, so logs of every size
written with one seed into one folder share one ``sources/synthetic.txt``.

Usage: ``python -m bench.generate --events 1000 --seed 1 --out DIR`` (``--events`` repeats;
without it, every size in ``SIZES`` is written).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

SIZES = (100, 1_000, 10_000, 50_000)
PARTICIPANTS = 1_000
TOPICS = 300
PARAGRAPHS = 1_000  # of the source text, besides the first, which states the visit's dates
VISIT_START = date(2023, 1, 1)
VISIT_DAYS = 365
SOURCE_ID = "synthetic"
SOURCE_PATH = "sources/synthetic.txt"

# Points per event, 1 to 9, about 5 on average; topics per point, 1 to 3.
POINT_WEIGHTS = (1, 2, 3, 4, 5, 4, 3, 2, 1)
TOPIC_WEIGHTS = (5, 3, 2)
SPEAKER_WEIGHTS = (6, 3, 1)
TIMED_SHARE = 0.5
VIRTUAL_SHARE = 0.25
# Share of a point's topics taken from its paragraph's group, so topics cluster as in a real visit.
IN_GROUP_SHARE = 0.75
# The few principals (the first participants) are at almost every event; the rest come and go.
PRINCIPALS = 20

Pair = tuple[str, str]  # the same text in English and Hindi
T = TypeVar("T")

# (id, label en, label hi, noun en, noun hi): the noun starts each of the group's topic labels.
GROUPS = (
    ("security", "Security", "सुरक्षा", "security", "सुरक्षा"),
    ("economy", "Economy and trade", "अर्थव्यवस्था और व्यापार", "trade", "व्यापार"),
    ("energy", "Energy", "ऊर्जा", "energy", "ऊर्जा"),
    ("environment", "Climate and environment", "जलवायु और पर्यावरण", "climate", "जलवायु"),
    ("health", "Health", "स्वास्थ्य", "health", "स्वास्थ्य"),
    ("culture", "Culture and education", "संस्कृति और शिक्षा", "education", "शिक्षा"),
    ("technology", "Science and technology", "विज्ञान और प्रौद्योगिकी", "technology", "तकनीकी"),
    ("connectivity", "Transport and connectivity", "परिवहन और संपर्क", "transport", "परिवहन"),
)
QUALIFIERS: tuple[Pair, ...] = (
    ("cooperation", "सहयोग"),
    ("policy", "नीति"),
    ("investment", "निवेश"),
    ("research", "अनुसंधान"),
    ("reform", "सुधार"),
    ("agreements", "समझौते"),
    ("standards", "मानक"),
    ("funding", "वित्तपोषण"),
    ("infrastructure", "बुनियादी ढांचा"),
    ("training", "प्रशिक्षण"),
    ("partnerships", "साझेदारी"),
    ("dialogue", "संवाद"),
    ("regulation", "विनियमन"),
    ("statistics", "आंकड़े"),
    ("exchanges", "आदान-प्रदान"),
    ("innovation", "नवाचार"),
    ("capacity", "क्षमता"),
    ("planning", "योजना"),
    ("institutions", "संस्थान"),
    ("resilience", "लचीलापन"),
    ("markets", "बाज़ार"),
    ("access", "पहुंच"),
    ("safety", "संरक्षा"),
    ("law", "कानून"),
    ("workforce", "कार्यबल"),
    ("startups", "स्टार्टअप"),
    ("projects", "परियोजनाएं"),
    ("monitoring", "निगरानी"),
    ("finance", "वित्त"),
    ("targets", "लक्ष्य"),
    ("networks", "नेटवर्क"),
    ("corridors", "गलियारे"),
    ("forums", "मंच"),
    ("roadmap", "रूपरेखा"),
    ("grants", "अनुदान"),
    ("audits", "लेखा परीक्षा"),
    ("skills", "कौशल"),
    ("joint ventures", "संयुक्त उद्यम"),
)
KINDS = (
    ("talks", "Talks", "वार्ता"),
    ("meeting", "Meeting", "बैठक"),
    ("press-remarks", "Press remarks", "प्रेस वक्तव्य"),
    ("briefing", "Briefing", "ब्रीफ़िंग"),
    ("interview", "Interview", "साक्षात्कार"),
    ("signing", "Signing ceremony", "हस्ताक्षर समारोह"),
)
ROLES: tuple[Pair, ...] = (
    ("President", "राष्ट्रपति"),
    ("Prime Minister", "प्रधानमंत्री"),
    ("Minister", "मंत्री"),
    ("Deputy Minister", "उप मंत्री"),
    ("Ambassador", "राजदूत"),
    ("Secretary", "सचिव"),
    ("Adviser", "सलाहकार"),
    ("Director", "निदेशक"),
    ("Spokesperson", "प्रवक्ता"),
    ("Envoy", "दूत"),
    ("Governor", "राज्यपाल"),
    ("Mayor", "महापौर"),
)
# A point's sentence, by what was done about its first topic ({t}). Sentences are short so
# that a 10,000-event log is about as large as a real log of that size would be (10-20 MB).
STATEMENTS: tuple[Pair, ...] = (
    ("Discussed {t}.", "{t} पर चर्चा।"),
    ("Agreed on {t}.", "{t} पर सहमति।"),
    ("Reviewed {t}.", "{t} की समीक्षा।"),
    ("Concern over {t}.", "{t} पर चिंता।"),
    ("Progress on {t}.", "{t} में प्रगति।"),
    ("New steps on {t}.", "{t} पर नए कदम।"),
)
# Syllables of the synthetic names of people, countries and cities, in Latin and Devanagari.
CONSONANTS: tuple[Pair, ...] = (
    ("k", "क"),
    ("g", "ग"),
    ("t", "त"),
    ("d", "द"),
    ("n", "न"),
    ("p", "प"),
    ("b", "ब"),
    ("m", "म"),
    ("r", "र"),
    ("l", "ल"),
    ("v", "व"),
    ("s", "स"),
    ("h", "ह"),
)
VOWELS: tuple[Pair, ...] = (("a", ""), ("aa", "ा"), ("i", "ि"), ("u", "ु"), ("e", "े"), ("o", "ो"))


class _Draw:
    """Random draws built on ``random()`` alone.

    ``random()``'s sequence for an integer seed is the part of :mod:`random` that Python promises
    to keep across versions; ``choice`` and ``sample`` carry no such promise, so a seed gives the
    same file on every Python only if they are not used.
    """

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed).random  # noqa: S311 - test data, not a secret

    def below(self, n: int) -> int:
        return int(self._random() * n)

    def between(self, low: int, high: int) -> int:
        return low + self.below(high - low + 1)

    def chance(self, share: float) -> bool:
        return self._random() < share

    def choice(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]

    def weighted(self, weights: Sequence[int]) -> int:
        """An index into ``weights``, drawn in proportion to them."""
        target = self._random() * sum(weights)
        for index, weight in enumerate(weights):
            target -= weight
            if target < 0:
                return index
        return len(weights) - 1

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        """``k`` distinct items, in draw order (a partial Fisher-Yates shuffle)."""
        pool = list(items)
        for i in range(min(k, len(pool))):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


@dataclass(frozen=True, slots=True)
class _Topic:
    id: str
    label: Pair
    phrase: Pair  # the label as it reads inside a sentence
    group: str


@dataclass(frozen=True, slots=True)
class _Participant:
    id: str
    name: Pair
    role: Pair
    organization: Pair


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One point's sentence of the source, with its topics and its YAML, written once."""

    topic: _Topic  # the one the sentence names
    topics: tuple[str, ...]
    text_yaml: str
    source_yaml: str


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """One line of the source: an event's kind, place and time, then the points made in it."""

    kind: tuple[str, str, str]
    city: Pair | None  # None: held online
    start: str
    end: str
    sentences: tuple[_Sentence, ...]
    text: str
    source_yaml: str
    time_source_yaml: str


@dataclass(frozen=True, slots=True)
class _World:
    """Everything a log draws its events from; it depends on the seed only."""

    participants: tuple[_Participant, ...]
    topics: tuple[_Topic, ...]
    paragraphs: tuple[_Paragraph, ...]


@dataclass(slots=True)
class _Event:
    day: int
    paragraph: _Paragraph
    timed: bool
    attendees: list[str]
    points: list[tuple[_Sentence, list[str]]]  # each point's sentence and speakers


def generate(n_events: int, seed: int) -> tuple[str, str]:
    """A log of ``n_events`` events and the source text it cites.

    Args:
        n_events: How many events the log has.
        seed: The same seed gives the same bytes; the source text depends on it alone.

    Returns:
        The log's YAML text and the source's text, one paragraph a line.
    """
    if n_events < 0:
        raise ValueError(f"n_events must be 0 or more, not {n_events}")
    draw = _Draw(seed)
    world = _world(draw)
    events = _events(draw, world, n_events)
    return _log_yaml(world, events, n_events, seed), _source_text(world)


def write(n_events: int, seed: int, folder: Path) -> Path:
    """Write ``events-{n_events}.yaml`` and the source it cites into ``folder``.

    Returns:
        The log's path.
    """
    log_text, source_text = generate(n_events, seed)
    source = folder / SOURCE_PATH
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(source_text, encoding="utf-8", newline="\n")
    log = folder / f"events-{n_events}.yaml"
    log.write_text(log_text, encoding="utf-8", newline="\n")
    return log


def _q(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text``: a JSON string is a YAML one."""
    return json.dumps(text, ensure_ascii=False)


def _pair_yaml(pair: Pair) -> str:
    return f"{{en: {_q(pair[0])}, hi: {_q(pair[1])}}}"


def _citation_yaml(paragraph: int, quote: str) -> str:
    return f"{{source: {SOURCE_ID}, paragraph: {paragraph}, quote: {_q(quote)}}}"


def _word(draw: _Draw, syllables: int) -> Pair:
    latin, devanagari = [], []
    for _ in range(syllables):
        consonant, vowel = draw.choice(CONSONANTS), draw.choice(VOWELS)
        latin.append(consonant[0] + vowel[0])
        devanagari.append(consonant[1] + vowel[1])
    return "".join(latin).capitalize(), "".join(devanagari)


def _distinct_words(draw: _Draw, count: int, syllables: tuple[int, int]) -> list[Pair]:
    words: dict[str, Pair] = {}
    while len(words) < count:
        word = _word(draw, draw.between(*syllables))
        words.setdefault(word[0], word)
    return list(words.values())


def _world(draw: _Draw) -> _World:
    topics = tuple(_topics())
    by_group = {group[0]: [t for t in topics if t.group == group[0]] for group in GROUPS}
    participants = tuple(_participants(draw))
    cities = _distinct_words(draw, 60, (2, 4))
    paragraphs = tuple(
        _paragraph(draw, number, topics, by_group, cities) for number in range(2, PARAGRAPHS + 2)
    )
    return _World(participants, topics, paragraphs)


def _topics() -> list[_Topic]:
    topics = []
    for i in range(TOPICS):
        group_id, _, _, noun_en, noun_hi = GROUPS[i % len(GROUPS)]
        qualifier_en, qualifier_hi = QUALIFIERS[i // len(GROUPS)]
        phrase = (f"{noun_en} {qualifier_en}", f"{noun_hi} {qualifier_hi}")
        label = (phrase[0].capitalize(), phrase[1])
        topics.append(_Topic(f"t{i + 1:03d}", label, phrase, group_id))
    return topics


def _participants(draw: _Draw) -> list[_Participant]:
    countries = _distinct_words(draw, 40, (2, 3))
    given = _distinct_words(draw, 40, (2, 3))
    family = _distinct_words(draw, 40, (2, 4))
    names: dict[str, Pair] = {}
    while len(names) < PARTICIPANTS:
        first, last = draw.choice(given), draw.choice(family)
        names.setdefault(
            f"{first[0]} {last[0]}", (f"{first[0]} {last[0]}", f"{first[1]} {last[1]}")
        )
    participants = []
    for i, name in enumerate(names.values()):
        country = draw.choice(countries)
        organization = (f"Republic of {country[0]}", f"{country[1]} गणराज्य")
        participants.append(_Participant(f"p{i + 1:04d}", name, draw.choice(ROLES), organization))
    return participants


def _paragraph(
    draw: _Draw,
    number: int,
    topics: Sequence[_Topic],
    by_group: dict[str, list[_Topic]],
    cities: Sequence[Pair],
) -> _Paragraph:
    kind = draw.choice(KINDS)
    city = None if draw.chance(VIRTUAL_SHARE) else draw.choice(cities)
    start_minutes = draw.between(7 * 12, 19 * 12) * 5  # 07:00 to 19:00 in steps of five minutes
    end_minutes = start_minutes + draw.between(3, 24) * 5  # 15 minutes to 2 hours later
    start, end = (f"{m // 60:02d}:{m % 60:02d}" for m in (start_minutes, end_minutes))
    in_group = by_group[draw.choice(GROUPS)[0]]
    where = f"{city[1]} में" if city else "ऑनलाइन"
    opening = f"{where} {kind[2]} का आयोजन हुआ।"
    timing = f"कार्यक्रम {start} से {end} बजे तक चला।"
    sentences, texts = [], [opening, timing]
    for _ in range(draw.between(3, 6)):
        chosen = draw.sample(
            in_group if draw.chance(IN_GROUP_SHARE) else topics, draw.weighted(TOPIC_WEIGHTS) + 1
        )
        statement_en, statement_hi = draw.choice(STATEMENTS)
        hindi = statement_hi.format(t=chosen[0].phrase[1])
        english = statement_en.format(t=chosen[0].phrase[0])
        texts.append(hindi)
        # The quote leaves out the first word, as a real quote is often part of a sentence.
        quote = hindi.split(" ", 1)[1]
        sentences.append(
            _Sentence(
                chosen[0],
                tuple(t.id for t in chosen),
                _pair_yaml((english, hindi)),
                _citation_yaml(number, quote),
            )
        )
    return _Paragraph(
        kind=kind,
        city=city,
        start=start,
        end=end,
        sentences=tuple(sentences),
        text=" ".join(texts),
        source_yaml=_citation_yaml(number, opening),
        time_source_yaml=_citation_yaml(number, f"{start} से {end} बजे तक"),
    )


def _events(draw: _Draw, world: _World, n_events: int) -> list[_Event]:
    """The events in log order: by day, then the timed ones by start time, then the others."""
    ids = [p.id for p in world.participants]
    events = [_event(draw, world, ids, draw.below(VISIT_DAYS)) for _ in range(n_events)]
    return sorted(events, key=lambda e: (e.day, not e.timed, e.paragraph.start if e.timed else ""))


def _event(draw: _Draw, world: _World, ids: Sequence[str], day: int) -> _Event:
    paragraph = draw.choice(world.paragraphs)
    attendees = [draw.choice(ids[:PRINCIPALS])]
    attendees += [p for p in draw.sample(ids, draw.between(1, 7)) if p not in attendees]
    # The points follow their paragraph's sentences; an event with more points than its
    # paragraph has sentences borrows the rest from other paragraphs.
    own = draw.sample(paragraph.sentences, len(paragraph.sentences))
    points = []
    for i in range(draw.weighted(POINT_WEIGHTS) + 1):
        sentence = own[i] if i < len(own) else draw.choice(draw.choice(world.paragraphs).sentences)
        speakers = draw.sample(attendees, draw.weighted(SPEAKER_WEIGHTS) + 1)
        points.append((sentence, speakers))
    return _Event(day, paragraph, draw.chance(TIMED_SHARE), attendees, points)


def _source_text(world: _World) -> str:
    last = VISIT_START + timedelta(days=VISIT_DAYS - 1)
    opening = (
        f"यह कृत्रिम लेख {VISIT_START.isoformat()} से {last.isoformat()} तक चली एक वर्ष की "
        "यात्रा की घटनाओं का वर्णन करता है।"
    )
    return "\n".join([opening, *(p.text for p in world.paragraphs)]) + "\n"


def _log_yaml(world: _World, events: Sequence[_Event], n_events: int, seed: int) -> str:
    last = VISIT_START + timedelta(days=VISIT_DAYS - 1)
    lines = [
        f"# A synthetic log for benchmarks: {n_events:,} events, seed {seed}.",
        f"# Regenerate, do not edit: python -m bench.generate --events {n_events} --seed {seed}",
        "schema_version: 1",
        "",
        "visit:",
        "  id: synthetic-year",
        "  title: " + _pair_yaml(("A synthetic year-long visit", "एक वर्ष की कृत्रिम यात्रा")),
        f"  start: {VISIT_START.isoformat()}",
        f"  end: {last.isoformat()}",
        "  place: " + _pair_yaml(("Many places", "अनेक स्थान")),
        f"  timezone: {_q('Asia/Kolkata')}",
        f"  source: {_citation_yaml(1, f'{VISIT_START.isoformat()} से {last.isoformat()} तक')}",
        "",
        "sources:",
        f"  - id: {SOURCE_ID}",
        "    title: " + _pair_yaml(("Synthetic source text", "कृत्रिम स्रोत पाठ")),
        f"    language: {_q('hi')}",
        f"    path: {_q(SOURCE_PATH)}",
        "",
        "participants:",
    ]
    # Ids are written plain, as in the shipped log: a letter then letters, digits and '-', which
    # YAML can read only as text. Everything else goes through _q.
    for p in world.participants:
        lines += [
            f"  - id: {p.id}",
            f"    name: {_pair_yaml(p.name)}",
            f"    role: {_pair_yaml(p.role)}",
            f"    organization: {_pair_yaml(p.organization)}",
        ]
    lines += ["", "topic_groups:"]
    for group_id, label_en, label_hi, _, _ in GROUPS:
        lines += [f"  - id: {group_id}", f"    label: {_pair_yaml((label_en, label_hi))}"]
    lines += ["", "topics:"]
    for t in world.topics:
        lines += [f"  - id: {t.id}", f"    label: {_pair_yaml(t.label)}", f"    group: {t.group}"]
    lines += ["", "events:" if events else "events: []"]
    sequence, previous_day = 0, -1
    for number, event in enumerate(events, start=1):
        sequence = sequence + 1 if event.day == previous_day else 1
        previous_day = event.day
        lines += _event_yaml(event, f"ev{number:06d}", sequence)
    return "\n".join(lines) + "\n"


def _event_yaml(event: _Event, event_id: str, sequence: int) -> list[str]:
    paragraph = event.paragraph
    kind_id, kind_en, kind_hi = paragraph.kind
    topic = paragraph.sentences[0].topic.phrase
    if paragraph.city:
        title = (f"{kind_en} in {paragraph.city[0]}", f"{paragraph.city[1]} में {kind_hi}")
    else:
        title = (f"{kind_en} online", f"ऑनलाइन {kind_hi}")
    summary = (f"Mainly on {topic[0]}.", f"मुख्य रूप से {topic[1]} पर।")
    day = VISIT_START + timedelta(days=event.day)
    lines = [
        f"  - id: {event_id}",
        f"    title: {_pair_yaml(title)}",
        f"    date: {day.isoformat()}",
        f"    sequence: {sequence}",
    ]
    if event.timed:
        lines += [
            f"    start: {_q(paragraph.start)}",
            f"    end: {_q(paragraph.end)}",
            f"    time_source: {paragraph.time_source_yaml}",
        ]
    lines += [f"    kind: {kind_id}", f"    format: {'in-person' if paragraph.city else 'virtual'}"]
    if paragraph.city:
        lines.append(f"    place: {_pair_yaml(paragraph.city)}")
    lines += [
        f"    source: {paragraph.source_yaml}",
        f"    participants: [{', '.join(event.attendees)}]",
        f"    summary: {_pair_yaml(summary)}",
        "    points:",
    ]
    for position, (sentence, speakers) in enumerate(event.points, start=1):
        lines += [
            f"      - id: {event_id}-{position}",
            f"        speakers: [{', '.join(speakers)}]",
            f"        topics: [{', '.join(sentence.topics)}]",
            f"        text: {sentence.text_yaml}",
            f"        source: {sentence.source_yaml}",
        ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: write logs of the given sizes, print each path and its size."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description="Write synthetic event logs for benchmarks."
    )
    sizes = ", ".join(map(str, SIZES))
    parser.add_argument(
        "--events",
        type=int,
        action="append",
        help=f"events in a log; repeat for several logs (default: {sizes})",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="one seed, one set of bytes (default: 1)"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for the logs and their source"
    )
    args = parser.parse_args(argv)
    for n_events in args.events or SIZES:
        path = write(n_events, args.seed, args.out)
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
