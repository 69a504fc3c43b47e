"""Screenshots of the dashboard at laptop and phone widths, in English and Hindi.

Usage: python scripts/screenshot.py [OUT_DIR]   (default: docs/). The README shows docs/dashboard-en.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.server import CHROMIUM, CHROMIUM_ARGS, serve

WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}
# The phone pictures are taken as a touch screen, which is what decides, for one, that Plotly's
# mode bar is always shown rather than on hover.
TOUCH = {"phone"}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with serve() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            for lang in ("en", "hi"):
                touch = width_name in TOUCH
                page = browser.new_page(
                    viewport={"width": width, "height": height}, is_mobile=touch, has_touch=touch
                )
                page.goto(f"{url}/?lang={lang}" if lang != "en" else url)
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
                page.wait_for_timeout(1500)
                # The first screen as a reader gets it: the page opens on the topics tab, and
                # a phone's first screen reaches the topic chart (tests/browser/test_phone.py).
                suffix = "" if width_name == "laptop" else f"-{width_name}"
                page.screenshot(path=str(out / f"dashboard-{lang}{suffix}.png"))
                # Streamlit scrolls inside its own container, so a whole-page picture needs a tall window.
                page.set_viewport_size(
                    {"width": width, "height": 7000 if width_name == "phone" else 4200}
                )
                page.wait_for_timeout(2500)
                page.screenshot(path=str(out / f"dashboard-{lang}{suffix}-full.png"))
                page.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs"))
