"""`natosim report` pages in a real browser: headless Chromium (Debian's package) driven by Playwright.

Every request other than the page itself is refused, and must not be made at all: the bundled
scenarios' pages load with no console message of type error, no page error and no failed or
refused request. The figures the page shows (read from its ``data-*`` attributes) match the JSON of
the same commands; at 1280 and 390 pixels wide nothing overflows horizontally; in print, no table
is wider than the page; in dark mode the page is dark; a scenario whose names hold markup renders
them as text. With every section open, a full-page screenshot covers every element, table cell and
figure (what scripts/screenshot_report.py writes into docs/screenshots/, listed in docs/screenshots.md).

The tests skip when Chromium is not installed, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import Cli
from test_report import CONTROL_TOML, HOSTILE_TOML
from typer.testing import Result

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
BUNDLED = ("rutte-2024-04", "rutte-2023-11", "rutte-2024", "sweden-accession")
EVERY = (*BUNDLED, "unsc-2022-02", "hostile", "control", "links")
"""Every bundled scenario, the scenario whose names hold markup, the one whose names hold control
characters, and one with a chain, a cycle and a pair of members influencing each other."""
TRIALS = "2000"
WIDTHS = (1280, 390)
LINKS_TOML = """
title = "Links: a chain, a cycle and a pair"
as_of = 2024-01-01
rule = "unanimity"
deadline = 2024-06-01

[body]
name = "Six"
[body.members.AAA]
name = "Aland"
[body.members.BBB]
name = "Beeland"
[body.members.CCC]
name = "Ceeland"
[body.members.DDD]
name = "Deeland"
[body.members.EEE]
name = "Eeland"
[body.members.FFF]
name = "Efland"
[body.members.GGG]
name = "Geeland"

[allies.AAA]
stance = "oppose"
[allies.BBB]
stance = "undecided"
[allies.CCC]
stance = "undecided"
[allies.DDD]
stance = "abstain"
[allies.EEE]
stance = "support"
[allies.FFF]
stance = "undecided"

[[influence]]
from = "AAA"
to = "BBB"
weight = 0.35
[[influence]]
from = "BBB"
to = "CCC"
weight = 0.125
[[influence]]
from = "CCC"
to = "AAA"
weight = 0.5
[[influence]]
from = "AAA"
to = "DDD"
weight = 0.75
[[influence]]
from = "DDD"
to = "AAA"
weight = 0.25
[[influence]]
from = "EEE"
to = "FFF"
weight = 1
[[influence]]
from = "EEE"
to = "CCC"
weight = 0.6

[[events]]
date = 2024-01-05
ally = "BBB"
stance = "support"
[[events]]
date = 2024-01-06
ally = "CCC"
stance = "support"
[[events]]
date = 2024-03-20
ally = "AAA"
stance = "undecided"
"""


def _chromium() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; CI must run the browser tests (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (pip install '.[test]')")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(profile), executable_path=path, args=ARGS, headless=True)
        yield context
        context.close()


@dataclass
class Visit:
    """What one page load did: its console errors, page errors, and every request beyond the page."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def _open(browser: Any, file: Path, *, width: int = 1280, height: int = 900) -> Visit:
    url = file.resolve().as_uri()
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    visit = Visit(page)

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            visit.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.on("requestfailed", lambda r: visit.failed.append(r.url))
    page.on("dialog", lambda d: [visit.dialogs.append(d.message), d.dismiss()])  # type: ignore[func-returns-value]
    page.goto(url, wait_until="load")
    return visit


def _write(cli: Callable[..., Result], tmp_path: Path, *args: str) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "report.html"
    done = cli("report", *args, "-o", str(out), "--force")
    assert done.exit_code == 0, done.stderr
    data = cli("report", *args, "--format", "json")
    assert data.exit_code == 0, data.stderr
    return out, json.loads(data.stdout)


def _attrs(page: Any, selector: str, *names: str) -> list[dict[str, str]]:
    script = "(els, names) => els.map(e => Object.fromEntries(names.map(n => [n, e.getAttribute(n)])))"
    result: list[dict[str, str]] = page.eval_on_selector_all(selector, script, list(names))
    return result


