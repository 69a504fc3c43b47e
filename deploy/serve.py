"""Serve the dashboard as N identical Streamlit replicas behind nginx, in the foreground.

    python deploy/serve.py --replicas N --port P [--listen ADDR] [--remote HOST:PORT ...]
                           [--no-sticky] [-- ARGS FOR THE PAGE, e.g. --data other.yaml]

Each replica is one ``streamlit run`` on a free loopback port; nginx listens on P and keeps each
browser on one replica (deploy/nginx.conf.template says how). A replica that dies is started
again on its port. Ctrl-C or SIGTERM stops every process started here. The rendered config,
nginx's logs and temporary files, each replica's log and ``state.json`` (the PIDs and ports, for
tools and tests) live in .cache/serve/<P>/.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from dashboard.server import free_port, streamlit_command

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
RUN_ROOT = ROOT / ".cache" / "serve"
INSTALL_HINT = "apt-get install --no-install-recommends nginx"
HEALTH = "/_stcore/health"
START_TIMEOUT = 120.0  # seconds for a replica's first health check on a busy machine
STOP_TIMEOUT = 10.0
STEADY = 30.0  # seconds a child must live before its next death restarts it at once
MAX_BACKOFF = 30.0
STICKY = "hash $replica_key consistent;"
ROUND_ROBIN = "# round robin: no stickiness (serve.py --no-sticky shows what that breaks)"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def render(template: str, values: Mapping[str, str]) -> str:
    """The template with each ``{{ name }}`` replaced; a name without a value is an error.

    nginx's own ``$variables`` and braces pass through untouched.
    """
    missing = sorted({name for name in _PLACEHOLDER.findall(template) if name not in values})
    if missing:
        raise KeyError(f"{TEMPLATE.name}: no value for {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def nginx_config(
    *, run_dir: Path, listen: str, port: int, upstreams: Sequence[str], sticky: bool = True
) -> str:
    """nginx's configuration for ``upstreams`` (``host:port``) behind ``listen:port``."""
    if not upstreams:
        raise ValueError("no replicas to serve: give --replicas 1 or more, or --remote HOST:PORT")
    servers = "\n".join(
        f"        server {upstream} max_fails=1 fail_timeout=5s;" for upstream in upstreams
    )
    return render(
        TEMPLATE.read_text(encoding="utf-8"),
        {
            "run_dir": str(run_dir),
            "listen": listen,
            "port": str(port),
            "balance": STICKY if sticky else ROUND_ROBIN,
            "servers": servers,
        },
    )


def find_nginx() -> str | None:
    """nginx on PATH, or where Debian installs it (/usr/sbin is not on every user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def nginx_command(nginx: str, run_dir: Path) -> list[str]:
    """nginx on the rendered config, its prefix and error log in the run folder (never /var)."""
    return [nginx, "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"), "-e", "error.log"]


def healthy(url: str) -> bool:
    """Whether the Streamlit (or nginx) at ``url`` answers its health check now."""
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=2) as response:  # noqa: S310 (loopback URL built here)
            return bool(response.status == 200)
    except OSError:
        return False


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the supervisor itself is killed, so no replica is orphaned."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


@dataclass
class Child:
    """A process the supervisor keeps running: how to start it and what became of it."""

    name: str
    command: list[str]
    log: Path
    env: dict[str, str]
    port: int | None = None  # a replica's port; nginx has none of its own to check
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    restarts: int = 0
    crashes_in_a_row: int = 0
    due: float | None = None  # when a dead child is started again

    def start(self) -> None:
        """Start the process in its own process group, its output appended to its log."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed argv built in this file)
                self.command,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # safe: the supervisor starts no threads
            )
        self.started = time.monotonic()
        self.due = None

    def exit_code(self) -> int | None:
        """How the process ended, or None while it runs (or before it first starts)."""
        return None if self.process is None else self.process.poll()

    @property
    def pid(self) -> int | None:
        """The live process's PID."""
        return self.process.pid if self.process is not None else None

    def stop(self) -> None:
        """SIGTERM to its whole group (a replica's kaleido browser too); SIGKILL what remains."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        with contextlib.suppress(ProcessLookupError):  # children that outlived their leader
            os.killpg(self.process.pid, signal.SIGKILL)

    def tail(self, chars: int = 2000) -> str:
        """The end of its log, for a message about why it stopped."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]


