"""The Streamlit page, and nothing else: it calls the pure data and chart functions and lays them out.

This is the only module that imports streamlit.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from dashboard import interaction, model, panels, search, urlstate
from dashboard.export import data as export_data
from dashboard.export import footer, images
from dashboard.i18n import (
    UI_LANGUAGES,
    format_day,
    format_label,
    language_list,
    language_name,
    t,
)
from dashboard.load import DEFAULT_LOG, Frames, Log, LogInfo, build_frames
from dashboard.problems import LogError, Problem
from dashboard.store import load_all_frames
from dashboard.upload import MAX_UPLOAD_BYTES, parse_upload

MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)

# Streamlit sets Plotly's default template on import; ours are explicit, and exports must not
# pick up the "streamlit" template, whose placeholder colours come out black in kaleido.
pio.templates.default = "plotly_white"

ENV_LOG = "VISIT_LOG"
# The file name of the uploaded log a link was made from: the server keeps no upload.
UPLOAD_PARAM = "upload"


@dataclass(frozen=True)
class Source:
    """A log the page can show: its name, identity and frames in each of its languages."""

    label: str
    info: LogInfo
    frames: dict[str, Frames]


# ---------------------------------------------------------------------------------------------
# Loading: cached by content, never mutated


def _start_path() -> Path:
    """The log chosen at start: ``-- --data PATH``, else $VISIT_LOG, else the shipped log."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path)
    args, _ = parser.parse_known_args(sys.argv[1:])
    if args.data:
        return Path(args.data)
    if os.environ.get(ENV_LOG):
        return Path(os.environ[ENV_LOG])
    return DEFAULT_LOG


# Shared by every session and never copied: at 50,000 events, pickling frames on each rerun (as
# st.cache_data does) cost seconds. Nothing downstream changes a frame in place; pandas'
# copy-on-write keeps derived frames from writing through, and tests/test_app_cache.py checks it.
@st.cache_resource(show_spinner=False, max_entries=8)
def _file_frames(path: str, stamp: tuple[int, int]) -> tuple[LogInfo, dict[str, Frames]]:
    """A start file's frames; ``stamp`` (mtime, size) makes an edited file load afresh.

    The frame store makes a restart on an unchanged file skip reading the YAML.
    """
    del stamp
    return load_all_frames(Path(path))


def _file_log(path: Path) -> tuple[Source | None, list[Problem]]:
    """The log at ``path``, or the problems that stop it loading."""
    try:
        stat = path.stat()
        info, frames = _file_frames(str(path.resolve()), (stat.st_mtime_ns, stat.st_size))
        return Source(label=path.name, info=info, frames=frames), []
    except FileNotFoundError:
        return None, [
            Problem(
                file=path.name,
                line=None,
                path="",
                message=f"the log file {path} is missing",
                hint="Check the path, or restore the file",
            )
        ]
    except LogError as error:
        return None, error.problems


def _uploaded(log: Log) -> Source:
    """An upload, for this session only: its frames live in its session state, nowhere else."""
    frames = {lang: build_frames(log, lang) for lang in log.languages}
    return Source(label=log.name, info=log.info, frames=frames)


def _current_source() -> tuple[Source | None, list[Problem], bool]:
    """The log to show: this session's upload if any, else the start file.

    Returns:
        The source, the problems with the newest version of the file (if any), and whether the
        shown log is an older good version kept because the file broke or disappeared.
    """
    upload: Source | None = st.session_state.get("upload_source")
    if upload is not None:
        return upload, [], False
    path = _start_path()
    source, problems = _file_log(path)
    last_good = _last_good_files()
    if source is not None:
        last_good[str(path)] = source
        return source, [], False
    kept = last_good.get(str(path))
    return kept, problems, kept is not None


@st.cache_resource
def _last_good_files() -> dict[str, Source]:
    """The last log each start file held while valid, shared by every session of this server.

    A file edited into an invalid state, or removed, while the server runs must not take the
    page down for anyone, including readers who arrive afterwards.
    """
    return {}


# ---------------------------------------------------------------------------------------------
# View state: widgets <-> URL


# The page's own copy of the view (a urlstate.View). Streamlit drops a widget's value when a run
# does not draw it (the topic chart's toggles in an empty view, say); this copy outlives that,
# and the widgets are set from it again before they are drawn. Streamlit 1.67's
# bind="query-params" and persist_state="session" keep a value too, but the first names the
# link's parameters after the widgets' keys and drops a bad value silently (a link here says
# which values it ignored), and neither gives the page one value of the whole view to compute
# from: urlstate's two codecs do, from one set of defaults.
_VIEW = "view"


