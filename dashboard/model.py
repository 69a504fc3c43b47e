"""Everything the page shows for one view, as plain values: computed once, shared by every session.

A view is the log's content hash, the language, the filters, the topic chart's settings and the
page of statements. Each part of the page is a pure function of the few of those it depends on,
and is cached under exactly those: a second reader of a view, or a toggle that changes one chart,
costs a dictionary look-up for everything else. Nothing here imports streamlit, and nothing that
comes out of the cache is ever changed (tests/test_model.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import pandas as pd

from dashboard import joins, metrics, panels, search, urlstate
from dashboard.cache import BoundedCache
from dashboard.export import data as export_data
from dashboard.filters import Filters, isin, only_events
from dashboard.i18n import format_day, t
from dashboard.load import COLUMNS, Frames, LogInfo
from dashboard.overview import Overview
from dashboard.overview import overview as visit_overview
from dashboard.panels import SECTIONS, ChartSettings, Section
from dashboard.provenance import article_html, statements_html

EVENTS_PER_PAGE = 25
KEY_FIGURES = ("events", "points", "topics", "participants")
CACHE_MB_ENV = "VISIT_VIEW_CACHE_MB"

# One cache for the whole server. A view's parts are small (the charts keep to their top items);
# the filtered frames of a wide view at 50,000 events are the large ones.
CACHE = BoundedCache(max_entries=2048, max_bytes=int(os.environ.get(CACHE_MB_ENV, "512")) << 20)


@dataclass(frozen=True)
class ViewKey:
    """What the frames are and what the filters keep of them: the key every part starts from."""

    log: str
    lang: str
    filters: Filters


@dataclass(frozen=True)
class Selection:
    """What the filters keep of a log, and what the page says of it.

    Attributes:
        shown: The filtered frames.
        key_figures: The header's numbers, (name, value) in ``KEY_FIGURES`` order.
        description: The filters in words, e.g. "Showing 2 events … about Syria".
        slug: The filters as a file-name fragment.
        event_ids: The events with statements in view, in time order: the statements' pages.
    """

    shown: Frames
    key_figures: tuple[tuple[str, int], ...]
    description: str
    slug: str
    event_ids: tuple[str, ...]

    @property
    def empty(self) -> bool:
        # A point about the visit as a whole is in view with no event: the view is not empty.
        return self.shown.events.empty and self.shown.points.empty

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.event_ids) // EVENTS_PER_PAGE))


@dataclass(frozen=True)
class ChartView:
    """One chart for one view: its registry entry's name and section, figure and data."""

    name: str
    section: Section
    panel: panels.Panel


@dataclass(frozen=True)
class Heading:
    """The page's title lines, and what else the page says of the log it shows.

    Attributes:
        title: The visit's title.
        when: Its days, written in the page's language.
        place: Its place.
        reviews: How many items of a draft log await review; None for a log that is no draft.
        quote_languages: The languages of the log's sources, in their order (what quotes are in).
        search_examples: Words of the log's own to suggest in the search box ("" for none).
    """

    title: str
    when: str
    place: str
    reviews: int | None = None
    quote_languages: tuple[str, ...] = ()
    search_examples: str = ""


@dataclass(frozen=True)
class PageModel:
    """The page for one view; the page lays it out and computes nothing itself.

    Only the sections asked for are computed: the page asks for the open one alone.

    Attributes:
        key: The log, language and filters it shows.
        settings: The topic chart's settings and the timeline's days.
        heading: Title, dates and place.
        selection: What the filters keep, with its numbers and description.
        sections: The sections computed.
        charts: Every chart of those sections, in the page's order (none when nothing matches).
        page: The page of statements shown, from 1.
        statements_html: That page's statements, escaped HTML ("" unless "statements" is computed).
        overview: The sentence per day and the events table (None unless "when" is computed).
    """

    key: ViewKey
    settings: ChartSettings
    heading: Heading
    selection: Selection
    sections: tuple[Section, ...]
    charts: tuple[ChartView, ...]
    page: int
    statements_html: str
    overview: Overview | None

    def chart(self, name: str) -> ChartView:
        """The chart called ``name``."""
        return next(chart for chart in self.charts if chart.name == name)


