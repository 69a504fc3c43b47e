"""The editor page's tables and forms over the log: statements, events, the visit, people and
topics, and the chart preview; with the helpers both editor modules use.

Each table is an ``st.data_editor`` under a key that changes with every change to the log, so it
always starts from the log as it now stands; its edits become :mod:`dashboard.editing` calls.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import editing, panels
from dashboard.i18n import language_name, t
from dashboard.load import build_frames, pick
from dashboard.pages import notices
from dashboard.problems import Problem
from dashboard.schema import VOICES


def _edited_rows(
    history: editing.History,
    frame: pd.DataFrame,
    config: dict[str, Any],
    name: str,
    changes_of: Callable[[pd.DataFrame, pd.DataFrame], list[tuple[str, dict[str, Any]]]],
    set_row: Callable[[Any, str, dict[str, Any]], None],
) -> None:
    """A table of ``frame`` to edit; each changed row becomes one edit of the log, all in one step.

    The table's key changes with every change to the log, so it starts again from the log, not
    from old edits.
    """
    version = st.session_state.get("edit.version", 0)
    shown = st.data_editor(
        frame, column_config=config, hide_index=True, num_rows="fixed", key=f"edit.{name}.{version}"
    )
    changes = changes_of(frame, shown)
    if changes:

        def apply(doc: Any) -> None:
            for row_id, fields in changes:
                set_row(doc, row_id, fields)

        change(history, apply, ", ".join(row_id for row_id, _ in changes))


def change(history: editing.History, change: Any, message: str) -> None:
    """Apply ``change`` to the log's text, keep it as an undo step, and draw the page again."""
    try:
        history.push(editing.edited(history.text, change, st.session_state["edit.style"]))
    except editing.EditError as error:
        st.session_state["edit.flash"] = ("error", notices.md(str(error)))
        return
    st.session_state["edit.version"] = st.session_state.get("edit.version", 0) + 1
    st.session_state["edit.flash"] = ("success", notices.md(message))
    st.rerun()


def names(document: Any, key: str, label: str, lang: str) -> dict[str, str]:
    """Each item's id -> how the interface names it, in the log's text in ``lang``."""
    named: dict[str, str] = {}
    for item in document.get(key, []) or []:
        words = pick(dict(item.get(label) or {}), lang) or ""
        named[str(item["id"])] = f"{words} ({item['id']})" if words else str(item["id"])
    return named


def statements(
    history: editing.History, document: Any, rows: dict[str, list[Problem]], lang: str
) -> None:
    """Every statement as an editable row, its problems beside it; edits are applied at once."""
    st.subheader(t("edit.statements", lang))
    codes = editing.languages(document)
    people = names(document, "participants", "name", lang)
    topics = names(document, "topics", "label", lang)
    records = []
    for event_id, point in editing.all_points(document):
        cited = point.get("source") or {}
        texts = point.get("text") or {}
        records.append(
            {
                "id": str(point.get("id")),
                "event": event_id,
                "voice": str(point.get("voice", "said")),
                "speakers": [str(p) for p in point.get("speakers", []) or []],
                "topics": [str(p) for p in point.get("topics", []) or []],
                **{f"text.{code}": str(texts.get(code) or "") for code in codes},
                "paragraph": cited.get("paragraph"),
                "quote": str(cited.get("quote", "")),
                "review": "review" in point,
                "problems": " ".join(
                    f"{p.path}: {p.message}." for p in rows.get(f"point:{point.get('id')}", [])
                ),
            }
        )
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return
    config: dict[str, Any] = {
        "id": st.column_config.TextColumn(t("edit.col.id", lang), disabled=True),
        "event": st.column_config.TextColumn(t("edit.col.event", lang), disabled=True),
        "voice": st.column_config.SelectboxColumn(
            t("edit.col.voice", lang), options=list(VOICES), required=True
        ),
        "speakers": st.column_config.MultiselectColumn(
            t("edit.col.speakers", lang), options=list(people), format_func=people.__getitem__
        ),
        "topics": st.column_config.MultiselectColumn(
            t("edit.col.topics", lang), options=list(topics), format_func=topics.__getitem__
        ),
        **{
            f"text.{code}": st.column_config.TextColumn(
                t("edit.col.text", lang, language=code), required=True
            )
            for code in codes
        },
        "paragraph": st.column_config.NumberColumn(
            t("edit.col.paragraph", lang), min_value=1, step=1, required=True
        ),
        "quote": st.column_config.TextColumn(t("edit.col.quote", lang), required=True),
        "review": st.column_config.CheckboxColumn(t("edit.col.review", lang), disabled=True),
        "problems": st.column_config.TextColumn(t("edit.col.problems", lang), disabled=True),
    }
    _edited_rows(
        history,
        frame,
        config,
        "points",
        lambda old, new: _row_changes(old, new, codes),
        lambda doc, point_id, fields: editing.set_point(doc, point_id, **fields),
    )
    delete_box, delete_button = st.columns([3, 1], vertical_alignment="bottom")
    doomed = delete_box.selectbox(
        t("edit.delete", lang), list(frame["id"]), index=None, key="edit.delete"
    )
    if delete_button.button(
        t("edit.delete.button", lang), key="edit.delete.button", disabled=doomed is None
    ):
        change(history, lambda d: editing.drop_point(d, str(doomed)), str(doomed))


