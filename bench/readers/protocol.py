"""One reader's Streamlit session: the websocket on /_stcore/stream and its protobuf messages.

What the browser's frontend does, in the order it does it (streamlit's frontend, lib/ in 1.67):

1. ``GET /`` gives the page and nginx's sticky cookie, which every later request must carry to
   reach the same replica; ``GET /_stcore/health`` gives Streamlit's XSRF cookie.
2. A websocket on ``/_stcore/stream``, subprotocol ``streamlit``, with those cookies and an Origin.
3. Each run is asked for with a ``BackMsg.rerun_script`` (a ``ClientState``): the URL's query
   string, the widget values that changed, the page's hash, the fragment to rerun if the widget
   lives in one, and the hashes of the large messages it already holds, which the server then
   sends as a short ``ref_hash`` instead of again.
4. The server streams ``ForwardMsg`` deltas, and a run ends with ``script_finished``; a run that
   calls ``st.rerun()`` ends ``FINISHED_EARLY_FOR_RERUN`` and the next run follows at once.

A browser resends every widget's value on each rerun; this session sends only the widgets its
reader changed. The server keeps every keyed widget's value in session state between runs, so the
script does the same work either way; the difference is a few hundred bytes per message.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import StringArray
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin, Subprotocol

STREAM = "/_stcore/stream"
HEALTH = "/_stcore/health"
XSRF_COOKIE = "_streamlit_xsrf"
# Runs that end for good; FINISHED_EARLY_FOR_RERUN hands over to the next run instead.
_FINAL = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}


class SessionLost(Exception):
    """The websocket closed, or a run did not finish in time: the reader's session is gone."""


@dataclass
class Widget:
    """A widget as the last run drew it: its id, and its options and value as wire labels."""

    key: str
    id: str
    options: tuple[str, ...]
    value: tuple[str, ...]
    fragment_id: str


@dataclass(frozen=True)
class Run:
    """What one run cost the reader: time to ``script_finished``, bytes, and what went wrong."""

    seconds: float
    messages: int
    bytes: int
    errors: tuple[str, ...]
    headings: tuple[str, ...]  # the headings drawn, in order (the sidebar's come first)


