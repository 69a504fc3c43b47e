"""Browser fixtures: Debian's Chromium driven by pytest-playwright, one dashboard server per session."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _pytest.nodeid import NodeId
from playwright.sync_api import Page, expect

from dashboard.server import CHROMIUM, CHROMIUM_ARGS, debian_packages, serve, server_log

# The machine is shared and a first page load compiles Plotly.js: waits are generous, never fixed.
TIMEOUT_MS = 60_000
expect.set_options(timeout=TIMEOUT_MS)

INSTALL_HINT = f"apt-get install --no-install-recommends {' '.join(debian_packages())}"
BROWSER_TESTS = Path(__file__).resolve().parent


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep this folder's tests on one xdist worker under ``--dist loadgroup``.

    pytest-xdist 3.8 tells its scheduler about a group by renaming the test through
    ``item._nodeid``, which pytest 9.2's structured node ids no longer read: the groups are
    silently lost (pytest-dev/pytest-xdist#1386). Until a fixed xdist is pinned, this renames
    the tests the way the scheduler expects; it does nothing once xdist's own renaming works.
    """
    if not getattr(config.option, "loadgroup", False):  # set on xdist workers only
        return
    for item in items:
        group = item.get_closest_marker("xdist_group")
        nodeid = item.nodeid
        if (
            group is None
            or BROWSER_TESTS not in item.path.parents
            or nodeid.rfind("@") > nodeid.rfind("]")
        ):
            continue
        item._id = NodeId.parse(f"{nodeid}@{group.args[0]}")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary; a missing one skips these tests locally and fails them in CI."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: {INSTALL_HINT}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], chromium: str
) -> dict[str, Any]:
    """pytest-playwright's launch options, with the system Chromium instead of a downloaded one."""
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A desktop window, wide enough for the sidebar to stay open; downloads kept for inspection."""
    return {
        **browser_context_args,
        "viewport": {"width": 1400, "height": 1000},
        "accept_downloads": True,
    }


@pytest.fixture(scope="session")
def dashboard_url(chromium: str) -> Iterator[str]:
    """The URL of one dashboard server shared by every browser test; its log is checked at the end."""
    del chromium  # no browser, no point starting a server
    with serve() as url:
        yield url
        found = _log_problems(url)
    assert not found, (
        f"the server logged {found} during the browser tests:\n{server_log(url)[-3000:]}"
    )


def _log_problems(url: str) -> list[str]:
    """Which of the words that mean trouble the server at ``url`` has logged so far."""
    log = server_log(url)
    return [
        word for word in ("Traceback", "DeprecationWarning", "use_container_width") if word in log
    ]


@pytest.fixture(scope="session")
def log_problems() -> Callable[[str], list[str]]:
    """The check the server's log gets at the end of the session, for a test to run earlier."""
    return _log_problems


@pytest.fixture(autouse=True)
def page_errors(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Script errors a test's ``page`` reports; any at all fail the test at teardown.

    Only for tests that use ``page``: a test that opens its own context is left alone.
    """
    errors: list[str] = []
    if "page" not in request.fixturenames:
        yield errors
        return
    page: Page = request.getfixturevalue("page")
    page.set_default_timeout(TIMEOUT_MS)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"console.error: {message.text}") if message.type == "error" else None
        ),
    )
    yield errors
    assert not errors, "the page reported script errors:\n" + "\n".join(errors)
