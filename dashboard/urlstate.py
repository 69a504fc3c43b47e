"""The view, and its two codecs: the link's query parameters, and the page's widget values.

Ids, not labels, go in the URL: a link works in either language and survives relabelling.
Values the log doesn't know are dropped and reported, never trusted. The view's defaults live in
``View`` alone; both codecs leave out or fall back to them, so neither can carry a ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from dashboard import panels, search
from dashboard.filters import Filters
from dashboard.i18n import UI_LANGUAGES, t
from dashboard.load import Frames, Log, LogInfo
from dashboard.metrics import CountBy, SplitBy
from dashboard.panels import COUNT_BY, SECTIONS, SPLIT_BY, ChartSettings, Section

Choice = TypeVar("Choice", bound=str)


@dataclass(frozen=True)
class Options:
    """What a view may choose from, as given by the loaded log."""

    languages: Sequence[str]
    days: Sequence[date]
    topics: Sequence[str]
    participants: Sequence[str]
    formats: Sequence[str]
    sections: Sequence[Section] = SECTIONS


def options_for(log: Log | LogInfo, frames: Frames) -> Options:
    """What a view of ``log`` may choose from: its languages, every day of the visit, its ids."""
    start, end = date.fromisoformat(frames.visit["start"]), date.fromisoformat(frames.visit["end"])
    return Options(
        languages=list(log.languages),
        days=[start + timedelta(days=i) for i in range((end - start).days + 1)],
        topics=list(frames.topics["topic_id"]),
        participants=list(frames.participants["participant_id"]),
        formats=sorted(set(frames.events["format"])) or ["in-person", "virtual"],
        sections=panels.sections(frames),
    )


@dataclass(frozen=True)
class View:
    """Everything a link restores: language, filters, the topic chart's settings, the open
    section (the page draws only that one) and the page of statements."""

    lang: str
    filters: Filters = field(default_factory=Filters)
    count_by: CountBy = ChartSettings.count_by
    split_by: SplitBy = ChartSettings.split_by
    section: Section = SECTIONS[0]
    statements_page: int = 1


def default_view(options: Options) -> View:
    """The view of a log with nothing chosen: its first language, everything shown."""
    return View(lang=options.languages[0])


# Names links had before each concept got one name everywhere (participant, count_by, split_by):
# a link shared then still opens its view, and a new link is written with the new names.
LEGACY_PARAMS = {"who": "participant", "count": "count_by", "split": "split_by"}


def decode(params: Mapping[str, Sequence[str]], options: Options) -> tuple[View, list[str]]:
    """Read a view from query parameters, keeping only values ``options`` allows.

    Args:
        params: Each parameter's values, repeated parameters in order (``?topic=a&topic=b``).
        options: What the loaded log allows.

    Returns:
        The view, and one ``name=value`` per parameter value that was ignored.
    """
    ignored: list[str] = []
    renamed: dict[str, list[str]] = {}
    for name, values in params.items():
        # The legacy name first: where a link has both, the new name's value wins.
        key = LEGACY_PARAMS.get(name, name)
        renamed[key] = (
            [*values, *renamed.get(key, [])]
            if name in LEGACY_PARAMS
            else [*renamed.get(key, []), *values]
        )
    params = renamed

    def one(name: str, allowed: Sequence[Choice], default: Choice) -> Choice:
        values = list(params.get(name, []))
        if not values:
            return default
        for choice in allowed:
            if values[-1] == choice:
                return choice
        ignored.append(f"{name}={values[-1]}")
        return default

    def many(name: str, allowed: Sequence[str]) -> frozenset[str]:
        kept = set()
        for value in params.get(name, []):
            for item in value.split(","):
                if item in allowed:
                    kept.add(item)
                elif item:
                    ignored.append(f"{name}={item}")
        return frozenset(kept)

    def day(name: str) -> date | None:
        values = list(params.get(name, []))
        if not values:
            return None
        try:
            parsed = date.fromisoformat(values[-1])
        except ValueError:
            parsed = None
        if parsed is None or not options.days or not options.days[0] <= parsed <= options.days[-1]:
            ignored.append(f"{name}={values[-1]}")
            return None
        return parsed

    def page(name: str) -> int:
        values = list(params.get(name, []))
        if not values:
            return View.statements_page
        if values[-1].isascii() and values[-1].isdigit() and int(values[-1]) >= 1:
            return int(values[-1])
        ignored.append(f"{name}={values[-1]}")
        return View.statements_page

    lang = one("lang", options.languages, options.languages[0])
    start, end = day("from"), day("to")
    if start and end and end < start:
        ignored.append(f"to={end.isoformat()}")
        end = None
    searched = list(params.get("q", []))
    filters = Filters(
        start=start,
        end=end,
        topics=many("topic", options.topics),
        participants=many("participant", options.participants),
        formats=many("format", options.formats),
        search=search.clean(searched[-1]) if searched else "",
    )
    view = View(
        lang=lang,
        filters=filters,
        count_by=one("count_by", COUNT_BY, View.count_by),
        split_by=one("split_by", SPLIT_BY, View.split_by),
        section=one("section", options.sections, View.section),
        statements_page=page("page"),
    )
    return view, ignored


def encode(view: View, options: Options) -> dict[str, list[str]]:
    """Query parameters for ``view``; defaults are left out so links stay short."""
    params: dict[str, list[str]] = {}
    if view.lang != options.languages[0]:
        params["lang"] = [view.lang]
    if view.filters.start and (not options.days or view.filters.start != options.days[0]):
        params["from"] = [view.filters.start.isoformat()]
    if view.filters.end and (not options.days or view.filters.end != options.days[-1]):
        params["to"] = [view.filters.end.isoformat()]
    for name, values in (
        ("topic", view.filters.topics),
        ("participant", view.filters.participants),
        ("format", view.filters.formats),
    ):
        if values:
            params[name] = sorted(values)
    if search.normalise(view.filters.search):
        params["q"] = [view.filters.search]
    # Only a value a reader may choose reaches the link: never "None", never a stale value.
    if view.count_by != View.count_by and view.count_by in COUNT_BY:
        params["count_by"] = [view.count_by]
    if view.split_by != View.split_by and view.split_by in SPLIT_BY:
        params["split_by"] = [view.split_by]
    if view.section != View.section and view.section in options.sections:
        params["section"] = [view.section]
    if view.statements_page != View.statements_page and view.statements_page >= 1:
        params["page"] = [str(view.statements_page)]
    return params


# The page's widgets, by session-state key: one per part of the view.
WIDGET_KEYS = (
    "lang",
    "q",
    "days",
    "topics",
    "participants",
    "formats",
    "count_by",
    "split_by",
    "section",
    "page",
)


def section_label(section: Section, lang: str) -> str:
    """The tab's label of ``section`` in ``lang``: the tabs' widget value is their label."""
    return t(f"section.{section}", lang)


def section_of(label: object) -> Section | None:
    """The section whose tab says ``label`` in any interface language (the language may have
    just been switched under the open tab), or None."""
    for section in SECTIONS:
        if label == section or any(label == section_label(section, ui) for ui in UI_LANGUAGES):
            return section
    return None


def widget_values(view: View, options: Options) -> dict[str, Any]:
    """Each widget's value for ``view``, by its session-state key (``WIDGET_KEYS``)."""
    filters = view.filters
    return {
        "lang": view.lang,
        "q": filters.search,
        "days": (filters.start or options.days[0], filters.end or options.days[-1]),
        "topics": [x for x in options.topics if x in filters.topics],
        "participants": [x for x in options.participants if x in filters.participants],
        "formats": [x for x in options.formats if x in filters.formats],
        "count_by": view.count_by,
        "split_by": view.split_by,
        "section": section_label(view.section, view.lang),
        "page": view.statements_page,
    }