def events(
    history: editing.History, document: Any, rows: dict[str, list[Problem]], lang: str
) -> None:
    """Every event as an editable row: day, kind, format, participants and title."""
    events = document.get("events", []) or []
    if not events:
        return
    st.subheader(t("edit.events", lang))
    codes = editing.languages(document)
    people = names(document, "participants", "name", lang)
    frame = pd.DataFrame.from_records(
        [
            {
                "id": str(event.get("id")),
                "date": _day(event.get("date")),
                "kind": str(event.get("kind", "")),
                "format": str(event.get("format", "")),
                "participants": [str(p) for p in event.get("participants", []) or []],
                **{
                    f"title.{code}": str((event.get("title") or {}).get(code) or "")
                    for code in codes
                },
                "review": "review" in event,
                "problems": " ".join(
                    f"{p.path}: {p.message}." for p in rows.get(f"event:{event.get('id')}", [])
                ),
            }
            for event in events
        ]
    )
    config: dict[str, Any] = {
        "id": st.column_config.TextColumn(t("edit.col.id", lang), disabled=True),
        "date": st.column_config.DateColumn(t("edit.col.date", lang), format="YYYY-MM-DD"),
        "kind": st.column_config.TextColumn(t("edit.col.kind", lang), required=True),
        "format": st.column_config.SelectboxColumn(
            t("edit.col.format", lang), options=["in-person", "virtual"], required=True
        ),
        "participants": st.column_config.MultiselectColumn(
            t("edit.col.participants", lang), options=list(people), format_func=people.__getitem__
        ),
        **{
            f"title.{code}": st.column_config.TextColumn(
                t("edit.col.title", lang, language=code), required=True
            )
            for code in codes
        },
        "review": st.column_config.CheckboxColumn(t("edit.col.review", lang), disabled=True),
        "problems": st.column_config.TextColumn(t("edit.col.problems", lang), disabled=True),
    }
    _edited_rows(
        history,
        frame,
        config,
        "events",
        lambda old, new: _event_changes(old, new, codes),
        lambda doc, event_id, fields: editing.set_event(doc, event_id, **fields),
    )


def visit(history: editing.History, document: Any, lang: str) -> None:
    """The visit's title, place and time zone, in a form applied all at once."""
    visit = document.get("visit") or {}
    codes = editing.languages(document)
    version = st.session_state.get("edit.version", 0)
    st.subheader(t("edit.visit", lang))
    with st.form(key=f"edit.visit.{version}"):
        titles = {
            code: st.text_input(
                t("edit.col.title", lang, language=language_name(code, lang)),
                str((visit.get("title") or {}).get(code) or ""),
                key=f"edit.visit.title.{code}.{version}",
            )
            for code in codes
        }
        places = {
            code: st.text_input(
                t("edit.col.place", lang, language=language_name(code, lang)),
                str((visit.get("place") or {}).get(code) or ""),
                key=f"edit.visit.place.{code}.{version}",
            )
            for code in codes
        }
        zone = st.text_input(
            t("edit.col.timezone", lang),
            str(visit.get("timezone", "")),
            key=f"edit.visit.timezone.{version}",
        )
        if st.form_submit_button(t("edit.apply", lang)):
            change(
                history,
                lambda d: editing.set_visit(d, title=titles, place=places, timezone=zone.strip()),
                t("edit.visit", lang),
            )


