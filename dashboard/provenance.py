"""Where each statement comes from: the article with the quoted spans marked.

Output is HTML built only from escaped text, so a log's words can never become markup.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Hashable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from dashboard import search
from dashboard.i18n import format_day, format_label, t

# Inline with the markup: st.html shows it in the page, and the exported report reuses it.
STYLE = """<style>
.prov section.event{margin:0 0 1.25rem 0}
.prov h3{margin:.25rem 0;font-size:1.05rem;font-weight:600}
.prov .meta{color:#52606d;font-size:.85rem;margin:.1rem 0}
.prov ol{padding-left:1.4rem;margin:.25rem 0}
.prov li{margin:.4rem 0 .8rem 0}
.prov li p{margin:.1rem 0}
.prov blockquote{margin:.35rem 0 0 0;padding:.35rem .75rem;border-left:4px solid #0072B2;
  background:#f3f6f9;font-family:"Noto Sans Devanagari","Noto Sans",sans-serif;line-height:1.7}
.prov cite{display:inline-block;font-style:normal;font-size:.8rem;color:#52606d;margin-left:.4rem}
.prov mark{background:#FFE8A3;color:inherit;padding:0 .1rem}
.prov mark.hit{background:#CFE8F7;box-shadow:inset 0 -2px 0 #005A8C;font-weight:600}
.prov mark.quote.hit{background:#FFE8A3}
.prov p[lang]{line-height:1.8;font-family:"Noto Sans Devanagari","Noto Sans",sans-serif}
.prov .para{font-size:.75rem;color:#52606d;margin-right:.4rem}
.prov .inferred{color:#52606d;font-size:.85rem;font-style:italic;margin:.1rem 0}
.prov .reading{font-size:.85rem;margin:.3rem 0 0 0;padding:.25rem .75rem;border-left:4px solid #D55E00;
  background:#fbf3ee}
</style>"""


def quote_spans(paragraph: str, quotes: list[str]) -> list[tuple[int, int]]:
    """The (start, end) character spans of ``quotes`` in ``paragraph``, overlaps merged, in order."""
    spans = []
    for quote in set(quotes):
        start = paragraph.find(quote)
        while start != -1 and quote:
            spans.append((start, start + len(quote)))
            start = paragraph.find(quote, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, searched: str = "", quotes: list[tuple[int, int]] | None = None) -> str:
    """``text`` as escaped HTML: quoted spans in ``<mark class="quote">``, search hits in
    ``<mark class="hit">`` (both where they overlap). Nothing in ``text`` or the search is markup.

    Args:
        text: The text, in :func:`search.nfc` form where there is a search.
        searched: What the reader searched for ("" for none).
        quotes: (start, end) spans of ``text`` to mark as quoted.
    """
    quotes = quotes or []
    found = search.hits(text, searched) if searched else []
    if not quotes and not found:
        return html.escape(text)
    cuts = sorted({0, len(text), *(at for span in (*quotes, *found) for at in span)})
    parts = []
    for start, end in itertools.pairwise(cuts):
        piece = html.escape(text[start:end])
        kinds = [
            kind
            for kind, spans in (("quote", quotes), ("hit", found))
            if any(a <= start and end <= b for a, b in spans)
        ]
        parts.append(f'<mark class="{" ".join(kinds)}">{piece}</mark>' if kinds else piece)
    return "".join(parts)


def article_html(
    paragraphs: pd.DataFrame, points: pd.DataFrame, paragraph_label: str, searched: str = ""
) -> str:
    """Each source's paragraphs as HTML, with the quotes of the points in view in <mark>.

    Args:
        paragraphs: The ``paragraphs`` frame (source_id, source_title, paragraph, text).
        points: The points in view; their (source_id, paragraph, quote) are highlighted.
        paragraph_label: The word for "paragraph" in the page's language.
        searched: What the reader searched for; its hits are marked too.
    """
    quotes = points.dropna(subset=["quote"]).groupby(["source_id", "paragraph"])["quote"].agg(list)
    parts = [STYLE, '<div class="prov">']
    for source_id, lines in paragraphs.groupby("source_id", sort=False):
        title = html.escape(str(lines["source_title"].iloc[0]))
        parts.append(f'<section class="source"><h3>{title}</h3>')
        for row in lines.itertuples():
            if not str(row.text).strip():
                # A blank line between paragraphs keeps its number (citations count lines), but
                # is no paragraph to show.
                continue
            text = _shown(str(row.text), searched)
            cited = [
                _shown(quote, searched) for quote in quotes.get((source_id, row.paragraph), [])
            ]
            body = marked(text, searched, quote_spans(text, cited))
            label = html.escape(f"{paragraph_label} {row.paragraph}")
            lang = html.escape(str(row.language), quote=True)
            parts.append(
                f'<p lang="{lang}" id="para-{row.paragraph}"><span class="para">{label}</span> '
                f"{body}</p>"
            )
        parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts)


def same_words(text: object, quote: object) -> bool:
    """Whether a statement's text is its quote: the same words in NFC, spacing and final stop aside."""

    def words(value: object) -> str:
        return " ".join(search.nfc(str(value)).split()).rstrip("।.!? ")

    # Missing text or quote (None or pandas' NA) is no text: it repeats nothing.
    if not isinstance(text, str) or not isinstance(quote, str):
        return False
    return words(text) == words(quote)


def _shown(text: str, searched: str) -> str:
    """Text as shown: in NFC form while searching, so a hit's place in it is where it was found."""
    return search.nfc(text) if searched else text


def statements_html(table: pd.DataFrame, lang: str, searched: str = "") -> str:
    """The statements in view grouped by event, each with its voice, speakers, topics and quote.

    Every value the log infers says so, with its reason ("in person, inferred: ..."), and a
    reading of an ambiguous passage stands beside its quote. The points about the visit as a
    whole come first, under a heading of their own.

    Args:
        table: :func:`dashboard.export.data.statements` of the filtered frames.
        lang: The language of the interface's words (the table's own are in it already).
        searched: What the reader searched for; its hits are marked in every field shown.
    """
    keys = ("speakers", "topics", "paragraph", "quote", "voice", "reading")
    words = {key: html.escape(t(key, lang)) for key in keys}

    def shown(value: object) -> str:
        return marked(_shown(str(value), searched), searched)

    parts = [STYLE, '<div class="prov">']
    # One conversion to plain rows, then groups of consecutive rows: the table is in time order,
    # and a pandas groupby with a to_dict per event cost 5 ms an event.
    records = table.to_dict("records")
    for _, group in itertools.groupby(
        records, key=lambda row: (str(row["date"]), str(row["event_id"]))
    ):
        rows = list(group)
        first = rows[0]
        parts.append(f'<section class="event"><h3>{html.escape(str(first["event"]))}</h3>')
        if _given(first["event_id"]):
            parts.append(f'<p class="meta">{_event_meta(first, lang)}</p>')
        parts.append("<ol>")
        for row in rows:
            quote = ""
            if _given(row["quote"]):
                where = f"{words['paragraph']} {html.escape(str(row['paragraph']))}"
                source_lang = html.escape(str(row["source_language"]), quote=True)
                quote = (
                    f'<blockquote lang="{source_lang}" title="{words["quote"]}">'
                    f"{shown(row['quote'])} <cite>{where}</cite></blockquote>"
                )
            reading = (
                f'<p class="reading"><b>{words["reading"]}:</b> {shown(row["reading"])}</p>'
                if _given(row["reading"])
                else ""
            )
            inferred = (
                f'<p class="inferred">{shown(row["inferred"])}</p>'
                if _given(row["inferred"])
                else ""
            )
            voice = html.escape(t(f"voice.{row['voice']}", lang))
            voice_class = html.escape(f"voice-{row['voice']}", quote=True)
            who = (
                f" · {words['speakers']}: {shown(row['speakers'])}"
                if _given(row["speakers"]) and row["speakers"]
                else ""
            )
            # Where the statement is the quote itself (the Hindi page of a Hindi article, often),
            # the quote alone says it: the same words twice read as a statement and its echo.
            said = "" if quote and same_words(row["text"], row["quote"]) else shown(row["text"])
            parts.append(
                (f"<li><p>{said}</p>" if said else "<li>")
                + f'<p class="meta">{words["voice"]}: <span class="voice {voice_class}">{voice}</span>'
                f"{who}"
                f" · {words['topics']}: {shown(row['topics'] or '–')}</p>"
                f"{inferred}{quote}{reading}</li>"
            )
        parts.append("</ol></section>")
    parts.append("</div>")
    return "\n".join(parts)


def _given(value: Any) -> bool:
    """Whether a table cell holds a value (None, <NA> and NaN do not)."""
    return value is not None and not pd.isna(value)


def _event_meta(row: Mapping[Hashable, Any], lang: str) -> str:
    """An event's day and format as escaped HTML, each saying whether the log inferred it."""

    def inferred(value: str, reason: Any) -> str:
        if not _given(reason):
            return html.escape(value)
        return html.escape(t("inferred", lang, value=value, reason=str(reason)))

    day = row["date"]
    when = (
        format_day(date.fromisoformat(str(day)), lang) if _given(day) else t("day_not_stated", lang)
    )
    parts = [
        inferred(when, row["date_inferred"]),
        inferred(format_label(str(row["format"]), lang), row["format_inferred"]),
    ]
    if _given(row["event_inferred"]):
        parts.append(html.escape(str(row["event_inferred"])))
    return " · ".join(parts)
