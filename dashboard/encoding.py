"""One colour, order and name per day, format, kind, event, topic group, person and topic.

Fixed from the whole log when its frames are built, never from a filtered view: a filter that
hides 12 May leaves 13 May its colour, and a chart, its legend, its table and an exported file
all read the same scale. Vega-Lite's declared scale ``domain`` is the model.

Besides the scales, the whole visit's topic totals: a filtered topic chart draws them in grey
behind the selection, so a reader keeps the visit's context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from dashboard.i18n import format_day, format_label, kind_label

if TYPE_CHECKING:
    from dashboard.load import Frames

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency. The first two
# differ in lightness as well as hue (2.3:1 between them), so two days or events stay apart in
# greyscale; every bar drawn in them has a dark outline (OUTLINE), which holds 3:1 and more
# against the white background where a light fill alone would not (WCAG 2.1, 1.4.11).
CATEGORY_COLORS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#D55E00",  # vermillion
    "#CC79A7",  # purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black, last: as a fill it reads as a shadow
)
OUTLINE = "#1F2A36"
FORMAT_ORDER = ("in-person", "virtual")


@dataclass(frozen=True)
class Scale:
    """A categorical scale: every id of the whole log, in order, with its colour and name."""

    ids: tuple[str, ...]
    colors: Mapping[str, str]
    names: Mapping[str, str]

    def color(self, key: str) -> str:
        """The id's colour; an id the log does not know (never expected) gets grey."""
        return self.colors.get(key, "#999999")

    def name(self, key: str) -> str:
        """The id's display name in the scale's language (the id itself if it has none)."""
        return self.names.get(key, key)

    def rank(self, key: str) -> int:
        """The id's place in the scale's order; unknown ids go last."""
        return self._ranks.get(key, len(self.ids))

    def ordered(self, keys: Sequence[str]) -> list[str]:
        """``keys`` in the scale's order, unknown ones last in their given order."""
        return sorted(keys, key=self.rank)

    @property
    def _ranks(self) -> dict[str, int]:
        ranks: dict[str, int] | None = self.__dict__.get("_rank_cache")
        if ranks is None:
            ranks = {key: i for i, key in enumerate(self.ids)}
            object.__setattr__(self, "_rank_cache", ranks)
        return ranks


def _scale(ids: Sequence[str], names: Mapping[str, str], palette: Sequence[str]) -> Scale:
    return Scale(
        ids=tuple(ids),
        colors={key: palette[i % len(palette)] for i, key in enumerate(ids)},
        names=dict(names),
    )


@dataclass(frozen=True)
class Encoding:
    """Every scale of one log in one language, and the whole visit's topic totals.

    Attributes:
        days: Every day of the visit, ``YYYY-MM-DD``, in order, including days without events.
        formats: In person, virtual, then any other format the log uses.
        kinds: The event kinds in order of first appearance.
        events: Every event in time order; colours cycle through ``CATEGORY_COLORS``.
        groups: Topic groups in the log's order.
        people: Participants in the log's order, with their names.
        topics: Topics in the log's order, with their labels.
        topic_groups: Each topic's group id.
        topic_totals: Per count ("points", "events"), each topic's count over the whole visit.
        topic_ranking: Per count, the topics the whole visit mentions, the most counted first,
            then in the log's order: the topic chart's rows, in every view.
        sources: The titles of the log's sources, in the language, for source lines.
    """

    days: Scale
    formats: Scale
    kinds: Scale
    events: Scale
    groups: Scale
    people: Scale
    topics: Scale
    topic_groups: Mapping[str, str]
    topic_totals: Mapping[str, Mapping[str, int]]
    topic_ranking: Mapping[str, tuple[str, ...]]
    sources: tuple[str, ...]


def encode(frames: Frames) -> Encoding:
    """The scales of the whole log behind ``frames``; call it on unfiltered frames only."""
    lang = frames.language
    first, last = date.fromisoformat(frames.visit["start"]), date.fromisoformat(frames.visit["end"])
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    events = frames.events
    # Columns are read whole (tolist): iterating an Arrow-backed column costs a call per value.
    used = set(events["format"].tolist())
    formats = [f for f in FORMAT_ORDER if f in used]
    formats += sorted(used - set(formats))
    formats = formats or list(FORMAT_ORDER)
    kinds = list(dict.fromkeys(events["kind"].tolist()))
    order = np.lexsort((events["sequence"].to_numpy(), events["date"].to_numpy()))
    event_ids = events["event_id"].to_numpy(dtype=object)[order].tolist()
    titles = events["title"].to_numpy(dtype=object)[order].tolist()
    topics, people = frames.topics, frames.participants
    group_ids = list(dict.fromkeys(topics["group_id"].tolist()))
    group_names: dict[str, str] = {}
    for group, name in zip(
        topics["group_id"].tolist(), topics["group_label"].tolist(), strict=True
    ):
        group_names.setdefault(group, name)  # every topic of a group carries its label
    # As the topic chart counts: a point about the visit as a whole sits in no day or event bar.
    point_topics = frames.point_topics[frames.point_topics["event_id"].notna()]
    totals = {
        "points": point_topics["topic_id"].value_counts().to_dict(),
        "events": point_topics[["topic_id", "event_id"]]
        .drop_duplicates()["topic_id"]
        .value_counts()
        .to_dict(),
    }
    topic_totals = {
        by: {str(k): int(v) for k, v in counts.items()} for by, counts in totals.items()
    }
    topic_rank = {topic: i for i, topic in enumerate(topics["topic_id"].tolist())}
    return Encoding(
        days=_scale(
            [d.isoformat() for d in days],
            {d.isoformat(): format_day(d, lang) for d in days},
            CATEGORY_COLORS,
        ),
        formats=_scale(formats, {f: format_label(f, lang) for f in formats}, CATEGORY_COLORS),
        kinds=_scale(kinds, {k: kind_label(k, lang) for k in kinds}, CATEGORY_COLORS),
        events=_scale(event_ids, dict(zip(event_ids, titles, strict=True)), CATEGORY_COLORS),
        groups=_scale(group_ids, group_names, CATEGORY_COLORS),
        people=_scale(
            people["participant_id"].tolist(),
            dict(zip(people["participant_id"].tolist(), people["name"].tolist(), strict=True)),
            CATEGORY_COLORS,
        ),
        topics=_scale(
            topics["topic_id"].tolist(),
            dict(zip(topics["topic_id"].tolist(), topics["label"].tolist(), strict=True)),
            CATEGORY_COLORS,
        ),
        topic_groups=dict(
            zip(topics["topic_id"].tolist(), topics["group_id"].tolist(), strict=True)
        ),
        topic_totals=topic_totals,
        topic_ranking={
            by: tuple(
                sorted(
                    counts,
                    key=lambda topic: (-counts[topic], topic_rank.get(topic, len(topic_rank))),
                )
            )
            for by, counts in topic_totals.items()
        },
        sources=tuple(dict.fromkeys(frames.paragraphs["source_title"].tolist())),
    )
