"""The protocol load generator (bench/readers): its figures, and its readers on a real server.

The servers here are single Streamlit processes on loopback (dashboard/server.py); nginx and the
replicas are covered by tests/browser/test_replicas.py. Counts are tiny and think times short.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bench.readers import in_thread, run_async
from bench.readers.__main__ import main as readers_main
from bench.readers.crowd import Crowd, gather_readers
from bench.readers.protocol import Session, SessionLost
from bench.readers.reader import ReaderLog, Rerun, next_change, seeded
from bench.readers.report import goals, markdown, steady_goals
from bench.readers.stats import Summary, percentile, summarise
from dashboard.i18n import t
from dashboard.server import serve

pytestmark = pytest.mark.xdist_group("readers")
SHORT_THINK = (0.0, 0.2)


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([3.0], 0.95, 3.0),
        ([1.0, 2.0, 3.0], 0.5, 2.0),
        ([float(v) for v in range(1, 21)], 0.95, 19.0),
        ([float(v) for v in range(1, 101)], 0.95, 95.0),
        ([5.0, 1.0, 4.0, 2.0, 3.0], 1.0, 5.0),
        ([5.0, 1.0, 4.0, 2.0, 3.0], 0.0, 1.0),
    ],
)
def test_percentile_is_the_nearest_rank(
    values: list[float], fraction: float, expected: float
) -> None:
    """percentile() picks the nearest rank of the sorted sample, whatever its order."""
    assert percentile(values, fraction) == expected


def test_percentile_of_nothing_is_an_error() -> None:
    """An empty sample has no percentile, rather than a made-up zero."""
    with pytest.raises(ValueError, match="no values"):
        percentile([], 0.95)


def test_a_summary_counts_only_reruns_inside_the_window() -> None:
    """Reruns that start before the window or end after it are left out of rate, latency and CPU;
    every error and lost session counts."""
    inside = [Rerun("topics", 11.0, 1.0, 2000), Rerun("lang", 12.0, 3.0, 4000)]
    logs = (
        ReaderLog("", 0.5, [Rerun("topics", 9.0, 0.5, 1000), *inside], ["KeyError: x"]),
        ReaderLog("lang=hi", 0.7, [Rerun("count_by", 19.5, 1.0, 1000)], [], "websocket closed"),
    )
    crowd = Crowd(2, logs, (10.0, 20.0), {"replicas": 8.0, "nginx": 0.2}, 0.4)
    summary = summarise(crowd, replicas=2)
    assert (summary.reruns, summary.window_seconds, summary.reruns_per_second) == (2, 10.0, 0.2)
    assert (summary.median_seconds, summary.p95_seconds) == (2.0, 3.0)
    assert (summary.errors, summary.lost_sessions) == (2, 1)
    assert summary.server_cpu_per_rerun == 4.0
    assert summary.nginx_cpu_per_rerun == 0.1
    assert summary.generator_cpu_per_rerun == 0.2
    assert summary.kilobytes_per_rerun == 3.0
    assert summary.by_action == {
        "lang": {"reruns": 1, "median_seconds": 3.0},
        "topics": {"reruns": 1, "median_seconds": 1.0},
    }


def _row(
    readers: int, replicas: int, rate: float, median: float, p95: float, errors: int = 0
) -> Summary:
    return Summary(
        readers,
        replicas,
        10,
        10.0,
        rate,
        median,
        p95,
        errors,
        0,
        None,
        None,
        None,
        None,
        {},
        None,
        (),
    )


@pytest.mark.parametrize(
    ("crowd_median", "crowd_p95", "errors", "rate_2", "verdicts"),
    [
        (1.9, 3.9, 0, 3.5, [True, True, True, True]),
        (2.1, 3.9, 0, 3.5, [False, True, True, True]),
        (1.9, 4.1, 0, 3.5, [True, False, True, True]),
        (1.9, 3.9, 1, 3.3, [True, True, False, False]),
    ],
)
def test_goals_are_the_issues_ratios(
    crowd_median: float, crowd_p95: float, errors: int, rate_2: float, verdicts: list[bool]
) -> None:
    """With one reader's median at 0.5 s: median ≤ 4×, p95 ≤ 8× it, no errors, and 2 replicas'
    best rate ≥ 1.7× one replica's (2.0/s here)."""
    rows = [
        _row(1, 1, 0.2, 0.5, 0.6),
        _row(64, 1, 2.0, 9.0, 15.0),
        _row(1, 2, 0.2, 0.5, 0.6),
        _row(32, 2, 3.0, crowd_median, crowd_p95, errors),
        _row(64, 2, rate_2, 5.0, 9.0),
    ]
    assert [goal.holds for goal in goals(rows)] == verdicts


