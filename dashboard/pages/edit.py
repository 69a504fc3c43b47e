"""The editor page (``/edit``): the source sentence by sentence beside the log as tables.

Call :func:`main` to draw the page body; the app's navigation gives it its route and page config.
Everything it keeps lives in ``st.session_state`` under keys starting ``edit.``: the log's text
after each change (the undo history), so nothing is lost on a rerun, a language switch or a
visit to another page. The logic is :mod:`dashboard.editing`'s; this module only draws.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import editing, panels
from dashboard.cli import EDIT_SAVE_FLAG
from dashboard.i18n import UI_LANGUAGES, language_name, t
from dashboard.load import DEFAULT_LOG, build_frames, pick
from dashboard.problems import Problem

ENV_LOG = "VISIT_LOG"  # the same variable the dashboard reads (dashboard/app.py)
SAVE_FLAG = EDIT_SAVE_FLAG  # `visit-dashboard edit` passes it: only then may the page write


def start_path() -> Path:
    """The log chosen at start: ``-- --data PATH``, else $VISIT_LOG, else the shipped log."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path)
    args, _ = parser.parse_known_args(sys.argv[1:])
    if args.data:
        return Path(args.data)
    if os.environ.get(ENV_LOG):
        return Path(os.environ[ENV_LOG])
    return DEFAULT_LOG


def may_save() -> bool:
    """Whether the page was started by ``visit-dashboard edit``, which saves back to the file."""
    return SAVE_FLAG in sys.argv[1:]


def _history() -> editing.History | None:
    """This session's history of the log's text, opened from the start file on first use."""
    state = st.session_state
    path = start_path()
    if state.get("edit.path") != str(path):
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            st.error(t("edit.unreadable", _lang(), problem=_md(str(error))))
            return None
        state["edit.path"] = str(path)
        state["edit.history"] = editing.History([text])
        state["edit.version"] = 0
        # Found once: the file's layout (how it indents lists) and whether it survives unedited.
        state["edit.style"] = editing.style_of(text)
        state["edit.exact"] = editing.round_trips(text)
    history: editing.History = state["edit.history"]
    return history


def _md(text: str) -> str:
    """User text for a Markdown element (a caption, a success or error box): every Markdown and
    HTML character escaped, as dashboard/app.py does."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$&])", r"\\\1", text)


def _lang() -> str:
    """The interface's language: the editor's own switch, else the dashboard's, else English."""
    chosen = st.session_state.get("edit.lang") or st.session_state.get("lang") or "en"
    return chosen if chosen in UI_LANGUAGES else "en"


def _change(history: editing.History, change: Any, message: str) -> None:
    """Apply ``change`` to the log's text, keep it as an undo step, and draw the page again."""
    try:
        history.push(editing.edited(history.text, change, st.session_state["edit.style"]))
    except editing.EditError as error:
        st.session_state["edit.flash"] = ("error", _md(str(error)))
        return
    st.session_state["edit.version"] = st.session_state.get("edit.version", 0) + 1
    st.session_state["edit.flash"] = ("success", _md(message))
    st.rerun()


def main() -> None:
    """Draw the editor on the start file's log."""
    state = st.session_state
    if "edit.lang" not in state:
        state["edit.lang"] = _lang()
    st.segmented_control(
        t("edit.interface", _lang()),
        UI_LANGUAGES,
        format_func=lambda code: language_name(code).capitalize(),
        key="edit.lang",
    )
    lang = _lang()
    st.title(t("edit.title", lang))
    history = _history()
    if history is None:
        return
    path = Path(state["edit.path"])
    st.caption(t("edit.file", lang, name=_md(path.name)))
    st.caption(t("edit.narrow", lang))
    text = history.text
    if not state["edit.exact"]:
        st.warning(t("edit.reformats", lang))
    checked = editing.check(text, path.name, path.parent)
    rows = checked.by_row()
    try:
        document = editing.load(text, state["edit.style"])
    except Exception:  # YAML the round trip cannot read: the check words why, with its line
        document = None
    if not isinstance(document, dict):
        # Nothing to show as tables: fix the file by hand, then reload the page.
        _status(checked, rows, lang)
        return
    flash = state.pop("edit.flash", None)
    if flash:
        getattr(st, flash[0])(flash[1])

    _toolbar(history, checked, path, lang)
    _status(checked, rows, lang)

    paragraphs = editing.source_paragraphs(document, path.parent)
    found = editing.source_sentences(document, paragraphs)
    left, right = st.columns([2, 3], gap="medium")
    with left:
        _sentences(found, lang)
    with right:
        chosen = _chosen(found, lang)
        if chosen is not None:
            _new_statement(history, document, chosen, lang)
        _reviews(history, document, lang)
    _statements(history, document, rows, lang)
    _events(history, document, rows, lang)
    _visit(history, document, lang)
    _labels(history, document, "participants", "name", rows, lang)
    _labels(history, document, "topics", "label", rows, lang)
    _preview(checked, lang)


