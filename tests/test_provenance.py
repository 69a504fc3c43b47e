"""The article view marks quoted spans, and every piece of log text is escaped."""

from __future__ import annotations

import html

import pandas as pd

from dashboard.export.data import statements
from dashboard.filters import Filters
from dashboard.load import Frames
from dashboard.provenance import article_html, marked, quote_spans, same_words, statements_html


def test_quote_spans_merge_overlaps_and_keep_order() -> None:
    """Overlapping and repeated quotes become one span each, in reading order."""
    assert quote_spans("abcdefgh", ["cde", "def", "a", "zz"]) == [(0, 1), (2, 6)]
    assert quote_spans("abab", ["ab"]) == [(0, 4)]  # adjacent repeats read as one passage
    assert quote_spans("ab-ab", ["ab"]) == [(0, 2), (3, 5)]


def test_article_marks_exactly_the_quotes_in_view(frames_en: Frames) -> None:
    """Only quotes of the filtered points are highlighted, each inside its own paragraph."""
    shown = Filters(topics=frozenset({"cyprus"})).apply(frames_en)
    page = article_html(frames_en.paragraphs, shown.points, "Paragraph")
    assert page.count('<mark class="quote">') == 1
    assert '<mark class="quote">नेताओं ने सीरिया' in page
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
    assert '<mark class="quote">&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in page
    assert "&lt;b&gt;t&lt;/b&gt;" in page


def test_statements_are_grouped_by_event_with_their_quotes(frames_en: Frames) -> None:
    """The provenance list has one section per event, and one for the visit as a whole, and one item
    per statement, with paragraph numbers."""
    page = statements_html(statements(frames_en), "en")
    assert page.count('<section class="event">') == 4
    assert page.count("<li>") == 22
    assert "Paragraph 7</cite>" in page
    assert "Speakers: António Guterres; Vladimir Putin" in page


def test_statement_headings_follow_the_pages_section_heading(frames_hi: Frames) -> None:
    """Events are h3 under the page's h2 "Sources", never a skipped level; Hindi words in Hindi."""
    page = statements_html(statements(frames_hi), "hi")
    assert page.count("<h3>") == 4
    assert "<h4>" not in page
    assert "वक्ता:" in page
    assert "अनुच्छेद 7</cite>" in page


def test_search_hits_are_marked_in_statements_and_article(frames_en: Frames) -> None:
    """Searching "quartet" marks it, whatever its case, in the statements and in the article."""
    shown = Filters(search="quartet").apply(frames_en)
    page = statements_html(statements(shown), "en", searched="quartet")
    assert page.count("<li>") == 2
    assert '<mark class="hit">Quartet</mark>' in page
    hindi = Filters(search="क्वाड").apply(frames_en)
    article = article_html(frames_en.paragraphs, hindi.points, "Paragraph", searched="क्वाड")
    assert '<mark class="quote hit">क्वाड</mark>' in article


def test_quotes_and_hits_overlap_without_breaking_the_markup() -> None:
    """A hit that runs into a quote splits into marks that each close before the next opens."""
    text = "abc quoted def"
    assert marked(text, "C QUO", [(4, 10)]) == (
        'ab<mark class="hit">c </mark><mark class="quote hit">quo</mark>'
        '<mark class="quote">ted</mark> def'
    )


def test_a_search_is_shown_as_text_never_as_markup() -> None:
    """A search holding markup finds it in the text and marks it escaped."""
    text = "say <b>hi</b> & <script>x</script>"
    out = marked(text, "<script>")
    assert "<script>" not in out
    assert '<mark class="hit">&lt;script&gt;</mark>' in out
    assert marked(text, "") == "say &lt;b&gt;hi&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"


def test_the_hindi_page_shows_a_quote_once_where_the_statement_is_the_quote(
    frames_hi: Frames,
) -> None:
    """A statement whose Hindi text is its own quote is shown as the quote alone, not twice."""
    table = statements(frames_hi)
    row = table.set_index("point_id").loc["against-global-interests"]
    assert same_words(row["text"], row["quote"])
    page = statements_html(table[table["point_id"] == "against-global-interests"], "hi")
    assert page.count(html.escape(str(row["quote"]).strip().rstrip("।"))) == 1
    assert page.count("<blockquote") == 1
    assert page.count("<li>") == 1


def test_the_english_page_keeps_text_and_quote(frames_en: Frames) -> None:
    """In English the statement and its Hindi quote differ, so both stay."""
    table = statements(frames_en)
    page = statements_html(table[table["point_id"] == "against-global-interests"], "en")
    assert page.count("<li><p>") == 1 and page.count("<blockquote") == 1


def test_a_blank_line_in_a_source_is_no_paragraph() -> None:
    """A blank line between paragraphs shows no empty paragraph; the others keep their numbers."""
    paragraphs = pd.DataFrame(
        {
            "source_id": ["s", "s", "s"],
            "source_title": ["T", "T", "T"],
            "language": ["hi", "hi", "hi"],
            "paragraph": [1, 2, 3],
            "text": ["पहला।", "  ", "तीसरा।"],
        }
    )
    points = pd.DataFrame({"source_id": ["s"], "paragraph": [3], "quote": ["तीसरा"]})
    page = article_html(paragraphs, points, "¶")
    assert page.count("<p lang=") == 2
    assert 'id="para-2"' not in page
    assert '¶ 3</span> <mark class="quote">तीसरा</mark>।' in page
