"""The shape of the code: only the page imports streamlit; metrics hand charts typed results."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"
# The app (configuration and navigation) and its pages lay out; nothing else may import streamlit.
PAGES = {PACKAGE / "app.py", *(PACKAGE / "pages").glob("*.py")}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p not in PAGES)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_only_the_page_imports_streamlit(path: Path) -> None:
    """No module of the package but app.py and the pages imports streamlit, in either form."""
    assert "streamlit" not in _imports(path)


def test_the_architecture_check_sees_streamlit_imports(tmp_path: Path) -> None:
    """The import scan itself catches both import forms, so the check above can fail."""
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom streamlit.testing import v1\n", encoding="utf-8")
    assert "streamlit" in _imports(module)
    module.write_text("import streamlit as st\n", encoding="utf-8")
    assert "streamlit" in _imports(module)


@pytest.mark.parametrize(
    "path", sorted(PAGES), ids=[str(p.relative_to(PACKAGE)) for p in sorted(PAGES)]
)
def test_every_page_module_stays_short(path: Path) -> None:
    """A page module lays out and computes nothing, so none grows past 400 lines."""
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


# A frame's ``attrs`` read or written, directly or by name: values a chart needs hidden in a frame.
_ATTRS = re.compile(r"""\.attrs\b|["']attrs["']""")


def _attrs_uses(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if _ATTRS.search(line)]


def test_no_module_hides_values_in_pandas_attrs() -> None:
    """Metrics hand charts typed results: no module of the package reads or writes ``attrs``."""
    uses = {
        str(path.relative_to(PACKAGE)): _attrs_uses(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    assert {name: found for name, found in uses.items() if found} == {}


def test_the_attrs_check_sees_both_forms() -> None:
    """The scan above catches a frame's attrs set by key and read by name, so the check can fail."""
    assert _attrs_uses('result.attrs["split"] = split')
    assert _attrs_uses('attrs = getattr(data, "attrs", {}) or {}')
    assert not _attrs_uses("rows = drawn.rows")


# A chart's name compared or looked up in code: `.name == "timeline"`, `chart("topics")`.
_CHART_BY_NAME = re.compile(r"""\.name\s*[!=]=\s*["']|\bchart\(\s*["']""")


def _charts_by_name(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if _CHART_BY_NAME.search(line)]


def test_no_page_or_model_checks_a_chart_by_name() -> None:
    """What a chart draws with it and what a click on it does are its registry entry's
    (panels.CHARTS): the pages and the page model never single one out by name."""
    found = {
        str(path.relative_to(PACKAGE)): _charts_by_name(path.read_text(encoding="utf-8"))
        for path in sorted(PAGES | {PACKAGE / "model.py"})
    }
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_chart_name_check_sees_both_forms() -> None:
    """The scan above catches a comparison and a look-up by a literal name, so it can fail."""
    assert _charts_by_name('if view.name == "topics":')
    assert _charts_by_name('entry = panels.chart("timeline")')
    assert not _charts_by_name("entry = panels.chart(view.name)")