def _set_view(view: urlstate.View, options: urlstate.Options) -> None:
    """Make ``view`` the page's view and every widget's value: only before the widgets are drawn."""
    state = st.session_state
    state[_VIEW] = view
    for key, value in urlstate.widget_values(view, options).items():
        state[key] = value


def _restore_from_url(options: urlstate.Options) -> None:
    """On a session's first run, or after a new log, set the view and every widget from the URL."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    view, ignored = urlstate.decode(params, options)
    _set_view(view, options)
    state = st.session_state
    state["ignored_params"] = ignored
    made_from_upload = st.query_params.get(UPLOAD_PARAM)
    if made_from_upload and state.get("upload_source") is None:
        state["link_needs_upload"] = made_from_upload


def _same_widget_value(key: str, shown: object, wanted: object) -> bool:
    """Whether a widget already shows ``wanted``: a search as typed, choices in any order."""
    if key == "q" and isinstance(shown, str):
        return search.clean(shown) == wanted
    if isinstance(shown, list) and isinstance(wanted, list):
        return sorted(shown) == sorted(wanted)
    return shown == wanted


def _own_view(options: urlstate.Options) -> urlstate.View:
    """The view this run shows: what the widgets hold, and the page's copy for any not drawn.

    Also sets back every widget whose value is missing, ``None`` or no longer offered (after an
    upload, say), so each one is drawn with the view's value.
    """
    state = st.session_state
    kept = urlstate.widget_values(state.get(_VIEW) or urlstate.default_view(options), options)
    drawn = {key: state[key] for key in urlstate.WIDGET_KEYS if state.get(key) is not None}
    view = urlstate.from_widgets({**kept, **drawn}, options)
    state[_VIEW] = view
    for key, value in urlstate.widget_values(view, options).items():
        if not _same_widget_value(key, state.get(key), value):
            state[key] = value
    return view


def _reset_filters(options: urlstate.Options) -> None:
    """Every filter and the search back to their defaults; the language and chart settings stay."""
    view = _own_view(options)
    _set_view(urlstate.View(view.lang, count_by=view.count_by, split_by=view.split_by), options)


def _write_url(view: urlstate.View, options: urlstate.Options) -> None:
    wanted = urlstate.encode(view, options)
    upload: Source | None = st.session_state.get("upload_source")
    if upload is not None:
        # Not a view setting: it tells whoever opens the link that it needs this upload.
        wanted[UPLOAD_PARAM] = [upload.label]
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


# ---------------------------------------------------------------------------------------------
# Clicks on charts become filters


def _on_topic_click() -> None:
    state = st.session_state
    state["topics"] = interaction.topics_after_click(
        state.get("topics", []), interaction.clicked_ids(state.get("topic_chart"))
    )


def _on_timeline_click(event_days: Mapping[str, date]) -> Callable[[], None]:
    def handle() -> None:
        state = st.session_state
        state["days"] = interaction.days_after_click(
            state["days"], interaction.clicked_ids(state.get("timeline_chart")), event_days
        )

    return handle


# ---------------------------------------------------------------------------------------------
# Page parts: each lays out what the page model computed


def _show_problems(problems: list[Problem], lang: str, intro_key: str) -> None:
    lines = "\n".join(f"- {_md(str(problem))}" for problem in problems[:50])
    more = f"\n\n{t('more_problems', lang, n=len(problems) - 50)}" if len(problems) > 50 else ""
    st.error(f"{t(intro_key, lang)}\n\n{lines}{more}", icon=":material/error:")


def _md(text: str) -> str:
    """User text for a Markdown element: every Markdown and HTML character escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$&])", r"\\\1", text)


