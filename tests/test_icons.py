"""The page's notices use Streamlit's Material icons, which Streamlit serves itself, not emoji."""

from __future__ import annotations

import ast
from pathlib import Path

from streamlit.string_util import is_material_icon

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"
PAGES = [PACKAGE / "app.py", *sorted((PACKAGE / "pages").glob("*.py"))]


def _icons(source: str) -> list[tuple[int, str]]:
    """Each literal ``icon=`` argument in ``source``, with its line."""
    return [
        (node.lineno, keyword.value.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "icon"
        and isinstance(keyword.value, ast.Constant)
        and isinstance(keyword.value.value, str)
    ]


def test_every_icon_on_the_page_is_a_known_material_symbol() -> None:
    """Each ``icon=`` in the app and its pages is ``:material/NAME:`` with a NAME Streamlit
    knows: an emoji shows as a box on a machine without an emoji font."""
    icons = [
        (f"{path.name}:{line}", icon)
        for path in PAGES
        for line, icon in _icons(path.read_text(encoding="utf-8"))
    ]
    assert len(icons) >= 3
    for where, icon in icons:
        assert icon.startswith(":material/") and icon.endswith(":"), f"{where}: {icon}"
        assert is_material_icon(icon.removeprefix(":material/")[:-1]), f"{where}: {icon}"


def test_the_icon_scan_sees_an_emoji() -> None:
    """The scan itself finds an emoji icon, so the check above can fail."""
    assert _icons('st.info("x", icon="🔍")') == [(1, "🔍")]
