"""The Streamlit pages: the only modules, with dashboard/app.py, that import streamlit.

Each lays out what pure code computed: ``explore`` is the dashboard; ``loading`` finds the log a
page shows (a start file or this session's upload); ``view_state`` keeps the reader's view in
session state and the link; ``notices`` writes problems and user text safely.
"""
