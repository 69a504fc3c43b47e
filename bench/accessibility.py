"""axe-core on the dashboard and on a minimal Streamlit page, side by side.

``python -m bench.accessibility [--out bench/results/accessibility.md]`` serves both pages, scans
each in both languages (the dashboard) at laptop and phone widths, unfiltered, filtered and
empty, and writes every WCAG 2.1 A/AA rule that fires with its impact. The browser tests
(tests/browser/test_accessibility.py) hold the dashboard to this: nothing serious or critical
beyond what the minimal page itself shows.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

WIDTHS: dict[str, ViewportSize] = {
    "laptop": {"width": 1366, "height": 900},
    "phone": {"width": 390, "height": 844},
}
# The page draws its open section alone: each tab is a view of its own.
VIEWS = {
    "unfiltered": "",
    "filtered": "topic=syria",
    "empty": "q=no+such+words",
    "day by day": "section=when",
    "people": "section=who&topic=syria",
    "statements": "section=statements",
}
_NOT_RUNNING = (
    "() => document.querySelector('[data-testid=\"stApp\"]')"
    ".getAttribute('data-test-script-state') === 'notRunning'"
)
WAIT_MS = 120_000


def findings(page: Any) -> dict[str, tuple[str, str]]:
    """Every WCAG 2.1 A/AA rule axe finds broken on ``page``: id -> (impact, first failure)."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # no type information shipped

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": AA}, "resultTypes": ["violations"]}
    )
    return {
        violation["id"]: (str(violation["impact"]), violation["nodes"][0]["failureSummary"][:300])
        for violation in results.response["violations"]
    }


def blocking(found: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The serious and critical ones: id -> first failure."""
    return {rule: why for rule, (impact, why) in found.items() if impact in BLOCKING}


def wait_drawn(page: Any, view: str) -> None:
    """Wait until the page's run is over and what it shows is drawn (charts, or the message)."""
    from bench.settled import SETTLED_JS, want

    if view == "empty":
        page.get_by_text("Nothing matches").or_(page.get_by_text("कुछ नहीं मिला")).wait_for()
        page.wait_for_function(_NOT_RUNNING, timeout=WAIT_MS)
        return
    if view == "statements":  # quotes, no chart
        page.get_by_test_id("stHtml").first.wait_for(timeout=WAIT_MS)
        page.wait_for_function(_NOT_RUNNING, timeout=WAIT_MS)
        return
    outcome = page.wait_for_function(SETTLED_JS, arg=want(), timeout=WAIT_MS)
    if outcome.json_value() is not True:
        raise RuntimeError(str(outcome.json_value()))


def scan() -> list[dict[str, Any]]:
    """Both pages at both widths; the dashboard in both languages and every view of ``VIEWS``."""
    from playwright.sync_api import sync_playwright

    from dashboard.server import CHROMIUM, CHROMIUM_ARGS, serve

    rows = []
    with (
        serve() as dashboard,
        serve("bench/minimal_app.py") as minimal,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = [("minimal page", minimal, "", "unfiltered")]
        for lang in ("en", "hi"):
            for view, query in VIEWS.items():
                params = "&".join(p for p in (f"lang={lang}" if lang != "en" else "", query) if p)
                pages.append((f"dashboard ({lang})", f"{dashboard}/?{params}", lang, view))
        for width, viewport in WIDTHS.items():
            for name, url, lang, view in pages:
                page = browser.new_page(viewport=viewport)
                page.goto(url)
                wait_drawn(page, view)
                rows.append(
                    {
                        "page": name,
                        "lang": lang,
                        "view": view,
                        "width": width,
                        "found": findings(page),
                    }
                )
                page.close()
        browser.close()
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    """The scan as a table: one row per page, view and width, every rule found with its impact."""
    lines = [
        "# Accessibility: axe-core on the dashboard and on a minimal Streamlit page",
        "",
        f"Scanned {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python -m bench.accessibility`",
        f"(axe-core from axe-playwright-python, rules tagged {', '.join(AA)}). The minimal page",
        "(bench/minimal_app.py) is Streamlit's own share: the browser tests allow the dashboard no",
        "serious or critical rule beyond it.",
        "",
        "| page | view | width | rules that fire (impact) |",
        "|---|---|---|---|",
    ]
    for row in rows:
        found = ", ".join(
            f"{rule} ({impact})" for rule, (impact, _) in sorted(row["found"].items())
        )
        lines.append(f"| {row['page']} | {row['view']} | {row['width']} | {found or 'none'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("bench/results/accessibility.md"))
    args = parser.parse_args()
    text = markdown(scan())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
