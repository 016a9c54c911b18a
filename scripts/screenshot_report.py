"""Write the report screenshots in docs/: the bundled reports as headless Chromium shows them (no network).

    python scripts/screenshot_report.py            # docs/screenshots/*.png and docs/report.png
    python scripts/screenshot_report.py --only rutte-2024-04

Each bundled report (rutte-2024-04; rutte-2024 as of 2024-04-02, the day rutte-2024-04 models;
sweden-accession; unsc-2022-02; rutte-2023-11) is written with ``natosim report --seed 1`` and shot
at 390 px (a phone) and 1280 px (a laptop) wide, the top of the page to a fixed height, as
``docs/screenshots/NAME-WIDTH.png``; ``docs/report.png`` (shown in the README) is rutte-2024-04 at
1280 px. Uses the system Chromium (Debian's ``chromium`` package) through Playwright; every request
but the page itself is refused, as in tests/test_report_browser.py. Prints each file and the total
size (kept under 3 MB by the fixed heights).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPORTS: dict[str, tuple[str, ...]] = {
    "rutte-2024-04": ("rutte-2024-04",),
    "rutte-2024": ("rutte-2024", "--at", "2024-04-02"),
    "sweden-accession": ("sweden-accession",),
    "unsc-2022-02": ("unsc-2022-02",),
    "rutte-2023-11": ("rutte-2023-11",),
}
"""Each screenshot's name and the arguments of its ``natosim report``."""
SIZES = {390: 2400, 1280: 1700}
"""Width of each screenshot and the height of the page's top it shows, in CSS pixels."""


def _only(url: str) -> Callable[[Any], None]:
    """A route handler that lets the page itself load and refuses every other request."""

    def handle(route: Any) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    return handle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(REPORTS), action="append", help="Only this report (repeatable).")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name in args.only or REPORTS:
            page_file = Path(tmp) / f"{name}.html"
            subprocess.run(
                [sys.executable, "-m", "natosim", "report", *REPORTS[name], "--seed", args.seed, "-o", str(page_file)],
                check=True,
                cwd=ROOT,
                capture_output=True,
            )
            url = page_file.as_uri()
            for width, height in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                context.route("**/*", _only(url))
                page = context.new_page()
                page.goto(url)
                shot = args.out / f"{name}-{width}.png"
                page.screenshot(path=str(shot))
                written.append(shot)
                if name == "rutte-2024-04" and width == 1280:
                    page.screenshot(path=str(ROOT / "docs" / "report.png"))
                    written.append(ROOT / "docs" / "report.png")
                context.close()
        browser.close()
    for shot in written:
        print(f"wrote {shot.relative_to(ROOT)} ({shot.stat().st_size:,} bytes)")
    print(f"total {sum(s.stat().st_size for s in set(written)):,} bytes")


if __name__ == "__main__":
    main()
