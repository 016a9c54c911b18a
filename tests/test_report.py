"""`natosim report`: its JSON is the other commands' JSON, its page is self-contained, escaped and deterministic.

The page in a real browser (no network, no overflow, figures matching the JSON) is tested in
tests/test_report_browser.py.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import Cli
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

import natosim
from natosim._engine import report
from natosim.model import Scenario, WeightBasis
from natosim.render import html

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ("rutte-2024-04", "rutte-2023-11", "rutte-2024", "sweden-accession")
TRIALS = "2000"

HOSTILE_TOML = r"""
title = "<script>alert('t')</script> \"Q\" & 'A' $x^2$ \\ end"
as_of = 2024-01-01
rule = "unanimity"
deadline = 2024-03-01

[body]
name = "<b>body</b> & co"

[body.members.AA]
name = "<script>alert(1)</script> \"Aa\" & 'a'"
[body.members.BB]
name = "B&B \"quoted\" <i>it</i> $5$"
[body.members.CC]
name = "C</td></tr></table><script>x()</script>"

[candidates.c1]
name = "<img src=x onerror=alert(1)> Cand \"1\" & co $a$"
[candidates.c2]
name = "Second & <u>rival</u>"

[allies.AA]
stance = "oppose"
reason = "<script>alert('reason')</script> & \"why\"\u001b[2J"
source = "javascript:alert(1) & https://example.org/a?b=1&c=\"2\"<x> and http://e.test/p."
[allies.BB]
stance = "support"
source = "https://example.org/ok"
[allies.CC]
stance = "undecided"

[[influence]]
from = "BB"
to = "AA"
weight = 0.5

[[deals]]
name = "<script>deal()</script> & \"d\""
cost = 2
candidate = "c1"
effects = { AA = "support" }

