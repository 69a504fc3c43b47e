"""The servers under load: ``deploy/serve.py`` started for a measurement, or one already running."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.procfs import peak_rss_mb, rss_mb
from bench.readers.processes import tree_cpu_seconds
from dashboard.server import free_port
from deploy.serve import ROOT, RUN_ROOT, healthy

# An access-log line (deploy/nginx.conf.template's format) of a websocket that was upgraded.
_STREAM = re.compile(r'"GET /_stcore/stream[^"]*" 101 .*upstream=[^ ]*:(?P<port>\d+)')


@dataclass(frozen=True)
class Deployment:
    """nginx and its replicas, known through the ``state.json`` serve.py keeps up to date."""

    url: str
    state_file: Path

    def state(self) -> dict[str, Any]:
        """The supervisor's current view: ports and PIDs (a restarted replica has a new PID)."""
        state: dict[str, Any] = json.loads(self.state_file.read_text(encoding="utf-8"))
        return state

    def replica_urls(self) -> list[str]:
        """Each local replica's own URL, bypassing nginx."""
        return [f"http://127.0.0.1:{r['port']}" for r in self.state()["replicas"]]

    def access_log_size(self) -> int:
        """Where nginx's access log ends now, to count what a crowd adds to it."""
        log = self.state_file.parent / "access.log"
        return log.stat().st_size if log.exists() else 0

    def sessions_per_replica(self, since: int) -> tuple[int, ...]:
        """Websockets each local replica served, from the access log after offset ``since``.

        nginx logs a websocket when it closes, so this counts a crowd once its readers are gone.
        """
        ports = [str(r["port"]) for r in self.state()["replicas"]]
        counts = dict.fromkeys(ports, 0)
        with (self.state_file.parent / "access.log").open("rb") as log:
            log.seek(since)
            for line in log.read().decode(errors="replace").splitlines():
                found = _STREAM.search(line)
                if found and found["port"] in counts:
                    counts[found["port"]] += 1
        return tuple(counts[port] for port in ports)

    def peak_rss_megabytes(self) -> float | None:
        """The largest peak resident memory of any live replica so far."""
        peaks = [peak_rss_mb(r["pid"]) for r in self.state()["replicas"]]
        return max((peak for peak in peaks if peak is not None), default=None)

    def rss_megabytes(self) -> float | None:
        """The largest resident memory of any live replica now, to follow it round by round."""
        now = [rss_mb(r["pid"]) for r in self.state()["replicas"]]
        return max((rss for rss in now if rss is not None), default=None)

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far of the replicas (with their children) and of nginx."""
        state = self.state()
        return {
            "replicas": tree_cpu_seconds(r["pid"] for r in state["replicas"]),
            "nginx": tree_cpu_seconds([state["nginx"]["pid"]]),
        }


def attach(url: str) -> Deployment | None:
    """The deployment ``make serve`` runs at ``url``, if serve.py's state for its port is here."""
    port = urlsplit(url).port
    state_file = RUN_ROOT / str(port) / "state.json"
    return Deployment(url, state_file) if port and state_file.exists() else None


@contextmanager
def deployment(replicas: int, timeout: float = 180, sticky: bool = True) -> Iterator[Deployment]:
    """``deploy/serve.py --replicas N`` on a free loopback port; stopped (SIGTERM) at the end.

    ``sticky=False`` passes ``--no-sticky``, for the test that shows what breaks without it.
    """
    port = free_port()
    run_dir = RUN_ROOT / str(port)
    run_dir.mkdir(parents=True, exist_ok=True)
    state_file = run_dir / "state.json"
    state_file.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(ROOT / "deploy" / "serve.py"),
        *("--replicas", str(replicas), "--port", str(port), "--listen", "127.0.0.1"),
        *(() if sticky else ("--no-sticky",)),
    ]
    with (run_dir / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while not (state_file.exists() and healthy(url)):
            if process.poll() is not None:
                raise RuntimeError(
                    f"serve.py exited:\n{(run_dir / 'serve.log').read_text()[-2000:]}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"serve.py did not answer on {url} in {timeout:.0f} s")
            time.sleep(0.5)
        yield Deployment(url, state_file)
    finally:
        with suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