def test_goals_not_measured_are_said_so() -> None:
    """Without the 32-reader and two-replica rows, no goal is claimed as met or missed."""
    assert {goal.holds for goal in goals([_row(1, 1, 0.2, 0.5, 0.6)])} == {None}


def _round(number: int, cpu_ms: float | None, rss: float | None, median: float = 0.2) -> Summary:
    """Round ``number`` of 16 readers on one replica, with its CPU per rerun and memory."""
    row = _row(16, 1, 2.0, median, median * 2)
    return replace(
        row,
        round=number,
        server_cpu_per_rerun=None if cpu_ms is None else cpu_ms / 1000,
        replica_rss_megabytes=rss,
    )


@pytest.mark.parametrize(
    ("cpu_ms", "rss", "verdicts"),
    [
        ((200, 260, 215, 219), (220, 240, 245, 250), [True, True, True]),
        ((200, 210, 215, 221), (220, 240, 245, 250), [False, True, True]),
        ((200, 210, 215, 219), (220, 240, 253, 249), [True, True, False]),
        ((222, 300, 391, 391), (220, 240, 260, 280), [False, True, False]),
    ],
)
def test_steady_goals_compare_rounds_of_one_crowd(
    cpu_ms: tuple[float, ...], rss: tuple[float, ...], verdicts: list[bool]
) -> None:
    """Round 4's CPU per rerun is held to 1.1× round 1's (not to rounds 2 and 3), and every
    round after the second to 1.05× round 2's memory, whatever round 1's was."""
    rows = [_round(n, c, m) for n, (c, m) in enumerate(zip(cpu_ms, rss, strict=True), start=1)]
    assert [goal.holds for goal in steady_goals(rows)] == verdicts
    assert [goal.holds for goal in goals(rows)][-3:] == verdicts


@pytest.mark.parametrize(
    ("medians", "holds"),
    [((0.30, 0.33), True), ((0.30, 0.35), False), ((0.02, 0.03), True), ((0.02, 0.04), False)],
)
def test_round_four_is_as_fast_as_round_one(medians: tuple[float, float], holds: bool) -> None:
    """Round 4's median rerun is held to 1.1× round 1's plus 10 ms, so a saturated server's
    growing queue fails even when its CPU per rerun does not grow."""
    first, fourth = medians
    rows = [_round(n, 200, 240, {1: first, 4: fourth}.get(n, first)) for n in (1, 2, 3, 4)]
    assert [goal.holds for goal in steady_goals(rows)] == [True, holds, True]


def test_steady_goals_need_the_rounds_they_compare() -> None:
    """Three rounds, or a round without memory, claim nothing; single-round runs add no goal."""
    three = [_round(n, 200, 240) for n in (1, 2, 3)]
    assert [goal.holds for goal in steady_goals(three)] == [None, None, True]
    unread = [_round(n, 200, None if n == 3 else 240) for n in (1, 2, 3, 4)]
    assert [goal.holds for goal in steady_goals(unread)] == [True, True, None]
    assert steady_goals([_round(1, 200, 240)]) == []


def test_the_table_has_a_cell_for_every_column() -> None:
    """Each row of the Markdown table, rounds and memory included, has as many cells as its
    header, so the table renders."""
    rows = [_round(n, 200, 240) for n in (1, 2, 3, 4)]
    context = dict.fromkeys(("measured", "commit", "machine", "load_before", "command"), "x")
    text = markdown(rows, {**context, "think_seconds": "3 to 7"})
    table = [
        line
        for line in text.splitlines()
        if line.startswith("| replicas | readers | round | reruns")
    ]
    assert table, "the main table's header"
    lines = text.splitlines()
    start = lines.index(table[0])
    widths = {line.count("|") for line in lines[start : start + 6]}
    assert len(widths) == 1, widths
    assert "| 1 | 16 | 4 | 10 |" in text


@pytest.fixture(scope="module")
def dashboard() -> Iterator[str]:
    """One dashboard server for the readers here."""
    with serve() as url:
        yield url


def test_a_session_speaks_the_protocol_the_page_understands(dashboard: str) -> None:
    """A language change comes back as a full run in Hindi with the URL written; a count change
    reruns only the topic fragment (no sidebar heading) and writes count_by=events."""

    async def go() -> None:
        session = await Session.open(dashboard)
        try:
            first = await session.run()
            assert first.errors == ()
            assert t("filters", "en") in first.headings
            rng = seeded(1)
            change, fragment = next_change(session, "lang", rng)
            assert fragment == "", "the language is outside every fragment"
            hindi = await session.run([change], fragment)
            assert t("filters", "hi") in hindi.headings
            assert "lang=hi" in session.query_string
            change, fragment = next_change(session, "count_by", rng)
            assert fragment, "the count lives in a fragment"
            count = await session.run([change], fragment)
            assert count.headings == ()
            assert count.messages < hindi.messages
            assert "count_by=events" in session.query_string
            assert session.widgets["count_by"].value == (t("count_by.events", "hi"),)
        finally:
            await session.close()

    run_async(go())


