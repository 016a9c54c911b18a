"""Hard input handling: 10,000 generated documents, and no output at all when a command fails."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
import typer.main
from helpers import Cli, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.core import TyperGroup

import natosim
from natosim._engine import scenario as scenarios
from natosim.cli import app

# --- a TOML writer for generated trees ---------------------------------------------------

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    """A TOML key: bare when it can be, else a basic string."""
    return key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)


def toml_value(value: Any) -> str:
    """An inline TOML value (tables inline). JSON string escapes are valid TOML escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return ("-inf" if value < 0 else "inf") if math.isinf(value) else "nan" if math.isnan(value) else repr(value)
    if isinstance(value, int | dt.date | dt.time):  # dt.datetime is a dt.date
        return str(value).replace(" ", "T") if isinstance(value, dt.datetime) else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(tree: dict[str, Any]) -> str:
    """Top-level keys one per line; sub-tables inline."""
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in tree.items())


# --- generated documents: the contract's keys, plausible and wild values -------------------

ALLY_NAMES = ["Hungary", "HUN", "Turkey", "Türkiye", "Sweden", "Finland", "United States", "U.S.", "Narnia", "", "AAA", "hungary "]
STANCES = ["support", "oppose", "undecided", "abstain", "Support", "yes", ""]
IDS = ["rutte", "iohannis", "proposal", "kallas", "mark rutte", "", "x" * 41]

TEXTS = ["", "x", "Mark Rutte", "é\u0301", "a\tb", "\\", '"', "\x7f", "🙂", "x" * 300]
names = st.sampled_from(ALLY_NAMES)
texts = st.sampled_from(TEXTS)
stances = st.sampled_from(STANCES)
ids = st.sampled_from(IDS)
DAYS = [dt.date(1949, 4, 3), dt.date(1949, 4, 4), dt.date(2004, 3, 29), dt.date(2023, 11, 21), dt.date(2024, 3, 7), dt.date(2024, 4, 2)]
NUMBERS = [0, 1, -1, 0.5, 1.0, 2, 1.5, 1e-300, 1e308, 2**63 - 1, -(2**63), math.nan, math.inf, -math.inf]
days = st.sampled_from(DAYS) | st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2030, 12, 31))
numbers = st.sampled_from(NUMBERS) | st.floats(allow_nan=True, allow_infinity=True)
leaf = st.sampled_from(
    [*STANCES[:2], *ALLY_NAMES[:3], *NUMBERS[:6], True, False, *DAYS[3:], dt.datetime(2024, 4, 2, 10), dt.time(10)]
) | st.one_of(texts, numbers, days)
shallow = leaf | st.lists(leaf, max_size=2) | st.dictionaries(texts, leaf, max_size=2)
anything = st.recursive(leaf, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(texts, inner, max_size=2), max_leaves=4)


def maybe(mapping: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A table with any subset of these keys, and now and then a stray key."""
    return st.fixed_dictionaries({}, optional={**mapping, "junk": leaf})


ally = maybe(
    {
        "stance": stances | shallow,
        "stances": st.dictionaries(ids, stances, max_size=2),
        "cost": numbers,
        "threshold": numbers,
        "p_move": numbers,
        "reason": texts,
        "source": texts,
    }
)
candidate = maybe(
    {
        "name": texts,
        "nominated_by": names,
        "default": stances,
        "on_withdraw": st.dictionaries(names, stances, max_size=2),
        "withdraw_cost": numbers,
    }
)
event = maybe(
    {
        "date": days | shallow,
        "ally": names,
        "stance": stances,
        "candidate": ids,
        "withdraw": ids,
        "deal": st.sampled_from(["Assurance", "x"]),
        "source": texts,
    }
)
body = maybe(
    {
        "name": texts,
        "members": st.dictionaries(
            st.sampled_from(["AAA", "BBB", "aaa", "C-1", "D"]),
            maybe({"name": texts, "population": numbers, "weight": numbers}),
            max_size=3,
        ),
    }
)
rule = st.sampled_from(["unanimity", "consensus", "majority", "qualified-majority", "unanimous"]) | maybe(
    {
        "quota": numbers,
        "weight": st.sampled_from(["population", "weight", "one", "two"]),
        "min_members": numbers,
        "blocking_min": numbers,
    }
)
contract_tree = st.fixed_dictionaries(
    {},
    optional={
        "title": texts | shallow,
        "as_of": days | shallow,
        "members": st.lists(names, max_size=4),
        "rule": rule,
        "body": st.sampled_from(["nato", "eu", "un"]) | body,
        "deadline": days,
        "candidates": st.dictionaries(ids, candidate, max_size=3),
        "proposal": maybe({"name": texts}),
        "defaults": maybe({"stance": stances}),
        "allies": st.dictionaries(names, ally, max_size=3),
        "influence": st.lists(maybe({"from": names, "to": names, "weight": numbers}), max_size=3),
        "deals": st.lists(
            maybe({"name": st.sampled_from(["Assurance", "x"]), "effects": st.dictionaries(names, stances, max_size=2), "cost": numbers}),
            max_size=2,
        ),
        "events": st.lists(event, max_size=2),
        "junk": shallow,
    },
)
# Mostly valid: title and as_of present, so that the loader gets past the first checks.
plausible = st.tuples(texts, st.dates(min_value=dt.date(1949, 4, 4), max_value=dt.date(2030, 1, 1)), contract_tree).map(
    lambda t: {"title": t[0], "as_of": t[1], **t[2]}
)
random_toml = (plausible | contract_tree | st.dictionaries(texts, anything, max_size=4)).map(toml_document)

BUNDLED = [scenarios.bundled_path(n).read_bytes() for n in scenarios.bundled()]
TOKENS = [
    b'"',
    b"'",
    b"[",
    b"]",
    b"[[",
    b"=",
    b"\n",
    b"{",
    b"}",
    b",",
    b"#",
    b"nan",
    b"1e999",
    b"\x00",
    b"\xff",
    b"\r",
    b"\\",
    b"\xef\xbb\xbf",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A bundled scenario with a few bytes deleted, replaced or inserted."""
    data = draw(st.sampled_from(BUNDLED))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 12))
        insert = draw(st.sampled_from(TOKENS) | st.binary(max_size=6) | st.just(b""))
        data = data[:at] + insert + data[at + cut :]
    return data


