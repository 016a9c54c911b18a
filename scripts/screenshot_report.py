"""Write the report screenshots in docs/: the bundled reports as headless Chromium shows them (no network).

    python scripts/screenshot_report.py            # docs/screenshots/*.png and docs/report.png
    python scripts/screenshot_report.py --only rutte-2024-04

Each bundled report (rutte-2024-04; rutte-2024 as of 2024-04-02, the day rutte-2024-04 models;
sweden-accession; unsc-2022-02; rutte-2023-11) is written with ``natosim report --seed 1`` and shot
whole at 390 px (a phone) and 1280 px (a laptop) wide, as ``docs/screenshots/NAME-WIDTH.png``: every
collapsed section (``<details>``) opened, then a full-page screenshot, so every value of the page is in
the picture. Before writing, the script checks that the picture covers the page: its height is the
page's scroll height, the page does not scroll sideways, and every table cell and figure with content
lies inside it (tests/test_report_browser.py checks the same in the test suite). ``docs/report.png``
(shown in the README) is the top 1700 px of rutte-2024-04 at 1280 px, as the page opens.

Uses the system Chromium (Debian's ``chromium`` package) through Playwright at a device scale factor
of 1; every request but the page itself is refused, as in tests/test_report_browser.py. The PNGs are
reduced to a palette of 32 colours with Pillow (installed with matplotlib) to keep them small.
Prints each file with its size in pixels and bytes, and the total size.
"""

from __future__ import annotations

import argparse
import io
import struct
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
WIDTHS = (390, 1280)
"""Width of each screenshot, in CSS pixels (the device scale factor is 1)."""
TOP = 1700
"""Height of docs/report.png, the top of rutte-2024-04 at 1280 px."""
COLOURS = 32
"""Colours of each PNG's palette."""
COMMON = 8
"""Of them, the most frequent colours of the screenshot, taken as they are."""
OUTSIDE = """() => {
  const W = document.documentElement.scrollWidth, H = document.documentElement.scrollHeight;
  const out = [];
  for (const e of document.querySelectorAll('tbody td, tbody th, figure')) {
    if (e.matches('td, th') && !e.innerText.trim()) continue;
    const r = e.getBoundingClientRect();
    const top = r.top + window.scrollY, left = r.left + window.scrollX;
    if (r.width < 1 || r.height < 1 || left < -0.5 || top < -0.5 || left + r.width > W + 0.5 || top + r.height > H + 0.5)
      out.push(e.tagName + ': ' + e.innerText.trim().slice(0, 40));
  }
  return [W, H, out];
}"""
"""The page's scroll width and height, and every table cell with text or figure not wholly inside them."""


def _only(url: str) -> Callable[[Any], None]:
    """A route handler that lets the page itself load and refuses every other request."""

    def handle(route: Any) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    return handle


def _size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _small(png: bytes) -> bytes:
    """The PNG reduced to a palette of :data:`COLOURS` colours, nearest colour, no dithering (text stays crisp).

    The palette is the :data:`COMMON` most frequent colours (background, text, rules) and a median cut of
    the page's other distinct colours, each counted once, so that the rare saturated colours of stances,
    verdicts and links keep their hue."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    counted = sorted(image.getcolors(1 << 24) or [], reverse=True)
    common = [c for _, c in counted[:COMMON]]
    others = [c for _, c in counted[COMMON:]]
    distinct = Image.new("RGB", (max(len(others), 1), 1))
    distinct.putdata(others or [common[0]])
    cut = distinct.quantize(colors=COLOURS - COMMON, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for c in common for v in c] + (cut.getpalette() or [])[: 3 * (COLOURS - COMMON)])
    out = io.BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _shoot(browser: Any, url: str, width: int, top: Path | None) -> bytes:
    """The full-page screenshot of ``url`` at ``width`` px, every ``<details>`` open, checked to cover every
    value; the top :data:`TOP` px as the page opens are written to ``top`` first when given."""
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    context.route("**/*", _only(url))
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        if top is not None:
            top.write_bytes(_small(page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": TOP}, full_page=True)))
        page.eval_on_selector_all("details", "els => els.forEach(d => d.open = true)")
        scroll_width, scroll_height, outside = page.evaluate(OUTSIDE)
        png = page.screenshot(full_page=True)
        if _size(png) != (width, scroll_height) or scroll_width > width or outside:
            raise SystemExit(
                f"{url} at {width} px: the screenshot is {_size(png)}, the page {scroll_width}x{scroll_height}; outside: {outside[:5]}"
            )
        return png
    finally:
        context.close()


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
            for width in WIDTHS:
                top = ROOT / "docs" / "report.png" if name == "rutte-2024-04" and width == 1280 else None
                shot = args.out / f"{name}-{width}.png"
                shot.write_bytes(_small(_shoot(browser, page_file.as_uri(), width, top)))
                written.append(shot)
                if top is not None:
                    written.append(top)
        browser.close()
    for shot in written:
        w, h = _size(shot.read_bytes())
        shown = shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot
        print(f"wrote {shown} ({w}x{h} px, {shot.stat().st_size:,} bytes)")
    print(f"total {sum(s.stat().st_size for s in set(written)):,} bytes")


if __name__ == "__main__":
    main()
