"""Where each statement comes from: the article with the quoted spans marked.

Output is HTML built only from escaped text, so a log's words can never become markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

# Inline with the markup: st.html shows it in the page, and the exported report reuses it.
STYLE = """<style>
.prov section.event{margin:0 0 1.25rem 0}
.prov h4{margin:.25rem 0;font-size:1.05rem}
.prov .meta{color:#52606d;font-size:.85rem;margin:.1rem 0}
.prov ol{padding-left:1.4rem;margin:.25rem 0}
.prov li{margin:.4rem 0 .8rem 0}
.prov li p{margin:.1rem 0}
.prov blockquote{margin:.35rem 0 0 0;padding:.35rem .75rem;border-left:4px solid #0072B2;
  background:#f3f6f9;font-family:"Noto Sans Devanagari","Noto Sans",sans-serif;line-height:1.7}
.prov cite{display:inline-block;font-style:normal;font-size:.8rem;color:#52606d;margin-left:.4rem}
.prov mark{background:#FFE8A3;padding:0 .1rem}
.prov p[lang]{line-height:1.8;font-family:"Noto Sans Devanagari","Noto Sans",sans-serif}
.prov .para{font-size:.75rem;color:#52606d;margin-right:.4rem}
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


def article_html(paragraphs: pd.DataFrame, points: pd.DataFrame, paragraph_label: str) -> str:
    """Each source's paragraphs as HTML, with the quotes of the points in view in <mark>.

    Args:
        paragraphs: The ``paragraphs`` frame (source_id, source_title, paragraph, text).
        points: The points in view; their (source_id, paragraph, quote) are highlighted.
        paragraph_label: The word for "paragraph" in the page's language.
    """
    quotes = points.dropna(subset=["quote"]).groupby(["source_id", "paragraph"])["quote"].agg(list)
    parts = [STYLE, '<div class="prov">']
    for source_id, lines in paragraphs.groupby("source_id", sort=False):
        title = html.escape(str(lines["source_title"].iloc[0]))
        parts.append(f'<section class="source"><h4>{title}</h4>')
        for row in lines.itertuples():
            text = str(row.text)
            spans = quote_spans(text, quotes.get((source_id, row.paragraph), []))
            body, cursor = [], 0
            for start, end in spans:
                body.append(html.escape(text[cursor:start]))
                body.append(f"<mark>{html.escape(text[start:end])}</mark>")
                cursor = end
            body.append(html.escape(text[cursor:]))
            label = html.escape(f"{paragraph_label} {row.paragraph}")
            lang = html.escape(str(row.language), quote=True)
            parts.append(
                f'<p lang="{lang}" id="para-{row.paragraph}"><span class="para">{label}</span> '
                f"{''.join(body)}</p>"
            )
        parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts)


def statements_html(
    table: pd.DataFrame, labels: dict[str, str], format_date: Callable[[str], str] = str
) -> str:
    """The statements in view grouped by event, each with speakers, topics and its quote.

    Args:
        table: :func:`dashboard.export.data.statements` of the filtered frames.
        labels: Words for "speakers", "topics", "paragraph", "quote" and each "format.<name>".
        format_date: Turns an ISO day into the page language's way of writing it.
    """
    parts = [STYLE, '<div class="prov">']
    for _, rows in table.groupby(["date", "event_id"], sort=False):
        first = rows.iloc[0]
        fmt = labels.get(f"format.{first['format']}", str(first["format"]))
        parts.append(
            f'<section class="event"><h4>{html.escape(str(first["event"]))}</h4>'
            f'<p class="meta">{html.escape(format_date(str(first["date"])))} · {html.escape(fmt)}</p><ol>'
        )
        for row in rows.to_dict("records"):
            quote = ""
            if not pd.isna(row["quote"]):
                where = html.escape(f"{labels['paragraph']} {row['paragraph']}")
                lang = html.escape(str(row["source_language"]), quote=True)
                quote = (
                    f'<blockquote lang="{lang}" title="{html.escape(labels["quote"])}">'
                    f"{html.escape(str(row['quote']))} <cite>{where}</cite></blockquote>"
                )
            parts.append(
                f"<li><p>{html.escape(str(row['text']))}</p>"
                f'<p class="meta">{html.escape(labels["speakers"])}: {html.escape(str(row["speakers"]))}'
                f" · {html.escape(labels['topics'])}: {html.escape(str(row['topics']) or '–')}</p>{quote}</li>"
            )
        parts.append("</ol></section>")
    parts.append("</div>")
    return "\n".join(parts)