[[events]]
date = 2024-01-10
ally = "CC"
stance = "support"
candidate = "c1"
source = "<script>ev()</script> https://example.org/ev"
note = "a \"note\" & <b>bold</b>"
"""
"""A scenario whose every name, reason, source, deal and note holds markup, quotes, ``&`` and ``$``."""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE_TOML, encoding="utf-8")
    return path


def _json(cli: Callable[..., Result], *args: str) -> dict[str, object]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("name", ["rutte-2024-04", "sweden-accession"])
def test_the_json_is_the_union_of_the_other_commands_json(cli: Cli, name: str) -> None:
    got = _json(cli, "report", name, "--seed", "3", "--trials", TRIALS)
    cid = got["candidate"]
    assert isinstance(cid, str)
    assert got["run"] == _json(cli, "run", name)
    assert got["paths"] == _json(cli, "paths", name, "--candidate", cid)
    assert got["timeline"] == _json(cli, "timeline", name)
    assert got["forecast"] == _json(cli, "forecast", name, "--candidate", cid, "--seed", "3", "--trials", TRIALS)
    assert got["power"] == _json(cli, "power", name)
    assert got["compare_rules"] == _json(cli, "compare-rules", name)
    assert got["natosim"] == natosim.__version__
    assert got["seed"] == 3
    assert got["trials"] == int(TRIALS)


def test_the_options_reach_every_part(cli: Cli) -> None:
    got = _json(cli, "report", "rutte-2024", "--at", "2024-04-02", "--candidate", "iohannis", "--seed", "5", "--trials", "500")
    assert got["candidate"] == "iohannis"
    assert got["as_of"] == "2024-04-02"
    assert got["run"] == _json(cli, "run", "rutte-2024", "--at", "2024-04-02")
    assert got["paths"] == _json(cli, "paths", "rutte-2024", "--at", "2024-04-02", "--candidate", "iohannis")
    forecast = _json(cli, "forecast", "rutte-2024", "--at", "2024-04-02", "--candidate", "iohannis", "--seed", "5", "--trials", "500")
    assert got["forecast"] == forecast
    assert got["compare_rules"] == _json(cli, "compare-rules", "rutte-2024", "--at", "2024-04-02")
    graph = got["graph"]
    assert isinstance(graph, dict)
    assert graph["candidate"] == "iohannis"


def test_no_cascade_reaches_the_paths_the_timeline_and_the_forecast(cli: Cli) -> None:
    got = _json(cli, "report", "rutte-2024", "--no-cascade", "--seed", "1", "--trials", "300")
    assert got["paths"] == _json(cli, "paths", "rutte-2024", "--no-cascade")
    assert got["timeline"] == _json(cli, "timeline", "rutte-2024", "--no-cascade")
    assert got["forecast"] == _json(cli, "forecast", "rutte-2024", "--no-cascade", "--seed", "1", "--trials", "300")
    assert got["forecast"] != _json(cli, "forecast", "rutte-2024", "--seed", "1", "--trials", "300")


def test_a_fresh_seed_is_reported_and_reproduces_the_page(cli: Cli, tmp_path: Path) -> None:
    first = _json(cli, "report", "--trials", "300")
    seed = first["seed"]
    assert isinstance(seed, int)
    again = _json(cli, "report", "--trials", "300", "--seed", str(seed))
    assert again["forecast"] == first["forecast"]


def _page(cli: Callable[..., Result], tmp_path: Path, *args: str, name: str = "r.html") -> str:
    out = tmp_path / name
    result = cli("report", *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BUNDLED)
def test_the_page_is_self_contained_and_within_a_megabyte(cli: Cli, tmp_path: Path, name: str) -> None:
    text = _page(cli, tmp_path, name, "--seed", "1", "--trials", TRIALS)
    assert len(text.encode("utf-8")) <= 1_000_000
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower()
    assert "<link" not in text.lower()
    assert "@import" not in text
    assert not re.search(r"""\b(?:src|srcset|data|poster|action|formaction)\s*=""", text, re.I)  # nothing is loaded
    assert not re.search(r"url\(\s*['\"]?(?!#)", text)  # CSS and SVG refer to nothing outside the page
    assert not re.search(r"xlink:href=\"(?!#)", text)
    assert "default-src 'none'" in text  # and the page forbids every fetch should one slip in
    for section in ("verdicts", "paths", "graph", "forecast", "power", "rules"):
        assert f'<section id="{section}"' in text
    assert ('<section id="timeline"' in text) == (name in ("rutte-2024", "sweden-accession"))


def test_the_same_seed_gives_a_byte_identical_page(cli: Cli, tmp_path: Path) -> None:
    a = _page(cli, tmp_path, "rutte-2024", "--seed", "7", "--trials", "500", name="a.html")
    b = _page(cli, tmp_path, "rutte-2024", "--seed", "7", "--trials", "500", name="b.html")
    assert a == b
    c = _page(cli, tmp_path, "rutte-2024", "--seed", "8", "--trials", "500", name="c.html")
    assert c != a


def test_the_page_does_not_depend_on_the_process(cli: Cli, tmp_path: Path) -> None:
    """Fresh processes with different string hashing write the page the CliRunner wrote (sets never order output)."""
    here = _page(cli, tmp_path, "--seed", "2", "--trials", "400")
    for hashseed in ("1", "2"):
        out = tmp_path / f"sub-{hashseed}.html"
        subprocess.run(
            [sys.executable, "-m", "natosim", "report", "--seed", "2", "--trials", "400", "-o", str(out)],
            check=True,
            cwd=tmp_path,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": hashseed, "HOME": str(tmp_path)},
            capture_output=True,
        )
        assert out.read_text(encoding="utf-8") == here


def test_the_page_shows_what_reproduces_it(cli: Cli, tmp_path: Path) -> None:
    text = _page(cli, tmp_path, "rutte-2024-04", "--seed", "11", "--trials", "700")
    assert "NATO Secretary General, April 2024" in text
    assert 'data-as-of="2024-04-02"' in text
    assert 'data-rule="unanimity"' in text
    assert f'data-version="{natosim.__version__}"' in text
    assert 'data-seed="11"' in text
    assert "natosim report rutte-2024-04 --candidate rutte --seed 11 --trials 700" in text


def test_every_name_reason_and_source_is_escaped(cli: Cli, tmp_path: Path, hostile: Path) -> None:
    text = _page(cli, tmp_path, str(hostile), "--seed", "1", "--trials", "300")
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()
    for tag in ("<b>", "<i>", "<u>"):
        assert tag not in text
    assert "</td></tr></table><" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "B&amp;B" in text
    assert "\x1b" not in text
    # web addresses in sources are links; anything else (javascript:) stays text
    assert '<a href="https://example.org/ok" rel="noopener noreferrer">' in text
    assert '<a href="https://example.org/a?b=1&amp;c=" rel="noopener noreferrer">' in text
    assert '<a href="http://e.test/p" rel="noopener noreferrer">' in text  # the final full stop is not part of it
    assert not re.search(r"href=\"javascript", text, re.I)
    # names reach the figures as text, a $ not read as mathematics
    assert "$5$" in text or "&#36;5&#36;" in text


def test_the_link_filter_escapes_what_is_around_the_addresses() -> None:
    out = str(html.linked('<b>x</b> see https://a.example/p?q=1&r="2" now'))
    assert (
        out
        == '&lt;b&gt;x&lt;/b&gt; see <a href="https://a.example/p?q=1&amp;r=" rel="noopener noreferrer">https://a.example/p?q=1&amp;r=</a>&#34;2&#34; now'
    )
    assert str(html.linked("no address here & there")) == "no address here &amp; there"


def test_matplotlib_text_is_literal() -> None:
    from natosim.render.figures import plain

    assert plain("$x$ costs \\ 5") == r"\$x\$ costs \\ 5"


def test_a_scenario_without_a_deadline_has_no_forecast(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "nodl.toml"
    text = (ROOT / "scenarios" / "rutte-2024-04.toml").read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^deadline = .*$", "", text), encoding="utf-8")
    data = _json(cli, "report", str(path), "--trials", "100")
    assert data["forecast"] is None
    assert data["no_forecast"] == "the scenario has no deadline"
    assert data["seed"] is None
    page = _page(cli, tmp_path, str(path), "--trials", "100")
    assert "No forecast: the scenario has no deadline." in page
    given = _json(cli, "report", str(path), "--trials", "100", "--deadline", "2024-07-09", "--seed", "1")
    assert isinstance(given["forecast"], dict)
    assert given["forecast"]["deadline"] == "2024-07-09"


def test_bad_input_is_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    for args in (
        ("report", "--candidate", "nobody"),
        ("report", "--at", "2020-01-01", "rutte-2024"),
        ("report", "--at", "20240501"),
        ("report", "--deadline", "2000-01-01"),
        ("report", "no-such-scenario"),
        ("report", "--format", "yaml"),
    ):
        result = cli(*args, "--trials", "10")
        assert result.exit_code == 2, (args, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert lines, args
        assert lines[-1].startswith("natosim: error:") or "Invalid value" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_output_is_refused_before_any_work_and_overwritten_only_with_force(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("keep", encoding="utf-8")
    refused = cli("report", "--trials", "10", "-o", str(out))
    assert refused.exit_code == 2
    assert "file exists" in refused.stderr
    assert out.read_text(encoding="utf-8") == "keep"
    forced = cli("report", "--trials", "10", "--seed", "1", "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_shares_of_members_and_of_population(make_scenario: Callable[..., Scenario]) -> None:
    s = make_scenario(
        {"AAA": "support", "BBB": "oppose", "CCC": "support", "DDD": "undecided"},
        rule='{ quota = 0.65, weight = "population" }',
        populations={"AAA": 60, "BBB": 25, "CCC": 10, "DDD": 5},
    )
    verdict = natosim.evaluate(s).verdicts[0]
    share = report.share(s, verdict)
    assert share.members == Fraction(2, 4)
    assert share.weight == Fraction(70, 100)
    assert share.basis is WeightBasis.POPULATION
    one = make_scenario({"AAA": "support", "BBB": "oppose", "CCC": "support"})
    plain_share = report.share(one, natosim.evaluate(one).verdicts[0])
    assert plain_share == report.Share(Fraction(2, 3), None, WeightBasis.ONE)


def test_weighted_shares_reach_the_page(cli: Cli, tmp_path: Path) -> None:
    from helpers import body_toml

    path = tmp_path / "w.toml"
    path.write_text(
        body_toml(
            {"AAA": "support", "BBB": "oppose", "CCC": "support"},
            rule='{ quota = 0.6, weight = "weight" }',
            weights={"AAA": 0.5, "BBB": 0.2, "CCC": 0.3},
        ),
        encoding="utf-8",
    )
    data = _json(cli, "report", str(path), "--trials", "10")
    assert data["shares"] == [{"id": data["run"]["candidates"][0]["id"], "members": 0.666667, "weight": 0.8, "basis": "weight"}]  # type: ignore[index]
    page = _page(cli, tmp_path, str(path), "--trials", "10")
    assert 'data-share-weight="0.8"' in page
    assert "Share of weight" in page


def test_the_cli_and_run_do_not_import_the_page_libraries() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from natosim.cli import app\n"
        "assert CliRunner().invoke(app, ['run']).exit_code == 0\n"
        "print(sorted(m for m in ('jinja2', 'matplotlib', 'networkx') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


CONTROL_TOML = """
title = "Ctl \\u001b[31mred\\u0007 \\b\\b back \\u202e evil"
as_of = 2024-01-01
rule = "unanimity"
deadline = 2024-03-01

