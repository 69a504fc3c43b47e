"""The editor page (``/edit``): the source sentence by sentence beside the log as tables.

Call :func:`main` to draw the page body; the app's navigation gives it its route and page config.
Everything it keeps lives in ``st.session_state`` under keys starting ``edit.``: the log's text
after each change (the undo history), so nothing is lost on a rerun, a language switch or a
visit to another page. The logic is :mod:`dashboard.editing`'s; this module only draws.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import editing
from dashboard.cli import EDIT_SAVE_FLAG
from dashboard.i18n import UI_LANGUAGES, language_name, t
from dashboard.load import pick
from dashboard.pages import edit_tables as tables
from dashboard.pages import loading, notices
from dashboard.problems import Problem
from dashboard.schema import VOICES

SAVE_FLAG = EDIT_SAVE_FLAG  # `visit-dashboard edit` passes it: only then may the page write


def may_save() -> bool:
    """Whether the page was started by ``visit-dashboard edit``, which saves back to the file."""
    return SAVE_FLAG in sys.argv[1:]


def _history() -> editing.History | None:
    """This session's history of the log's text, opened from the start file on first use."""
    state = st.session_state
    path = loading.start_path()
    if state.get("edit.path") != str(path):
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            st.error(t("edit.unreadable", _lang(), problem=notices.md(str(error))))
            return None
        state["edit.path"] = str(path)
        state["edit.history"] = editing.History([text])
        state["edit.version"] = 0
        # Found once: the file's layout (how it indents lists) and whether it survives unedited.
        state["edit.style"] = editing.style_of(text)
        state["edit.exact"] = editing.round_trips(text)
    history: editing.History = state["edit.history"]
    return history


def _lang() -> str:
    """The interface's language: the editor's own switch, else the dashboard's, else English."""
    chosen = st.session_state.get("edit.lang") or st.session_state.get("lang") or "en"
    return chosen if chosen in UI_LANGUAGES else "en"


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
    st.caption(t("edit.file", lang, name=notices.md(path.name)))
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
    tables.statements(history, document, rows, lang)
    tables.events(history, document, rows, lang)
    tables.visit(history, document, lang)
    tables.labels(history, document, "participants", "name", rows, lang)
    tables.labels(history, document, "topics", "label", rows, lang)
    tables.preview(checked, lang)


def _toolbar(history: editing.History, checked: editing.Checked, path: Path, lang: str) -> None:
    edits = len(history.texts) - 1
    st.caption(t("edit.edits", lang, count=edits) if edits else t("edit.unchanged", lang))
    undo, download, bundle, save = st.columns(4)
    if undo.button(t("edit.undo", lang), key="edit.undo", disabled=not edits):
        history.undo()
        st.session_state["edit.version"] = st.session_state.get("edit.version", 0) + 1
        st.session_state["edit.flash"] = ("info", notices.md(t("edit.undone", lang)))
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
            st.error(notices.md(str(refused)))
            for problem in refused.problems:
                st.text(str(problem))
        else:
            st.success(t("edit.saved", lang, backup=notices.md(backup.name) if backup else "-"))


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


def _new_statement(
    history: editing.History, document: Any, sentence: editing.Sentence, lang: str
) -> None:
    """A form pre-filled from ``sentence``: its quote, paragraph and day's event."""
    st.subheader(t("edit.new", lang))
    where = t("edit.new.where", lang, paragraph=sentence.paragraph, source=sentence.source)
    st.caption(notices.md(where))
    events = {editing.VISIT: t("edit.new.visit", lang)}
    for event in document.get("events", []) or []:
        title = pick(dict(event.get("title") or {}), lang) or ""
        events[str(event["id"])] = f"{event.get('date', '')} · {title}"
    people = tables.names(document, "participants", "name", lang)
    topics = tables.names(document, "topics", "label", lang)
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
        voice = st.selectbox(t("edit.col.voice", lang), VOICES, key=f"edit.new.voice.{suffix}")
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
            tables.change(history, add, t("edit.added", lang, id=new_id))


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
                tables.change(
                    history, lambda d, p=mark.path: editing.accept_review(d, p), mark.label
                )
            if drop.button(t("edit.drop", lang), key=f"edit.drop.{key}"):
                tables.change(
                    history, lambda d, p=mark.path: editing.drop_suggestion(d, p), mark.label
                )
