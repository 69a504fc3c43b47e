"""The shared cache: hits, bounds in entries and bytes, one computation per key at a time."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard.cache import BoundedCache


def test_a_second_get_is_a_hit_that_returns_the_same_object() -> None:
    """The value computed once comes back itself, not a copy, and counts as a hit."""
    cache = BoundedCache(max_entries=4, max_bytes=100)
    first = cache.get("k", lambda: ["value"])
    second = cache.get("k", lambda: ["another"])
    assert second is first
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.entries) == (1, 1, 1)


def test_the_least_recently_used_entry_goes_past_the_entry_bound() -> None:
    """With room for two, reading "a" keeps it, so adding "c" drops "b"."""
    cache = BoundedCache(max_entries=2, max_bytes=100)
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)
    cache.get("a", lambda: 0)
    cache.get("c", lambda: 3)
    assert cache.get("a", lambda: -1) == 1
    assert cache.get("b", lambda: -2) == -2  # recomputed: it had been dropped
    assert cache.stats().evictions >= 1


def test_entries_go_once_their_bytes_pass_the_byte_bound() -> None:
    """Sizes add up; past the bound the oldest go, and a value larger than the bound is not kept."""
    cache = BoundedCache(max_entries=100, max_bytes=10)
    cache.get("a", lambda: "a", lambda _: 6)
    cache.get("b", lambda: "b", lambda _: 6)
    assert cache.stats().entries == 1
    assert cache.stats().nbytes == 6
    assert cache.get("huge", lambda: "h", lambda _: 11) == "h"
    assert cache.get("huge", lambda: "again", lambda _: 11) == "again"


def test_concurrent_readers_of_a_missing_key_compute_it_once() -> None:
    """Eight threads asking for one missing key at once wait for one computation."""
    cache = BoundedCache(max_entries=4, max_bytes=100)
    calls = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "done"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["done"] * 8
    assert len(calls) == 1


def test_a_failed_computation_is_not_cached() -> None:
    """An exception reaches the caller and the next reader computes afresh."""
    cache = BoundedCache(max_entries=4, max_bytes=100)

    def broken() -> str:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        cache.get("k", broken)
    assert cache.get("k", lambda: "ok") == "ok"
    assert cache.stats().entries == 1