def page_model(
    frames: Frames,
    log: str,
    filters: Filters,
    settings: ChartSettings,
    page: int = 1,
    sections: Collection[Section] = SECTIONS,
) -> PageModel:
    """The page for a view of ``frames`` (the log whose content hash is ``log``).

    Args:
        frames: The log's frames in the page's language.
        log: The log's content hash: with the language, it names the frames in every cache key.
        filters: What the reader chose to see.
        settings: The topic chart's settings and the timeline's days.
        page: The page of statements, from 1; out of range is brought into range.
        sections: The sections to compute; every one by default. The header's parts always are.
    """
    key = ViewKey(log, frames.language, filters)
    chosen = selection(frames, key)
    computed = tuple(s for s in SECTIONS if s in sections)
    charts = (
        ()
        if chosen.empty
        else tuple(
            chart_view(frames, key, c.name, settings)
            for c in panels.drawn(frames)
            if c.section in computed
        )
    )
    page = min(max(page, 1), chosen.pages)
    return PageModel(
        key=key,
        settings=settings,
        heading=heading(frames, log),
        selection=chosen,
        sections=computed,
        charts=charts,
        page=page,
        statements_html=statements_page(frames, key, page) if "statements" in computed else "",
        overview=overview(frames, key) if "when" in computed else None,
    )


@dataclass(frozen=True)
class Choices:
    """The filters' options as the sidebar words them: id -> label, in the order shown."""

    topics: Mapping[str, str]
    participants: Mapping[str, str]


def options(frames: Frames, info: LogInfo) -> urlstate.Options:
    """What a view of the log may choose from (any language's frames give the same ids)."""
    return CACHE.get(("options", info.sha256), lambda: urlstate.options_for(info, frames))


def choices(frames: Frames, log: str) -> Choices:
    """The sidebar's topics ("Topic · Group", grouped) and participants, in the frames' language."""

    def make() -> Choices:
        topics = frames.topics.sort_values(["group_label", "position"])
        people = frames.participants
        return Choices(
            topics=MappingProxyType(
                # The topic's own label first: where the sidebar cuts a long option short, it
                # cuts the group's name, never the topic's.
                dict(
                    zip(
                        topics["topic_id"],
                        topics["label"] + " · " + topics["group_label"],
                        strict=True,
                    )
                )
            ),
            participants=MappingProxyType(
                dict(zip(people["participant_id"], people["name"], strict=True))
            ),
        )

    return CACHE.get(("choices", log, frames.language), make)


def heading(frames: Frames, log: str) -> Heading:
    """The visit's title, dates and place in the frames' language."""

    def make() -> Heading:
        visit, lang = frames.visit, frames.language
        start, end = date.fromisoformat(visit["start"]), date.fromisoformat(visit["end"])
        when = (
            format_day(start, lang)
            if start == end
            else f"{format_day(start, lang)} – {format_day(end, lang)}"
        )
        reviews = visit.get("reviews")
        return Heading(
            visit["title"],
            when,
            visit["place"],
            reviews=None if reviews is None else int(reviews),
            quote_languages=tuple(str(x) for x in frames.paragraphs["language"].unique()),
            search_examples=search_examples(frames),
        )

    return CACHE.get(("heading", log, frames.language), make)


def search_examples(frames: Frames, most: int = 2) -> str:
    """A few of the log's own topic labels (the shortest, in the log's order), else names, to
    show as examples in the search box: "Syria, Libya"; "" for a log with neither."""
    for labels in (frames.topics["label"], frames.participants["name"]):
        words = [str(label) for label in labels.dropna()]
        if words:
            shortest = sorted(range(len(words)), key=lambda i: (len(words[i]), i))[:most]
            return ", ".join(words[i] for i in sorted(shortest))
    return ""


def selection(frames: Frames, key: ViewKey) -> Selection:
    """What ``key.filters`` keep of ``frames``, with the header's numbers and words."""

    def make() -> Selection:
        texts = search_texts(frames, key.log) if key.filters.search else None
        shown = key.filters.apply(frames, texts, links(frames, key.log))
        figures = metrics.key_figures(shown)
        in_order = metrics.in_time_order(shown.events)["event_id"]
        with_points = in_order[isin(in_order, shown.points["event_id"])]
        return Selection(
            shown=shown,
            key_figures=tuple((name, figures[name]) for name in KEY_FIGURES),
            description=key.filters.describe(frames, shown),
            slug=key.filters.slug(),
            event_ids=tuple(str(e) for e in with_points),
        )

    def size(chosen: Selection) -> int:
        # Unfiltered, the frames are the log's own, already held by the frame cache.
        return 0 if chosen.shown is frames else frames_bytes(chosen.shown, frames, key.log)

    return CACHE.get(("selection", key), make, size)