[body]
name = "B\\u001bbody"

[body.members.AA]
name = "A\\u001b[2Ja \\u0007bell"
[body.members.BB]
name = "B\\bb\\b\\b\\bback \\u202e"
[body.members.CC]
name = "C\\u202eevil\\u001b"

[candidates.c1]
name = "Cand\\u001b[1m \\b one \\u0007 \\u202e"
[candidates.c2]
name = "Second\\u202e\\b\\u001b]0;title\\u0007"

[allies.AA]
stance = "oppose"
reason = "why\\u001b[2J\\b"
[allies.BB]
stance = "support"
[allies.CC]
stance = "undecided"

[[influence]]
from = "BB"
to = "AA"
weight = 0.5

[[deals]]
name = "deal\\b\\u001b"
cost = 2
candidate = "c1"
effects = { AA = "support" }

[[events]]
date = 2024-01-10
ally = "CC"
stance = "support"
candidate = "c1"
note = "n\\u001bote\\b\\u0007"
"""
"""A scenario whose names, reasons, deals and notes hold ESC (and escape sequences), BEL, BS and U+202E."""


def test_control_characters_in_names_reach_no_figure_and_no_stream(tmp_path: Path) -> None:
    """Issue 25.5: matplotlib warned "Glyph 27 (\\x1b) missing from font" on stderr, raw bytes included."""
    import warnings

    from natosim._engine import report as reports
    from natosim._engine import scenario as scenarios
    from natosim.render.figures import plain

    assert plain("a\x1b[31mb\x07c\x08d\u202ee\nf") == "abcde f"
    src = tmp_path / "ctl.toml"
    src.write_text(CONTROL_TOML, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dossier = reports.build(scenarios.load(str(src)), trials=200, seed=1)
        text = html.page(dossier, version="x")
    assert [str(w.message) for w in caught] == []
    for c in "\x1b\x07\x08\u202e":
        assert c not in text
    out = tmp_path / "ctl.html"
    done = subprocess.run(
        [sys.executable, "-m", "natosim", "report", str(src), "--seed", "1", "--trials", "300", "-o", str(out)],
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONWARNINGS": "always"},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"natosim: wrote {out} ({out.stat().st_size:,} bytes); open it in a web browser\n".encode()  # no warning
    assert out.stat().st_size > 0
    picture = tmp_path / "curve.svg"  # forecast --plot draws the same names
    done = subprocess.run(
        [sys.executable, "-m", "natosim", "forecast", str(src), "--seed", "1", "--trials", "300", "--plot", str(picture)],
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONWARNINGS": "always"},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Glyph" not in done.stderr
    assert not any(c in done.stderr for c in (b"\x1b", b"\x07", b"\x08"))
    assert b"\x1b" not in picture.read_bytes()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=1, max_size=40).map(sorted),
    st.integers(1, 4),
    st.floats(80, 600),
)
def test_timeline_markers_never_overlap_and_keep_their_order(where: list[float], digits: int, right: float) -> None:
    from natosim.render.figures import marker_groups

    xs = [right * x for x in where]

    def label(i: int, j: int) -> str:
        return str(i).zfill(digits) if i == j else f"{i}–{j}"

    def room(text: str) -> float:
        return 7.0 * len(text) + 8

    groups = marker_groups(xs, label, room, right)
    # every step is in exactly one marker, in order
    assert [k for i, j, _ in groups for k in range(i, j + 1)] == list(range(len(xs)))
    for (i, j, left), (_, _, left2) in itertools.pairwise(groups):
        assert left + room(label(i, j)) < left2 + 1e-9  # the next marker starts after this one ends
    for i, j, left in groups:
        assert left >= 0
        assert left + room(label(i, j)) <= max(right, room(label(i, j))) + 1e-9


@settings(max_examples=150, deadline=None)
@given(
    st.dates(date(1990, 1, 1), date(2040, 1, 1)), st.integers(1, 4000), st.sampled_from([180.0, 260.0, 500.0]), st.sampled_from([8.5, 11.0])
)
def test_date_ticks_are_even_and_fit_side_by_side(start: date, days: int, room: float, size: float) -> None:
    from datetime import timedelta

    from natosim.render.figures import date_ticks, width

    end = start + timedelta(days=days)
    ticks = date_ticks(start, end, room, size)
    assert ticks
    dates = [d for d, _ in ticks]
    assert all(start <= d <= end for d in dates) or len(dates) == 1
    if len(dates) > 2:
        steps = {(b - a).days for a, b in itertools.pairwise(dates)}
        months = {(b.year - a.year) * 12 + b.month - a.month for a, b in itertools.pairwise(dates)}
        weekly = all(d.weekday() == 0 for d in dates) and len(steps) == 1
        monthly = all(d.day == 1 for d in dates) and len(months) == 1
        assert weekly or monthly, dates
    if len(dates) > 1:
        assert len(ticks) * (max(width(t, size) for _, t in ticks) + 12) <= room


def test_equal_power_is_one_sentence_and_unequal_power_a_chart(cli: Cli, tmp_path: Path) -> None:
    nato = _page(cli, tmp_path, "rutte-2024-04", "--seed", "1", "--trials", "300", name="nato.html")
    assert 'id="power-equal"' in nato
    assert "Every member holds the same power: 1/32 (3.1%) on both indices" in nato
    assert nato.count("<svg") == 2 * 2  # the graph and the forecast, wide and narrow: no bar chart
    unsc = _page(cli, tmp_path, "unsc-2022-02", "--seed", "1", "--trials", "300", name="unsc.html")
    assert 'id="power-equal"' not in unsc
    assert unsc.count("<svg") == 2 * 2  # the graph and the bars (no deadline: no forecast), wide and narrow


def test_every_body_cell_is_labelled_with_its_heading() -> None:
    from natosim.render.labels import label_cells

    page = (
        "<table><thead><tr><th>A &amp; B</th><th colspan=2>C\n D</th></tr></thead><tbody>\n"
        '<tr><th scope="row">x</th><td>y</td><td class="num">z</td></tr>\n'
        '<tr><td colspan="3">none</td></tr></tbody></table><p>after</p>'
    )
    assert label_cells(page) == (
        "<table><thead><tr><th>A &amp; B</th><th colspan=2>C\n D</th></tr></thead><tbody>\n"
        '<tr><th scope="row" data-label="A &amp; B">x</th><td data-label="C D">y</td><td class="num" data-label="C D">z</td></tr>\n'
        '<tr><td colspan="3">none</td></tr></tbody></table><p>after</p>'
    )
    assert label_cells("<p>no table</p>") == "<p>no table</p>"


def test_the_reproduce_line_breaks_only_between_words(cli: Cli, tmp_path: Path) -> None:
    text = _page(cli, tmp_path, "rutte-2024-04", "--seed", "11", "--trials", "700")
    line = re.search(r'<code id="command"[^>]*>(.*?)</code>', text)
    assert line is not None
    words = re.findall(r'<span class="w">([^<]*)</span>', line.group(1))
    assert words == ["natosim", "report", "rutte-2024-04", "--candidate", "rutte", "--seed", "11", "--trials", "700"]


def test_the_forecast_section_says_how_far_to_trust_the_number(cli: Cli, tmp_path: Path) -> None:
    from natosim._engine.forecast import track

    shipped = track.shipped()
    assert shipped is not None
    text = _page(cli, tmp_path, "rutte-2024-04", "--seed", "1", "--trials", TRIALS)
    block = text[text.index('<div id="track-record"') :]
    block = block[: block.index("</div>")]
    assert "How far to trust this number." in block
    assert f'data-brier="{round(shipped.brier, 6)}"' in block
    assert f"On {shipped.questions} resolved questions from {shipped.decisions} decisions" in block
    assert "came true." in block or "cannot vouch" in block
    # a scenario whose every rate is the author's own has no track record, and says so
    own = tmp_path / "own.toml"
    own.write_text(
        'title = "own"\nas_of = 2024-01-01\ndeadline = 2024-03-01\n[body]\nname = "b"\n[body.members.AAA]\nname = "A"\n'
        '[body.members.BBB]\nname = "B"\n[allies.AAA]\nstance = "support"\n[allies.BBB]\nstance = "oppose"\np_move = 0.5\n',
        encoding="utf-8",
    )
    page = _page(cli, tmp_path, str(own), "--seed", "1", "--trials", TRIALS, name="own.html")
    assert "Track record: none. Every rate comes from the scenario's own estimates" in page


def test_deals_and_influence_links_show_their_reason_and_source(cli: Cli, tmp_path: Path) -> None:
    data = _json(cli, "report", "rutte-2024-04", "--seed", "1", "--trials", TRIALS, "--format", "json")
    deals = data["deals"]
    assert isinstance(deals, list)
    assert [x["id"] for x in deals] == ["assurance"]
    assert deals[0]["cost"] == 2
    assert deals[0]["effects"] == {"HUN": "support"}
    assert deals[0]["reason"].startswith("Orban's price")
    assert "TRT World" in deals[0]["source"]
    graph = data["graph"]
    assert isinstance(graph, dict)
    (edge,) = graph["edges"]
    assert edge["reason"].startswith("Fico's government")
    assert "Kyiv Independent" in edge["reference"]
    page = _page(cli, tmp_path, "rutte-2024-04", "--seed", "1", "--trials", TRIALS)
    assert '<table id="deals">' in page
    assert "Orban&#39;s price for supporting Rutte" in page
    assert "Fico&#39;s government is aligned" in page


def test_report_to_a_file_says_where_it_went(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    result = cli("report", "--trials", "200", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"natosim: wrote {target} ({target.stat().st_size:,} bytes); open it in a web browser\n"


def test_a_report_of_a_file_with_events_says_which_day_it_describes(cli: Cli, tmp_path: Path) -> None:
    first = _page(cli, tmp_path, "rutte-2024", "--trials", "200", name="first.html")
    assert "before the 34 events the file records (2024-02-22 to 2024-06-20); for another day add" in first
    assert "<code>--at latest</code>" in first
    latest = _page(cli, tmp_path, "rutte-2024", "--at", "latest", "--trials", "200", name="latest.html")
    assert 'id="day-note"' not in latest
    assert 'data-as-of="2024-06-20"' in latest


def test_the_sensitivity_section_says_when_it_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # a bounded report: beyond REPORT_ESTIMATES estimated numbers the section says so instead of running for minutes
    from natosim import api
    from natosim._engine import report as engine_report

    monkeypatch.setattr(engine_report, "REPORT_ESTIMATES", 1)
    page = api.report("rutte-2024-04", trials=200, seed=1).html()
    assert "Left out of this page: the scenario has too many estimated numbers" in page
    assert 'id="break-evens"' not in page
