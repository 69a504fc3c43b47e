"""Command line: ``python -m dashboard validate [PATH]`` and ``python -m dashboard export [PATH] --out DIR``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.i18n import count
from dashboard.load import DEFAULT_LOG, Log, read_log
from dashboard.problems import LogError


def _read(path: Path, consequence: str) -> Log | None:
    """The log at ``path``, or None after printing every problem and what follows from them."""
    try:
        return read_log(path, name=str(path))
    except LogError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        number = len(error.problems)
        print(
            f"{path}: {number} problem{'s' if number != 1 else ''}; {consequence}", file=sys.stderr
        )
        return None


def _validate(args: argparse.Namespace) -> int:
    path: Path = args.path
    log = _read(path, "the log was not accepted.")
    if log is None:
        return 1
    events = log.document["events"]
    # The visit's own points count too: they are statements like any other.
    points = len(log.flat.points["id"])
    summary = f"{count(len(events), 'event', 'en')}, {count(points, 'point', 'en')}"
    print(f"{path}: valid ({summary}, languages: {', '.join(log.languages)})")
    for notice in log.notices:
        print(notice)
    return 0


def _export(args: argparse.Namespace) -> int:
    path: Path = args.path
    log = _read(path, "nothing was exported.")
    if log is None:
        return 1
    # Imported only for a valid log: plotly and kaleido take a second, a bad log is told at once.
    from dashboard import urlstate
    from dashboard.export.bundle import FILE_TYPES, export
    from dashboard.load import build_frames

    options = urlstate.options_for(log, build_frames(log, log.languages[0]))
    params = {
        name: values
        for name, values in (
            ("lang", [args.lang] if args.lang else []),
            ("from", [args.start] if args.start else []),
            ("to", [args.end] if args.end else []),
            ("topic", args.topic),
            ("who", args.who),
            ("format", args.format),
            ("q", [args.search] if args.search else []),
            ("count", [args.count]),
            ("split", [args.split]),
        )
        if values
    }
    view, ignored = urlstate.decode(params, options)
    if ignored:
        print(
            f"not in this log: {', '.join(ignored)}. Valid topics: {', '.join(options.topics)}; "
            f"participants: {', '.join(options.participants)}; languages: {', '.join(options.languages)}; "
            f"days: {options.days[0]} to {options.days[-1]}.",
            file=sys.stderr,
        )
        return 2
    types = [kind for value in args.types for kind in value.split(",") if kind]
    unknown = sorted(set(types) - set(FILE_TYPES))
    if unknown:
        print(
            f"unknown file type(s): {', '.join(unknown)}; choose from {', '.join(FILE_TYPES)}",
            file=sys.stderr,
        )
        return 2
    result = export(log, args.out, view, types=types or FILE_TYPES)
    print(f"wrote {len(result.written)} files to {args.out}")
    if result.missing:
        for reason in dict.fromkeys(result.missing):
            print(f"images were not written: {reason}", file=sys.stderr)
        return 3
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

    export = commands.add_parser(
        "export",
        help="write every chart (PNG, SVG, PDF), an offline HTML report, the data, a calendar and a manifest",
        description="Exit codes: 0 done; 1 invalid log; 2 bad options; 3 images missing (Chromium or fonts), "
        "everything else written.",
    )
    export.add_argument(
        "path", nargs="?", type=Path, default=DEFAULT_LOG, help="the log (default: the shipped one)"
    )
    export.add_argument("--out", type=Path, required=True, help="folder to write into")
    export.add_argument(
        "--types",
        action="append",
        default=[],
        metavar="png,svg,pdf,html",
        help="file types for charts and report (default: all)",
    )
    export.add_argument(
        "--lang", help="language of labels, e.g. en or hi (default: the log's first)"
    )
    export.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day to include")
    export.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day to include")
    export.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="ID",
        help="only points on this topic (repeat)",
    )
    export.add_argument(
        "--who",
        action="append",
        default=[],
        metavar="ID",
        help="only events with, and points by, this participant (repeat)",
    )
    export.add_argument(
        "--format",
        action="append",
        default=[],
        choices=["in-person", "virtual"],
        help="only events held in this format (repeat)",
    )
    export.add_argument(
        "--search",
        metavar="TEXT",
        help="only statements whose text, quote, speakers or topics contain TEXT "
        "(any case; in the chosen language)",
    )
    export.add_argument(
        "--count",
        choices=["points", "events"],
        default="points",
        help="what the topic chart counts",
    )
    export.add_argument(
        "--split",
        choices=["day", "event"],
        default="day",
        help="what the topic chart's bars split by",
    )
    export.set_defaults(run=_export)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code