def _toolbar(history: editing.History, checked: editing.Checked, path: Path, lang: str) -> None:
    edits = len(history.texts) - 1
    st.caption(t("edit.edits", lang, count=edits) if edits else t("edit.unchanged", lang))
    undo, download, bundle, save = st.columns(4)
    if undo.button(t("edit.undo", lang), key="edit.undo", disabled=not edits):
        history.undo()
        st.session_state["edit.version"] = st.session_state.get("edit.version", 0) + 1
        st.session_state["edit.flash"] = ("info", _md(t("edit.undone", lang)))
        st.rerun()
    download.download_button(
        t("edit.download", lang),
        history.text.encode("utf-8"),
        file_name=path.name,
        mime="application/yaml",
        key="edit.download",
        on_click="ignore",
    )
    bundle.download_button(
        t("edit.download_zip", lang),
        lambda: editing.bundle(history.text, path.name, path.parent),
        file_name=f"{path.stem}.zip",
        mime="application/zip",
        key="edit.download_zip",
        on_click="ignore",
    )
    if may_save() and save.button(
        t("edit.save", lang, path=path.name),
        key="edit.save",
        type="primary",
        disabled=checked.log is None,
    ):
        try:
            backup = editing.save(path, history.text)
        except editing.SaveRefused as refused:
            st.error(_md(str(refused)))
            for problem in refused.problems:
                st.text(str(problem))
        else:
            st.success(t("edit.saved", lang, backup=_md(backup.name) if backup else "-"))


def _status(checked: editing.Checked, rows: dict[str, list[Problem]], lang: str) -> None:
    """Valid, or every problem, each under the row it concerns (the tables show them too)."""
    if checked.log is not None:
        st.success(t("edit.valid", lang))
        return
    st.error(t("edit.invalid", lang, count=len(checked.problems)))
    for row, problems in rows.items():
        for problem in problems:
            where = f"{row}: " if row else ""
            line = f" (line {problem.line})" if problem.line else ""
            field = problem.path or "(document)"
            st.text(f"{where}{field}{line}: {problem.message}. {problem.hint}")


def _sentences(found: list[editing.Sentence], lang: str) -> None:
    """Every sentence of the sources, quoted or not, with the statements that quote it.

    As text, not a grid: a grid is drawn on a canvas, which screen readers and searches in the
    page cannot read. ``st.text`` shows the article's words as they are, never as markup.
    """
    st.subheader(t("edit.sources", lang))
    with st.container(height=480, key="edit.sentence_list"):
        for sentence in found:
            quoted = ", ".join(sentence.quoted_by) or t("edit.not_quoted", lang)
            mark = "✓" if sentence.quoted_by else "○"
            st.text(f"{mark} ¶{sentence.paragraph}.{sentence.index} [{quoted}]\n{sentence.text}")


