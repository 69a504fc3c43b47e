"""Entry point for `streamlit run streamlit_app.py`; the page lives in dashboard.app."""

from dashboard.app import main

main()
