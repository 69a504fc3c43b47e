"""Serving the dashboard to many readers: replicas behind nginx (``python deploy/serve.py``)."""
