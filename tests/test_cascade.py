"""Influence cascades: hand-computed cases, the bitset closure against the BFS, graph helpers, what-if and graph export."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from helpers import body_toml, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

import natosim
from natosim._engine import cascade, step
from natosim.choices import GraphFormat
from natosim.model import Scenario, Stance
from natosim.render.graph import influence_graph, render_graph

Edges = Sequence[tuple[str, str, float]]


def body(
    stances: Mapping[str, str],
    edges: Edges = (),
    *,
    thresholds: Mapping[str, float] | None = None,
    costs: Mapping[str, float] | None = None,
    extra: str = "",
) -> Scenario:
    """A declared body with one proposal, explicit stances, thresholds, costs and influence edges."""
    toml = body_toml(stances, edges=edges, thresholds=thresholds, costs=costs, extra=extra)
    return natosim.parse(toml, path="cascade.toml")


def follow(s: Scenario, *codes: str, frozen: Sequence[str] = ()) -> tuple[dict[str, Stance], tuple[cascade.Follow, ...]]:
    """Flip ``codes`` to support on the proposal and run the cascade."""
    stances = dict(s.stances["proposal"])
    for c in codes:
        stances[c] = Stance.SUPPORT
    return cascade.spread(cascade.network(s), stances, codes, frozen=frozen)


# --- hand-computed cascades ---------------------------------------------------------------


def test_a_chain_follows_link_by_link_in_order() -> None:
    s = body(
        {"AA": "oppose", "BB": "undecided", "CC": "oppose", "DD": "undecided"}, [("AA", "BB", 1.0), ("BB", "CC", 0.5), ("CC", "DD", 0.4)]
    )
    new, follows = follow(s, "AA")
    # BB: 1.0 >= 0.5 -> follows; CC: 0.5 >= 0.5 (exactly) -> follows; DD: 0.4 < 0.5 -> stays
    assert [f.code for f in follows] == ["BB", "CC"]
    assert [f.tipped_by for f in follows] == [("AA",), ("BB",)]
    assert [f.before for f in follows] == [Stance.UNDECIDED, Stance.OPPOSE]
    assert new["DD"] is Stance.UNDECIDED


def test_a_cycle_is_followed_once_and_terminates() -> None:
    s = body({"AA": "oppose", "BB": "oppose", "CC": "oppose"}, [("AA", "BB", 0.6), ("BB", "CC", 0.6), ("CC", "AA", 0.6)])
    new, follows = follow(s, "BB")
    assert [f.code for f in follows] == ["CC", "AA"]
    assert all(new[c] is Stance.SUPPORT for c in ("AA", "BB", "CC"))
    assert cascade.cycles(s) == (("AA", "BB", "CC"),)


@pytest.mark.parametrize(
    ("weights", "threshold", "follows"),
    [
        ((0.25, 0.25), 0.5, True),  # exactly reached
        ((0.2, 0.25), 0.5, False),  # just short
        ((0.1, 0.2), 0.3, True),  # 0.1 + 0.2 = 0.30000000000000004 in floating point: reached
        ((0.1, 0.6), 0.7, True),  # 0.1 + 0.6 = 0.7 (0.69999999999999996): reached within rounding
        ((1.0,), 1.0, True),  # the largest threshold, one full edge
    ],
)
def test_thresholds_exactly_reached_count(weights: tuple[float, ...], threshold: float, follows: bool) -> None:
    sources = ["AA", "BB"][: len(weights)]
    s = body(
        {**{c: "oppose" for c in sources}, "TT": "undecided"},
        [(c, "TT", w) for c, w in zip(sources, weights, strict=True)],
        thresholds={"TT": threshold},
    )
    new, _ = follow(s, *sources)
    assert (new["TT"] is Stance.SUPPORT) is follows


def test_several_influencers_sum_and_all_are_named() -> None:
    s = body({"AA": "oppose", "BB": "oppose", "TT": "undecided"}, [("AA", "TT", 0.3), ("BB", "TT", 0.3)])
    _, alone = follow(s, "AA")
    assert alone == ()
    _, together = follow(s, "AA", "BB")
    assert [(f.code, f.tipped_by, round(f.weight, 9), f.threshold) for f in together] == [("TT", ("AA", "BB"), 0.6, 0.5)]


def test_only_changes_trigger_but_declared_supporters_count() -> None:
    # SS already supports and fully influences XX, yet XX is not carried along by the declared state:
    s = body({"SS": "support", "XX": "undecided", "YY": "oppose", "ZZ": "oppose"}, [("SS", "XX", 1.0), ("YY", "XX", 0.1)])
    assert natosim.evaluate(s).verdicts[0].blockers == ("XX", "YY", "ZZ")
    _, follows = follow(s, "ZZ")  # a change elsewhere does not reach XX
    assert follows == ()
    _, follows = follow(s, "YY")  # a change of an influencer does: SS's 1.0 + YY's 0.1
    assert [(f.code, f.tipped_by) for f in follows] == [("XX", ("SS", "YY"))]


def test_stubborn_members_never_follow_and_stop_the_chain() -> None:
    s = body({"AA": "oppose", "BB": "oppose", "CC": "oppose"}, [("AA", "BB", 1.0), ("BB", "CC", 1.0)])
    new, follows = follow(s, "AA", frozen=["BB"])
    assert follows == ()
    assert new["BB"] is Stance.OPPOSE
    assert new["CC"] is Stance.OPPOSE


def test_an_abstainer_follows_too() -> None:
    s = body({"AA": "oppose", "BB": "abstain"}, [("AA", "BB", 0.5)])
    _, follows = follow(s, "AA")
    assert [(f.code, f.before) for f in follows] == [("BB", Stance.ABSTAIN)]


def test_a_flip_away_from_support_triggers_nothing() -> None:
    s = body({"AA": "support", "BB": "oppose"}, [("AA", "BB", 1.0)])
    applied = step.apply(s, [step.Flip("AA", Stance.OPPOSE, "proposal")])
    assert applied.followed == ()


def test_reachable_lists_possible_followers() -> None:
    s = body({"AA": "oppose", "BB": "oppose", "CC": "oppose", "DD": "oppose"}, [("AA", "BB", 0.1), ("BB", "CC", 0.1)])
    assert cascade.reachable(s, "AA") == ("BB", "CC")
    assert cascade.reachable(s, "DD") == ()
    assert cascade.cycles(s) == ()


def test_the_bundled_edge_carries_slovakia_with_hungary() -> None:
    s = natosim.load("rutte-2024-04")
    new, follows = follow_candidate(s, "rutte", "HUN")
    assert [(f.code, f.tipped_by, f.weight, f.threshold) for f in follows] == [("SVK", ("HUN",), 0.6, 0.5)]
    assert new["SVK"] is Stance.SUPPORT


def follow_candidate(s: Scenario, cid: str, *codes: str) -> tuple[dict[str, Stance], tuple[cascade.Follow, ...]]:
    stances = dict(s.stances[cid])
    for c in codes:
        stances[c] = Stance.SUPPORT
    return cascade.spread(cascade.network(s), stances, codes)


# --- the bitset closure reaches the same fixpoint as the BFS ------------------------------

CODES = ["AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH"]


@st.composite
def graphs(draw: st.DrawFn) -> tuple[Scenario, list[str], list[str]]:
    stances = {c: draw(st.sampled_from(["support", "oppose", "undecided", "abstain"])) for c in CODES}
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(CODES)).filter(lambda p: p[0] != p[1]), max_size=20, unique=True)
    )
    edges = [(a, b, draw(st.sampled_from([0.1, 0.2, 0.25, 0.3, 0.5, 0.6, 1.0]))) for a, b in pairs]
    thresholds = {c: draw(st.sampled_from([0.1, 0.3, 0.5, 0.6, 1.0])) for c in CODES}
    movers = [c for c in CODES if stances[c] != "support"]
    seed = draw(st.lists(st.sampled_from(movers), unique=True)) if movers else []
    frozen = draw(st.lists(st.sampled_from(movers), unique=True, max_size=2)) if movers else []
    return body(stances, edges, thresholds=thresholds), seed, [f for f in frozen if f not in seed]


@settings(max_examples=examples(1000))
@given(graphs())
def test_the_bitset_closure_equals_the_bfs(case: tuple[Scenario, list[str], list[str]]) -> None:
    s, seed, frozen = case
    base = s.stances["proposal"]
    movers = [c for c in CODES if base[c] is not Stance.SUPPORT]
    compiled = cascade.compile_network(cascade.network(s), base, movers, frozen=frozen)
    bit = {c: 1 << i for i, c in enumerate(compiled.codes)}
    got = compiled.closure(sum(bit[c] for c in seed))
    new, follows = follow(s, *seed, frozen=frozen)
    assert {c for c in compiled.codes if got & bit[c]} == {c for c in movers if new[c] is Stance.SUPPORT}
    assert len({f.code for f in follows}) == len(follows)  # nobody follows twice


# --- what-if shows who tipped whom ---------------------------------------------------------


def test_what_if_names_the_followers_and_their_influencers(cli: Callable[..., Result]) -> None:
    result = cli("what-if", "--flip", "Hungary", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["code"] for c in data["changes"]] == ["HUN"]
    assert data["cascade"] == [
        {
            "candidate": "rutte",
            "code": "SVK",
            "name": "Slovakia",
            "from": "undecided",
            "to": "support",
            "tipped_by": ["HUN"],
            "weight": 0.6,
            "threshold": 0.5,
        }
    ]
    table = cli("what-if", "--flip", "Hungary")
    assert table.exit_code == 0
    row = next(line for line in table.stdout.splitlines() if "SVK" in line)
    assert "HUN" in row
    assert "0.6 ≥ 0.5" in row


def test_what_if_no_cascade_compares(cli: Callable[..., Result]) -> None:
    result = cli("what-if", "--flip", "Hungary", "--no-cascade", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["cascade"] == []
    rutte = next(c for c in data["candidates"] if c["id"] == "rutte")
    assert [b["code"] for b in rutte["blockers"]] == ["ROU", "SVK", "TUR"]
    table = cli("what-if", "--flip", "Hungary", "--no-cascade")
    assert "Followed through the cascade: not computed (--no-cascade)" in table.stdout


def test_a_deal_carries_its_followers(cli: Callable[..., Result]) -> None:
    deal = "Written assurance: no Hungarian role in NATO's Ukraine support"
    result = cli("what-if", "--deal", deal, "--flip", "Turkey", "--withdraw", "iohannis", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["consensus"] is True
    assert [(c["code"], c["tipped_by"]) for c in data["cascade"]] == [("SVK", ["HUN"])]


# --- graph export --------------------------------------------------------------------------

SUFFIX = {GraphFormat.MERMAID: "mmd", GraphFormat.DOT: "dot", GraphFormat.GRAPHML: "graphml"}


@pytest.mark.parametrize("fmt", list(GraphFormat))
def test_graph_golden(cli: Callable[..., Result], golden: Callable[[str, str], None], fmt: GraphFormat) -> None:
    result = cli("graph", "--format", fmt.value)
    assert result.exit_code == 0, result.stderr
    golden(f"influence-graph.rutte-2024-04.{SUFFIX[fmt]}", result.stdout)


def test_graph_all_members_golden(cli: Callable[..., Result], golden: Callable[[str, str], None]) -> None:
    result = cli("graph", "--all", "--candidate", "iohannis")
    assert result.exit_code == 0, result.stderr
    golden("influence-graph.rutte-2024-04.all-iohannis.mmd", result.stdout)


def test_every_graph_format_renders() -> None:
    g = influence_graph(natosim.load("rutte-2024-04"), "rutte")
    for fmt in GraphFormat:
        assert "SVK" in render_graph(g, fmt)


def test_mermaid_is_a_styled_flowchart() -> None:
    s = body({"AA": "oppose", "BB": "undecided", "CC": "abstain", "DD": "support"}, [("AA", "BB", 0.6), ("DD", "CC", 1.0)])
    text = render_graph(influence_graph(s, "proposal"), GraphFormat.MERMAID)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert '    m_AA["AA land (AA)<br/>oppose"]:::oppose' in lines
    assert '    m_BB["BB land (BB)<br/>undecided · threshold 0.5"]:::undecided' in lines
    assert '    m_AA -->|"0.6"| m_BB' in lines
    assert '    m_DD -->|"1"| m_CC' in lines
    for stance in Stance:
        assert any(line.startswith(f"    classDef {stance.value} fill:") for line in lines)


def test_labels_are_escaped() -> None:
    s = natosim.parse(
        'title = "q"\nas_of = 2024-01-01\n[body]\nname = "b"\n[body.members.AA]\nname = "A \\"quoted\\" <land>"\n'
        '[body.members.BB]\nname = "B"\n[[influence]]\nfrom = "AA"\nto = "BB"\nweight = 0.5\n',
        path="q.toml",
    )
    g = influence_graph(s, "proposal")
    assert "A #quot;quoted#quot; #lt;land#gt; (AA)" in render_graph(g, GraphFormat.MERMAID)
    assert 'label="A \\"quoted\\" <land> (AA)\\n' in render_graph(g, GraphFormat.DOT)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dot_parses() -> None:
    pydot = pytest.importorskip("pydot")
    text = render_graph(influence_graph(natosim.load("rutte-2024-04"), "rutte", every=True), GraphFormat.DOT)
    (g,) = pydot.graph_from_dot_data(text)
    assert {n.get_name().strip('"') for n in g.get_nodes()} >= {"HUN", "SVK", "USA"}
    assert [(e.get_source(), e.get_destination()) for e in g.get_edges()] == [('"HUN"', '"SVK"')]


def test_graphml_reads_back_with_networkx(tmp_path: Path, cli: Callable[..., Result]) -> None:
    import networkx as nx

    out = tmp_path / "g.graphml"
    result = cli("graph", "--format", "graphml", "--all", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == 32
    assert list(g.edges(data=True)) == [("HUN", "SVK", {"weight": 0.6})]
    assert g.nodes["HUN"]["stance"] == "oppose"
    assert g.nodes["SVK"]["threshold"] == 0.5


def test_graph_output_refuses_to_overwrite(tmp_path: Path, cli: Callable[..., Result]) -> None:
    out = tmp_path / "g.mmd"
    out.write_text("keep me", encoding="utf-8")
    result = cli("graph", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"natosim: error: --output {out}: file exists; expected a new file name or --force\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = cli("graph", "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("flowchart LR\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.mmd"]  # no temporary file left behind


def test_graph_rejects_an_unknown_format_and_candidate(cli: Callable[..., Result]) -> None:
    bad = cli("graph", "--format", "png")
    assert bad.exit_code == 2
    unknown = cli("graph", "--candidate", "stoltenberg")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("natosim: error: ")
    assert "unknown candidate 'stoltenberg'" in unknown.stderr


def test_the_worked_example_of_the_docs() -> None:
    stances = {"AA": "oppose", "BB": "oppose", "CC": "oppose", "DD": "oppose"}
    edges = [("AA", "CC", 0.3), ("BB", "CC", 0.3), ("CC", "DD", 1.0)]
    s = body(stances, edges)
    assert follow(s, "AA")[1] == ()
    _, both = follow(s, "AA", "BB")
    assert [(f.code, f.tipped_by) for f in both] == [("CC", ("AA", "BB")), ("DD", ("CC",))]
    exact = body(stances, edges, thresholds={"CC": 0.6})
    assert [f.code for f in follow(exact, "AA", "BB")[1]] == ["CC", "DD"]
    b_supports = body({**stances, "BB": "support"}, edges)
    assert [f.code for f in follow(b_supports, "AA")[1]] == ["CC", "DD"]
    assert natosim.evaluate(b_supports).verdicts[0].blockers == ("AA", "CC", "DD")
