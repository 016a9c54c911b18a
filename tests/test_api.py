"""The library for notebooks (natosim.api): keyword arguments, names or codes, errors naming the
parameter, results whose to_dict() is the command's JSON and whose repr is one short line."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

import natosim
from natosim import api
from natosim._engine import paths as search
from natosim._engine import scenario as scenarios
from natosim.errors import NatosimError
from natosim.model import Scenario, Stance

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("load", "evaluate", "what_if", "paths", "timeline", "forecast", "power", "compare_rules")
APRIL = "rutte-2024-04"


@pytest.fixture(scope="module")
def april() -> Scenario:
    return api.load(APRIL)


def test_dir_lists_every_command_and_each_is_callable() -> None:
    names = dir(natosim)
    for name in COMMANDS:
        assert name in names
        assert callable(getattr(natosim, name)), name
    assert natosim.paths(APRIL, limit=1).to_dict() == api.paths(APRIL, limit=1).to_dict()


def test_each_top_level_name_is_the_api_function_whatever_imports_the_engines_first() -> None:
    # no callable modules, no second names: natosim.paths is natosim.api.paths even after the engine named
    # paths is imported, and the old second names (find_paths, run_forecast, voting_power, replay) are gone
    code = (
        "import natosim._engine.power, natosim._engine.paths, natosim._engine.timeline\n"
        "from natosim._engine.forecast.simulate import forecast\n"
        "import natosim, natosim.api, types\n"
        "for name in ('power', 'paths', 'timeline', 'forecast', 'load', 'what_if', 'sensitivity'):\n"
        "    assert getattr(natosim, name) is getattr(natosim.api, name), name\n"
        "    assert not isinstance(getattr(natosim, name), types.ModuleType), name\n"
        "for gone in ('find_paths', 'run_forecast', 'voting_power', 'replay', 'apply', 'state_on'):\n"
        "    assert not hasattr(natosim, gone), gone\n"
        "print(natosim.power('rutte-2024-04').report.rule.name, natosim.timeline('rutte-2024').consensus_date)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "unanimity 2024-06-20\n"


def test_importing_natosim_stays_cheap() -> None:
    code = "import sys, natosim; dir(natosim); print(sorted(m for m in ('networkx', 'numpy', 'natosim.api', 'natosim._engine.scenario') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# --- names or codes, as on the command line -----------------------------------------------------


def test_load_takes_a_bundled_name_a_path_or_a_scenario(april: Scenario) -> None:
    path = Path(scenarios.bundled_path(APRIL))
    assert api.load(path).title == april.title
    assert api.load(str(path)).stances == april.stances
    assert api.load(april) is april
    assert api.load().title == april.title  # the default bundled scenario
    on = api.load("rutte-2024", at="2024-04-02")
    assert on.as_of == date(2024, 4, 2)
    assert api.load("rutte-2024", at=date(2024, 4, 2)).stances == on.stances
    assert api.load(APRIL, rule="qualified-majority").rule.name == "qualified-majority"


@pytest.mark.parametrize("hungary", ["Hungary", "HUN", "hungary", ("Hungary", "support"), {"HUN": Stance.SUPPORT}])
def test_what_if_takes_names_codes_pairs_and_mappings(april: Scenario, hungary: Any) -> None:
    result = api.what_if(april, flip=hungary if not isinstance(hungary, tuple) else [hungary])
    assert result.applied.after.stances["rutte"]["HUN"] is Stance.SUPPORT
    assert result.to_dict() == api.what_if(april, flip="HUN").to_dict()


def test_what_if_names_candidates_by_id_name_or_surname_and_deals_by_id_or_name(april: Scenario) -> None:
    by_id = api.what_if(april, withdraw="iohannis").to_dict()
    assert api.what_if(april, withdraw="Iohannis").to_dict() == by_id
    assert api.what_if(april, withdraw=["Klaus Iohannis"]).to_dict() == by_id
    deal = april.deals[0]
    assert api.what_if(april, deal=deal.id).to_dict() == api.what_if(april, deal=deal.name).to_dict()
    flips = api.what_if(april, flip={"Hungary": "abstain"}, candidate="Rutte")
    assert flips.applied.after.stances["rutte"]["HUN"] is Stance.ABSTAIN


def test_the_older_names_take_names_too(april: Scenario) -> None:
    applied = natosim.api.apply(april, [natosim.api.Flip("Hungary", Stance.SUPPORT, "Rutte"), natosim.api.Strike(april.deals[0].id)])
    assert applied.after.stances["rutte"]["HUN"] is Stance.SUPPORT
    assert natosim.api.find_paths(april, "Rutte", limit=2).paths == search.find(april, "rutte", limit=2).paths
    assert list(natosim.compare_rules(april, extra=[april.rule])) == list(api.compare_rules(april))


def test_paths_by_name_with_exclusions_and_a_budget(april: Scenario) -> None:
    found = api.paths(april, candidate="Mark Rutte", exclude=["Hungary"], limit=3)
    assert all("HUN" not in p.flips for p in found.paths)
    assert api.paths(april, exclude="HUN", limit=3).to_dict() == found.to_dict()
    assert api.paths(april, budget=0).paths == ()


# --- every bad argument: NatosimError naming the parameter --------------------------------------

BAD: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
    (
        api.what_if,
        {"flip": "Hungry"},
        "what_if(flip=...): unknown ally 'Hungry'; expected an English name, code or alias of a member; did you mean 'Hungary'?",
    ),
    (api.what_if, {"flip": {"Hungary": "yes"}}, "what_if(flip=...): unknown stance 'yes'"),
    (api.what_if, {"flip": 3}, "what_if(flip=...): expected an ally name"),
    (api.what_if, {"flip": [("Hungary",)]}, "what_if(flip=...): expected an ally name or an (ally, stance) pair"),
    (api.what_if, {"deal": "nope"}, "what_if(deal=...): unknown deal 'nope'"),
    (api.what_if, {"withdraw": "kallas"}, "what_if(withdraw=...): unknown candidate 'kallas'"),
    (api.what_if, {"withdraw": [1]}, "what_if(withdraw=...): expected names"),
    (api.what_if, {"flip": "HUN", "candidate": "kallas"}, "what_if(candidate=...): unknown candidate 'kallas'"),
    (api.what_if, {"flip": "HUN", "at": "2024-02-30"}, "what_if(at=...): '2024-02-30' is not a valid date"),
    (api.what_if, {"flip": "HUN", "at": 20240402}, "what_if(at=...): expected a date"),
    (api.what_if, {"flip": "HUN", "at": "2020-01-01"}, "what_if(at=...): 2020-01-01 is before the scenario's as_of"),
    (api.what_if, {"flip": "HUN", "rule": "unanimous"}, "what_if(rule=...): unknown rule 'unanimous'"),
    (api.what_if, {"flip": "HUN", "rule": "quota=2"}, "what_if(rule=...): quota: expected"),
    (api.what_if, {"flip": "HUN", "rule": 0.5}, "what_if(rule=...): expected a rule name"),
    (api.what_if, {}, "nothing to change; expected at least one flip, withdraw or deal"),
    (api.what_if, {"flip": "HUN", "cascade": "no"}, "what_if(cascade=...): expected True or False; got 'no'"),
    (api.timeline, {"cascade": 0}, "timeline(cascade=...): expected True or False; got 0"),
    (api.forecast, {"withdrawals": None}, "forecast(withdrawals=...): expected True or False; got None"),
    (api.forecast, {"progress": 5}, "forecast(progress=...): expected a function of (done, total) or None; got int"),
    (api.paths, {"candidate": "kallas"}, "paths(candidate=...): unknown candidate 'kallas'"),
    (api.paths, {"exclude": "Atlantis"}, "paths(exclude=...): unknown ally 'Atlantis'"),
    (api.paths, {"limit": 0}, "paths(limit=...): 0; expected 1 or more"),
    (api.paths, {"limit": "3"}, "paths(limit=...): expected a whole number"),
    (api.paths, {"budget": -1}, "paths(budget=...): -1; expected a cost of 0 or more"),
    (api.paths, {"budget": float("nan")}, "paths(budget=...): nan; expected a cost of 0 or more"),
    (api.timeline, {"rule": "majorty"}, "timeline(rule=...): unknown rule 'majorty'"),
    (api.forecast, {"trials": 0}, "forecast(trials=...): 0; expected 1 to 10,000,000"),
    (api.forecast, {"trials": True}, "forecast(trials=...): expected a whole number"),
    (api.forecast, {"seed": -1}, "forecast(seed=...): -1; expected 0 or more"),
    (api.forecast, {"deadline": "2024-13-01"}, "forecast(deadline=...): '2024-13-01' is not a valid date"),
    (api.forecast, {"deadline": "2020-01-01"}, "forecast(deadline=...): 2020-01-01 is before the scenario's as_of"),
    (api.forecast, {"candidate": "nobody"}, "forecast(candidate=...): unknown candidate 'nobody'"),
    (api.power, {"limit": -1}, "power(limit=...): -1; expected 0 or more"),
    (api.power, {"rule": "quota=0.6,weight=gdp"}, "power(rule=...)"),
    (api.compare_rules, {"rules": ["majority", "sometimes"]}, "compare_rules(rules=...)"),
    (api.evaluate, {"at": "yesterday"}, "evaluate(at=...): 'yesterday' is not a valid date"),
    (api.load, {"at": "2024-1-1"}, "load(at=...): '2024-1-1' is not a valid date"),
]


@pytest.mark.parametrize(("function", "kwargs", "start"), BAD, ids=[f"{f.__name__}-{sorted(k)}" for f, k, _ in BAD])
def test_bad_arguments_raise_natosim_error_naming_the_parameter(
    april: Scenario, function: Callable[..., Any], kwargs: dict[str, Any], start: str
) -> None:
    with pytest.raises(NatosimError) as info:
        function(april, **kwargs)
    assert str(info.value).startswith(start)
    assert "--" not in str(info.value)  # never a command-line option


def test_compare_rules_error_names_its_parameter_not_the_option(april: Scenario) -> None:
    with pytest.raises(NatosimError) as info:
        api.compare_rules(april, rules="sometimes")
    assert str(info.value).startswith("compare_rules(rules=...): unknown rule 'sometimes'")


@pytest.mark.parametrize(
    ("call", "start"),
    [
        (lambda s: natosim.api.find_paths(s, "kallas"), "find_paths(candidate=...): unknown candidate 'kallas'"),
        (
            lambda s: natosim.api.apply(s, [natosim.api.Flip("Hungry", Stance.SUPPORT, "rutte")]),
            "apply(changes=...): unknown ally 'Hungry'",
        ),
        (lambda s: natosim.api.apply(s, [natosim.api.Strike("nope")]), "apply(changes=...): unknown deal 'nope'"),
        (lambda s: natosim.api.apply(s, [natosim.api.Withdraw("kallas")]), "apply(changes=...): unknown candidate 'kallas'"),
        (
            lambda s: natosim.api.apply(s, ["HUN"]),  # type: ignore[list-item]
            "apply(changes=...): expected Flip, Withdraw or Strike changes naming allies, candidates and deals; got 'HUN'",
        ),
        (
            lambda s: natosim.api.apply(s, [natosim.api.Flip(3, Stance.SUPPORT, "rutte")]),  # type: ignore[arg-type]
            "apply(changes=...): expected Flip, Withdraw or Strike",
        ),
        (lambda s: natosim.api.apply(s, [natosim.api.Flip("HUN", "yes", "rutte")]), "apply(changes=...): unknown stance 'yes'"),  # type: ignore[arg-type]
        (lambda s: natosim.api.apply(s, [natosim.api.Flip("HUN", 1, "rutte")]), "apply(changes=...): expected a stance"),  # type: ignore[arg-type]
        (lambda s: api.load(3), "load(scenario=...): expected a Scenario, a bundled name or a path; got int"),  # type: ignore[arg-type]
        (lambda s: api.load("no-such-scenario"), "no-such-scenario: load(scenario=...): no such file"),
    ],
)
def test_the_findings_of_issue_13_raise_natosim_error(april: Scenario, call: Callable[[Scenario], Any], start: str) -> None:
    with pytest.raises(NatosimError) as info:  # not KeyError, StopIteration or ValueError
        call(april)
    assert str(info.value).startswith(start)


def test_errors_in_the_file_keep_their_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\nas_of = 2024-13-01\n', encoding="utf-8")
    with pytest.raises(NatosimError) as info:
        api.load(bad)
    assert str(info.value).startswith(f"{bad}: ")
    assert "load(" not in str(info.value)


# --- to_dict() is the command's JSON; repr is one short line -----------------------------------

SAME_AS_CLI: list[tuple[tuple[str, ...], Callable[[], Any]]] = [
    (("run", APRIL), lambda: api.evaluate(APRIL)),
    (
        ("run", "rutte-2024", "--at", "2024-04-02", "--rule", "majority"),
        lambda: api.evaluate("rutte-2024", at="2024-04-02", rule="majority"),
    ),
    (("what-if", APRIL, "--flip", "Hungary"), lambda: api.what_if(APRIL, flip="Hungary")),
    (
        ("what-if", APRIL, "--flip", "HUN=abstain", "--withdraw", "iohannis", "--no-cascade"),
        lambda: api.what_if(APRIL, flip={"HUN": "abstain"}, withdraw="iohannis", cascade=False),
    ),
    (("paths", APRIL, "--max", "3", "--exclude", "Hungary"), lambda: api.paths(APRIL, limit=3, exclude="Hungary")),
    (("timeline", "rutte-2024"), lambda: api.timeline("rutte-2024")),
    (
        ("forecast", APRIL, "--deadline", "2024-07-09", "--trials", "500", "--seed", "7"),
        lambda: api.forecast(APRIL, deadline="2024-07-09", trials=500, seed=7),
    ),
    (("power", APRIL, "--rule", "qualified-majority", "--list", "3"), lambda: api.power(APRIL, rule="qualified-majority", limit=3)),
    (("compare-rules", APRIL, "--rule", "quota=0.6"), lambda: api.compare_rules(APRIL, rules="quota=0.6")),
]


@pytest.mark.parametrize(("args", "call"), SAME_AS_CLI, ids=[" ".join(a) for a, _ in SAME_AS_CLI])
def test_to_dict_is_what_the_command_prints_as_json(cli: Callable[..., Result], args: tuple[str, ...], call: Callable[[], Any]) -> None:
    out = cli(*args, "--format", "json")
    assert out.exit_code == 0, out.stderr
    assert call().to_dict() == json.loads(out.stdout)


def test_every_result_has_a_short_one_line_repr(april: Scenario) -> None:
    results = [
        april,
        api.load("rutte-2024"),
        api.evaluate(april),
        api.what_if(april, flip="Hungary"),
        api.paths(april),
        api.paths(april, budget=0),
        api.timeline("rutte-2024"),
        api.forecast(april, deadline="2024-07-09", trials=200, seed=1),
        api.power(april),
        api.compare_rules(april),
    ]
    for result in results:
        text = repr(result)
        assert "\n" not in text
        assert len(text) <= 200, text
    assert (
        repr(api.evaluate(april))
        == "<Report on 2024-04-02: rutte blocked by HUN, ROU, SVK, TUR; iohannis blocked by ALB, BEL, BGR, CAN, CZE, DEU +25>"
    )


def test_the_command_line_calls_the_same_functions(cli: Callable[..., Result]) -> None:
    # the options are named in errors by the CLI's label, the parameters by the library's
    out = cli("what-if", APRIL, "--flip", "Hungry")
    assert out.stderr.startswith("natosim: error: --flip Hungry: unknown ally 'Hungry'")
    with pytest.raises(NatosimError, match=r"^what_if\(flip=\.\.\.\): unknown ally 'Hungry'"):
        api.what_if(APRIL, flip="Hungry")


def test_graph_does_not_import_networkx_for_what_it_draws() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from natosim.cli import app\n"
        "for fmt in ('mermaid', 'dot'):\n"
        "    assert CliRunner().invoke(app, ['graph', '--format', fmt]).exit_code == 0\n"
        "print('networkx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_folders_are_read_by_the_reader(tmp_path: Path) -> None:
    for name in ("b", "a"):
        (tmp_path / f"{name}.toml").write_bytes(scenarios.bundled_path(APRIL).read_bytes())
    assert [stem for stem, _ in scenarios.load_dir(str(tmp_path))] == ["a", "b"]
    with pytest.raises(NatosimError, match="no such folder"):
        scenarios.load_dir(str(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(NatosimError, match=r"no \*\.toml file"):
        scenarios.load_dir(str(tmp_path / "empty"))


# --- docs/api.md runs as written ------------------------------------------------------------------


def test_the_notebook_walk_through_runs_as_written() -> None:
    failed, tried = doctest.testfile(
        str(ROOT / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert tried >= 20
    assert failed == 0


def test_every_result_gives_its_csv_rows_as_records(cli: Callable[..., Result]) -> None:
    # records() is the command's CSV, row for row: what pandas.DataFrame takes in one call
    import csv
    import io

    from natosim import api

    april = natosim.load("rutte-2024-04")
    results: list[tuple[Any, list[str]]] = [
        (natosim.evaluate(april), ["run"]),
        (api.what_if(april, flip="Hungary"), ["what-if", "--flip", "Hungary"]),
        (api.paths(april), ["paths"]),
        (api.power(april), ["power"]),
        (api.compare_rules(april), ["compare-rules"]),
        (api.timeline("rutte-2024"), ["timeline", "rutte-2024"]),
        (api.forecast(april, trials=500, seed=1), ["forecast", "--trials", "500", "--seed", "1"]),
    ]
    for result, words in results:
        rows = result.records()
        printed = list(csv.DictReader(io.StringIO(cli(*words, "--format", "csv").stdout)))
        assert len(rows) == len(printed) > 0, words
        assert list(rows[0]) == list(printed[0]), words


def test_to_pandas_is_a_data_frame_of_the_records() -> None:
    pandas = pytest.importorskip("pandas")
    from natosim import api

    frame = api.paths("rutte-2024-04").to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert frame.to_dict("records") == api.paths("rutte-2024-04").records()
