"""Both pages served by ``streamlit run`` and driven in headless Chromium through Playwright.

Measured per log: the first chart cold (the first navigation after the server starts, when the
log is read) and warm (a new tab afterwards), the redraw after choosing a topic, and the
server's CPU seconds per rerun, read from /proc around reruns of the count toggle. Both servers
run at once so that their measurements interleave; only one is busy at a time.
"""

from __future__ import annotations

import contextlib
import re
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from bench import procfs
from bench.cases import Case, budget
from bench.guard import guarded
from bench.limits import memory_capped
from bench.pages import Page, pages
from bench.settled import RAN_JS, REDRAWN_JS, REMEMBER_JS, SETTLED_JS, WATCH_RUN_JS, want

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, ViewportSize
    from playwright.sync_api import Page as Tab

VIEWPORT: ViewportSize = {"width": 1400, "height": 1000}  # wide enough for the sidebar to stay open
# Reruns per page for the CPU measure; the count alternates, so after two the dashboard may
# serve views it has cached, as it would for a reader clicking back and forth.
CPU_RERUNS = 8
# A run starts within a moment of a click on a quiet page; a busy machine gets ten seconds.
RUN_START_MS = 10_000
# The count toggle's option that is not chosen: Streamlit marks the chosen one data-selected.
OTHER_COUNT = ".st-key-count_by button:not([data-selected]):not([data-disabled])"

T = TypeVar("T")


class StepFailed(RuntimeError):
    """A browser step failed; the message names the page and the step."""


def measure_browser(case: Case, repeats: int, topic: dict[str, str]) -> dict[str, Any]:
    """Both pages in Chromium: first chart, redraw, server CPU per rerun and peak memory.

    Returns:
        "browser" (first chart and redraw, and each server's peak RSS, read at the end while it
        still runs, even after a failed step) and "server_cpu"; each holds "error" if it failed.
    """
    from playwright.sync_api import sync_playwright

    from dashboard.server import CHROMIUM, CHROMIUM_ARGS, serve

    env = {"VISIT_LOG": str(case.path)}
    timeout = budget(case.events)
    both = pages(case.path)
    with contextlib.ExitStack() as stack:
        # The servers inherit the cap; Chromium, which reserves terabytes of address space, not.
        with memory_capped():
            urls = {
                page.name: stack.enter_context(serve(page.script, env=env, timeout=120))
                for page in both
            }
        pids = {name: procfs.server_pid(_port(url)) for name, url in urls.items()}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        drawn = guarded(
            "browser: first chart and redraw",
            _first_chart_and_redraw,
            both,
            browser,
            urls,
            timeout,
            repeats,
            topic["label"],
        )
        cpu = guarded("browser: server CPU", _server_cpu, both, browser, urls, pids, timeout)
        # Read while the servers still run, after a failed step too.
        peaks = {name: procfs.peak_rss_mb(pid) for name, pid in pids.items()}
    return {"browser": {**drawn, "server_peak_rss_mb": peaks}, "server_cpu": cpu}


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _step(page: str, what: str, measure: Callable[..., T], *args: Any) -> T:
    """``measure(*args)``; a failure is raised again as one line naming the page and the step."""
    try:
        return measure(*args)
    except Exception as error:
        reason = (str(error).strip().splitlines() or [""])[0][:200]
        raise StepFailed(f"{page}, {what}: {type(error).__name__}: {reason}") from error


def _first_chart_and_redraw(
    both: tuple[Page, Page],
    browser: Browser,
    urls: dict[str, str],
    timeout: float,
    repeats: int,
    label: str,
) -> dict[str, Any]:
    """Cold and warm first chart, and the redraw after choosing ``label``; medians, ratios."""
    runs: dict[str, dict[str, Any]] = {
        page.name: {"warm": [], "redraw": [], "errors": []} for page in both
    }
    contexts = {page.name: browser.new_context(viewport=VIEWPORT) for page in both}

    def first_chart(page: Page) -> tuple[float, Tab]:
        errors = runs[page.name]["errors"]
        return _first_chart(contexts[page.name], urls[page.name], page.charts, timeout, errors)

    for page in both:
        runs[page.name]["cold"], tab = _step(page.name, "cold first chart", first_chart, page)
        tab.close()
    # Warm runs stop early, after one, when the budget is spent: a heavy page takes minutes.
    deadline = time.monotonic() + timeout
    for _ in range(repeats):
        if runs["dashboard"]["warm"] and time.monotonic() > deadline:
            break
        for page in both:
            seconds, tab = _step(page.name, "warm first chart", first_chart, page)
            try:
                runs[page.name]["warm"].append(seconds)
                redraw = _step(page.name, "redraw", choose_topic, tab, label, page.charts, timeout)
                runs[page.name]["redraw"].append(redraw)
            finally:
                tab.close()
    for context in contexts.values():
        context.close()
    result: dict[str, Any] = {"runs": len(runs["dashboard"]["warm"])}
    for page in both:
        measured = runs[page.name]
        result[page.name] = {
            "cold": measured["cold"],
            "warm": statistics.median(measured["warm"]),
            "redraw": statistics.median(measured["redraw"]),
            "page_errors": measured["errors"][:5],
        }
    for key in ("cold", "warm", "redraw"):
        result[f"{key}_ratio"] = result["dashboard"][key] / result["minimal"][key]
    return result


