"""Issue 25: every public function of natosim.api answers bad arguments of any type with one NatosimError that names
the parameter; never a TypeError, AttributeError, KeyError, ValueError or OSError from inside."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natosim import api
from natosim.errors import NatosimError

APRIL = "rutte-2024-04"

CHEAP: dict[str, Any] = {"trials": 200, "samples": 2_000, "limit": 2, "flip": "Hungary"}
"""Valid values that keep a call cheap, for the parameters not under test."""

FUNCTIONS = sorted(
    name
    for name in api.__all__
    if inspect.isfunction(getattr(api, name)) and name not in {"init", "schema", "scenarios", "bundled_names", "member_names"}
)
"""Every public function that takes a scenario or options (those without arguments are called once below)."""

GARBAGE = st.one_of(
    st.none(),
    st.just([]),
    st.just({}),
    st.just(()),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.just("x" * 100_000),
    st.binary(max_size=10),
    st.just(object()),
    st.just(date(1, 1, 1)),
    st.just(date(9999, 12, 31)),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3),
)


def _call(name: str, param: str, value: Any) -> Any:
    fn: Callable[..., Any] = getattr(api, name)
    sig = inspect.signature(fn)
    args: dict[str, Any] = {}
    for p in sig.parameters.values():
        if p.name == param:
            args[p.name] = value
        elif p.name in CHEAP and p.default is not inspect.Parameter.empty:
            args[p.name] = CHEAP[p.name]
        elif p.default is inspect.Parameter.empty:
            args[p.name] = _valid(name, p.name)
    return fn(**args)


def _valid(name: str, param: str) -> Any:
    """A valid value for a required parameter."""
    from natosim import load
    from natosim.api import Flip

    april = load(APRIL)
    return {
        "scenario": april,
        "report": api.evaluate(april),
        "changes": [Flip("HUN", april.stances["rutte"]["HUN"], "rutte")],
        "files": [APRIL],
        "text": 'title = "t"\nas_of = 2024-01-01\n',
        "typed": "Hun",
        "value": "2024-04-02",
        "day": "2024-04-02",
    }.get(param, april)


CASES = [(name, p) for name in FUNCTIONS for p in inspect.signature(getattr(api, name)).parameters if p not in ("progress", "label")]


@pytest.mark.parametrize(("name", "param"), CASES)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=GARBAGE)
def test_a_bad_argument_is_one_natosim_error_naming_its_parameter(name: str, param: str, value: Any) -> None:
    error = _error_of(name, param, value)  # any other exception fails the test with its traceback
    if error is not None:
        text = str(error)
        assert "\n" not in text
        # the parameter is named (``what_if(at=...)``), or the file it named is (a scenario file that is not there);
        # a value that only clashes with another's (an ``at`` past the file's deadline) may name that other one
        named = [p for p in inspect.signature(getattr(api, name)).parameters if f"{name}({p}=" in text]
        assert named or error.file is not None or param in text, text  # ("nothing to change; expected a flip, ...")
        assert param in named or error.file is not None or param in text or len(named) == 1, text


def _error_of(name: str, param: str, value: Any) -> NatosimError | None:
    try:
        _call(name, param, value)
    except NatosimError as e:
        return e
    return None


def test_the_functions_without_arguments_answer() -> None:
    assert api.schema()["title"]
    assert "rutte-2024-04" in api.scenarios().names
    assert api.init().startswith("#")
    assert api.member_names("hun") == ["Hungary", "HUN"]
