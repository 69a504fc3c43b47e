"""``python -m bench.readers``: simulated readers against 1, 2, … replicas; writes the table.

    python -m bench.readers --readers 1 8 32 64 --replicas 1 2 --duration 50
    python -m bench.readers --url http://127.0.0.1:8501 --readers 8   # a running `make serve`
    python -m bench.readers --readers 16 --replicas 1 --rounds 4 --duration 45   # steady state

``--rounds N`` runs each crowd N times on the same servers, fresh sessions each round, and
reports each round's median rerun, server CPU per rerun and replica memory: a server that slows
down or grows as it serves shows it here, not on a fresh server. Every count and time is bounded: each crowd is measured for ``--duration`` seconds, every wait
has a timeout, and every server started here is stopped at the end. Loopback only.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.readers import run_async
from bench.readers.crowd import gather_readers, warm
from bench.readers.deployment import Deployment, attach, deployment
from bench.readers.reader import THINK_SECONDS
from bench.readers.report import write
from bench.readers.stats import Summary, summarise
from bench.stamp import commit_text, stamp
from deploy.serve import ROOT

OUT = ROOT / "bench" / "results" / "readers.md"
SETTLE_SECONDS = 3.0  # between crowds: closed sessions are let go before the next arrives


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.readers", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--readers", type=int, nargs="+", default=[1, 8, 32, 64])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--duration", type=float, default=50.0, help="seconds measured per crowd")
    parser.add_argument(
        "--rounds", type=int, default=1, help="crowds of each size in a row on the same servers"
    )
    parser.add_argument(
        "--think-seconds",
        type=float,
        nargs=2,
        default=list(THINK_SECONDS),
        metavar=("MIN", "MAX"),
        help="a reader's pause between changes (3 7; tests shorten it)",
    )
    parser.add_argument("--max-reruns", type=int, default=None, help="per reader (tests)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds for any one wait")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--url", help="a running server instead of starting deploy/serve.py")
    parser.add_argument("--out", type=Path, default=OUT, help="Markdown; the JSON goes beside it")
    return parser


def _crowds(
    target: Deployment | None, url: str, replicas: int, args: argparse.Namespace
) -> list[Summary]:
    """Each reader count against one deployment, the replicas warmed first."""
    for replica_url in target.replica_urls() if target else [url]:
        run_async(warm(replica_url, timeout=args.timeout))
    rows = []
    for readers, round_ in ((n, r) for n in args.readers for r in range(1, args.rounds + 1)):
        log_start = target.access_log_size() if target else 0
        crowd = run_async(
            gather_readers(
                url,
                readers,
                duration=args.duration,
                think=tuple(args.think_seconds),
                seed=args.seed,
                timeout=args.timeout,
                max_reruns=args.max_reruns,
                cpu=target.cpu if target else dict,
            )
        )
        time.sleep(SETTLE_SECONDS)
        row = replace(summarise(crowd, replicas), load_average=os.getloadavg()[0], round=round_)
        if target:
            row = replace(
                row,
                sessions_per_replica=target.sessions_per_replica(log_start),
                replica_peak_rss_megabytes=target.peak_rss_megabytes(),
                replica_rss_megabytes=target.rss_megabytes(),
            )
        rows.append(row)
        print(
            f"{replicas} replica(s), {readers:>3} readers, round {round_}: {row.reruns} reruns, "
            f"{row.reruns_per_second:.2f}/s, median {row.median_seconds or 0:.2f} s, "
            f"p95 {row.p95_seconds or 0:.2f} s, {row.errors} errors, {row.lost_sessions} lost, "
            f"sessions per replica {'/'.join(map(str, row.sessions_per_replica)) or '?'}, "
            f"server CPU {(row.server_cpu_per_rerun or 0) * 1000:.0f} ms/rerun, "
            f"replica memory {row.replica_rss_megabytes or 0:.0f} MB, "
            f"load {row.load_average:.2f}",
            flush=True,
        )
    return rows


def _context(args: argparse.Namespace, argv: Sequence[str], load_before: str) -> dict[str, str]:
    meta = stamp()
    return {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit_text(meta),
        "machine": f"{meta['nproc']} cores ({meta['cpu']}), {meta['memory_gb']} GiB, "
        f"Python {meta['python']}",
        "load_before": load_before,
        "command": "python -m bench.readers " + " ".join(argv),
        "think_seconds": "{:g} to {:g}".format(*args.think_seconds),
        # Options given to the servers through the environment (a baseline run sets e.g.
        # STREAMLIT_RUNNER_POST_SCRIPT_GC=true); secrets are named, never written.
        "server_environment": " ".join(
            f"{name}={'…' if 'SECRET' in name else value}"
            for name, value in sorted(os.environ.items())
            if name.startswith("STREAMLIT_")
        )
        or "none",
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every crowd; write the Markdown and JSON; 0 when done, 2 on bad options."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    low, high = args.think_seconds
    if not 0 <= low <= high or args.duration <= 0 or min(args.readers) < 1 or args.rounds < 1:
        print(
            "readers: need 0 ≤ MIN ≤ MAX think seconds, a positive duration, readers ≥ 1, "
            "rounds ≥ 1"
        )
        return 2
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        print(f"readers: loopback only, not {args.url}")
        return 2
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows: list[Summary] = []
    if args.url:
        target = attach(args.url)
        replicas = len(target.state()["replicas"]) if target else 0
        rows += _crowds(target, args.url.rstrip("/"), replicas, args)
    else:
        for replicas in args.replicas:
            with deployment(replicas, timeout=args.timeout + 60) as target:
                rows += _crowds(target, target.url, replicas, args)
    write(rows, _context(args, argv, load_before), args.out)
    print(f"wrote {args.out} and {args.out.with_suffix('.json').name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