@dataclass
class Supervisor:
    """Starts the replicas and nginx, restarts whichever dies, stops them all on request."""

    replicas: list[Child]
    nginx: Child
    run_dir: Path
    url: str
    stopping: bool = False
    children: list[Child] = field(init=False)

    def __post_init__(self) -> None:
        self.children = [*self.replicas, self.nginx]

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """Signal handler: the main loop stops everything at its next turn."""
        del signum, frame
        self.stopping = True

    def start(self) -> None:
        """Start every replica, wait until each is healthy, then put nginx in front of them."""
        for replica in self.replicas:
            replica.start()
        deadline = time.monotonic() + START_TIMEOUT
        waiting = list(self.replicas)
        while waiting and not self.stopping:
            for replica in list(waiting):
                if replica.exit_code() is not None:
                    raise RuntimeError(f"{replica.name} exited at start:\n{replica.tail()}")
                if healthy(f"http://127.0.0.1:{replica.port}"):
                    waiting.remove(replica)
            if waiting and time.monotonic() > deadline:
                names = ", ".join(replica.name for replica in waiting)
                raise TimeoutError(f"{names} not healthy after {START_TIMEOUT:.0f} s")
            time.sleep(0.3)
        self.nginx.start()
        while not self.stopping and not healthy(self.url):
            if self.nginx.exit_code() is not None:
                raise RuntimeError(f"nginx exited at start:\n{self.nginx.tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"nginx did not answer on {self.url}")
            time.sleep(0.2)
        self.write_state()

    def supervise(self) -> None:
        """Until asked to stop: restart a child that died, after a back-off if it keeps dying."""
        while not self.stopping:
            now = time.monotonic()
            for child in self.children:
                code = child.exit_code()
                if code is not None and child.due is None:
                    lived = now - child.started
                    child.crashes_in_a_row = child.crashes_in_a_row + 1 if lived < STEADY else 1
                    delay = (
                        0.0
                        if child.crashes_in_a_row == 1
                        else min(MAX_BACKOFF, 2.0 ** (child.crashes_in_a_row - 1))
                    )
                    child.due = now + delay
                    print(
                        f"serve: {child.name} (pid {child.pid}) exited with {code} after "
                        f"{lived:.0f} s; starting it again in {delay:.0f} s",
                        file=sys.stderr,
                        flush=True,
                    )
                if child.due is not None and now >= child.due:
                    child.stop()  # what the dead one left in its group (kaleido's browser)
                    child.restarts += 1
                    child.start()
                    self.write_state()
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop nginx first (no new requests), then every replica."""
        for child in reversed(self.children):
            child.stop()
        (self.run_dir / "state.json").unlink(missing_ok=True)

    def write_state(self) -> None:
        """The URL, ports and PIDs, replaced in one rename so a reader never sees half of it."""
        state = {
            "url": self.url,
            "supervisor": os.getpid(),
            "nginx": {"pid": self.nginx.pid, "restarts": self.nginx.restarts},
            "replicas": [
                {"port": r.port, "pid": r.pid, "restarts": r.restarts, "log": str(r.log)}
                for r in self.replicas
            ],
        }
        partial = self.run_dir / "state.json.new"
        partial.write_text(json.dumps(state, indent=2), encoding="utf-8")
        partial.replace(self.run_dir / "state.json")


def _split_page_args(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """Our options, and what follows ``--`` (the page's own arguments)."""
    argv = list(argv)
    if "--" in argv:
        cut = argv.index("--")
        return argv[:cut], argv[cut + 1 :]
    return argv, []


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deploy/serve.py", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument(
        "--replicas", type=int, default=os.cpu_count() or 1, help="local replicas (default: cores)"
    )
    parser.add_argument("--port", type=int, default=8501, help="nginx's port (default: 8501)")
    parser.add_argument(
        "--listen",
        default=os.environ.get("SERVE_LISTEN", "127.0.0.1"),
        help="nginx's address (default: $SERVE_LISTEN, else 127.0.0.1; 0.0.0.0 opens it to the network)",
    )
    parser.add_argument(
        "--remote",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="a replica on another machine, started there (repeatable)",
    )
    parser.add_argument(
        "--no-sticky",
        action="store_true",
        help="round robin instead of sticky sessions: only to show what breaks without them",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run until Ctrl-C or SIGTERM; 0 after a requested stop, 1 if it could not start, 2 usage."""
    ours, page_args = _split_page_args(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(ours)
    if args.replicas < 0 or (args.replicas == 0 and not args.remote):
        print("serve: --replicas must be 1 or more (or 0 with --remote)", file=sys.stderr)
        return 2
    nginx = find_nginx()
    if nginx is None:
        print(f"serve: nginx not found on PATH: {INSTALL_HINT}", file=sys.stderr)
        return 1

    run_dir = RUN_ROOT / str(args.port)
    run_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    # Streamlit signs its cookies (st.login) with this: every replica must use the same one.
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    ports: list[int] = []
    while len(ports) < args.replicas:
        port = free_port()
        if port not in ports and port != args.port:
            ports.append(port)
    replicas = [
        Child(
            f"replica {i + 1}",
            streamlit_command(port, args=page_args),
            run_dir / f"replica-{i + 1}.log",
            env,
            port=port,
        )
        for i, port in enumerate(ports)
    ]
    upstreams = [f"127.0.0.1:{port}" for port in ports] + list(args.remote)
    (run_dir / "nginx.conf").write_text(
        nginx_config(
            run_dir=run_dir,
            listen=args.listen,
            port=args.port,
            upstreams=upstreams,
            sticky=not args.no_sticky,
        ),
        encoding="utf-8",
    )
    host = "127.0.0.1" if args.listen in ("0.0.0.0", "*") else args.listen  # noqa: S104 (a comparison)
    supervisor = Supervisor(
        replicas,
        Child("nginx", nginx_command(nginx, run_dir), run_dir / "nginx.log", env),
        run_dir,
        f"http://{host}:{args.port}",
    )
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, supervisor.request_stop)
    try:
        supervisor.start()
        if not supervisor.stopping:
            print(
                f"Serving the dashboard on {supervisor.url} through nginx: {len(replicas)} "
                f"local replica(s) on ports {', '.join(map(str, ports)) or '-'}"
                f"{', remote ' + ', '.join(args.remote) if args.remote else ''}; "
                f"{'sticky sessions' if not args.no_sticky else 'NO stickiness'}. "
                f"Logs in {run_dir}. Ctrl-C stops it.",
                flush=True,
            )
            supervisor.supervise()
    except (RuntimeError, TimeoutError) as error:
        print(f"serve: {error}", file=sys.stderr)
        return 1
    finally:
        supervisor.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
