"""Ranges on estimates in the scenario file (contract v1.3): loading, checking, and that other commands use ``best``."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from helpers import Cli, examples
from hypothesis import given, settings
from hypothesis import strategies as st

import natosim
from natosim._engine.estimates import BOUNDS
from natosim.errors import NatosimError
from natosim.model import Estimate

BASE = """title = "t"
as_of = 2024-01-01
[body]
name = "b"
[body.members.AAA]
name = "Aland"
[body.members.BBB]
name = "Bland"
[body.members.CCC]
name = "Cland"
[candidates.one]
name = "One"
[candidates.two]
name = "Two"
[defaults]
stance = "support"
"""

# kind -> (TOML place written, key path of the number, Estimate target)
PLACES = {
    "cost": ("[allies.Aland]\nstance = 'oppose'\ncost = {v}\n", "allies.Aland.cost"),
    "threshold": ("[allies.Aland]\nstance = 'oppose'\nthreshold = {v}\n", "allies.Aland.threshold"),
    "p_move": ("[allies.Aland]\nstance = 'oppose'\np_move = {{ two = {v} }}\n", "allies.Aland.p_move.two"),
    "median_days": ("[allies.Aland]\nstance = 'oppose'\nmedian_days = {v}\n", "allies.Aland.median_days"),
    "weight": ("[[influence]]\nfrom = 'Bland'\nto = 'Aland'\nweight = {v}\n", "influence[1].weight"),
    "deal_cost": ("[[deals]]\nname = 'D'\neffects = {{ Aland = 'support' }}\ncost = {v}\n", "deals[1].cost"),
    "withdraw_cost": ("", "candidates.two.withdraw_cost"),
}


def _toml(kind: str, value: str) -> str:
    if kind == "withdraw_cost":
        return BASE.replace('name = "Two"\n', f'name = "Two"\nwithdraw_cost = {value}\n')
    return BASE + PLACES[kind][0].format(v=value)


def _in(kind: str) -> st.SearchStrategy[float]:
    b = BOUNDS[kind]
    hi = min(b.hi, 1e6)
    return st.floats(b.lo, hi, exclude_min=not b.closed, allow_nan=False).map(lambda x: float(repr(x)))


@st.composite
def valid_ranges(draw: st.DrawFn) -> tuple[str, float, float | None, float]:
    kind = draw(st.sampled_from(sorted(PLACES)))
    a, b = sorted((draw(_in(kind)), draw(_in(kind))))
    best = draw(st.none() | st.floats(a, b, allow_nan=False))
    return kind, a, best, b


def _range(low: object, best: object, high: object) -> str:
    parts = [f"low = {low!r}"] + ([f"best = {best!r}"] if best is not None else []) + [f"high = {high!r}"]
    return "{ " + ", ".join(parts) + " }"


@settings(max_examples=examples(400))
@given(valid_ranges())
def test_any_valid_range_loads_and_the_number_holds_best(case: tuple[str, float, float | None, float]) -> None:
    kind, low, best, high = case
    s = natosim.parse(_toml(kind, _range(low, best, high)), path="f.toml")
    (e,) = s.ranges
    expected = best if best is not None else float((Fraction(repr(low)) + Fraction(repr(high))) / 2)
    assert (e.kind, e.place, e.low, e.best, e.high) == (kind, PLACES[kind][1], low, expected, high)
    plain = natosim.parse(_toml(kind, repr(expected)), path="f.toml")  # the same file with best written as a number
    assert plain.ranges == ()
    assert plain.positions == s.positions
    assert plain.influence == s.influence
    assert plain.deals == s.deals
    assert plain.candidates == s.candidates


def _bad(kind: str) -> st.SearchStrategy[tuple[str, str, str]]:
    """An invalid range for ``kind``: its text and the place and words the error must hold."""
    b = BOUNDS[kind]
    place = PLACES[kind][1]
    ok = _in(kind)
    out_of_bounds = st.sampled_from([b.lo - 1, b.hi * 2, -0.5] + ([b.lo] if not b.closed else []))
    return st.one_of(
        st.tuples(out_of_bounds, ok).map(lambda t: (_range(t[0], None, t[1]), f"{place}.low", "expected a number in")),
        st.tuples(ok, out_of_bounds).map(lambda t: (_range(t[0], None, t[1]), f"{place}.high", "expected a number in")),
        st.tuples(ok, ok).filter(lambda t: t[0] != t[1]).map(lambda t: (_range(max(t), None, min(t)), place, "is above high")),
        st.tuples(ok, ok, ok)
        .filter(lambda t: not min(t[0], t[2]) <= t[1] <= max(t[0], t[2]))
        .map(lambda t: (_range(min(t[0], t[2]), t[1], max(t[0], t[2])), f"{place}.best", "expected low <= best <= high")),
        ok.map(lambda x: ("{ low = " + repr(x) + " }", place, "missing 'high'")),
        st.just(('{ low = "1", high = 2 }', f"{place}.low", "expected a number in")),
        st.just(("{ low = 0.5, high = 0.5, middle = 0.5 }", place, "unknown key 'middle'")),
    )


@settings(max_examples=examples(400))
@given(st.sampled_from(sorted(PLACES)).flatmap(lambda k: st.tuples(st.just(k), _bad(k))))
def test_any_invalid_range_is_one_error_naming_file_and_place(case: tuple[str, tuple[str, str, str]]) -> None:
    kind, (text, place, words) = case
    with pytest.raises(NatosimError) as info:
        natosim.parse(_toml(kind, text), path="f.toml")
    line = str(info.value)
    assert "\n" not in line
    assert line.startswith(f"f.toml: {place}: "), line
    assert words in line


def test_the_first_candidates_number_and_a_bare_range() -> None:
    s = natosim.parse(BASE + "[allies.Aland]\nstance = 'oppose'\np_move = { low = 0.2, high = 0.6 }\n", path="f.toml")
    assert s.ranges == (Estimate("allies.Aland.p_move", "p_move", "AAA", 0.2, 0.4, 0.6, candidate="one"),)
    assert s.positions["AAA"].p_move == 0.4


def test_a_table_by_candidates_named_low_and_high_keeps_its_meaning() -> None:
    text = BASE.replace("[candidates.one]", "[candidates.low]").replace("[candidates.two]", "[candidates.high]")
    s = natosim.parse(text + "[allies.Aland]\nstance = 'oppose'\np_move = { low = 0.2, high = 0.6 }\n", path="f.toml")
    assert s.ranges == ()
    assert dict(s.positions["AAA"].p_moves) == {"low": 0.2, "high": 0.6}


def test_validate_lists_range_problems_with_their_line(cli: Cli, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "f.toml"
    path.write_text(BASE + "[allies.Aland]\nstance = 'oppose'\ncost = { low = 3, high = 2 }\nthreshold = { low = 0, high = 1 }\n")
    result = cli("validate", str(path), "--format", "json")
    assert result.exit_code == 2
    problems = json.loads(result.stdout)["problems"]
    assert [p["where"] for p in problems] == ["allies.Aland.cost", "allies.Aland.threshold.low"]


def test_other_commands_use_best(cli: Cli, tmp_path: object) -> None:
    from pathlib import Path

    ranged = Path(str(tmp_path)) / "r.toml"
    plain = Path(str(tmp_path)) / "p.toml"
    ranged.write_text(BASE + "[allies.Aland]\nstance = 'oppose'\ncost = { low = 1, best = 4, high = 9 }\n")
    plain.write_text(BASE + "[allies.Aland]\nstance = 'oppose'\ncost = 4\n")
    for command in ("run", "paths"):
        a = cli(command, str(ranged), "--format", "json")
        b = cli(command, str(plain), "--format", "json")
        assert a.exit_code == b.exit_code == 0
        assert a.stdout == b.stdout
