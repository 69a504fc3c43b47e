"""The article view marks quoted spans, and every piece of log text is escaped."""

from __future__ import annotations

import pandas as pd

from dashboard.export.data import statements
from dashboard.filters import Filters
from dashboard.load import Frames
from dashboard.provenance import article_html, quote_spans, statements_html

LABELS = {
    "speakers": "Speakers",
    "topics": "Topics",
    "paragraph": "Paragraph",
    "quote": "Quote",
    "format.in-person": "in person",
    "format.virtual": "virtual",
}


def test_quote_spans_merge_overlaps_and_keep_order() -> None:
    """Overlapping and repeated quotes become one span each, in reading order."""
    assert quote_spans("abcdefgh", ["cde", "def", "a", "zz"]) == [(0, 1), (2, 6)]
    assert quote_spans("abab", ["ab"]) == [(0, 4)]  # adjacent repeats read as one passage
    assert quote_spans("ab-ab", ["ab"]) == [(0, 2), (3, 5)]


def test_article_marks_exactly_the_quotes_in_view(frames_en: Frames) -> None:
    """Only quotes of the filtered points are highlighted, each inside its own paragraph."""
    shown = Filters(topics=frozenset({"cyprus"})).apply(frames_en)
    page = article_html(frames_en.paragraphs, shown.points, "Paragraph")
    assert page.count("<mark>") == 1
    assert "<mark>नेताओं ने सीरिया" in page
    assert page.count('<p lang="hi"') == 7


def test_log_text_is_escaped_everywhere() -> None:
    """Markup in a quote, a point's text or a paragraph is shown as text, never as HTML."""
    paragraphs = pd.DataFrame(
        {
            "source_id": ["s"],
            "source_title": ["<b>t</b>"],
            "language": ['"><script>x</script>'],
            "paragraph": [1],
            "text": ["x <script>alert(1)</script> y"],
        }
    )
    points = pd.DataFrame(
        {"source_id": ["s"], "paragraph": [1], "quote": ["<script>alert(1)</script>"]}
    )
    page = article_html(paragraphs, points, "¶")
    assert "<script>" not in page
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in page
    assert "&lt;b&gt;t&lt;/b&gt;" in page


def test_statements_are_grouped_by_event_with_their_quotes(frames_en: Frames) -> None:
    """The provenance list has one section per event and one item per statement, with paragraph numbers."""
    page = statements_html(statements(frames_en), LABELS)
    assert page.count('<section class="event">') == 3
    assert page.count("<li>") == 22
    assert "Paragraph 7</cite>" in page
    assert "Speakers: António Guterres; Vladimir Putin" in page
