"""Two replicas behind nginx (deploy/serve.py), in Chromium: sticky sessions keep each reader's
downloads and upload on the replica that holds its session; a killed replica is replaced while
the others keep working; and without stickiness an upload breaks, which proves the test can fail.

Which replica served a request is read from nginx's access log, which names the upstream and the
sticky key of every request (deploy/nginx.conf.template).
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bench.readers.deployment import Deployment, deployment
from bench.readers.processes import descendants
from deploy.serve import INSTALL_HINT, find_nginx, healthy

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("replicas")]

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "tests" / "fixtures" / "other_visit"
UPLOAD = [OTHER / "events.yaml", *sorted((OTHER / "sources").iterdir())]
# Two servers and several pages on two shared cores: generous, and each wait is on a condition.
WAIT_MS = 240_000
REPLACED_WITHIN_S = 180
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EN = "UN Secretary-General António Guterres visits Moscow"
HI = "संयुक्त राष्ट्र महासचिव एंटोनियो गुटेरेस का मॉस्को दौरा"
LISBON = "Test delegation in Lisbon"
IDLE = """() => document.querySelector('[data-testid="stApp"]')
  ?.getAttribute('data-test-script-state') === 'notRunning'"""
# An access-log line: the request, its status, the replica that answered and the sticky key.
ACCESS = re.compile(
    r'"(?P<method>\w+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ '
    r"upstream=(?P<upstream>\S+) key=(?P<key>\S+)"
)


@pytest.fixture(scope="module")
def nginx() -> str:
    """nginx's binary; a missing one skips these tests locally and fails them in CI."""
    found = find_nginx()
    if found is None:
        message = f"nginx not found: {INSTALL_HINT}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts made by the test: separate cookies, so separate readers."""
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


@dataclass
class Reader:
    """One browser context, the sticky key nginx gave it, and the replica that key lands on."""

    context: BrowserContext
    key: str
    port: int
    page: Page = field(init=False)
    console_errors: list[str] = field(default_factory=list)


def _access(served: Deployment) -> list[dict[str, str]]:
    text = (served.state_file.parent / "access.log").read_text(encoding="utf-8")
    return [found.groupdict() for found in map(ACCESS.search, text.splitlines()) if found]


def _logged(served: Deployment, key: str, path: str, at_least: int) -> list[dict[str, str]]:
    """The access-log lines of ``key``'s requests under ``path``, once there are ``at_least``.

    nginx writes a line just after its response, so the browser may have it a moment earlier.
    """
    deadline = time.monotonic() + 30
    while True:
        lines = [a for a in _access(served) if a["key"] == key and a["path"].startswith(path)]
        if len(lines) >= at_least or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def _ports(served: Deployment) -> list[int]:
    return [replica["port"] for replica in served.state()["replicas"]]


def _new_reader(browser: Browser, contexts: list[BrowserContext], served: Deployment) -> Reader:
    """A fresh browser: nginx gives it a sticky cookie on its first request, logged with its
    replica."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    contexts.append(context)
    assert context.request.get(f"{served.url}/_stcore/health").ok
    (key,) = [c["value"] for c in context.cookies() if c["name"] == "visit_replica"]
    (line,) = _logged(served, key, "/_stcore/health", at_least=1)
    return Reader(context, key, int(line["upstream"].rsplit(":", 1)[1]))


def _readers_on_each_replica(
    browser: Browser, contexts: list[BrowserContext], served: Deployment, per_replica: int
) -> dict[int, list[Reader]]:
    """New readers until each replica holds ``per_replica``; the hash decides, so a few extra
    browsers may be opened (and closed) on the way."""
    placed: dict[int, list[Reader]] = {port: [] for port in _ports(served)}
    for _ in range(40):  # each try lands on a given replica half the time
        reader = _new_reader(browser, contexts, served)
        if len(placed[reader.port]) < per_replica:
            placed[reader.port].append(reader)
        else:
            contexts.remove(reader.context)
            reader.context.close()
        if all(len(readers) == per_replica for readers in placed.values()):
            return placed
    pytest.fail(f"the sticky hash put no {per_replica} readers on each replica: {placed}")


def _open(reader: Reader, url: str) -> None:
    reader.page = reader.context.new_page()
    reader.page.set_default_timeout(WAIT_MS)
    reader.page.on(
        "console",
        lambda message: (
            reader.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    reader.page.goto(url)


def _idle(reader: Reader, title: str) -> None:
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(title, timeout=WAIT_MS)
    reader.page.wait_for_function(IDLE, timeout=WAIT_MS)


def _download_png(reader: Reader, chart: str, served: Deployment) -> str:
    """The server-rendered PNG of ``chart``, checked to be a PNG that the reader's own replica
    served; its file name (which names the filters) is returned."""
    before = len(_logged(served, reader.key, "/media/", at_least=0))
    button = reader.page.locator(f".st-key-{chart}_png").get_by_role("button", name="PNG")
    with reader.page.expect_download(timeout=WAIT_MS) as started:
        button.click()
    download = started.value
    assert download.failure() is None, download.failure()
    name = download.suggested_filename
    assert name.startswith(chart.removesuffix("_chart")) and name.endswith(".png"), name
    assert download.path().read_bytes().startswith(PNG_SIGNATURE), f"{name} is not a PNG"
    media = _logged(served, reader.key, "/media/", at_least=before + 1)
    assert len(media) > before, "the download never reached nginx"
    assert {a["upstream"] for a in media} == {f"127.0.0.1:{reader.port}"}, media
    assert {a["status"] for a in media} == {"200"}, media
    return name


def _upload(reader: Reader) -> None:
    page = reader.page
    page.get_by_test_id("stSidebar").get_by_test_id("stExpander").locator("summary").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(path) for path in UPLOAD]
    )


def _routed_to_own_replica(served: Deployment, reader: Reader) -> bool:
    """Whether a request with the reader's cookie reaches its replica now (it says in the log)."""
    before = len(_logged(served, reader.key, "/_stcore/health", at_least=0))
    assert reader.context.request.get(f"{served.url}/_stcore/health").ok
    last = _logged(served, reader.key, "/_stcore/health", at_least=before + 1)[-1]
    return last["upstream"] == f"127.0.0.1:{reader.port}"


