"""Simulated readers that speak Streamlit's own websocket protocol, not a browser.

``python -m bench.readers`` runs crowds of readers against ``deploy/serve.py`` with 1, 2, …
replicas and writes bench/results/readers.md. The modules, in the order the data flows:
``protocol`` (one session's messages), ``reader`` (what a reader changes, and when), ``crowd``
(many readers in one measurement window), ``processes`` and ``deployment`` (the servers' processes),
``stats`` and ``report`` (the figures).

Why asyncio with ``websockets`` and not Locust: a reader's unit of work is not a request and a
response but a stream of protobuf messages that ends with ``script_finished``, and Locust's
model, its gevent monkey-patching and its web UI would all be worked around rather than used.
Sixty-four readers in one asyncio process cost a few per cent of a core, which matters when the
generator shares the server's two cores; ``websockets`` is a dependency of streamlit itself, so
nothing is added to the lock file.
"""
