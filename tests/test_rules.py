"""Decision rules on small declared bodies: unanimity and consensus (contract semantics)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from helpers import Cli, MakeScenario, body_toml, examples
from hypothesis import given, settings
from hypothesis import strategies as st

import natosim
from natosim._engine.rules import Bar, Rule, rule_for
from natosim.model import Member, RuleSpec, Stance


def verdict(make_scenario: MakeScenario, stances: dict[str, str], rule: str = "unanimity") -> natosim.Verdict:
    report = natosim.evaluate(make_scenario(stances, rule=f'"{rule}"'))
    assert len(report.verdicts) == 1
    return report.verdicts[0]


@pytest.mark.parametrize(
    ("stances", "adopted", "blockers"),
    [
        ({"AAA": "support", "BBB": "support", "CCC": "support"}, True, ()),
        ({"AAA": "support", "BBB": "abstain", "CCC": "support"}, True, ()),  # an abstention does not block
        ({"AAA": "abstain", "BBB": "abstain", "CCC": "abstain"}, True, ()),
        ({"AAA": "support", "BBB": "undecided", "CCC": "support"}, False, ("BBB",)),  # undecided blocks
        ({"AAA": "oppose", "BBB": "support", "CCC": "undecided"}, False, ("AAA", "CCC")),
        ({"CCC": "oppose", "AAA": "oppose", "BBB": "abstain"}, False, ("AAA", "CCC")),  # sorted by code
    ],
)
def test_unanimity(make_scenario: MakeScenario, stances: dict[str, str], adopted: bool, blockers: tuple[str, ...]) -> None:
    v = verdict(make_scenario, stances)
    assert v.adopted is adopted
    assert v.blockers == blockers


@pytest.mark.parametrize(
    ("stances", "adopted", "blockers"),
    [
        ({"AAA": "support", "BBB": "undecided", "CCC": "abstain"}, True, ()),  # silence is assent
        ({"AAA": "undecided", "BBB": "undecided", "CCC": "undecided"}, True, ()),
        ({"AAA": "support", "BBB": "oppose", "CCC": "undecided"}, False, ("BBB",)),  # only oppose blocks
        ({"AAA": "oppose", "BBB": "oppose", "CCC": "support"}, False, ("AAA", "BBB")),
    ],
)
def test_consensus(make_scenario: MakeScenario, stances: dict[str, str], adopted: bool, blockers: tuple[str, ...]) -> None:
    v = verdict(make_scenario, stances, "consensus")
    assert v.adopted is adopted
    assert v.blockers == blockers


def test_counts_cover_every_stance(make_scenario: MakeScenario) -> None:
    v = verdict(make_scenario, {"AAA": "support", "BBB": "oppose", "CCC": "oppose", "DDD": "abstain"})
    assert dict(v.counts) == {Stance.SUPPORT: 1, Stance.OPPOSE: 2, Stance.UNDECIDED: 0, Stance.ABSTAIN: 1}


MEMBERS = tuple(Member(code, f"{code} land") for code in ("AAA", "BBB", "CCC"))


@pytest.mark.parametrize("name", ["unanimity", "consensus"])
def test_adopted_iff_no_blockers_for_every_combination(name: str) -> None:
    rule: Rule = rule_for(RuleSpec(name))
    for combo in itertools.product(list(Stance), repeat=len(MEMBERS)):
        stances = {m.code: s for m, s in zip(MEMBERS, combo, strict=True)}
        blockers = rule.blockers(MEMBERS, stances)
        assert rule.adopted(MEMBERS, stances) == (not blockers)
        blocking = {Stance.OPPOSE} if name == "consensus" else {Stance.OPPOSE, Stance.UNDECIDED}
        assert set(blockers) == {code for code, s in stances.items() if s in blocking}


def test_the_rule_name_appears_in_json(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(body_toml({"AAA": "support", "BBB": "undecided"}, rule='"consensus"'), encoding="utf-8")
    result = cli("run", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rule"] == "consensus"
    assert data["consensus"] is True
    assert data["members"] == 2
    override = cli("run", str(path), "--rule", "unanimity", "--format", "json")
    assert override.exit_code == 0
    assert [b["code"] for b in json.loads(override.stdout)["candidates"][0]["blockers"]] == ["BBB"]


@settings(deadline=None, derandomize=True, max_examples=examples(2000))
@given(
    st.integers(0, 12),
    st.integers(0, 14),
    st.integers(0, 2**70),
    st.integers(0, 14),
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 2**70)), min_size=1, max_size=20),
)
def test_the_vectorised_bar_is_the_scalar_bar(n: int, count: int, weight: int, blocking: int, cases: list[tuple[int, int]]) -> None:
    """``Bar.passes_many`` (every engine's numpy form) agrees with ``Bar.passes`` element by element, Python ints beyond int64 included;
    the blocking-minority count ``Bar.alone`` is where too few members are left out to block."""
    import numpy as np

    bar = Bar(n=n, count=count, weight=weight, blocking_min=blocking)
    counts = np.asarray([c for c, _ in cases], dtype=np.int64)
    big = any(w >= 2**62 for _, w in cases) or weight >= 2**62
    weights = np.asarray([w for _, w in cases], dtype=object if big else np.int64)
    assert bar.passes_many(counts, weights).tolist() == [bar.passes(c, w) for c, w in cases]
    for c in range(n + 1):  # a body of n members has 0..n supporters
        assert (c >= bar.alone) == (blocking > 0 and n - c < blocking)
