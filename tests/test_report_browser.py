"""`natosim report` pages in a real browser: headless Chromium (Debian's package) driven by Playwright.

Every request other than the page itself is refused, and must not be made at all: the bundled
scenarios' pages load with no console message of type error, no page error and no failed or
refused request. The figures the page shows (read from its ``data-*`` attributes) match the JSON of
the same commands; at 1280 and 390 pixels wide nothing overflows horizontally; in print, no table
is wider than the page; in dark mode the page is dark; a scenario whose names hold markup renders
them as text.

The tests skip when Chromium is not installed, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import Cli
from test_report import HOSTILE_TOML
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
TRIALS = "2000"


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
        assert len(figures) == (4 if name in ("rutte-2024", "sweden-accession") else 3)
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


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_overflows_on_a_laptop_or_a_phone(browser: Any, cli: Cli, tmp_path: Path, width: int) -> None:
    for name in ("rutte-2024-04", "rutte-2024"):
        file, _ = _write(cli, tmp_path, name, "--seed", "1", "--trials", "500")
        visit = _open(browser, file, width=width, height=800)
        page = visit.page
        try:
            page.eval_on_selector_all("details", "els => els.forEach(d => d.open = true)")  # the widest tables too
            scroll, inner = _overflow(page)
            assert scroll <= inner, (name, width, scroll, inner)
            shot = tmp_path / f"{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            assert visit.errors == []
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
