"""A cache shared by every session of a server: bounded in entries and in bytes, thread-safe.

Values come out as they went in, never copied, so whoever reads one treats it as read-only: the
page model's tests check that a page run leaves its cached values exactly as they were.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

V = TypeVar("V")


@dataclass(frozen=True)
class CacheStats:
    """How a cache has been used since it was made (or cleared)."""

    hits: int
    misses: int
    evictions: int
    entries: int
    nbytes: int


class BoundedCache:
    """Least recently used entries go first, once there are more than ``max_entries`` of them or
    they take more than ``max_bytes`` together.

    When several threads ask for one missing key at once, one computes it and the others wait
    for its value: a crowd of readers opening the same view costs one computation, not one each.
    """

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._nbytes = 0
        self._hits = self._misses = self._evictions = 0

    def get(
        self, key: Hashable, compute: Callable[[], V], size: Callable[[V], int] = lambda _: 0
    ) -> V:
        """The value cached under ``key``, making and storing it first if it is missing.

        Args:
            key: What identifies the value: every input that ``compute`` depends on.
            compute: Makes the value; called at most once at a time per key.
            size: About how many bytes the value holds; a value larger than ``max_bytes`` is
                returned but not kept.
        """
        while True:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    self._hits += 1
                    value: V = self._entries[key][0]
                    return value
                pending = self._pending.get(key)
                if pending is None:
                    pending = self._pending[key] = threading.Event()
                    break
            pending.wait()  # another thread computes it; look again once it is done (or failed)
        try:
            value = compute()
            nbytes = size(value)
        except BaseException:
            with self._lock:
                del self._pending[key]
            pending.set()  # a waiter tries for itself
            raise
        with self._lock:
            self._misses += 1
            del self._pending[key]
            if nbytes <= self.max_bytes:
                self._entries[key] = (value, nbytes)
                self._nbytes += nbytes
                self._evict()
        pending.set()
        return value

    def _evict(self) -> None:
        while len(self._entries) > self.max_entries or self._nbytes > self.max_bytes:
            _, (_, nbytes) = self._entries.popitem(last=False)
            self._nbytes -= nbytes
            self._evictions += 1

    def stats(self) -> CacheStats:
        """Hits, misses and evictions so far, and what the cache holds now."""
        with self._lock:
            return CacheStats(
                self._hits, self._misses, self._evictions, len(self._entries), self._nbytes
            )

    def clear(self) -> None:
        """Drop every entry and reset the counts."""
        with self._lock:
            self._entries.clear()
            self._nbytes = 0
            self._hits = self._misses = self._evictions = 0
