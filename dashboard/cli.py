"""Command line: ``visit-dashboard validate|export|run|draft|edit`` (or ``python -m dashboard ...``)."""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.flat import count_reviews
from dashboard.i18n import count
from dashboard.load import DEFAULT_LOG, Log, read_log
from dashboard.problems import LogError
from dashboard.project import PAGE_SCRIPT

# --help is read in a terminal: plain text, with the examples and exit codes each command has.
DESCRIPTION = """\
Explore a diplomatic visit from its event log: check a log, export a report of it, or serve
the dashboard on it. LOG is a YAML event log; without one, the log shipped with the package
(data/events.yaml) is used.
"""
EXAMPLES = [
    ("check the shipped log", "validate"),
    ("serve the dashboard on a log, on http://127.0.0.1:8501", "run my-log.yaml"),
    ("every chart, an HTML report, the data and a calendar", "export --out report/"),
]
RUN_PORT = 8501
# Loopback unless told otherwise: serving to a network is a choice, made with --address 0.0.0.0.
RUN_ADDRESS = "127.0.0.1"


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
    reviews = count_reviews(log.document)
    kind = "valid draft" if log.document.get("draft") else "valid"
    print(f"{path}: {kind} ({summary}, languages: {', '.join(log.languages)})")
    for notice in log.notices:
        print(notice)
    if reviews or log.document.get("draft"):
        print(
            f"{path}: {reviews} item{'s' if reviews != 1 else ''} still await review: check "
            "each `review:` note against the source, then delete it; delete `draft: true` "
            "when none is left."
        )
    return 0


def _ids(given: Sequence[str], known: Sequence[str]) -> list[str]:
    """``given`` with each id spelt as the log spells it, matched in any case (``Syria`` is
    ``syria``); an id the log lacks is kept as typed, for the message that names it."""
    spelt = {name.casefold(): name for name in known}
    return [spelt.get(value.casefold(), value) for value in given]


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
            ("lang", _ids([args.lang] if args.lang else [], options.languages)),
            ("from", [args.start] if args.start else []),
            ("to", [args.end] if args.end else []),
            ("topic", _ids(args.topic, options.topics)),
            ("participant", _ids(args.participant, options.participants)),
            ("format", args.format),
            ("q", [args.search] if args.search else []),
            ("count_by", [args.count_by] if args.count_by else []),
            ("split_by", [args.split_by] if args.split_by else []),
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
    types = [kind.lower() for value in args.types for kind in value.split(",") if kind]
    unknown = sorted(set(types) - set(FILE_TYPES))
    if unknown:
        print(
            f"unknown file type(s): {', '.join(unknown)}; choose from {', '.join(FILE_TYPES)}",
            file=sys.stderr,
        )
        return 2
    # Said at once: the first image starts a headless Chromium, which takes seconds.
    print(f"exporting {path} to {args.out} ...", file=sys.stderr, flush=True)
    result = export(log, args.out, view, types=types or FILE_TYPES, progress=args.progress)
    print(f"wrote {len(result.written)} files to {args.out}")
    if result.missing:
        for reason in dict.fromkeys(result.missing):
            print(f"images were not written: {reason}", file=sys.stderr)
        return 3
    return 0


def _draft(args: argparse.Namespace) -> int:
    """Draft a log from articles: exit 0 written, 1 a source or the --like log unusable, 2 DIR exists."""
    from dashboard.draft.document import draft
    from dashboard.draft.source import DraftError, read_source
    from dashboard.draft.writer import write

    like = None
    if args.like is not None:
        log = _read(args.like, "no draft was written.")
        if log is None:
            return 1
        like = log.document
    out: Path = args.out
    if out.exists() and not args.force:
        print(
            f"{out}: already exists; the draft would overwrite it. Name a new folder, "
            "or add --force to replace the draft's files in it.",
            file=sys.stderr,
        )
        return 2
    try:
        sources = [read_source(path, args.lang) for path in args.sources]
        made = draft(sources, _visit_id(out), like)
        path = write(made, sources, out, force=args.force)
    except DraftError as error:
        print(error, file=sys.stderr)
        return 1
    document = made.document
    points = sum(len(event["points"]) for event in document["events"])
    visit = document["visit"]
    print(
        f"{path}: draft of {count(points, 'point', 'en')} on "
        f"{count(len(document['events']), 'day', 'en')} ({visit['start']} to {visit['end']}); "
        f"{count(len(document['participants']), 'participant', 'en')} and "
        f"{count(len(document['topics']), 'topic', 'en')} suggested; "
        f"{count(made.reviews, 'item', 'en')} await review."
    )
    for item in made.unresolved:
        print(f"not resolved: {item.name} ({item.source}, paragraph {item.paragraph})")
    for note in made.notes:
        print(f"note: {note}")
    return 0


