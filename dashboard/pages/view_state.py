"""The reader's view: kept in session state, restored from and written to the link; chart clicks
become filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from dashboard import interaction, panels, search, urlstate
from dashboard.load import Frames
from dashboard.pages import loading

# The page's own copy of the view (a urlstate.View). Streamlit drops a widget's value when a run
# does not draw it (the topic chart's toggles in an empty view, say); this copy outlives that,
# and the widgets are set from it again before they are drawn. Streamlit 1.67's
# bind="query-params" and persist_state="session" keep a value too, but the first names the
# link's parameters after the widgets' keys and drops a bad value silently (a link here says
# which values it ignored), and neither gives the page one value of the whole view to compute
# from: urlstate's two codecs do, from one set of defaults.
VIEW = "view"


def set_view(view: urlstate.View, options: urlstate.Options) -> None:
    """Make ``view`` the page's view and every widget's value: only before the widgets are drawn."""
    state = st.session_state
    state[VIEW] = view
    for key, value in urlstate.widget_values(view, options).items():
        state[key] = value


def restore_from_url(options: urlstate.Options) -> None:
    """On a session's first run, or after a new log, set the view and every widget from the URL."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    view, ignored = urlstate.decode(params, options)
    set_view(view, options)
    state = st.session_state
    state["ignored_params"] = ignored
    made_from_upload = st.query_params.get(loading.UPLOAD_PARAM)
    if made_from_upload and state.get("upload_source") is None:
        state["link_needs_upload"] = made_from_upload


def _same_widget_value(key: str, shown: object, wanted: object) -> bool:
    """Whether a widget already shows ``wanted``: a search as typed, choices in any order."""
    if key == "q" and isinstance(shown, str):
        return search.clean(shown) == wanted
    if isinstance(shown, list) and isinstance(wanted, list):
        return sorted(shown) == sorted(wanted)
    return shown == wanted


def own_view(options: urlstate.Options) -> urlstate.View:
    """The view this run shows: what the widgets hold, and the page's copy for any not drawn.

    Also sets back every widget whose value is missing, ``None`` or no longer offered (after an
    upload, say), so each one is drawn with the view's value.
    """
    state = st.session_state
    kept = urlstate.widget_values(state.get(VIEW) or urlstate.default_view(options), options)
    drawn = {key: state[key] for key in urlstate.WIDGET_KEYS if state.get(key) is not None}
    view = urlstate.from_widgets({**kept, **drawn}, options)
    state[VIEW] = view
    for key, value in urlstate.widget_values(view, options).items():
        if not _same_widget_value(key, state.get(key), value):
            state[key] = value
    return view


def reset_filters(options: urlstate.Options) -> None:
    """Every filter and the search back to their defaults; the language and chart settings stay."""
    view = own_view(options)
    set_view(urlstate.View(view.lang, count_by=view.count_by, split_by=view.split_by), options)


def write_url(view: urlstate.View, options: urlstate.Options) -> None:
    wanted = urlstate.encode(view, options)
    upload: loading.Source | None = st.session_state.get("upload_source")
    if upload is not None:
        # Not a view setting: it tells whoever opens the link that it needs this upload.
        wanted[loading.UPLOAD_PARAM] = [upload.label]
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def on_chart_click(
    key: str, click: panels.Click, frames: Frames, options: urlstate.Options
) -> Callable[[], None]:
    """The callback of a click on the marks of the chart whose widget key is ``key``: ``click``
    (its registry entry's) says what it does to the filters; the view and every widget follow
    before the page runs."""

    def handle() -> None:
        view = own_view(options)
        clicked = interaction.clicked_ids(st.session_state.get(key))
        after = replace(view, filters=click(clicked, view.filters, frames))
        set_view(urlstate.from_widgets(urlstate.widget_values(after, options), options), options)

    return handle


def settings(view: urlstate.View, options: urlstate.Options) -> panels.ChartSettings:
    """The topic chart's settings and the timeline's days in ``view``."""
    return panels.ChartSettings(
        count_by=view.count_by,
        split_by=view.split_by,
        days=urlstate.widget_values(view, options)["days"],
    )
