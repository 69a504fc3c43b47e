"""Command line: ``python -m dashboard validate [PATH]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.load import DEFAULT_LOG, read_log
from dashboard.problems import LogError


def _validate(args: argparse.Namespace) -> int:
    path: Path = args.path
    try:
        log = read_log(path, name=str(path))
    except LogError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(
            f"{path}: {count} problem{'s' if count != 1 else ''}; the log was not accepted.",
            file=sys.stderr,
        )
        return 1
    events = log.document["events"]
    points = sum(len(event["points"]) for event in events)
    print(
        f"{path}: valid ({len(events)} events, {points} points, languages: {', '.join(log.languages)})"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface, one subcommand per task."""
    main_parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check a log; exit 1 with every problem if it is invalid"
    )
    validate.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_LOG,
        help="the log to check (default: the shipped data/events.yaml)",
    )
    validate.set_defaults(run=_validate)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code