def labels(
    history: editing.History,
    document: Any,
    key: str,
    field: str,
    rows: dict[str, list[Problem]],
    lang: str,
) -> None:
    """Participants' names or topics' labels, one row each, one column per language."""
    items = document.get(key, []) or []
    if not items:
        return
    codes = editing.languages(document)
    row_kind = key[:-1]
    st.subheader(t(f"edit.{key}", lang))
    frame = pd.DataFrame.from_records(
        [
            {
                "id": str(item.get("id")),
                **{
                    f"{field}.{code}": str((item.get(field) or {}).get(code) or "")
                    for code in codes
                },
                "review": "review" in item,
                "problems": " ".join(
                    f"{p.path}: {p.message}." for p in rows.get(f"{row_kind}:{item.get('id')}", [])
                ),
            }
            for item in items
        ]
    )
    config: dict[str, Any] = {
        "id": st.column_config.TextColumn(t("edit.col.id", lang), disabled=True),
        **{
            f"{field}.{code}": st.column_config.TextColumn(
                t(f"edit.col.{field}", lang, language=code), required=True
            )
            for code in codes
        },
        "review": st.column_config.CheckboxColumn(t("edit.col.review", lang), disabled=True),
        "problems": st.column_config.TextColumn(t("edit.col.problems", lang), disabled=True),
    }

    def changed_texts(
        before: pd.DataFrame, after: pd.DataFrame
    ) -> list[tuple[str, dict[str, Any]]]:
        return [
            (str(old["id"]), texts)
            for (_, old), (_, new) in zip(before.iterrows(), after.iterrows(), strict=True)
            if (
                texts := {
                    code: str(new[f"{field}.{code}"])
                    for code in codes
                    if new[f"{field}.{code}"] and new[f"{field}.{code}"] != old[f"{field}.{code}"]
                }
            )
        ]

    _edited_rows(
        history,
        frame,
        config,
        key,
        changed_texts,
        lambda doc, item_id, texts: editing.set_label(doc, key, item_id, field, texts),
    )


def preview(checked: editing.Checked, lang: str) -> None:
    """The dashboard's charts drawn from the log being edited, on demand (drawing takes time)."""
    if not st.toggle(t("edit.preview", lang), key="edit.preview", disabled=checked.log is None):
        return
    if checked.log is None:
        return
    log = checked.log
    frames = build_frames(log, lang if lang in log.languages else log.languages[0])
    for entry in panels.drawn(frames):
        shown = panels.panel(entry, frames, panels.ChartSettings())
        # theme=None: the dashboard's own look, as on its page (see dashboard/app.py).
        st.plotly_chart(shown.figure, theme=None, key=f"edit.preview.{entry.name}")


def _day(value: Any) -> date | None:
    """An event's date as a day (a draft writes it as text), or None where it is not one."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _event_changes(
    before: pd.DataFrame, after: pd.DataFrame, codes: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    """What the events table's edits change, event by event, as :func:`editing.set_event` takes."""
    found: list[tuple[str, dict[str, Any]]] = []
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows(), strict=True):
        fields: dict[str, Any] = {}
        for name in ("kind", "format"):
            if new[name] != old[name] and isinstance(new[name], str) and new[name]:
                fields[name] = new[name]
        if list(new["participants"] or []) != list(old["participants"] or []):
            fields["participants"] = [str(value) for value in new["participants"] or []]
        day = _day(new["date"].date() if isinstance(new["date"], pd.Timestamp) else new["date"])
        if day is not None and day != old["date"]:
            fields["date"] = day
        titles = {
            code: str(new[f"title.{code}"])
            for code in codes
            if new[f"title.{code}"] and new[f"title.{code}"] != old[f"title.{code}"]
        }
        if titles:
            fields["title"] = titles
        if fields:
            found.append((str(old["id"]), fields))
    return found


def _row_changes(
    before: pd.DataFrame, after: pd.DataFrame, codes: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    """What the table's edits change, statement by statement, as :func:`editing.set_point` takes."""
    found: list[tuple[str, dict[str, Any]]] = []
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows(), strict=True):
        fields: dict[str, Any] = {}
        for name in ("voice", "quote"):
            if new[name] != old[name] and isinstance(new[name], str):
                fields[name] = new[name]
        for name in ("speakers", "topics"):
            if list(new[name] or []) != list(old[name] or []):
                fields[name] = [str(value) for value in new[name] or []]
        if not pd.isna(new["paragraph"]) and int(new["paragraph"]) != old["paragraph"]:
            fields["paragraph"] = int(new["paragraph"])
        texts = {
            code: str(new[f"text.{code}"] or "")
            for code in codes
            if (new[f"text.{code}"] or "") != old[f"text.{code}"]
        }
        if texts:
            fields["text"] = texts
        if fields:
            found.append((str(old["id"]), fields))
    return found
