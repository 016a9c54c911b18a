"""CSV is data: every command's CSV round-trips through ``csv`` and loads with pandas into typed columns.

Numbers are numbers (no thousands separators, no ``%``), booleans are ``true``/``false``, missing
values are empty, and no cell carries a symbol that only the terminal table uses.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from typer.testing import Result

pd = pytest.importorskip("pandas")

NUMBER, BOOL, TEXT = "number", "bool", "text"

COMMANDS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "run": (("run",), {"adopted": BOOL, "blocking": BOOL, "stance": TEXT, "code": TEXT}),
    "run-dated": (("run", "rutte-2024", "--at", "2024-05-01"), {"adopted": BOOL, "blocking": BOOL}),
    "what-if": (("what-if", "--flip", "Hungary"), {"weight": NUMBER, "threshold": NUMBER, "type": TEXT}),
    "paths": (("paths",), {"rank": NUMBER, "cost": NUMBER, "size": NUMBER, "flips": TEXT}),
    "allies": (("allies",), {"population": NUMBER, "defence_gdp": NUMBER, "joined": TEXT}),
    "allies-eu": (("allies", "--body", "eu"), {"population": NUMBER}),
    "scenarios": (("scenarios",), {"events": NUMBER}),
    "validate": (("validate", "rutte-2024"), {"members": NUMBER, "candidates": NUMBER, "events": NUMBER, "valid": BOOL}),
    "timeline": (("timeline", "rutte-2024"), {"support": NUMBER, "blockers": NUMBER, "adopted": BOOL, "consensus": BOOL}),
    "diff": (("diff", "rutte-2023-11", "rutte-2024-04"), {"before": TEXT, "after": TEXT}),
    "forecast": (("forecast", "--trials", "300"), {"p_consensus": NUMBER, "is_deadline": BOOL}),
    "backtest": (("backtest", "bundled", "--trials", "200"), {"p_consensus": NUMBER, "ci95_low": NUMBER, "observed": BOOL}),
    "power": (("power",), {"weight": NUMBER, "swings": NUMBER, "banzhaf": NUMBER, "shapley_shubik": NUMBER, "veto_player": BOOL}),
    "power-qmv": (("power", "--rule", "qualified-majority"), {"weight": NUMBER, "banzhaf": NUMBER, "veto_player": BOOL}),
    "sensitivity": (("sensitivity", "--trials", "300"), {"share": NUMBER, "low": NUMBER, "default": BOOL, "place": TEXT}),
    "compare-rules": (("compare-rules",), {"adopted": BOOL, "support": NUMBER, "members": NUMBER}),
}


def _frame(text: str) -> object:
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""], true_values=["true"], false_values=["false"])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_csv_is_data(cli: Callable[..., Result], name: str) -> None:
    args, types = COMMANDS[name]
    result = cli(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert body, "a CSV with no records tells nothing"
    assert all(len(r) == len(header) for r in body)
    assert all(c and c == c.lower() and " " not in c for c in header), header  # snake_case column names
    prose = {
        i for i, c in enumerate(header) if c in ("reason", "source", "title", "name", "candidate_name", "deal") or c.endswith("_source")
    }
    cells = [c for r in body for i, c in enumerate(r) if i not in prose]  # facts, not free text from the scenario
    for symbol in ("✗", "█", "·", "—", "%", "(prior)", "yes", "no"):
        assert symbol not in cells if symbol.isalpha() else not any(symbol in c for c in cells), symbol
    frame = _frame(text)
    assert list(frame.columns) == header  # type: ignore[attr-defined]
    for column, kind in types.items():
        series = frame[column]  # type: ignore[index]
        values = series.dropna()
        assert len(values), f"{column} is empty everywhere"
        if kind == NUMBER:
            assert pd.api.types.is_numeric_dtype(series), (column, series.dtype)
            assert not pd.api.types.is_bool_dtype(series), (column, series.dtype)
        elif kind == BOOL:
            assert pd.api.types.is_bool_dtype(series), (column, series.dtype)
        else:
            assert pd.api.types.is_string_dtype(series) or series.dtype == object, (column, series.dtype)


def test_population_is_a_whole_number_without_separators(cli: Callable[..., Result]) -> None:
    frame = _frame(cli("allies", "--format", "csv").stdout)
    hun = frame[frame["code"] == "HUN"].iloc[0]  # type: ignore[index]
    assert int(hun["population"]) == hun["population"] > 9_000_000


def test_what_if_csv_lists_who_followed(cli: Callable[..., Result]) -> None:
    frame = _frame(cli("what-if", "--flip", "Hungary", "--format", "csv").stdout)
    followed = frame[frame["type"] == "cascade"]  # type: ignore[index]
    assert list(followed["code"]) == ["SVK"]
    assert list(followed["tipped_by"]) == ["HUN"]


def test_missing_values_are_empty_not_dashes(cli: Callable[..., Result]) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("paths", "--format", "csv").stdout)))
    assert rows[2]["deal_ids"] == ""  # path 3 has no deal
    assert rows[0]["deal_ids"] == "assurance"


def test_csv_matches_json(cli: Callable[..., Result]) -> None:
    import json

    data = json.loads(cli("power", "--format", "json").stdout)
    frame = _frame(cli("power", "--format", "csv").stdout)
    for member, (_, row) in zip(data["members"], frame.iterrows(), strict=True):  # type: ignore[attr-defined]
        assert row["code"] == member["code"]
        assert row["banzhaf"] == pytest.approx(member["banzhaf"], abs=0)
        assert row["shapley_shubik"] == pytest.approx(member["shapley_shubik"], abs=0)
