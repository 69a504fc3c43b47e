"""The app: the page configuration and the navigation between its pages (dashboard/pages/).

With the modules under dashboard/pages/, the only code that imports streamlit.
"""

from __future__ import annotations

import plotly.io as pio
import streamlit as st

from dashboard.pages import edit, explore

# Streamlit sets Plotly's default template on import; ours are explicit, and exports must not
# pick up the "streamlit" template, whose placeholder colours come out black in kaleido.
pio.templates.default = "plotly_white"


def main() -> None:
    """Configure the app and run the page the URL names (the dashboard by default)."""
    st.set_page_config(
        page_title="Visit dashboard",
        # An emoji: it loads Streamlit's emoji catalogue (0.3 s, once a process), which the Hindi
        # label of the language switch loads anyway. A Material icon would be fetched from
        # Google's font servers, which an offline reader's browser cannot reach: Streamlit
        # 1.67's frontend turns a Material page_icon into a fonts.gstatic.com URL for the
        # favicon. The notices' Material icons come from the font Streamlit serves itself
        # (static/media/MaterialSymbols-Rounded), so they show without an emoji font.
        page_icon="🕊️",
        layout="wide",
        initial_sidebar_state="auto",
    )
    pages = [
        st.Page(explore.main, title="Dashboard", url_path="explore", default=True),
        # The log's editor: sentences beside statements, live validation, downloads and, when
        # started by `visit-dashboard edit`, saving back to the file.
        st.Page(edit.main, title="Editor", url_path="edit"),
    ]
    st.navigation(pages, position="sidebar").run()


__all__ = ["main"]