@dataclass
class Session:
    """A connected session; ``run()`` asks for one run and waits for its end."""

    websocket: ClientConnection
    query_string: str
    widgets: dict[str, Widget] = field(default_factory=dict)
    page_script_hash: str = ""
    max_cached_message_age: int = 2
    # message hash -> (the run that last used it, the fragment that drew it)
    _cached: dict[str, tuple[int, str]] = field(default_factory=dict)
    # widget id -> the options chosen, by position: labels change with the language
    _chosen: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _runs: int = 0

    @classmethod
    async def open(cls, base_url: str, query_string: str = "", timeout: float = 60) -> Session:
        """Load the page for its cookies, then open the websocket with them, as a browser does."""
        cookies = await asyncio.to_thread(_page_cookies, base_url, timeout)
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        subprotocols = [Subprotocol("streamlit")]
        if XSRF_COOKIE in cookies:  # the frontend passes the XSRF token as the second entry
            subprotocols.append(Subprotocol(cookies[XSRF_COOKIE]))
        websocket = await connect(
            f"{scheme}://{parts.netloc}{STREAM}",
            subprotocols=subprotocols,
            origin=Origin(f"{parts.scheme}://{parts.netloc}"),
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
            max_size=None,  # a first run on a large log sends megabytes in one message
            open_timeout=timeout,
            # A browser never pings: only the server does, and this connection answers it. A
            # client ping would also drop the session whenever a saturated server is slow to pong.
            ping_interval=None,
        )
        return cls(websocket, query_string.lstrip("?"))

    async def close(self) -> None:
        """Close the websocket; the server ends the session."""
        await self.websocket.close()

    async def run(
        self, changes: Sequence[WidgetState] = (), fragment_id: str = "", timeout: float = 120
    ) -> Run:
        """Ask for a run with ``changes`` and wait for its ``script_finished``.

        Raises:
            SessionLost: the websocket closed, or the run did not finish within ``timeout``.
        """
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend(changes)
        by_id = {widget.id: widget for widget in self.widgets.values()}
        for change in changes:
            options = by_id[change.id].options
            self._chosen[change.id] = tuple(map(options.index, change.string_array_value.data))
        state.cached_message_hashes.extend(self._cached)
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        if not fragment_id:  # a full run draws every widget the page has now, and only those
            self.widgets = {}
        started = time.perf_counter()
        await self.websocket.send(back.SerializeToString())
        messages = received = 0
        errors: list[str] = []
        headings: list[str] = []
        deadline = started + timeout
        while True:
            try:
                data = await asyncio.wait_for(
                    self.websocket.recv(), timeout=max(0.0, deadline - time.perf_counter())
                )
            except TimeoutError as error:
                raise SessionLost(f"no script_finished within {timeout:.0f} s") from error
            except Exception as error:  # websockets' ConnectionClosed and its kin
                raise SessionLost(f"websocket closed: {error}") from error
            messages += 1
            received += len(data)
            msg = ForwardMsg.FromString(data)
            if self._take(msg, errors, headings):
                break
        self._runs += 1
        self._expire_cache(fragment_id)
        return Run(
            time.perf_counter() - started, messages, received, tuple(errors), tuple(headings)
        )

    def _take(self, msg: ForwardMsg, errors: list[str], headings: list[str]) -> bool:
        """Learn what ``msg`` tells about the page; True when it ends the run."""
        fragment = msg.delta.fragment_id if msg.HasField("delta") else ""
        if msg.metadata.cacheable and msg.hash:
            self._cached[msg.hash] = (self._runs, fragment)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":  # a reference carries no delta: the fragment is the cached one's
            self._cached[msg.ref_hash] = (self._runs, self._cached.get(msg.ref_hash, (0, ""))[1])
        elif kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
            self.max_cached_message_age = msg.new_session.config.max_cached_message_age
        elif kind == "page_info_changed":  # st.query_params wrote the URL
            self.query_string = msg.page_info_changed.query_string
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            errors.append(f"compile error: {msg.session_event.script_compilation_exception}")
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._take_element(msg.delta.new_element, msg.delta.fragment_id, errors, headings)
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                errors.append("the script did not compile")
            return msg.script_finished in _FINAL
        return False

    def _take_element(
        self, element: Any, fragment_id: str, errors: list[str], headings: list[str]
    ) -> None:
        kind = element.WhichOneof("type")
        inner = getattr(element, kind)
        if kind == "exception":  # its type is redacted unless client.showErrorDetails is on
            errors.append(f"{inner.type or 'exception'}: {inner.message}")
        elif kind == "heading":
            headings.append(inner.body)
        widget_id = getattr(inner, "id", "")
        if not widget_id.startswith("$$ID-"):  # "$$ID-<hash>-<user key>"
            return
        key = widget_id.split("-", 2)[2]
        options, drawn, default = _choices(kind, inner)
        # The script set the value (session state, the URL). After a language switch Streamlit
        # may send the old language's labels: those say nothing, and what was chosen stands.
        if getattr(inner, "set_value", False) and all(label in options for label in drawn):
            self._chosen[widget_id] = tuple(map(options.index, drawn))
        # Otherwise the element shows only its default, not what the reader chose.
        chosen = self._chosen.get(widget_id, default)
        value = tuple(options[i] for i in chosen if i < len(options))
        self.widgets[key] = Widget(key, widget_id, options, value, fragment_id)

    def _expire_cache(self, fragment_id: str) -> None:
        """Forget messages unused for the server's maximum age, as the frontend's cache does.

        A fragment's run ages only that fragment's messages.
        """
        oldest = self._runs - self.max_cached_message_age
        self._cached = {
            digest: (seen, fragment)
            for digest, (seen, fragment) in self._cached.items()
            if seen >= oldest or (fragment_id and fragment != fragment_id)
        }


def choose(widget: Widget, labels: Sequence[str]) -> WidgetState:
    """The widget state that selects ``labels`` in a multiselect, pills or segmented control."""
    unknown = [label for label in labels if label not in widget.options]
    if unknown:
        raise ValueError(f"{widget.key} offers no {unknown}; it offers {list(widget.options)}")
    return WidgetState(id=widget.id, string_array_value=StringArray(data=list(labels)))


def _choices(kind: str, inner: Any) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
    """A choice widget's options and the value the script set (if any) as wire labels, and
    its default as positions; nothing for other widgets."""
    if kind == "multiselect":
        options = tuple(inner.options)
    elif kind == "button_group":
        options = tuple(option.content for option in inner.options)
    else:
        return (), (), ()
    return options, tuple(inner.raw_values), tuple(inner.default)


def _page_cookies(base_url: str, timeout: float) -> dict[str, str]:
    """The cookies the page and the health check set, each request sending those set before."""
    jar: SimpleCookie = SimpleCookie()
    for path in ("/", HEALTH):
        request = urllib.request.Request(base_url.rstrip("/") + path)  # noqa: S310 (our own URL)
        if jar:
            request.add_header("Cookie", "; ".join(f"{k}={m.value}" for k, m in jar.items()))
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}
