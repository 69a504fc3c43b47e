"""Problems and user text in Streamlit's Markdown elements, shown as text, never as markup."""

from __future__ import annotations

import re

import streamlit as st

from dashboard.i18n import t
from dashboard.problems import Problem


def show_problems(problems: list[Problem], lang: str, intro_key: str) -> None:
    lines = "\n".join(f"- {md(str(problem))}" for problem in problems[:50])
    more = f"\n\n{t('more_problems', lang, n=len(problems) - 50)}" if len(problems) > 50 else ""
    st.error(f"{t(intro_key, lang)}\n\n{lines}{more}", icon=":material/error:")


def md(text: str) -> str:
    """User text for a Markdown element: every Markdown and HTML character escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$&])", r"\\\1", text)
