"""Write requirements.txt, the runtime pins for hosts that read only that file, from requirements.lock.

Usage: python scripts/requirements.py [--check]   (``make requirements``; ``make lock`` runs it too)

Streamlit Community Cloud and most platforms install ``requirements.txt`` and nothing else. It is
requirements.lock, hashes included, without the build backend: a host runs the checkout with
``streamlit run streamlit_app.py`` and never builds the package. With --check it writes nothing
and exits 1 if the file differs from what the lock gives (tests/test_hosting.py runs the same check).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """\
# The dashboard's runtime pins, with hashes, for hosts that install requirements.txt
# (Streamlit Community Cloud, a container, a plain venv). Generated from requirements.lock by
# `make requirements` (and `make lock`): edit pyproject.toml, never this file.
"""


def _name(requirement: str) -> str:
    """A requirement's project name, normalised the way package indexes compare names."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    return re.sub(r"[-_.]+", "-", match.group() if match else requirement).lower()


def entries(lock: str) -> list[tuple[str, str]]:
    """The lock's entries, each as (normalised name, its text: pin, hashes and ``# via`` lines)."""
    found: list[tuple[str, list[str]]] = []
    for line in lock.splitlines():
        if re.match(r"[A-Za-z0-9]", line):
            found.append((_name(line), [line]))
        elif found and line.startswith(" "):
            found[-1][1].append(line)
    return [(name, "\n".join(lines)) for name, lines in found]


def requirements_txt(lock: str, build_requires: list[str]) -> str:
    """requirements.txt for ``lock``: every entry but those only the build backend needs
    (named in ``build_requires`` and required by no other entry)."""
    build = {_name(requirement) for requirement in build_requires}
    kept = [
        text
        for name, text in entries(lock)
        if name not in build or re.search(r"# via\b.*\S|#   \S", text)
    ]
    return HEADER + "\n".join(kept) + "\n"


def expected(root: Path = ROOT) -> str:
    """What requirements.txt must hold for the lock and pyproject.toml under ``root``."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    lock = (root / "requirements.lock").read_text(encoding="utf-8")
    return requirements_txt(lock, pyproject["build-system"]["requires"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if requirements.txt is out of date"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    target: Path = args.root / "requirements.txt"
    wanted = expected(args.root)
    if not args.check:
        target.write_text(wanted, encoding="utf-8")
        return 0
    if target.exists() and target.read_text(encoding="utf-8") == wanted:
        return 0
    print(
        f"{target} does not match requirements.lock: run `make requirements` and commit it",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