def _visit_id(out: Path) -> str:
    """A visit id from the draft's folder name ("drafts/Lisbon 2024" -> "lisbon-2024")."""
    name = out.resolve().name.lower()
    return "-".join(part for part in re.split(r"[^a-z0-9]+", name) if part) or "draft"


def _port_problem(address: str, port: int) -> str | None:
    """Why ``streamlit run`` could not listen on ``address:port``, found before starting it, or
    None. (Something may still take the port in between; Streamlit then says so itself.)"""
    try:
        family = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((address, port))
    except OSError as error:
        return (
            f"cannot listen on {address} port {port}: {error.strerror or error}. "
            "Choose another with --port, or check --address."
        )
    return None


def run_command(
    log: Path, port: int = RUN_PORT, address: str = RUN_ADDRESS, extra: Sequence[str] = ()
) -> list[str]:
    """``streamlit run`` on the installed page script, serving ``log`` on ``address:port``.

    ``extra`` are Streamlit's own options; they come after ours, so they win. The log is made
    absolute, so the page reads the file the user named even if an option given to Streamlit
    (or a later change of folder) moves the server's working folder.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PAGE_SCRIPT),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        *extra,
        "--",
        "--data",
        str(log.resolve()),
    ]


def _run(args: argparse.Namespace) -> int:
    path: Path = args.path
    if _read(path, "the dashboard was not started.") is None:
        return 1
    problem = _port_problem(args.address, args.port)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    command = run_command(path, args.port, args.address, args.streamlit_args)
    host = f"[{args.address}]" if ":" in args.address else args.address
    print(f"serving {path} on http://{host}:{args.port} (Ctrl-C stops it)", flush=True)
    sys.stderr.flush()
    # Streamlit takes this process over: Ctrl-C and SIGTERM reach it, and its exit code is ours.
    os.execv(sys.executable, command)  # noqa: S606 - our own interpreter, argv built above


# The editor's route in the multipage app, and the page's own flag that lets it write LOG back.
EDIT_ROUTE = "edit"
EDIT_SAVE_FLAG = "--save"


def _edit(args: argparse.Namespace) -> int:
    """Serve the app with the editor on LOG, which its Save button writes back to."""
    path: Path = args.path
    if not path.is_file():
        print(
            f"{path}: no file there; name the log to edit (a draft's events.yaml).", file=sys.stderr
        )
        return 1
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        print(
            f"{path}: cannot be saved back (no write permission on it or its folder); "
            "copy it somewhere you can write, or use `run` to only read it.",
            file=sys.stderr,
        )
        return 1
    problem = _port_problem(args.address, args.port)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    # An invalid log still opens: the editor shows its problems by row, and fixing them is the
    # point. Saving is what refuses an invalid log.
    command = [*run_command(path, args.port, args.address), EDIT_SAVE_FLAG]
    host = f"[{args.address}]" if ":" in args.address else args.address
    print(
        f"editing {path} on http://{host}:{args.port}/{EDIT_ROUTE} (Save writes it back, "
        f"keeping the old version as {path.name}.bak; Ctrl-C stops it)",
        flush=True,
    )
    sys.stderr.flush()
    os.execv(sys.executable, command)  # noqa: S606 - our own interpreter, argv built above


def _epilog(prog: str, examples: Sequence[tuple[str, str]], tail: str) -> str:
    """Examples, each said then shown as a command line, and ``tail`` (the exit codes)."""
    shown = "".join(f"  {said}:\n    {prog} {command}\n" for said, command in examples)
    return f"examples:\n{shown}\n{tail}"


def parser(prog: str = "visit-dashboard") -> argparse.ArgumentParser:
    """The command-line interface, one subcommand per task; ``prog`` is how it was called."""
    main_parser = argparse.ArgumentParser(
        prog=prog,
        description=DESCRIPTION,
        epilog=_epilog(
            prog,
            EXAMPLES,
            "exit codes: 0 done; 1 invalid or missing log; 2 bad options; 3 export wrote all but\n"
            f'the images. Run "{prog} COMMAND --help" for its options, examples and exit codes.',
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check a log; exit 1 with every problem if it is invalid",
        description="Check a log against its schema and the sources it quotes; print every\n"
        "problem with its file, line and field, and how to fix it.",
        epilog=_epilog(
            prog,
            [("the shipped log", "validate"), ("another log", "validate my-log.yaml")],
            "exit codes: 0 valid; 1 invalid or missing log; 2 bad options.",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        description="Write a view of the log into a folder: every chart as PNG (2x), SVG and\n"
        "PDF; report.html, one self-contained page that opens offline; the statements and\n"
        "every filtered table as CSV and JSON; events.ics; and manifest.json with each\n"
        "file's sha256. Ids (topics, participants, formats, languages) are taken in any case.",
        epilog=_epilog(
            prog,
            [
                ("everything, in English", "export --out report/"),
                (
                    "in Hindi, on one topic, from a day on",
                    "export --out report-hi/ --lang hi --topic syria --from YYYY-MM-DD",
                ),
                (
                    "another log, PNG and the report only, statements that mention the Quartet",
                    "export my-log.yaml --out report/ --types png,html --search quartet",
                ),
            ],
            "exit codes: 0 done; 1 invalid or missing log; 2 bad options; 3 images missing\n"
            "(no Chromium or fonts: it names the packages to install), everything else written.",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        "--participant",
        "--who",
        dest="participant",
        action="append",
        default=[],
        metavar="ID",
        help="only events with, and points by, this participant (repeat)",
    )
    export.add_argument(
        "--format",
        action="append",
        default=[],
        type=str.lower,
        choices=["in-person", "virtual"],
        help="only events held in this format (repeat)",
    )
    export.add_argument(
        "--search",
        metavar="TEXT",
        help="only statements whose text, quote, speakers or topics contain TEXT "
        "(any case; in the chosen language)",
    )
    # The link's names, so a view reads the same in both; no default here: the view's own.
    export.add_argument(
        "--count-by",
        "--count",
        dest="count_by",
        type=str.lower,
        choices=["points", "events"],
        help="what the topic chart counts (default: points)",
    )
    export.add_argument(
        "--split-by",
        "--split",
        dest="split_by",
        type=str.lower,
        choices=["day", "event"],
        help="what the topic chart's bars split by (default: day)",
    )
    export.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal)",
    )
    export.set_defaults(run=_export)

    run = commands.add_parser(
        "run",
        help="serve the dashboard on a log, on this machine only unless --address says otherwise",
        usage=f"{prog} run [LOG] [--port P] [--address A] [-- STREAMLIT OPTIONS]",
        description="Serve the dashboard on LOG with Streamlit until Ctrl-C, from any folder.\n"
        f"It listens on {RUN_ADDRESS}, this machine only, unless --address says otherwise.\n"
        "Anything after -- is passed to `streamlit run` itself.",
        epilog=_epilog(
            prog,
            [
                (f"the shipped log on http://127.0.0.1:{RUN_PORT}", "run"),
                ("another log, on another port", "run my-log.yaml --port 8600"),
                (
                    "to every network interface (a choice, never the default)",
                    "run --address 0.0.0.0",
                ),
                ("any Streamlit option: here, no browser window", "run -- --server.headless true"),
            ],
            "exit codes: 1 invalid or missing log; 2 bad options, or the address and port cannot\n"
            "be used; otherwise Streamlit's own (0 after Ctrl-C).",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_LOG,
        metavar="LOG",
        help="the log to show (default: the shipped one)",
    )
    run.add_argument(
        "--port", type=int, default=RUN_PORT, help=f"port to listen on (default: {RUN_PORT})"
    )
    run.add_argument(
        "--address",
        default=RUN_ADDRESS,
        help=f"address to listen on (default: {RUN_ADDRESS}; 0.0.0.0 for every interface)",
    )
    run.set_defaults(run=_run, streamlit_args=[])

    draft = commands.add_parser(
        "draft",
        help="turn source articles into a draft log, every suggestion marked for review",
        description="One statement per sentence, quoted verbatim with its paragraph; the visit's\n"
        "days and each paragraph's day read from the text; people and topics only where the\n"
        "text names those of --like. docs/authoring.md goes on from the draft to a published log.",
        epilog=_epilog(
            prog,
            [
                (
                    "an article, its language in its name",
                    "draft article.fr.txt --out drafts/lisbon",
                ),
                (
                    "looking for a known log's people and topics",
                    "draft article.txt --lang en --like data/events.yaml --out drafts/visit",
                ),
            ],
            "exit codes: 0 written; 1 a source (or the --like log) cannot be used; 2 DIR exists\n"
            "(without --force) or bad options.",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    draft.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="SOURCE",
        help="an article as UTF-8 plain text, one paragraph a line (or paragraphs between blank lines)",
    )
    draft.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="a new folder for the draft"
    )
    draft.add_argument(
        "--like",
        type=Path,
        metavar="LOG",
        help="a valid log whose participants and topics to look for in the text",
    )
    draft.add_argument(
        "--lang",
        metavar="CODE",
        help="the sources' language, e.g. hi or fr (default: from a name like article.fr.txt)",
    )
    draft.add_argument("--force", action="store_true", help="write into DIR even though it exists")
    draft.set_defaults(run=_draft)

    edit = commands.add_parser(
        "edit",
        help="open a log in the browser's editor and save it back to the file",
        description="Serve the app with its editor (/edit) on LOG, until Ctrl-C. Save writes LOG\n"
        "back only if it validates: atomically (a temporary file, then a rename), keeping its\n"
        "comments, key order and quoting, and the previous version as LOG.bak.",
        epilog=_epilog(
            prog,
            [
                ("finish a draft", "edit drafts/lisbon/events.yaml"),
                ("on another port", "edit my-log.yaml --port 8600"),
            ],
            "exit codes: 1 no such log, or it cannot be written; 2 bad options, or the address\n"
            "and port cannot be used; otherwise Streamlit's own (0 after Ctrl-C).",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    edit.add_argument("path", type=Path, metavar="LOG", help="the log to edit and save back to")
    edit.add_argument(
        "--port", type=int, default=RUN_PORT, help=f"port to listen on (default: {RUN_PORT})"
    )
    edit.add_argument(
        "--address",
        default=RUN_ADDRESS,
        help=f"address to listen on (default: {RUN_ADDRESS}; 0.0.0.0 for every interface)",
    )
    edit.set_defaults(run=_edit)
    return main_parser


def main(argv: Sequence[str] | None = None, prog: str = "visit-dashboard") -> int:
    """Run the command line; returns the exit code. ``prog`` names the command in usage lines
    and examples: the installed script's name, or ``python -m dashboard``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # `run ... -- OPTIONS`: the options are Streamlit's, kept from argparse, which would read
    # the first of them as the LOG. The command is always the first word (the top level has no
    # options but --help).
    passed: list[str] = []
    if argv[:1] == ["run"] and "--" in argv:
        split = argv.index("--")
        argv, passed = argv[:split], argv[split + 1 :]
    args = parser(prog).parse_args(argv)
    if passed:
        args.streamlit_args = passed
    code: int = args.run(args)
    return code