def from_widgets(values: Mapping[str, Any], options: Options) -> View:
    """The view the widgets' ``values`` show; a missing, ``None`` or unknown value is its default.

    The page's own copy of the view goes through here after every run, so a widget that a run
    did not draw (and whose value Streamlit dropped) can never turn into ``None`` in the view.
    """
    default = default_view(options)

    def one(key: str, allowed: Sequence[Choice], fallback: Choice) -> Choice:
        value = values.get(key)
        return next((choice for choice in allowed if choice == value), fallback)

    def many(key: str, allowed: Sequence[str]) -> frozenset[str]:
        value = values.get(key)
        if not isinstance(value, list | tuple | set | frozenset):
            return frozenset()
        return frozenset(x for x in value if isinstance(x, str) and x in allowed)

    start, end = None, None
    days = values.get("days")
    if (
        isinstance(days, tuple | list)
        and len(days) == 2
        and all(isinstance(d, date) and d in options.days for d in days)
        and days[0] <= days[1]
    ):
        start = days[0] if days[0] != options.days[0] else None
        end = days[1] if days[1] != options.days[-1] else None
    searched = values.get("q")
    page = values.get("page")
    return View(
        lang=one("lang", options.languages, default.lang),
        filters=Filters(
            start=start,
            end=end,
            topics=many("topics", options.topics),
            participants=many("participants", options.participants),
            formats=many("formats", options.formats),
            search=search.clean(searched) if isinstance(searched, str) else "",
        ),
        count_by=one("count_by", COUNT_BY, default.count_by),
        split_by=one("split_by", SPLIT_BY, default.split_by),
        section=next(
            (x for x in options.sections if x == section_of(values.get("section"))),
            default.section,
        ),
        statements_page=page if isinstance(page, int) and page >= 1 else default.statements_page,
    )
