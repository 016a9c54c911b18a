"""Write docs/report.png: the bundled scenario's report as headless Chromium shows it (no network).

    python scripts/screenshot_report.py [--scenario rutte-2024-04] [--width 1280] [--height 1700] [--out docs/report.png]

Uses the system Chromium (Debian's ``chromium`` package) through Playwright; every request but the
page itself is refused, as in tests/test_report_browser.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="rutte-2024-04")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1700, help="Height of the picture (the top of the page).")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--full", action="store_true", help="The whole page, not only its top.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        subprocess.run(
            [sys.executable, "-m", "natosim", "report", args.scenario, "--seed", args.seed, "-o", str(page_file)], check=True, cwd=ROOT
        )
        url = page_file.as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport={"width": args.width, "height": args.height}, device_scale_factor=1)
            context.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
            page = context.new_page()
            page.goto(url)
            page.screenshot(path=str(args.out), full_page=args.full)
            browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