def links(frames: Frames, log: str) -> joins.Links:
    """How the log's rows refer to each other: built once per log and language, for the filters."""

    def size(found: joins.Links) -> int:
        return sum(array.nbytes for array in vars(found).values())

    return CACHE.get(("links", log, frames.language), lambda: joins.links(frames), size)


def search_texts(frames: Frames, log: str) -> search.Haystack:
    """What a search looks in: built once per log and language."""
    return CACHE.get(
        ("search", log, frames.language),
        lambda: search.haystack(frames),
        lambda texts: texts.nbytes,
    )


def chart_view(frames: Frames, key: ViewKey, name: str, settings: ChartSettings) -> ChartView:
    """The chart ``name`` for a view; cached under only the settings that change it."""
    entry = panels.chart(name)
    used = ChartSettings(**{field: getattr(settings, field) for field in entry.uses})

    def make() -> ChartView:
        shown = selection(frames, key).shown
        # The whole log's frames too: the grids keep their axes and colours in every view. An
        # unfiltered view is its own whole: its cached selection may hold another copy of the
        # same log (a session that read the same file), and a chart that took them for two
        # views would say "none in this view" of the whole visit.
        whole = frames if key.filters.active else shown
        return ChartView(name, entry.section, panels.panel(entry, shown, used, whole))

    return CACHE.get(("chart", key, name, used), make, _chart_bytes)


def chart_table(frames: Frames, key: ViewKey, name: str, settings: ChartSettings) -> pd.DataFrame:
    """The data table beside chart ``name``: built only when a reader opens it."""
    entry = panels.chart(name)

    def make() -> pd.DataFrame:
        return entry.table(chart_view(frames, key, name, settings).panel.data, key.lang)

    used = ChartSettings(**{field: getattr(settings, field) for field in entry.uses})
    return CACHE.get(("table", key, name, used), make, frame_bytes)


def overview(frames: Frames, key: ViewKey) -> Overview:
    """The view's sentence per day and events table."""

    def make() -> Overview:
        return visit_overview(selection(frames, key).shown)

    return CACHE.get(("overview", key), make, lambda found: frame_bytes(found.events))


def statements_page(frames: Frames, key: ViewKey, page: int) -> str:
    """One page of the statements in view, grouped by event, as escaped HTML.

    Built for the page in view only: at 250,000 statements the whole table took seconds.
    """

    def make() -> str:
        chosen = selection(frames, key)
        events = chosen.event_ids[(page - 1) * EVENTS_PER_PAGE : page * EVENTS_PER_PAGE]
        return statements_html(
            # The points about the visit as a whole open the first page, before its events.
            export_data.statements(only_events(chosen.shown, events, visit=page == 1)),
            key.lang,
            key.filters.search,
        )

    return CACHE.get(("statements", key, page), make, sys.getsizeof)


def article(frames: Frames, key: ViewKey) -> str:
    """The whole article with the quotes in view highlighted: built only when a reader opens it."""

    def make() -> str:
        shown = selection(frames, key).shown
        return article_html(
            frames.paragraphs, shown.points, t("paragraph", key.lang), key.filters.search
        )

    return CACHE.get(("article", key), make, sys.getsizeof)


# Sizes are estimates, made in microseconds: counting a frame's buffers exactly costs a
# millisecond, more than a small view's whole computation. They bound the cache, no more.
_CELL_BYTES = 48  # an average cell of a chart's data: numbers and short labels
_FIGURE_BYTES = 16 << 10  # a figure's layout, axes and template around its data


def frame_bytes(frame: pd.DataFrame) -> int:
    """About how many bytes a small frame (a chart's data, a table) holds."""
    return len(frame) * len(frame.columns) * _CELL_BYTES


def frames_bytes(shown: Frames, frames: Frames, log: str) -> int:
    """About how many bytes filtered frames hold: their share of the rows of the log's frames."""
    whole = CACHE.get(
        ("bytes", log, frames.language),
        lambda: {
            name: int(getattr(frames, name).memory_usage(deep=False).sum()) for name in COLUMNS
        },
    )
    return sum(
        whole[name] * len(getattr(shown, name)) // max(1, len(getattr(frames, name)))
        for name in COLUMNS
    )


def _chart_bytes(chart: ChartView) -> int:
    # A figure holds about what its data does, once more, as JSON-ready arrays.
    return 2 * frame_bytes(chart.panel.data.rows) + _FIGURE_BYTES
