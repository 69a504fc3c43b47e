"""One self-contained HTML report: interactive charts, key figures and provenance, readable offline.

plotly.js is written inline, once, so the file opens with no network. Every piece of log text is
escaped; the charts escape their own labels.
"""

from __future__ import annotations

import html
from datetime import date

import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.export.data import statements
from dashboard.i18n import format_day, t
from dashboard.load import Frames
from dashboard.metrics import key_figures
from dashboard.overview import overview
from dashboard.panels import Panel
from dashboard.provenance import article_html, statements_html

_PAGE_STYLE = """<style>
body{font-family:"Noto Sans","Noto Sans Devanagari",system-ui,sans-serif;color:#1f2933;max-width:1200px;
  margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem;margin:.2rem 0} h2{margin-top:2.2rem;border-bottom:1px solid #d9e2ec;padding-bottom:.3rem}
.figures{display:flex;gap:2rem;flex-wrap:wrap;margin:1rem 0}
.figures div{min-width:7rem} .figures b{display:block;font-size:1.8rem}
.view{color:#52606d} .chart{margin:1rem 0 2rem 0}
footer{margin-top:3rem;color:#52606d;font-size:.8rem}
table.events{border-collapse:collapse;width:100%} .events th,.events td{text-align:left;
  vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #d9e2ec}
</style>"""


def report_html(
    frames: Frames,
    shown: Frames,
    panels: list[Panel],
    description: str,
    log_sha256: str,
    searched: str = "",
) -> str:
    """The report as one HTML document in the frames' language.

    Args:
        frames: Unfiltered frames (for the whole article).
        shown: Filtered frames (what the report is about).
        panels: The charts, as :func:`dashboard.panels.panels` makes them for ``shown``.
        description: The filters in words.
        log_sha256: The input log's hash, printed so a reader can trace the report.
        searched: The view's search, whose hits are marked in the statements and the article.
    """
    lang = shown.language
    visit = shown.visit
    first, last = (format_day(date.fromisoformat(visit[k]), lang) for k in ("start", "end"))
    figures = key_figures(shown)
    figure_items = "".join(
        f"<div><b>{figures[key]:,}</b>{html.escape(t(f'figure.{key}', lang))}</div>"
        for key in ("events", "points", "topics", "participants")
    )
    chart_divs = "\n".join(
        f'<div class="chart" id="chart-{panel.name}">'
        + pio.to_html(
            panel.figure,
            full_html=False,
            include_plotlyjs=False,
            div_id=f"plot-{panel.name}",
            config={
                "displaylogo": False,
                "responsive": True,
                "toImageButtonOptions": {"filename": panel.name, "scale": 2},
            },
        )
        + "</div>"
        for panel in panels
    )
    glance = overview(shown)
    # The events table as the page shows it, every cell escaped; empty cells stay empty.
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in glance.events.itertuples(index=False)
    )
    header = "".join(f"<th>{html.escape(str(column))}</th>" for column in glance.events.columns)
    overview_html = (
        f"<p>{html.escape(glance.sentence)}</p>"
        f'<table class="events"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>'
    )
    provenance = statements_html(statements(shown), lang, searched)
    article = (
        article_html(frames.paragraphs, shown.points, t("paragraph", lang), searched)
        if len(frames.paragraphs)
        else ""
    )
    title = html.escape(visit["title"])
    # A draft's report says so as plainly as its page: sent alone, it must not pass for checked.
    draft_notice = (
        f'<p class="view"><b>{html.escape(t("draft_notice", lang, items=int(visit["reviews"])))}</b></p>'
        if "reviews" in visit
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{_PAGE_STYLE}
<script>{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>{title}</h1>
<p><b>{html.escape(first)} – {html.escape(last)}</b> · {html.escape(visit["place"])}</p>
<div class="figures">{figure_items}</div>
<p class="view">{html.escape(description)}</p>
{draft_notice}
</header>
<main>
<h2>{html.escape(t("overview", lang))}</h2>
{overview_html}
<h2>{html.escape(t("charts", lang))}</h2>
{chart_divs}
<h2>{html.escape(t("provenance", lang))}</h2>
{provenance}
<h2>{html.escape(t("article", lang))}</h2>
{article}
</main>
<footer>{html.escape(t("report_footer", lang, sha=log_sha256))}</footer>
</body>
</html>
"""