def _overflow(page: Any) -> tuple[int, int]:
    width: tuple[int, int] = tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))
    return width


@pytest.mark.parametrize("name", BUNDLED)
def test_the_bundled_reports_load_offline_and_show_the_json_figures(browser: Any, cli: Cli, tmp_path: Path, name: str) -> None:
    file, data = _write(cli, tmp_path, name, "--seed", "1", "--trials", TRIALS)
    visit = _open(browser, file)
    page = visit.page
    try:
        assert visit.errors == []
        assert visit.requests == []
        assert visit.failed == []
        assert page.title().startswith(data["title"])
        assert page.eval_on_selector_all("script, link, iframe, img, object, embed", "els => els.length") == 0
        # verdicts
        rows = _attrs(page, "tr.verdict", "data-candidate", "data-adopted", "data-support", "data-blockers")
        expected = [
            {
                "data-candidate": c["id"],
                "data-adopted": str(c["adopted"]).lower(),
                "data-support": str(c["counts"]["support"]),
                "data-blockers": " ".join(b["code"] for b in c["blockers"]),
            }
            for c in data["run"]["candidates"]
        ]
        assert rows == expected
        # paths and their costs
        costs = [float(r["data-cost"]) for r in _attrs(page, "tr.path", "data-cost")]
        assert costs == [float(p["cost"]) for p in data["paths"]["paths"]]
        assert costs == sorted(costs)
        # the forecast: P and its interval
        f = _attrs(page, "#p-consensus", "data-p", "data-lo", "data-hi", "data-deadline")[0]
        assert float(f["data-p"]) == data["forecast"]["p_consensus"]
        assert [float(f["data-lo"]), float(f["data-hi"])] == data["forecast"]["ci95"]
        assert f["data-deadline"] == data["forecast"]["deadline"]
        shown = page.inner_text("#p-consensus")
        assert f"{100 * data['forecast']['p_consensus']:.1f}%" in shown
        # voting power, both indices
        power = {r["data-code"]: r for r in _attrs(page, "tr.power", "data-code", "data-banzhaf", "data-shapley-shubik")}
        assert set(power) == {m["code"] for m in data["power"]["members"]}
        for m in data["power"]["members"]:
            assert float(power[m["code"]]["data-banzhaf"]) == m["banzhaf"]
            assert float(power[m["code"]]["data-shapley-shubik"]) == m["shapley_shubik"]
        # every figure has a text alternative and a caption
        figures = page.eval_on_selector_all(
            "figure",
            "els => els.map(f => [f.querySelector('[role=img]')?.getAttribute('aria-label') || '', f.querySelector('figcaption')?.innerText || '', !!f.querySelector('svg')])",
        )
        # graph and forecast, the timeline with events; no power chart under unanimity (one sentence instead)
        assert len(figures) == (3 if name in ("rutte-2024", "sweden-accession") else 2)
        assert f"1/{len(data['power']['members'])} " in page.inner_text("#power-equal")
        for label, caption, has_svg in figures:
            assert label.strip()
            assert caption.strip()
            assert has_svg
        # the graph writes every member's code and stance, not only colours them
        words = set(page.eval_on_selector_all("#graph svg text", "els => els.map(e => e.textContent)"))
        for node in data["graph"]["nodes"]:
            assert node["code"] in words
            assert node["stance"] + (" ·f" if node["follower"] else "") in words
        # the consensus date of the timeline, when there are events
        if name in ("rutte-2024", "sweden-accession"):
            when = _attrs(page, "#consensus-date", "data-date")[0]["data-date"]
            assert when == (data["timeline"]["consensus_date"] or "")
            assert page.eval_on_selector_all("tr.step", "els => els.length") == len(data["timeline"]["steps"])
    finally:
        page.close()


