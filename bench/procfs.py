"""What Linux's /proc says about a process or the machine: a server's PID, memory and CPU time."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

PROC = Path("/proc")


def server_pid(port: int, proc: Path = PROC) -> int | None:
    """The PID of the ``streamlit run`` listening on ``port``, found by its command line."""
    wanted = str(port).encode()
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # the process ended meanwhile, or is not ours to read
            continue
        if b"streamlit" in argv and b"--server.port" in argv:
            at = argv.index(b"--server.port") + 1
            if at < len(argv) and argv[at] == wanted:
                return int(entry.name)
    return None


def _status_mb(pid: int | None, field: str, proc: Path) -> float | None:
    """One ``kB`` field of /proc/PID/status in MiB; None if it cannot be read."""
    if pid is None:
        return None
    try:
        status = (proc / str(pid) / "status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def peak_rss_mb(pid: int | None, proc: Path = PROC) -> float | None:
    """The process's peak resident memory (VmHWM) in MiB; None if it cannot be read."""
    return _status_mb(pid, "VmHWM", proc)


def rss_mb(pid: int | None, proc: Path = PROC) -> float | None:
    """The process's resident memory now (VmRSS) in MiB, to follow it over a long run."""
    return _status_mb(pid, "VmRSS", proc)


def cpu_seconds(pid: int, proc: Path = PROC) -> float:
    """CPU seconds the process has used so far, in user and kernel mode (utime + stime).

    Raises:
        OSError: the process has ended.
    """
    stat = (proc / str(pid) / "stat").read_text()
    # The command name, in brackets, may hold spaces; the fields after it are plain numbers.
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def cpu_model(proc: Path = PROC) -> str:
    """The CPU's model name."""
    match = re.search(r"^model name\s*:\s*(.+)$", (proc / "cpuinfo").read_text(), re.MULTILINE)
    return match.group(1).strip() if match else platform.processor()


def memory_gb(proc: Path = PROC) -> float | None:
    """The machine's memory, in GiB."""
    match = re.search(r"^MemTotal:\s+(\d+) kB", (proc / "meminfo").read_text(), re.MULTILINE)
    return round(int(match.group(1)) / 1024**2, 1) if match else None