def _chosen(found: list[editing.Sentence], lang: str) -> editing.Sentence | None:
    """The sentence picked for a new statement (the first unquoted one at first)."""
    if not found:
        return None
    by_key = {s.key: s for s in found}
    keys = list(by_key)
    state = st.session_state
    if state.get("edit.sentence") not in by_key:
        state["edit.sentence"] = next((s.key for s in found if not s.quoted_by), keys[0])

    def label(key: str) -> str:
        sentence = by_key[key]
        mark = "✓" if sentence.quoted_by else "○"
        short = sentence.text if len(sentence.text) <= 90 else sentence.text[:89] + "…"
        return f"{mark} ¶{sentence.paragraph}.{sentence.index} {short}"

    chosen: str = st.selectbox(t("edit.pick", lang), keys, format_func=label, key="edit.sentence")
    return by_key[chosen]


def _names(document: Any, key: str, label: str, lang: str) -> dict[str, str]:
    """Each item's id -> how the interface names it, in the log's text in ``lang``."""
    named: dict[str, str] = {}
    for item in document.get(key, []) or []:
        words = pick(dict(item.get(label) or {}), lang) or ""
        named[str(item["id"])] = f"{words} ({item['id']})" if words else str(item["id"])
    return named


def _new_statement(
    history: editing.History, document: Any, sentence: editing.Sentence, lang: str
) -> None:
    """A form pre-filled from ``sentence``: its quote, paragraph and day's event."""
    st.subheader(t("edit.new", lang))
    where = t("edit.new.where", lang, paragraph=sentence.paragraph, source=sentence.source)
    st.caption(_md(where))
    events = {editing.VISIT: t("edit.new.visit", lang)}
    for event in document.get("events", []) or []:
        title = pick(dict(event.get("title") or {}), lang) or ""
        events[str(event["id"])] = f"{event.get('date', '')} · {title}"
    people = _names(document, "participants", "name", lang)
    topics = _names(document, "topics", "label", lang)
    source_language = next(
        (str(s.get("language")) for s in document.get("sources", []) if s["id"] == sentence.source),
        "",
    )
    suffix = sentence.key  # fresh widgets for each sentence, so each is pre-filled from its own
    event_default = editing.event_for(document, sentence.source, sentence.paragraph)
    with st.form(key=f"edit.new.{suffix}", border=True):
        event = st.selectbox(
            t("edit.new.event", lang),
            list(events),
            index=list(events).index(event_default),
            format_func=events.__getitem__,
            key=f"edit.new.event.{suffix}",
        )
        quote = st.text_area(
            t("edit.new.quote", lang), sentence.text, key=f"edit.new.quote.{suffix}"
        )
        voice = st.selectbox(
            t("edit.col.voice", lang), editing.VOICES, key=f"edit.new.voice.{suffix}"
        )
        speakers = st.multiselect(
            t("edit.col.speakers", lang),
            list(people),
            format_func=people.__getitem__,
            key=f"edit.new.speakers.{suffix}",
        )
        chosen_topics = st.multiselect(
            t("edit.col.topics", lang),
            list(topics),
            format_func=topics.__getitem__,
            key=f"edit.new.topics.{suffix}",
        )
        texts = {
            code: st.text_area(
                t("edit.col.text", lang, language=language_name(code, lang)),
                sentence.text if code == source_language else "",
                key=f"edit.new.text.{code}.{suffix}",
            )
            for code in editing.languages(document)
        }
        if st.form_submit_button(t("edit.new.add", lang), type="primary"):
            made: list[str] = []

            def add(doc: Any) -> None:
                made.append(
                    editing.add_statement(
                        doc,
                        event_id=event,
                        source=sentence.source,
                        paragraph=sentence.paragraph,
                        quote=quote.strip(),
                        voice=voice,
                        speakers=speakers,
                        topics=chosen_topics,
                        texts={
                            code: words.strip() for code, words in texts.items() if words.strip()
                        },
                    )
                )

            new_id = editing.new_point_id(document, sentence.source, sentence.paragraph)
            _change(history, add, t("edit.added", lang, id=new_id))