def _source(tmp_path: Path, name: str) -> str:
    """The scenario argument for ``name``: a bundled name, or a file written from this module's texts."""
    texts = {"hostile": HOSTILE_TOML, "control": CONTROL_TOML, "links": LINKS_TOML}
    if name not in texts:
        return name
    path = tmp_path / f"{name}.toml"
    path.write_text(texts[name], encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report page of each scenario of :data:`EVERY`, written once for the tests below."""
    from typer.testing import CliRunner

    from natosim.cli import app

    tmp = tmp_path_factory.mktemp("pages")
    out = {}
    for name in EVERY:
        file = tmp / f"{name}.html"
        done = CliRunner().invoke(app, ["report", _source(tmp, name), "--seed", "1", "--trials", "500", "-o", str(file)])
        assert done.exit_code == 0, done.output
        out[name] = file
    return out


def _visit_all(browser: Any, file: Path, width: int) -> Visit:
    visit = _open(browser, file, width=width, height=800)
    visit.page.eval_on_selector_all("details", "els => els.forEach(d => d.open = true)")  # the widest tables too
    return visit


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", EVERY)
def test_nothing_overflows_on_a_laptop_or_a_phone(browser: Any, pages: dict[str, Path], tmp_path: Path, name: str, width: int) -> None:
    visit = _visit_all(browser, pages[name], width)
    page = visit.page
    try:
        scroll, inner = _overflow(page)
        assert scroll <= inner, (name, width, scroll, inner)
        shot = tmp_path / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert visit.errors == []
    finally:
        page.close()


CELLS = """() => {
  const bad = [];
  const vw = document.documentElement.clientWidth;
  for (const box of document.querySelectorAll('.scroll')) {
    if (box.scrollWidth > box.clientWidth + 1) bad.push(['table scrolls', box.querySelector('table')?.id || box.querySelector('table')?.className, box.scrollWidth, box.clientWidth]);
  }
  for (const cell of document.querySelectorAll('tbody td, tbody th')) {
    const text = cell.innerText.trim();
    if (!text) continue;
    const style = getComputedStyle(cell);
    const r = cell.getBoundingClientRect();
    const where = (cell.closest('table').id || cell.closest('table').className) + ': ' + text.slice(0, 40);
    if (style.display === 'none' || style.visibility !== 'visible' || r.width < 1 || r.height < 1) bad.push(['hidden', where]);
    else if (cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1) bad.push(['clipped', where, cell.scrollWidth, cell.clientWidth]);
    else if (r.left < -0.5 || r.right > vw + 0.5) bad.push(['off screen', where, r.left, r.right, vw]);
    const label = cell.getAttribute('data-label');
    if (vw < 600 && label !== null && getComputedStyle(cell, '::before').content.length < 4) bad.push(['no label', where]);
  }
  return bad;
}"""
"""Every table's scroll box that scrolls, and every body cell with text that is hidden, clipped, off
screen or (on a phone, where each row is a block) shown without its column's heading."""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", EVERY)
def test_every_table_cell_is_visible_whole_without_scrolling(browser: Any, pages: dict[str, Path], name: str, width: int) -> None:
    visit = _visit_all(browser, pages[name], width)
    page = visit.page
    try:
        assert page.evaluate(CELLS) == []
        if width < 600:  # a row is a block: its cells one under the other, each as wide as the row
            rows = page.evaluate(
                "() => [...document.querySelectorAll('#verdict-table tbody tr')].map(r => [...r.children].map(c => Math.round(c.getBoundingClientRect().width)))"
            )
            for widths in rows:
                assert len(set(widths)) == 1, widths
    finally:
        page.close()


FIGURES = """() => {
  const bad = [];
  const boxes = (svg, part) => [...svg.querySelectorAll(`g[id*="-${part}-"]`)].map(g => [g.id, g.getBoundingClientRect()]);
  const meet = (a, b, slack) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > slack && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > slack;
  const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
  let shown = 0;
  for (const svg of document.querySelectorAll('figure svg')) {
    if (svg.getBoundingClientRect().width < 1) continue;  // the frame drawn for the other width
    shown++;
    const fig = svg.closest('figure').closest('section').id;
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => [t.textContent, t.getBoundingClientRect(), parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b), t]);
    for (const [text, r, px] of texts) if (px < 11) bad.push(['small', fig, text, px.toFixed(1)]);
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (meet(texts[i][1], texts[j][1], 0.5)) bad.push(['texts overlap', fig, texts[i][0], texts[j][0]]);
    const nodes = boxes(svg, 'node');
    for (const [text, r] of texts) {
      const on = nodes.filter(([, b]) => meet(r, b, 0.5));
      if (on.length > 1 || (on.length === 1 && !inside(r, on[0][1]))) bad.push(['text on a member', fig, text, on.map(([id]) => id)]);
    }
    for (const [id, r] of boxes(svg, 'weight'))
      for (const [node, b] of nodes) if (meet(r, b, 0.5)) bad.push(['weight on a member', id, node]);
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) if (meet(nodes[i][1], nodes[j][1], 0.5)) bad.push(['members overlap', nodes[i][0], nodes[j][0]]);
    const plot = svg.querySelector('g[id$="-plot"]');
    if (plot) {
      const p = plot.getBoundingClientRect();
      for (const [id, r] of boxes(svg, 'event')) if (r.bottom > p.top + 0.5) bad.push(['event marker in the plot', id]);
    }
  }
  return [shown, bad];
}"""
"""How many figures are shown, and every text of a shown figure smaller than 11 px on screen, every
two texts that overlap, every text on a member's box other than its own, every weight on a member's
box, every two members' boxes that overlap and every timeline marker inside the plot."""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", EVERY)
def test_figures_are_readable_and_no_label_overlaps(browser: Any, pages: dict[str, Path], name: str, width: int) -> None:
    visit = _open(browser, pages[name], width=width, height=800)
    page = visit.page
    try:
        shown, bad = page.evaluate(FIGURES)
        assert shown == page.eval_on_selector_all("figure", "els => els.length")  # one frame of each figure
        assert bad == []
    finally:
        page.close()


def test_the_reproduce_line_never_breaks_inside_an_option(browser: Any, pages: dict[str, Path]) -> None:
    visit = _open(browser, pages["rutte-2024"], width=320, height=800)
    page = visit.page
    try:
        words = page.evaluate("[...document.querySelectorAll('#command .w')].map(w => [w.textContent, w.getClientRects().length])")
        assert [w for w, _ in words][:2] == ["natosim", "report"]
        assert "--seed" in [w for w, _ in words]
        assert all(lines == 1 for _, lines in words), words
        assert page.evaluate("document.querySelector('#command').getClientRects().length") > 1  # it does wrap, between words
    finally:
        page.close()


def test_in_print_no_table_is_wider_than_the_page(browser: Any, cli: Cli, tmp_path: Path) -> None:
    file, _ = _write(cli, tmp_path, "rutte-2024", "--seed", "1", "--trials", "500")
    visit = _open(browser, file, width=700, height=1000)  # about an A4 page's printable width at 96 dpi
    page = visit.page
    try:
        page.emulate_media(media="print")
        page.eval_on_selector_all("details", "els => els.forEach(d => d.open = true)")
        clipped = page.eval_on_selector_all(
            "table",
            "els => els.filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(t => t.id || t.className)",
        )
        assert clipped == []
        assert _overflow(page)[0] <= 700
        assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        page.close()


def test_the_page_honours_a_dark_colour_scheme(browser: Any, cli: Cli, tmp_path: Path) -> None:
    file, _ = _write(cli, tmp_path, "rutte-2024-04", "--seed", "1", "--trials", "300")
    visit = _open(browser, file)
    page = visit.page
    try:
        light = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.emulate_media(color_scheme="dark")
        dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert light == "rgb(255, 255, 255)"
        assert dark != light
        r, g, b = (int(x) for x in dark.removeprefix("rgb(").removesuffix(")").split(","))
        assert max(r, g, b) < 60
    finally:
        page.close()


def test_markup_in_names_renders_as_text(browser: Any, cli: Cli, tmp_path: Path) -> None:
    src = tmp_path / "hostile.toml"
    src.write_text(HOSTILE_TOML, encoding="utf-8")
    file, data = _write(cli, tmp_path, str(src), "--seed", "1", "--trials", "300")
    visit = _open(browser, file)
    page = visit.page
    try:
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.requests == []
        assert page.evaluate("document.scripts.length") == 0
        assert page.eval_on_selector_all("img, b, i, u", "els => els.length") == 0
        assert page.inner_text("h1") == data["title"]
        members = page.eval_on_selector_all("#members tbody tr td:nth-child(2)", "els => els.map(e => e.textContent)")
        assert members == [a["name"] for a in data["run"]["allies"]]
        candidates = page.eval_on_selector_all("tr.verdict th", "els => els.map(e => e.textContent)")
        assert [c.removesuffix(f" ({v['id']})") for c, v in zip(candidates, data["run"]["candidates"], strict=True)] == [
            v["name"] for v in data["run"]["candidates"]
        ]
        svg_text = page.eval_on_selector_all("#graph svg text", "els => els.map(e => e.textContent).join(' ')")
        assert "B&B" in svg_text or "BB" in svg_text
        links = page.eval_on_selector_all("a[href^='http']", "els => els.map(e => e.getAttribute('href'))")
        assert "https://example.org/ok" in links
        assert page.eval_on_selector_all("a[href^='javascript']", "els => els.length") == 0
    finally:
        page.close()


COVERED = """() => {
  const W = document.documentElement.scrollWidth, H = document.documentElement.scrollHeight;
  const box = e => { const r = e.getBoundingClientRect(); return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]; };
  const outside = ([x, y, w, h]) => x < -0.5 || y < -0.5 || x + w > W + 0.5 || y + h > H + 0.5;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ': ' + (e.innerText || e.textContent || '').trim().slice(0, 40);
  const bad = [];
  for (const e of document.body.querySelectorAll('*')) {
    const b = box(e);
    if (b[2] >= 1 && b[3] >= 1 && outside(b)) bad.push(['outside the page', name(e), b.map(Math.round)]);
  }
  const cells = [...document.querySelectorAll('tbody td, tbody th')].filter(c => c.textContent.trim());
  const figures = [...document.querySelectorAll('figure')];
  for (const e of [...cells, ...figures]) {
    const b = box(e);
    if (b[2] < 1 || b[3] < 1 || getComputedStyle(e).visibility !== 'visible') bad.push(['not shown', name(e)]);
    else if (outside(b)) bad.push(['not covered', name(e), b.map(Math.round)]);
  }
  return [W, H, cells.length, figures.length, bad];
}"""
"""The page's scroll width and height (what a full-page screenshot covers), how many table cells with text
and figures it has, and every element outside that area and every such cell or figure not shown whole in it."""


SHOT = (*BUNDLED, "unsc-2022-02")
"""The bundled scenarios whose reports docs/screenshots/ shows."""


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SHOT)
def test_a_full_page_screenshot_shows_every_value(browser: Any, pages: dict[str, Path], name: str, width: int) -> None:
    """What scripts/screenshot_report.py does for docs/screenshots/: every <details> open, one full-page
    screenshot; it covers every element of the page, every table cell with text and every figure."""
    visit = _visit_all(browser, pages[name], width)
    page = visit.page
    try:
        scroll_width, scroll_height, cells, figures, bad = page.evaluate(COVERED)
        assert bad == []
        assert cells > 50
        assert figures >= 2
        assert scroll_width <= width
        assert _png_size(page.screenshot(full_page=True)) == (width, scroll_height)
        # the check sees a value outside the screenshot: a cell moved above the top of the page
        page.evaluate("() => { const c = document.querySelector('tbody td'); c.style.position = 'absolute'; c.style.top = '-40px'; }")
        moved = page.evaluate(COVERED)[4]
        assert ["not covered", "td"] in [[kind, where.split(":")[0]] for kind, where, *_ in moved]
    finally:
        page.close()


def test_docs_list_a_whole_page_screenshot_of_each_bundled_report_at_each_width() -> None:
    """docs/screenshots.md lists exactly the PNGs in docs/screenshots/, one per bundled report and width,
    each as wide as its name says and longer than a screen (the whole page, not its top)."""
    docs = Path(__file__).resolve().parent.parent / "docs"
    expected = {f"{name}-{width}.png" for name in SHOT for width in WIDTHS}
    assert {p.name for p in (docs / "screenshots").glob("*.png")} == expected
    listed = re.findall(r"\]\(screenshots/([^)]+)\)", (docs / "screenshots.md").read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(expected)
    for name in expected:
        width, height = _png_size((docs / "screenshots" / name).read_bytes())
        assert f"-{width}.png" in name
        assert height > 2400  # the old shots of the top were 2400 (390 px) and 1700 px (1280 px) high
