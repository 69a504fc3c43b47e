"""The dashboard page: it lays out the page model that pure code computed for the reader's view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import model, panels, search, urlstate
from dashboard.export import data as export_data
from dashboard.export import footer, images
from dashboard.i18n import UI_LANGUAGES, format_day, format_label, language_list, language_name, t
from dashboard.load import Frames
from dashboard.overview import Overview
from dashboard.pages import loading, notices, view_state


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
        key="participants",
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
        t("reset", lang),
        key="reset",
        on_click=view_state.reset_filters,
        args=(options,),
        width="stretch",
    )


def _header(page: model.PageModel, lang: str) -> None:
    heading = page.heading
    st.title(notices.md(heading.title), anchor=False)
    st.markdown(f"**{notices.md(heading.when)}** · {notices.md(heading.place)}")
    # A row that wraps, not columns: columns stack on a phone, four numbers a screen's height.
    figures = st.container(horizontal=True, gap="medium")
    for name, value in page.selection.key_figures:
        figures.metric(t(f"figure.{name}", lang), f"{value:,}", width="content")
    st.caption(notices.md(page.selection.description))


def _overview(found: Overview, lang: str) -> None:
    """The visit day by day before its timeline: a sentence per day and the events table."""
    st.markdown(notices.md(found.sentence))
    # st.table renders its cells as Markdown (LaTeX too): the log's text is escaped to stay text.
    table = found.events.map(lambda cell: notices.md(str(cell)))
    table.columns = [notices.md(str(column)) for column in table.columns]
    st.table(table, hide_index=True)
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
def _controlled(shown: _Shown, name: str) -> None:
    """A chart drawn with its own toggles (its registry entry's controls), which redraw it alone."""
    entry = panels.chart(name)
    key, lang = shown.page.key, shown.page.key.lang
    # A fragment's rerun skips main(): the toggles' new values reach the page's view here.
    view = view_state.own_view(shown.options)
    if view.filters != key.filters or view.lang != key.lang:
        st.rerun()  # a click on the chart chose a filter: every part of the page follows
    # A row that wraps, not columns: side by side on a phone too, above the chart they change.
    row = st.container(horizontal=True, gap="medium")
    for control in entry.controls:
        row.segmented_control(
            t(control.setting, lang),
            options=list(control.choices),
            key=control.setting,
            required=True,
            format_func=_choice_label(control.setting, lang),
        )
    settings = view_state.settings(view, shown.options)
    view_state.write_url(view, shown.options)
    _chart(
        model.chart_view(shown.frames, key, name, settings),
        _table(shown, name, settings),
        lang,
        shown.page.selection.slug,
        _caption(shown),
        on_select=_on_select(shown, entry),
    )


def _choice_label(setting: str, lang: str) -> Callable[[str], str]:
    return lambda choice: t(f"{setting}.{choice}", lang)


def _on_select(shown: _Shown, entry: panels.Chart[Any]) -> Callable[[], None] | None:
    if entry.on_click is None:
        return None
    return view_state.on_chart_click(entry.key, entry.on_click, shown.frames, shown.options)


def _charts(shown: _Shown, lang: str) -> None:
    """The open section's overview and charts: the page model holds that section's alone."""
    page = shown.page
    # No heading above a chart: the tab names the section, and a phone's first screen reaches
    # the topic chart's first bars only without one (tests/browser/test_phone.py).
    if page.overview is not None:  # the model computes it with the day-by-day section alone
        _overview(page.overview, lang)
    for view in page.charts:
        entry = panels.chart(view.name)
        if entry.controls:
            _controlled(shown, view.name)
            continue
        _chart(
            view,
            _table(shown, view.name, page.settings),
            lang,
            page.selection.slug,
            _caption(shown),
            _on_select(shown, entry),
        )


def _sections(shown: _Shown, section: panels.Section, lang: str) -> None:
    """The sections as tabs; only the open one runs (on_change="rerun" makes .open known), so
    a click costs what the reader looks at. Which one is open is part of the view and the link."""
    sections = shown.options.sections
    tabs = st.tabs(
        [urlstate.section_label(s, lang) for s in sections], key="section", on_change="rerun"
    )
    for name, tab in zip(sections, tabs, strict=True):
        if name != section:
            continue
        with tab:
            if name == "statements":
                _provenance(shown, lang)
            else:
                _charts(shown, lang)


def _provenance(shown: _Shown, lang: str) -> None:
    page = shown.page
    st.header(t("provenance", lang), anchor=False)
    languages = list(page.heading.quote_languages)
    st.caption(
        t("provenance_help", lang, languages=notices.md(language_list(languages, lang)))
        if languages
        else t("provenance_help_unquoted", lang)
    )
    pages = page.selection.pages
    if pages > 1:
        # The view's page, brought into range by the model: the filters may have shortened the list.
        st.session_state["page"] = page.page
        st.number_input(t("page", lang, pages=pages), min_value=1, max_value=pages, key="page")
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


def main() -> None:
    """Draw the dashboard page for one run of the script."""
    state = st.session_state
    lang = state.get("lang", "en")
    source, file_problems, stale = loading.current_source()
    if source is None:
        notices.show_problems(file_problems, lang, "cannot_load")
        return
    info = source.info
    options = model.options(source.frames[info.languages[0]], info)
    if "restored" not in state or state.pop("needs_restore", False):
        view_state.restore_from_url(options)
        state["restored"] = True

    # Widgets hold their new values before the script runs, so the page model for this run can
    # be computed first and the widgets drawn after it.
    view = view_state.own_view(options)
    lang, filters = view.lang, view.filters
    frames = source.frames[lang]
    page = model.page_model(
        frames,
        info.sha256,
        filters,
        view_state.settings(view, options),
        view.statements_page,
        sections=(view.section,),
    )
    view_state.write_url(view, options)

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
    loading.uploader(lang)

    if stale:
        notices.show_problems(file_problems, lang, "file_broken_kept")
    if page.heading.reviews is not None:
        st.warning(
            t("draft_notice", lang, items=page.heading.reviews), icon=":material/rate_review:"
        )
    if state.get("link_needs_upload"):
        st.info(
            t("link_needs_upload", lang, name=notices.md(state["link_needs_upload"])),
            icon=":material/upload_file:",
        )
    elif state.get("upload_source") is not None:
        st.caption(t("uploaded_link", lang, name=notices.md(source.label)))
    ignored = state.get("ignored_params")
    if ignored:
        st.warning(
            t("ignored_params", lang, params=notices.md(", ".join(ignored))),
            icon=":material/link_off:",
        )

    _header(page, lang)
    if page.selection.empty:
        st.info(t("empty", lang), icon=":material/filter_alt_off:")
        st.button(
            t("reset", lang), key="reset_empty", on_click=view_state.reset_filters, args=(options,)
        )
        return
    shown = _Shown(frames, page, options)
    _sections(shown, view.section, lang)
    _downloads(shown, lang)
    st.caption(t("footer", lang, name=notices.md(source.label), sha=info.sha256[:12]))