def _reviews(history: editing.History, document: Any, lang: str) -> None:
    """The draft's review marks, each with accept and drop, and how many are left."""
    marks = editing.reviews(document)
    st.subheader(t("edit.reviews", lang))
    if not marks:
        st.caption(t("edit.reviews.none", lang))
        return
    st.markdown(t("edit.reviews.left", lang, items=len(marks)))
    st.caption(t("edit.reviews.how", lang))
    with st.container(height=360):
        for mark in marks:
            key = ".".join(map(str, mark.path))
            st.text(f"{mark.label}: {mark.note}")
            accept, drop = st.columns(2)
            if accept.button(t("edit.accept", lang), key=f"edit.accept.{key}"):
                _change(history, lambda d, p=mark.path: editing.accept_review(d, p), mark.label)
            if drop.button(t("edit.drop", lang), key=f"edit.drop.{key}"):
                _change(history, lambda d, p=mark.path: editing.drop_suggestion(d, p), mark.label)


def _statements(
    history: editing.History, document: Any, rows: dict[str, list[Problem]], lang: str
) -> None:
    """Every statement as an editable row, its problems beside it; edits are applied at once."""
    st.subheader(t("edit.statements", lang))
    codes = editing.languages(document)
    people = _names(document, "participants", "name", lang)
    topics = _names(document, "topics", "label", lang)
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
            t("edit.col.voice", lang), options=list(editing.VOICES), required=True
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
    # A new key after each change: the table starts again from the log, not from old edits.
    version = st.session_state.get("edit.version", 0)
    shown = st.data_editor(
        frame,
        column_config=config,
        hide_index=True,
        num_rows="fixed",
        key=f"edit.points.{version}",
    )
    changes = _row_changes(frame, shown, codes)
    if changes:

        def apply(doc: Any) -> None:
            for point_id, fields in changes:
                editing.set_point(doc, point_id, **fields)

        _change(history, apply, ", ".join(point_id for point_id, _ in changes))
    delete_box, delete_button = st.columns([3, 1], vertical_alignment="bottom")
    doomed = delete_box.selectbox(
        t("edit.delete", lang), list(frame["id"]), index=None, key="edit.delete"
    )
    if delete_button.button(
        t("edit.delete.button", lang), key="edit.delete.button", disabled=doomed is None
    ):
        _change(history, lambda d: editing.drop_point(d, str(doomed)), str(doomed))


def _events(
    history: editing.History, document: Any, rows: dict[str, list[Problem]], lang: str
) -> None:
    """Every event as an editable row: day, kind, format, participants and title."""
    events = document.get("events", []) or []
    if not events:
        return
    st.subheader(t("edit.events", lang))
    codes = editing.languages(document)
    people = _names(document, "participants", "name", lang)
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
    version = st.session_state.get("edit.version", 0)
    shown = st.data_editor(
        frame,
        column_config=config,
        hide_index=True,
        num_rows="fixed",
        key=f"edit.events.{version}",
    )
    changes = _event_changes(frame, shown, codes)
    if changes:

        def apply(doc: Any) -> None:
            for event_id, fields in changes:
                editing.set_event(doc, event_id, **fields)

        _change(history, apply, ", ".join(event_id for event_id, _ in changes))


def _visit(history: editing.History, document: Any, lang: str) -> None:
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
            _change(
                history,
                lambda d: editing.set_visit(d, title=titles, place=places, timezone=zone.strip()),
                t("edit.visit", lang),
            )


def _labels(
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
    version = st.session_state.get("edit.version", 0)
    shown = st.data_editor(
        frame, column_config=config, hide_index=True, num_rows="fixed", key=f"edit.{key}.{version}"
    )
    changes = [
        (str(old["id"]), texts)
        for (_, old), (_, new) in zip(frame.iterrows(), shown.iterrows(), strict=True)
        if (
            texts := {
                code: str(new[f"{field}.{code}"])
                for code in codes
                if new[f"{field}.{code}"] and new[f"{field}.{code}"] != old[f"{field}.{code}"]
            }
        )
    ]
    if changes:

        def apply(doc: Any) -> None:
            for item_id, texts in changes:
                editing.set_label(doc, key, item_id, field, texts)

        _change(history, apply, ", ".join(item_id for item_id, _ in changes))


def _preview(checked: editing.Checked, lang: str) -> None:
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