def _first_chart(
    context: BrowserContext, url: str, charts: int, timeout: float, errors: list[str]
) -> tuple[float, Tab]:
    """Seconds from navigating to ``url`` until ``charts`` charts are drawn; and the open tab."""
    tab = context.new_page()
    tab.set_default_timeout(timeout * 1000)
    tab.on("pageerror", lambda error: errors.append(str(error)[:200]))
    try:
        start = time.perf_counter()
        tab.goto(url, wait_until="commit", timeout=timeout * 1000)
        wait_until(tab, SETTLED_JS, charts, timeout)
        return time.perf_counter() - start, tab
    except BaseException:
        tab.close()
        raise


def topic_option(tab: Tab, label: str) -> Locator:
    """``label``'s option in the topics filter, typed into the box and shown, not yet chosen."""
    box = tab.locator(".st-key-topics input").first
    box.click()
    box.fill(label)
    # The dashboard's options read "Label · Group", the minimal page's "Label".
    exact = re.compile(rf"^{re.escape(label)}( · |$)")
    option = tab.get_by_role("option").filter(has_text=exact).first
    option.wait_for(state="visible", timeout=30_000)
    return option


def choose_topic(tab: Tab, label: str, charts: int, timeout: float) -> float:
    """Seconds from choosing ``label`` in the topics filter until every chart is redrawn."""
    option = topic_option(tab, label)
    tab.evaluate(REMEMBER_JS)
    start = time.perf_counter()
    option.click()
    wait_until(tab, REDRAWN_JS, charts, timeout)
    return time.perf_counter() - start


def _server_cpu(
    both: tuple[Page, Page],
    browser: Browser,
    urls: dict[str, str],
    pids: dict[str, int | None],
    timeout: float,
) -> dict[str, Any]:
    """Each server's CPU seconds per rerun over ``CPU_RERUNS`` clicks of the count toggle."""
    result: dict[str, Any] = {"reruns": CPU_RERUNS}
    for page in both:
        pid = pids[page.name]
        if pid is None:
            raise RuntimeError(f"no process listens on {urls[page.name]}")
        context = browser.new_context(viewport=VIEWPORT)
        try:
            tab = context.new_page()
            tab.set_default_timeout(timeout * 1000)
            tab.goto(urls[page.name], timeout=timeout * 1000)
            wait_until(tab, SETTLED_JS, page.charts, timeout)
            each, clicks = [], 0
            for _ in range(CPU_RERUNS):
                before = procfs.cpu_seconds(pid)
                clicks += _step(page.name, "count toggle", _toggle_count, tab, page.charts, timeout)
                each.append(procfs.cpu_seconds(pid) - before)
        finally:
            context.close()
        result[page.name] = {
            "per_rerun": sum(each) / clicks,
            "first": each[0],
            "each": each,
            "clicks": clicks,
        }
    result["ratio"] = result["dashboard"]["per_rerun"] / result["minimal"]["per_rerun"]
    return result


def _toggle_count(tab: Tab, charts: int, timeout: float) -> int:
    """Click the count not chosen, and wait until the run it starts has ended and drawn.

    Returns:
        The clicks it took: a click that lands while the widget is being drawn again can start
        no run, and is then made once more (each click is a rerun, for the CPU per rerun).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tab.evaluate(WATCH_RUN_JS)
    tab.locator(OTHER_COUNT).first.click()
    clicks = 1
    try:
        tab.wait_for_function(RAN_JS, polling="raf", timeout=RUN_START_MS)
    except PlaywrightTimeout:
        tab.locator(OTHER_COUNT).first.click()
        clicks = 2
    wait_until(tab, SETTLED_JS, charts, timeout)
    return clicks


def wait_until(tab: Tab, predicate: str, charts: int, timeout: float) -> None:
    """Wait until ``predicate`` holds; raise if it reports a failure (a string) instead."""
    outcome = tab.wait_for_function(
        predicate, arg=want(charts), polling="raf", timeout=timeout * 1000
    )
    value = outcome.json_value()
    if value is not True:
        raise RuntimeError(str(value))