def _sidebar(choices: model.Choices, options: urlstate.Options, lang: str, examples: str) -> None:
    sb = st.sidebar
    sb.header(t("filters", lang))
    sb.text_input(
        t("search", lang),
        key="q",
        placeholder=t("search_placeholder", lang, examples=examples)
        if examples
        else t("search_placeholder_plain", lang),
        help=t("search_help", lang),
        max_chars=search.MAX_LENGTH,
    )
    if len(options.days) > 1:
        # value= marks it as a range slider; the actual value comes from session state (URL, reset).
        sb.select_slider(
            t("days", lang),
            options=options.days,
            key="days",
            value=(options.days[0], options.days[-1]),
            format_func=lambda d: format_day(d, lang),
        )
    # wrap=True: a chosen topic's chip grows onto more rows instead of scrolling out of sight.
    sb.multiselect(
        t("topics", lang),
        options=list(choices.topics),
        key="topics",
        format_func=lambda x: choices.topics.get(x, x),
        placeholder=t("all_topics", lang),
        wrap=True,
    )
    sb.multiselect(
        t("participants", lang),
        options=list(choices.participants),
        key="people",
        format_func=lambda x: choices.participants.get(x, x),
        placeholder=t("everyone", lang),
        wrap=True,
    )
    sb.pills(
        t("format", lang),
        options=list(options.formats),
        selection_mode="multi",
        key="formats",
        format_func=lambda x: format_label(x, lang),
    )
    sb.button(
        t("reset", lang), key="reset", on_click=_reset_filters, args=(options,), width="stretch"
    )


def _header(page: model.PageModel, lang: str) -> None:
    heading = page.heading
    st.title(_md(heading.title), anchor=False)
    st.markdown(f"**{_md(heading.when)}** · {_md(heading.place)}")
    columns = st.columns(len(page.selection.figures))
    for column, (name, value) in zip(columns, page.selection.figures, strict=True):
        column.metric(t(f"figure.{name}", lang), f"{value:,}")
    st.caption(_md(page.selection.description))


def _overview(page: model.PageModel, lang: str) -> None:
    """The visit at a glance, before any chart: a sentence per day and the events table."""
    found = page.overview
    st.header(t("overview", lang), anchor=False)
    st.markdown(_md(found.sentence))
    st.table(found.events, hide_index=True)
    if found.more_events:
        shown = len(found.events)
        st.caption(t("overview.more_events", lang, shown=shown, total=shown + found.more_events))


# Only the download (and Streamlit's full screen) in the mode bar: on a touch screen it never
# hides, and a full row of zoom buttons covered the titles. Drag and double-click still zoom.
_MODEBAR_REMOVED = ["zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d"]


def _chart(
    view: model.ChartView,
    table: Callable[[], pd.DataFrame],
    lang: str,
    slug: str,
    caption: Callable[[], str],
    on_select: Callable[[], None] | None = None,
) -> None:
    """A chart with its toolbar download, its data table, and server-side PNG/SVG buttons.

    ``caption`` gives the files' footer: the view's filters and search, and the log's sources.
    """
    name, figure, key = view.name, view.panel.figure, panels.chart(view.name).key
    config = {
        "displaylogo": False,
        "modeBarButtonsToRemove": _MODEBAR_REMOVED,
        "toImageButtonOptions": {"format": "png", "filename": f"{name}-{slug}", "scale": 2},
    }
    # theme=None: Streamlit's chart theme would recolour the figure, so screen and files would differ.
    # A go.Figure, not a dict: Streamlit validates a dict's every property again, on every run.
    if on_select is None:
        st.plotly_chart(figure, width="stretch", config=config, key=key, theme=None)
    else:
        st.plotly_chart(
            figure,
            width="stretch",
            config=config,
            key=key,
            theme=None,
            on_select=on_select,
            selection_mode="points",
        )
    # The table is built only for a reader who opens it (on_change="rerun" makes .open known).
    box = st.expander(t("data_table", lang), key=f"{key}_table", on_change="rerun")
    if box.open:
        box.dataframe(table(), width="stretch", hide_index=True)
    reason = images.missing_requirements()
    columns = st.columns([1, 1, 4])
    formats: tuple[images.ImageFormat, ...] = ("png", "svg")
    for column, fmt in zip(columns, formats, strict=False):
        column.download_button(
            t(f"download_{fmt}", lang),
            data=_image_maker(figure, fmt, caption),
            file_name=f"{name}-{slug}.{fmt}",
            mime=images.MIME[fmt],
            key=f"{key}_{fmt}",
            disabled=reason is not None,
            on_click="ignore",
            width="stretch",
        )
    if reason:
        columns[2].caption(t("images_unavailable", lang, reason=reason))


def _image_maker(
    figure: go.Figure, fmt: images.ImageFormat, caption: Callable[[], str]
) -> Callable[[], bytes]:
    # Rendered only when the button is clicked: kaleido costs far more than a rerun.
    return lambda: footer.render(figure, fmt, caption())


