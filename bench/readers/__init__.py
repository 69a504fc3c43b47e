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

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

_T = TypeVar("_T")


def in_thread(work: Callable[[], _T]) -> _T:
    """``work()`` on a thread of its own, its result or its exception passed back.

    Playwright's sync API keeps an event loop running in the thread that used it, so after a
    browser test (or in any caller that runs a loop) asyncio.run would refuse to start.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller, who sees it raised
            outcome["error"] = error

    thread = threading.Thread(target=target, name="readers")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    value: _T = outcome["value"]
    return value


def run_async(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """``asyncio.run(coroutine)`` on a fresh thread (see :func:`in_thread`)."""
    return in_thread(lambda: asyncio.run(coroutine))