documents = st.one_of(random_toml, random_toml.map(lambda s: s.encode("utf-8")), st.binary(max_size=300), mutated())


@settings(max_examples=examples(10_000), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents)
def test_parse_accepts_or_raises_natosim_error_only(document: str | bytes) -> None:
    """Any document either loads or raises NatosimError with a one-line message; nothing else escapes."""
    try:
        natosim.parse(document, path="fuzz.toml")
    except natosim.NatosimError as e:
        text = str(e)
        assert text.startswith("fuzz.toml")
        assert "\n" not in text


@settings(
    max_examples=examples(2000),  # from the profile (tests/conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents)
def test_check_lists_what_parse_raises_and_nothing_for_what_it_accepts(document: str | bytes) -> None:
    """``check`` never raises; it finds no problem exactly when ``parse`` accepts, and the error ``parse`` raises among its problems."""
    problems = natosim._engine.scenario.check_text(document, path="fuzz.toml")
    raised: natosim.NatosimError | None = None
    try:
        natosim.parse(document, path="fuzz.toml")
    except natosim.NatosimError as e:
        raised = e
    if raised is None:
        assert problems == ()
    else:
        assert str(raised) in [str(p) for p in problems]
    for p in problems:
        assert p.file == "fuzz.toml"
        assert "\n" not in str(p)
        assert p.line is None or p.line >= 1


def test_the_toml_writer_round_trips() -> None:
    """The generator's documents really are the trees (so the fuzzing reaches the loader's checks)."""
    import tomllib

    tree = {"title": "t é", "as_of": dt.date(2024, 4, 2), "allies": {"United States": {"stance": "support", "cost": 1.5}}, "x": [1, True]}
    assert tomllib.loads(toml_document(tree)) == tree


# --- nothing is written when a command fails -----------------------------------------------

BAD_TOML = 'title = "Bad"\nas_of = 2024-04-02\n[allies.Hungry]\nstance = "oppose"\n'
NO_SCENARIO = {  # commands without a SCENARIO: arguments that make them fail
    "allies": ["--as-of", "1900-01-01"],
    "init": ["--as-of", "1900-01-01"],
    "scenarios": None,  # takes no input that can be wrong
    "schema": None,  # only fails on an existing --output (tested below)
}


def _commands() -> dict[str, Any]:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return dict(sorted(group.commands.items()))


def _failing_args(name: str, command: Any, bad: Path, out: Path) -> list[str] | None:
    params = {p.name: p for p in command.params}
    args = [p for p in command.params if p.param_type_name == "argument"]
    if name in NO_SCENARIO:
        extra = NO_SCENARIO[name]
        if extra is None:
            return None
        if name == "init":
            return [str(out), *extra]
        return [*extra, *(["--output", str(out)] if "output" in params else [])]
    words = [str(bad) for _ in args]
    return [*words, *(["--output", str(out)] if "output" in params else [])]


@pytest.mark.parametrize("name", list(_commands()))
def test_a_failing_command_writes_nothing(cli: Cli, tmp_path: Path, name: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_TOML, encoding="utf-8")
    out = tmp_path / "out.txt"
    args = _failing_args(name, _commands()[name], bad, out)
    if args is None:
        pytest.skip(f"{name} takes no input that can be wrong (schema: see test_schema_refuses_to_overwrite)")
    result = cli(name, *args)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    assert result.stdout == ""
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]  # no temporary file either
    lines = result.stderr.splitlines()
    assert len(lines) >= 1
    assert all(line.startswith("natosim: error: ") for line in lines)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", [n for n, c in _commands().items() if any(p.name == "scenario" for p in c.params)])
def test_a_bad_scenario_on_stdin_writes_nothing(cli: Cli, name: str) -> None:
    result = cli(name, "-", input=BAD_TOML)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("natosim: error: <stdin>: allies.Hungry: unknown ally 'Hungry'")


def test_schema_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    out.write_text("mine", encoding="utf-8")
    result = cli("schema", "--output", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == "mine"


def test_a_good_scenario_on_stdin(cli: Cli) -> None:
    result = cli("run", "-", "--format", "json", input=scenarios.bundled_path("rutte-2024-04").read_bytes())
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["members"] == 32
