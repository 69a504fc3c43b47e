"""Running a probe (``bench/probes.py``) in a fresh Python process, under the memory cap."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from bench.cases import ROOT
from bench.limits import cap_memory


def run_probe(
    kind: str, *args: str, timeout: float, env: dict[str, str] | None = None, partial: bool = False
) -> dict[str, Any]:
    """Run one probe in a fresh Python process and return what it measured.

    The probe's JSON lines are merged into one dict; a value that is a dict is merged key by key.

    Args:
        kind: The probe's name in ``bench.probes.PROBES``.
        args: Its arguments.
        timeout: Seconds it may take.
        env: Extra environment variables.
        partial: Return what the probe printed before it failed, with the reason as "error".

    Raises:
        RuntimeError: the probe failed or timed out (and printed nothing, if ``partial``); the
            message says why, briefly.
    """
    command = [sys.executable, "-m", "bench.probes", kind, *args]
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
            check=False,
            # Probes start outside the browser phase, while this process runs no other thread.
            preexec_fn=cap_memory,
        )
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        stdout = output.decode(errors="replace") if isinstance(output, bytes) else output
        reason: str | None = f"timed out after {timeout:.0f} s"
    else:
        stdout = done.stdout
        reason = _failure(done.returncode, done.stderr)
    result = merge_lines(stdout)
    if reason is None and not result:
        reason = "printed nothing"
    if reason is not None:
        if not (partial and result):
            raise RuntimeError(f"{kind} {reason}")
        result["error"] = f"failed: {kind} {reason}"
    return result


def merge_lines(stdout: str) -> dict[str, Any]:
    """The JSON lines of a probe's output as one dict; other lines (warnings) are skipped."""
    result: dict[str, Any] = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            for key, value in json.loads(line).items():
                if isinstance(value, dict):
                    result.setdefault(key, {}).update(value)
                else:
                    result[key] = value
    return result


def _failure(returncode: int, stderr: str) -> str | None:
    if returncode < 0:
        return f"was killed by signal {-returncode}"
    if returncode != 0:
        # The exception's own line, not the framework's warnings printed after it.
        lines = [line for line in stderr.splitlines() if line and " WARNING " not in line]
        return f"exited {returncode}: {(lines or ['no output'])[-1][:300]}"
    return None
