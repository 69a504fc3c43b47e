"""A bounded load test on loopback: N concurrent browser sessions each rerun the page R times.

Usage: python scripts/load_test.py [--sessions 1 8 32] [--reruns 5] [--out bench/results/load.md]

Each session opens the dashboard with its own language and filters, then toggles the topic
chart's count (statements/events) R times; the latency of a rerun is the time from the click
until Streamlit has finished the run and every chart is drawn again. Reports median and p95 per
session count. It stops by itself: fixed counts, a timeout on every wait, the server stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

# bench/ is not part of the installed package: run from the checkout, it is importable from here.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.settled import SETTLED_JS, WATCH_RUN_JS, want
from dashboard.server import CHROMIUM, CHROMIUM_ARGS, serve

WAIT_MS = 180_000
QUERIES = [
    "",
    "?lang=hi",
    "?topic=syria",
    "?lang=hi&format=virtual",
    "?participant=lavrov",
    "?from=2021-05-13",
    "?lang=hi&topic=israel-palestine",
    "?count_by=events",
]


async def _session(browser: Browser, url: str, query: str, reruns: int) -> list[float]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(f"{url}/{query}", timeout=WAIT_MS)
        await _settled(page)
        latencies = []
        # Click the count not shown yet: clicking the chosen one starts no run.
        first = 0 if "count=events" in query else 1
        for i in range(reruns):
            await page.evaluate(WATCH_RUN_JS)
            toggle = page.locator(".st-key-count_by button").nth((first + i) % 2)
            started = time.perf_counter()
            await toggle.click(timeout=WAIT_MS)
            await _settled(page)
            latencies.append(time.perf_counter() - started)
        return latencies
    finally:
        await context.close()


async def _settled(page: Page) -> None:
    """Wait until the run has ended and every chart is drawn; raise if the page shows an error."""
    outcome = await page.wait_for_function(SETTLED_JS, arg=want(), timeout=WAIT_MS)
    value = await outcome.json_value()
    if value is not True:
        raise RuntimeError(str(value))


async def _round(url: str, sessions: int, reruns: int) -> list[float]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = await asyncio.gather(
                *(
                    _session(browser, url, QUERIES[i % len(QUERIES)], reruns)
                    for i in range(sessions)
                )
            )
        finally:
            await browser.close()
    return [latency for session in results for latency in session]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench/results/load.md"))
    args = parser.parse_args()
    rows: list[str] = []
    with serve() as url:
        asyncio.run(_round(url, 1, 1))  # warm the server's caches and kaleido-free imports once
        for sessions in args.sessions:
            try:
                latencies = asyncio.run(_round(url, sessions, args.reruns))
            except PlaywrightTimeout:  # a saturated machine is a result too, not a crash
                rows.append(f"| {sessions} | 0 | a wait passed {WAIT_MS // 1000} s | |")
                print(f"{sessions:>3} sessions: a wait passed {WAIT_MS // 1000} s", flush=True)
                continue
            except RuntimeError as error:  # the page showed an exception: say so, not a time
                rows.append(f"| {sessions} | 0 | {error} | |")
                print(f"{sessions:>3} sessions: {error}", flush=True)
                continue
            median, p95 = statistics.median(latencies), _p95(latencies)
            rows.append(f"| {sessions} | {len(latencies)} | {median:.2f} | {p95:.2f} |")
            print(f"{sessions:>3} sessions: median {median:.2f} s, p95 {p95:.2f} s", flush=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = [
        "| concurrent sessions | reruns measured | median rerun (s) | p95 rerun (s) |",
        "|---:|---:|---:|---:|",
    ]
    table += rows
    text = (
        f"# Rerun latency under concurrent sessions\n\nMeasured {stamp} on the shipped log with "
        f"`python scripts/load_test.py --reruns {args.reruns}`: each session toggles the topic chart's count, "
        "and a rerun is timed from the click until every chart is drawn again, in headless Chromium on the "
        "same 2-core machine as the server.\n\n" + "\n".join(table) + "\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