def test_a_crowd_stops_by_itself_with_every_rerun_timed(dashboard: str) -> None:
    """Two readers, three changes each: every rerun is timed and named, nothing is lost."""
    crowd = run_async(
        gather_readers(dashboard, 2, duration=120, think=SHORT_THINK, max_reruns=3, seed=7)
    )
    assert crowd.all_opened
    assert [len(log.reruns) for log in crowd.logs] == [3, 3]
    assert [log.lost for log in crowd.logs] == [None, None]
    assert [log.errors for log in crowd.logs] == [[], []]
    reruns = [rerun for log in crowd.logs for rerun in log.reruns]
    assert all(rerun.seconds > 0 and rerun.bytes > 0 for rerun in reruns)
    assert {rerun.action for rerun in reruns} <= {"topics", "lang", "count_by"}


FAILING_PAGE = """
import streamlit as st


@st.fragment
def counts():
    st.segmented_control("Count", ["points", "events"], key="count_by", default="points")


choice = st.segmented_control("Language", ["en", "hi"], key="lang", default="en")
if choice == "hi":
    raise RuntimeError("no Hindi here")
counts()
"""


def test_script_errors_are_counted_and_a_dead_server_loses_the_session(tmp_path: Path) -> None:
    """An exception the page shows is a reader's error, and a widget the run no longer drew is
    no longer offered (its fragment is gone); a server gone mid-session is a lost session."""
    page = tmp_path / "failing_page.py"
    page.write_text(FAILING_PAGE, encoding="utf-8")

    async def go(url: str) -> Session:
        session = await Session.open(url)
        assert (await session.run()).errors == ()
        assert session.widgets["count_by"].fragment_id
        change, fragment = next_change(session, "lang", seeded(0))
        broken = await session.run([change], fragment)
        assert len(broken.errors) == 1, broken.errors  # its text is redacted by default
        assert set(session.widgets) == {"lang"}
        return session

    def scenario() -> None:
        loop = asyncio.new_event_loop()
        with serve(str(page)) as url:
            session = loop.run_until_complete(go(url))
        try:
            with pytest.raises(SessionLost):
                loop.run_until_complete(session.run(timeout=30))
        finally:
            loop.run_until_complete(session.close())
            loop.close()

    in_thread(scenario)


def test_the_cli_writes_the_table_and_its_command(dashboard: str, tmp_path: Path) -> None:
    """`python -m bench.readers --url` against a running server writes Markdown and JSON with the
    command, one row per reader count, and no goal claimed from rows it did not measure."""
    out = tmp_path / "readers.md"
    argv = ["--url", dashboard, "--readers", "1", "2", "--duration", "60"]
    argv += ["--think-seconds", "0", "0.2", "--max-reruns", "2", "--out", str(out)]
    assert readers_main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert f"`python -m bench.readers {' '.join(argv)}`" in text
    data = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    alone, pair = data["rows"]
    assert (alone["readers"], alone["reruns"], alone["errors"]) == (1, 2, 0)
    # The window opens once both are in: the first reader's early changes may fall before it.
    assert (pair["readers"], pair["errors"]) == (2, 0)
    assert 2 <= pair["reruns"] <= 4
    assert {goal["holds"] for goal in data["goals"]} == {None}


def test_the_cli_runs_each_crowd_in_rounds_on_the_same_server(
    dashboard: str, tmp_path: Path
) -> None:
    """`--rounds 2` measures the crowd twice in a row, each row numbered by its round, and the
    report says which steady-state goals it could not check instead of claiming them."""
    out = tmp_path / "rounds.md"
    argv = ["--url", dashboard, "--readers", "1", "--rounds", "2", "--duration", "60"]
    argv += ["--think-seconds", "0", "0.2", "--max-reruns", "1", "--out", str(out)]
    assert readers_main(argv) == 0
    data = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [(row["readers"], row["round"], row["reruns"]) for row in data["rows"]] == [
        (1, 1, 1),
        (1, 2, 1),
    ]
    steady = [goal for goal in data["goals"] if "1 readers on" in goal["asks"]]
    assert [goal["holds"] for goal in steady] == [None, None, None]


@pytest.mark.parametrize(
    "argv",
    [
        ["--url", "http://example.org:8501"],
        ["--think-seconds", "5", "1"],
        ["--readers", "0"],
        ["--rounds", "0"],
    ],
)
def test_the_cli_refuses_other_hosts_and_impossible_bounds(argv: list[str]) -> None:
    """Only loopback is ever loaded, and bounds that cannot end are refused with exit 2."""
    assert readers_main([*argv, "--out", "/nonexistent/never-written.md"]) == 2
