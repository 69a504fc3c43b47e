"""Exported images say what they show: the view's filters and search, and its source, in a footer."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from dashboard import panels
from dashboard.export import footer, images
from dashboard.export.bundle import export
from dashboard.filters import Filters
from dashboard.load import Frames, Log
from dashboard.urlstate import View

needs_images = pytest.mark.skipif(
    images.missing_requirements() is not None, reason=f"{images.missing_requirements()}"
)


def _footer(figure: go.Figure) -> str:
    """The footer annotation's text, line breaks as spaces."""
    notes = [a for a in figure.layout.annotations if a.name == footer.FOOTER]
    assert len(notes) == 1
    return str(notes[0].text).replace("<br>", " ")


def _exported_figures(log: Log, tmp_path: Path, view: View) -> list[tuple[go.Figure, str]]:
    drawn: list[tuple[go.Figure, str]] = []

    def keep(figure: go.Figure, kind: str, scale: float = 2) -> bytes:
        drawn.append((figure, kind))
        return b"%PDF fake" if kind == "pdf" else b"fake"

    export(log, tmp_path, view, types=["png", "svg", "pdf"], render=keep, progress=False)
    return drawn


def test_every_exported_image_names_its_filters_search_and_source(
    shipped_log: Log, tmp_path: Path
) -> None:
    """`visit-dashboard export --lang hi --topic syria --search Syria`: each image's footer says so, in Hindi."""
    view = View(lang="hi", filters=Filters(topics=frozenset({"syria"}), search="Syria"))
    drawn = _exported_figures(shipped_log, tmp_path, view)
    assert len(drawn) == 3 * len(panels.CHARTS)
    for figure, _ in drawn:
        text = _footer(figure)
        assert "सीरिया" in text  # the topic, by its Hindi label
        assert "“Syria”" in text  # the search as typed
        assert "संयुक्त राष्ट्र महासचिव एंटोनियो गुटेरेस का मॉस्को दौरा" in text  # the log's title
        assert "हिंदी समाचार लेख" in text  # the source's title
        assert "स्रोत" in text


def test_two_views_give_two_different_footers(frames_en: Frames) -> None:
    """Images of different views no longer look alike: their footers differ and name the filter."""
    whole = footer.caption(frames_en, Filters().describe(frames_en))
    virtual = Filters(formats=frozenset({"virtual"}))
    narrowed = footer.caption(frames_en, virtual.describe(frames_en))
    assert whole != narrowed
    assert "virtual" in narrowed and "virtual" not in whole
    assert "Source: UN Secretary-General António Guterres visits Moscow" in whole


def test_the_footer_wraps_by_word_and_leaves_the_page_figure_alone(frames_en: Frames) -> None:
    """Every footer line ends between words and fits; the figure given is never changed."""
    figure = panels.panels(frames_en)[0].figure
    before = figure.to_json()
    text = " ".join([footer.caption(frames_en, Filters(search="Quartet").describe(frames_en))] * 3)
    footed = footer.with_footer(figure, text, width=600)
    assert figure.to_json() == before
    lines = next(a.text for a in footed.layout.annotations if a.name == footer.FOOTER).split("<br>")
    assert len(lines) > 2
    assert html.unescape(" ".join(lines)) == text
    assert all(len(line.split()) > 1 for line in lines[:-1]), lines  # never a letter a line
    assert footed.layout.height > (figure.layout.height or 0)
    assert footed.layout.margin.b > (figure.layout.margin.b or 0)


def test_footer_text_is_escaped(frames_en: Frames) -> None:
    """A search typed as markup reaches the footer as text, not as Plotly markup."""
    text = footer.caption(frames_en, Filters(search="<b>x</b>").describe(frames_en))
    footed = footer.with_footer(panels.panels(frames_en)[0].figure, text, width=1200)
    assert "<b>" not in _footer(footed) and "&lt;b&gt;" in _footer(footed)


@pytest.mark.parametrize(
    ("height", "size"), [(400, images.A4_LANDSCAPE), (1400, images.A4_LANDSCAPE[::-1])]
)
def test_a_pdf_is_an_a4_page(height: int, size: tuple[int, int]) -> None:
    """A PDF is laid out on A4, landscape unless the chart is taller than the page; images keep 1200 px."""
    figure = go.Figure(layout={"height": height})
    assert images.size_for(figure, "pdf") == size
    assert images.size_for(figure, "png") == (images.DEFAULT_SIZE[0], height)


@needs_images
def test_a_rendered_pdf_is_a4_and_carries_its_footer(frames_hi: Frames) -> None:
    """kaleido's PDF of the timeline is 842 × 595 pt (it was 1800 pt wide) and holds the footer."""
    shown = Filters(topics=frozenset({"syria"})).apply(frames_hi)
    figure = panels.panels(shown)[0].figure
    text = footer.caption(
        frames_hi, Filters(topics=frozenset({"syria"})).describe(frames_hi, shown)
    )
    pdf = footer.render(figure, "pdf", text)
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    width, height = (float(n) for n in box.groups())
    assert abs(width - 842) < 2 and abs(height - 595) < 2


def _annotation_names(figure: dict[str, Any]) -> list[str]:
    return [a.get("name", "") for a in figure.get("layout", {}).get("annotations", [])]


def test_the_page_figures_have_no_footer(frames_en: Frames) -> None:
    """The footer is added at export time only: the page's own figures stay as the charts drew them."""
    for panel in panels.panels(frames_en):
        assert footer.FOOTER not in _annotation_names(go.Figure.to_dict(panel.figure))