def _replaced(served: Deployment, port: int, old_pid: int) -> bool:
    (replica,) = [r for r in served.state()["replicas"] if r["port"] == port]
    return bool(replica["pid"] != old_pid and healthy(f"http://127.0.0.1:{port}"))


def test_sticky_readers_keep_their_replica_and_survive_another_dying(
    nginx: str, chromium: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    """Four readers with different filters, two on each replica, each download a server PNG from
    their own replica, and one uploads a log. The other replica is killed and replaced; the
    survivors' sessions, upload included, go on working, and the replacement serves readers."""
    del nginx, chromium
    with deployment(2) as served:
        doomed_port, surviving_port = _ports(served)
        placed = _readers_on_each_replica(browser, contexts, served, per_replica=2)
        (syria, hindi), (lavrov, uploader) = placed[doomed_port], placed[surviving_port]
        views = [
            (syria, "?topic=syria", EN),
            (hindi, "?lang=hi", HI),
            (lavrov, "?participant=lavrov", EN),
            (uploader, "?format=virtual", EN),
        ]
        for reader, query, _ in views:  # every page starts loading before any is waited for
            _open(reader, served.url + "/" + query)
        names = []
        for reader, _, title in views:
            _idle(reader, title)
            names.append(_download_png(reader, "topic_chart", served))
        assert len(set(names)) == len(names), f"different filters, the same file: {names}"
        _upload(uploader)
        _idle(uploader, LISBON)
        _download_png(uploader, "topic_chart", served)

        (doomed,) = [r for r in served.state()["replicas"] if r["port"] == doomed_port]
        os.killpg(doomed["pid"], signal.SIGKILL)  # the replica and its image renderer, at once
        deadline = time.monotonic() + REPLACED_WITHIN_S
        while not _replaced(served, doomed_port, doomed["pid"]):
            assert time.monotonic() < deadline, "the killed replica was not replaced"
            time.sleep(0.5)

        # The surviving replica's readers never noticed: same sessions, upload and all.
        lavrov.page.locator(".st-key-lang").get_by_role("radio", name="हिन्दी").click()
        _idle(lavrov, HI)
        _download_png(lavrov, "topic_chart", served)
        _idle(uploader, LISBON)
        _download_png(uploader, "topic_chart", served)
        # A reader of the killed replica reloads and is served by its replacement, once nginx
        # stops skipping that port (fail_timeout after the failed reconnects).
        deadline = time.monotonic() + 60
        while not _routed_to_own_replica(served, syria):
            assert time.monotonic() < deadline, "nginx never sent the reader to the replacement"
            time.sleep(1)
        syria.page.reload()
        _idle(syria, EN)
        _download_png(syria, "topic_chart", served)  # from the port whose old process died
        for reader in (lavrov, uploader):
            assert reader.console_errors == [], reader.console_errors


def test_without_stickiness_an_upload_lands_on_the_wrong_replica(
    nginx: str, chromium: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    """With round robin, the upload's PUTs alternate between replicas: one reaches a replica
    that never heard of the session, is refused, and the log never opens."""
    del nginx, chromium
    with deployment(2, sticky=False) as served:
        reader = _new_reader(browser, contexts, served)
        _open(reader, served.url + "/")
        _idle(reader, EN)
        _upload(reader)
        uploader = reader.page.get_by_test_id("stFileUploader")
        expect(uploader).to_contain_text("status code 400", timeout=WAIT_MS)
        puts = [a for a in _access(served) if a["method"] == "PUT"]
        assert {a["status"] for a in puts} == {"204", "400"}, puts
        assert len({a["upstream"] for a in puts}) == 2, puts
        expect(reader.page.get_by_role("heading", level=1)).to_have_text(EN)


def test_sigterm_stops_every_process_serve_started(nginx: str) -> None:
    """SIGTERM to serve.py ends nginx, its workers, the replicas and their children."""
    del nginx
    with deployment(1) as served:
        state = served.state()
        roots = [state["supervisor"], state["nginx"]["pid"], state["replicas"][0]["pid"]]
        started = descendants(roots)
        assert len(started) >= 4, started  # supervisor, nginx master and worker, a replica
    deadline = time.monotonic() + 30
    while alive := [pid for pid in started if _alive(pid)]:
        assert time.monotonic() < deadline, f"still running after SIGTERM: {alive}"
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for its parent counts as gone)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"
