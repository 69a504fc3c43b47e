"""Filters: plain values that narrow the frames, and say in words what they keep.

Semantics, chosen so every chart answers the same question:
- date and format keep the events they match;
- participants keep the events any of them attended, and the points any of them made;
- topics keep the points about any of them, and the events that still have a point;
- a search keeps the points that say it (see dashboard/search.py), and the events that still
  have a point;
- a point about the visit as a whole is on no one day and in no format: days or formats that
  leave out part of the visit leave it out too; participants, topics and a search treat it as
  any other point. An event whose day the source does not state is on none of the chosen days.
Points, topics and speakers are narrowed together, so every count agrees with every table.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import joins, search
from dashboard.i18n import format_day, format_label, has, t
from dashboard.load import Frames
from dashboard.search import Haystack


@dataclass(frozen=True)
class Filters:
    """What the reader chose to see; empty sets and None mean "no restriction"."""

    start: date | None = None
    end: date | None = None
    topics: frozenset[str] = frozenset()
    participants: frozenset[str] = frozenset()
    formats: frozenset[str] = frozenset()
    search: str = ""

    @property
    def active(self) -> bool:
        """Whether anything is restricted at all."""
        return any((self.start, self.end, self.topics, self.participants, self.formats)) or bool(
            search.normalise(self.search)
        )

    def apply(
        self,
        frames: Frames,
        texts: Haystack | None = None,
        links: joins.Links | None = None,
    ) -> Frames:
        """The frames narrowed to what the filters keep; the input is never modified.

        With nothing restricted, the frames themselves: a copy of 50,000 events for nothing would
        cost time and memory on the page's most common view.

        Args:
            frames: The unfiltered frames.
            texts: ``search.haystack(frames)``, where the caller keeps it; built when needed.
            links: ``joins.links(frames)``, likewise.
        """
        if not self.active:
            return frames
        link = joins.links(frames) if links is None else links
        events = frames.events
        keep = np.ones(len(events), dtype=bool)
        dates = events["date"].to_numpy()
        if self.start is not None:
            keep &= dates >= np.datetime64(self.start)
        if self.end is not None:
            keep &= dates <= np.datetime64(self.end)
        if self.formats:
            keep &= isin(events["format"], self.formats)
        # A point about the visit as a whole has no event (-1): it stands or falls on its own.
        at_visit = link.point_event < 0
        point_keep = joins.through(keep, link.point_event)
        if self._whole_visit(frames):
            point_keep |= at_visit
        topic_rows = np.ones(len(frames.point_topics), dtype=bool)
        speaker_rows = np.ones(len(frames.point_speakers), dtype=bool)
        if self.participants:
            chosen = isin(frames.participants["participant_id"], self.participants)
            attended = joins.through(chosen, link.attendance_person)
            keep &= joins.marked(link.attendance_event[attended], len(events))
            point_keep &= joins.through(keep, link.point_event) | at_visit
            speaker_rows = joins.through(chosen, link.speaker_person)
            point_keep &= joins.marked(link.speaker_point[speaker_rows], len(point_keep))
        if self.topics:
            topic_rows = joins.through(
                isin(frames.topics["topic_id"], self.topics), link.topic_item
            )
            point_keep &= joins.marked(link.topic_point[topic_rows], len(point_keep))
        searched = bool(search.normalise(self.search))
        if searched:
            point_keep &= search.matches(
                search.haystack(frames) if texts is None else texts, self.search, link
            )
        if self.topics or searched:
            # An event that said nothing about the chosen topics is not "about" them.
            keep &= joins.marked(link.point_event[point_keep], len(events))
        return dataclasses.replace(
            frames,
            events=events[keep],
            attendance=frames.attendance[joins.through(keep, link.attendance_event)],
            points=frames.points[point_keep],
            point_topics=frames.point_topics[
                topic_rows & joins.through(point_keep, link.topic_point)
            ],
            point_speakers=frames.point_speakers[
                speaker_rows & joins.through(point_keep, link.speaker_point)
            ],
        )

    def _whole_visit(self, frames: Frames) -> bool:
        """Whether the days and formats chosen leave every part of the visit in view."""
        first, last = (date.fromisoformat(frames.visit[k]) for k in ("start", "end"))
        return (
            not self.formats
            and (self.start is None or self.start <= first)
            and (self.end is None or self.end >= last)
        )

    def slug(self) -> str:
        """A file-name fragment naming the filters, e.g. ``2024-03-05_oceans``; "all" for none."""
        parts = []
        if self.start or self.end:
            parts.append("_to_".join(sorted({d.isoformat() for d in (self.start, self.end) if d})))
        parts += sorted(self.topics)[:3] + sorted(self.participants)[:3] + sorted(self.formats)
        if search.normalise(self.search):
            parts.append("search-" + search.normalise(self.search)[:30])
        slug = "_".join(parts) or "all"
        return re.sub(r"[^A-Za-z0-9_.-]+", "-", slug)[:80]

    def describe(self, frames: Frames, shown: Frames | None = None) -> str:
        """The filters in words, in the frames' language, e.g. "Showing 2 events … about Syria".

        Args:
            frames: The unfiltered frames, for the labels of topics and participants.
            shown: The filtered frames, for the counts; computed when not given.
        """
        lang = frames.language
        shown = shown if shown is not None else self.apply(frames)
        parts: list[str] = []
        if self.start is not None or self.end is not None:
            first = self.start or frames.events["date"].min().date()
            last = self.end or frames.events["date"].max().date()
            if first == last:
                parts.append(t("on_day", lang, day=format_day(first, lang)))
            else:
                parts.append(
                    t(
                        "between_days",
                        lang,
                        first=format_day(first, lang),
                        last=format_day(last, lang),
                    )
                )
        if self.formats:
            names = [_held(f, lang) for f in sorted(self.formats)]
            parts.append(t("in_format", lang, formats=_join(names, lang, "or")))
        if self.participants:
            names = _labels(frames.participants, "participant_id", "name", self.participants)
            parts.append(t("with_people", lang, names=_join(names, lang)))
        if self.topics:
            names = _labels(frames.topics, "topic_id", "label", self.topics)
            parts.append(t("about_topics", lang, topics=_join(names, lang)))
        if search.normalise(self.search):
            parts.append(t("matching", lang, text=search.clean(self.search)))
        counts = {"events": len(shown.events), "points": len(shown.points)}
        if not parts:
            return t("showing", lang, **counts)
        return t(
            "showing_filtered", lang, filters=t("filter_separator", lang).join(parts), **counts
        )


def _labels(
    table: pd.DataFrame, id_column: str, label_column: str, ids: frozenset[str]
) -> list[str]:
    """Labels of ``ids`` in the table's order; an id the log doesn't know is shown as itself."""
    known = table[table[id_column].isin(ids)]
    names = [str(label) for label in known[label_column]]
    return names + sorted(ids - set(known[id_column]))


def _join(names: list[str], lang: str, word: str = "and") -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + t(word, lang) + names[-1]


def _held(event_format: str, lang: str) -> str:
    """A format as the sentence "held …" needs it ("virtually", not "virtual")."""
    key = f"held.{event_format}"
    return t(key, lang) if has(key) else format_label(event_format, lang)


def only_events(frames: Frames, event_ids: Collection[str], visit: bool = False) -> Frames:
    """The frames narrowed to ``event_ids`` and what belongs to them (one page of statements).

    Args:
        frames: The frames to narrow.
        event_ids: The events to keep.
        visit: Whether to keep the points about the visit as a whole too (the first page's).
    """

    def kept(column: pd.Series) -> np.ndarray:
        wanted = isin(column, event_ids)
        return wanted | column.isna().to_numpy() if visit else wanted

    return dataclasses.replace(
        frames,
        events=frames.events[isin(frames.events["event_id"], event_ids)],
        attendance=frames.attendance[isin(frames.attendance["event_id"], event_ids)],
        points=frames.points[kept(frames.points["event_id"])],
        point_topics=frames.point_topics[kept(frames.point_topics["event_id"])],
        point_speakers=frames.point_speakers[kept(frames.point_speakers["event_id"])],
    )


def isin(column: pd.Series, values: pd.Series | Collection[str]) -> np.ndarray:
    """``column.isin(values)`` as a boolean array, computed by Arrow.

    pandas turns each wanted value of an Arrow-backed text column into an Arrow scalar in
    Python first: half a second per call at 50,000 ids, against about 10 ms here.
    """
    wanted = pa.array(values if isinstance(values, pd.Series) else list(values))
    found = pc.is_in(
        pa.array(column).cast(pa.large_string()),
        value_set=wanted.cast(pa.large_string()),
    )
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