@dataclass(frozen=True)
class _Shown:
    """What a fragment needs from the run that drew the page around it."""

    frames: Frames
    page: model.PageModel
    options: urlstate.Options


def _table(shown: _Shown, name: str, settings: panels.ChartSettings) -> Callable[[], pd.DataFrame]:
    return lambda: model.chart_table(shown.frames, shown.page.key, name, settings)


def _caption(shown: _Shown) -> Callable[[], str]:
    return lambda: footer.caption(shown.frames, shown.page.selection.description)


@st.fragment
def _topics(shown: _Shown) -> None:
    """The topic chart and its two toggles, which redraw it alone."""
    state = st.session_state
    key, lang = shown.page.key, shown.page.key.lang
    if frozenset(state.get("topics", [])) != key.filters.topics:
        st.rerun()  # a click on a bar chose a topic: every chart follows, not this one alone
    left, right = st.columns(2)
    left.segmented_control(
        t("count_by", lang),
        options=list(urlstate.COUNT_BY),
        key="count_by",
        required=True,
        format_func=lambda x: t(f"count_by.{x}", lang),
    )
    right.segmented_control(
        t("split_by", lang),
        options=list(urlstate.SPLIT_BY),
        key="split_by",
        required=True,
        format_func=lambda x: t(f"split_by.{x}", lang),
    )
    # A fragment's rerun skips main(): the toggles' new values reach the page's view here.
    drawn = {name: state[name] for name in ("count_by", "split_by") if state.get(name) is not None}
    kept = urlstate.widget_values(state[_VIEW], shown.options)
    view = urlstate.from_widgets({**kept, **drawn}, shown.options)
    state[_VIEW] = view
    settings = _settings(view, shown.options)
    _write_url(view, shown.options)
    chart = model.chart_view(shown.frames, key, "topics", settings)
    _chart(
        chart,
        _table(shown, "topics", settings),
        lang,
        shown.page.selection.slug,
        _caption(shown),
        on_select=_on_topic_click,
    )


def _charts(shown: _Shown, lang: str) -> None:
    page = shown.page
    # What was said first: the topic chart answers the question most readers come with.
    for section in ("what", "when", "who"):
        st.header(t(section, lang), anchor=False)
        for view in page.charts:
            if view.section != section:
                continue
            if view.name == "topics":
                _topics(shown)
                continue
            on_select = _on_timeline_click(page.event_days) if view.name == "timeline" else None
            _chart(
                view,
                _table(shown, view.name, page.settings),
                lang,
                page.selection.slug,
                _caption(shown),
                on_select,
            )


def _provenance(shown: _Shown, lang: str) -> None:
    page = shown.page
    st.header(t("provenance", lang), anchor=False)
    languages = list(page.heading.quote_languages)
    st.caption(
        t("provenance_help", lang, languages=_md(language_list(languages, lang)))
        if languages
        else t("provenance_help_unquoted", lang)
    )
    pages = page.selection.pages
    if pages > 1:
        st.number_input(
            t("page", lang, pages=pages), min_value=1, max_value=pages, value=1, key="page"
        )
    st.html(page.statements_html)
    box = st.expander(t("article", lang), key="article", on_change="rerun")
    if box.open:
        box.html(model.article(shown.frames, page.key))


def _downloads(shown: _Shown, lang: str) -> None:
    """CSV of the statements in view and JSON of the view, made only when clicked."""
    chosen = shown.page.selection
    st.header(t("downloads", lang), anchor=False)
    left, right = st.columns(2)
    left.download_button(
        t("download_csv", lang),
        data=lambda: export_data.to_csv(export_data.statements(chosen.shown)),
        file_name=f"statements-{chosen.slug}.csv",
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        t("download_json", lang),
        data=lambda: export_data.to_json(chosen.shown, chosen.description),
        file_name=f"view-{chosen.slug}.json",
        mime="application/json",
        key="download_json",
        on_click="ignore",
        width="stretch",
    )


def _uploader(lang: str) -> None:
    """Another log for this session only; a bad one is reported and the previous view kept."""
    state = st.session_state
    with st.sidebar.expander(t("open_log", lang)):
        st.caption(t("open_log_help", lang, mb=MAX_UPLOAD_MB))
        files = st.file_uploader(
            t("log_file", lang),
            type=["yaml", "yml", "txt"],
            accept_multiple_files=True,
            key="upload",
            max_upload_size=MAX_UPLOAD_MB,
        )
        if state.get("upload_source") is not None and st.button(
            t("back_to_start", lang), key="unload"
        ):
            # The files stay in the uploader: their digest is kept so the rerun doesn't reopen them.
            state["upload_source"] = None
            state["needs_restore"] = True
            st.rerun()
    if not files:
        state["upload_digest"] = None  # the same files, chosen again later, open again
        return
    contents = {f.name: f.getvalue() for f in files}
    digest = hashlib.sha256(
        b"".join(name.encode() + data for name, data in sorted(contents.items()))
    ).hexdigest()
    if state.get("upload_digest") != digest:
        state["upload_digest"] = digest
        log, state["upload_problems"] = parse_upload(contents)
        if log is not None:
            state["upload_source"] = _uploaded(log)
            state.pop("link_needs_upload", None)
            state["needs_restore"] = True
            st.rerun()
    if state.get("upload_problems"):
        _show_problems(state["upload_problems"], lang, "upload_rejected")


# ---------------------------------------------------------------------------------------------


def _settings(view: urlstate.View, options: urlstate.Options) -> panels.ChartSettings:
    """The topic chart's settings and the timeline's days in ``view``."""
    return panels.ChartSettings(
        count_by=view.count_by,
        split_by=view.split_by,
        days=urlstate.widget_values(view, options)["days"],
    )


def main() -> None:
    """Draw the page for one run of the script."""
    st.set_page_config(
        page_title="Visit dashboard",
        # An emoji: it loads Streamlit's emoji catalogue (0.3 s, once a process), which the Hindi
        # label of the language switch loads anyway. A Material icon would be fetched from
        # Google's font servers, which an offline reader's browser cannot reach: Streamlit
        # 1.67's frontend turns a Material page_icon into a fonts.gstatic.com URL for the
        # favicon. The notices' Material icons below come from the font Streamlit serves itself
        # (static/media/MaterialSymbols-Rounded), so they show without an emoji font.
        page_icon="🕊️",
        layout="wide",
        initial_sidebar_state="auto",
    )
    state = st.session_state
    lang = state.get("lang", "en")
    source, file_problems, stale = _current_source()
    if source is None:
        _show_problems(file_problems, lang, "cannot_load")
        return
    info = source.info
    options = model.options(source.frames[info.languages[0]], info)
    if "restored" not in state or state.pop("needs_restore", False):
        _restore_from_url(options)
        state["restored"] = True

    # Widgets hold their new values before the script runs, so the page model for this run can
    # be computed first and the widgets drawn after it.
    view = _own_view(options)
    lang, filters = view.lang, view.filters
    frames = source.frames[lang]
    page = model.page_model(
        frames, info.sha256, filters, _settings(view, options), state.get("page", 1)
    )
    _write_url(view, options)

    # Labelled in each of the log's languages the interface speaks: "Language · भाषा".
    st.sidebar.segmented_control(
        " · ".join(dict.fromkeys(t("language", code) for code in options.languages)),
        options=list(options.languages),
        key="lang",
        required=True,
        format_func=language_name,
    )
    if lang not in UI_LANGUAGES:
        st.sidebar.caption(t("ui_fallback", lang, language=language_name(lang, "en")))
    _sidebar(model.choices(frames, info.sha256), options, lang, page.heading.search_examples)
    _uploader(lang)

    if stale:
        _show_problems(file_problems, lang, "file_broken_kept")
    if page.heading.reviews is not None:
        st.warning(
            t("draft_notice", lang, items=page.heading.reviews), icon=":material/rate_review:"
        )
    if state.get("link_needs_upload"):
        st.info(
            t("link_needs_upload", lang, name=_md(state["link_needs_upload"])),
            icon=":material/upload_file:",
        )
    elif state.get("upload_source") is not None:
        st.caption(t("uploaded_link", lang, name=_md(source.label)))
    ignored = state.get("ignored_params")
    if ignored:
        st.warning(
            t("ignored_params", lang, params=_md(", ".join(ignored))), icon=":material/link_off:"
        )

    _header(page, lang)
    if page.selection.empty:
        st.info(t("empty", lang), icon=":material/filter_alt_off:")
        st.button(t("reset", lang), key="reset_empty", on_click=_reset_filters, args=(options,))
        return
    shown = _Shown(frames, page, options)
    _overview(page, lang)
    _charts(shown, lang)
    _provenance(shown, lang)
    _downloads(shown, lang)
    st.caption(t("footer", lang, name=_md(source.label), sha=info.sha256[:12]))


__all__ = ["main"]
