"""Issue 25 item 3: any number the loader accepts is safe in every engine.

Every numeric key of a scenario gets any float or integer (subnormals, the largest doubles, values just
inside and outside the documented ranges); the file is either refused with one :class:`NatosimError` naming
its place, or ``run``, ``paths``, ``power`` and ``forecast`` answer (or refuse with a ``NatosimError``): never
a raw exception such as the ``OverflowError`` a weight of 5e-324 once raised.
"""

from __future__ import annotations

import contextlib

from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import natosim
from natosim import api
from natosim.errors import NatosimError

SETTINGS = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

EXTREMES = (5e-324, 2.2250738585072014e-308, 1e-300, 1e-7, 1e-6, 0.1, 0.5, 1.0, 1e6, 999999999.999999, 1e9, 1.7976931348623157e308)


def floats(high: float) -> st.SearchStrategy[float]:
    """Mostly a number in ``(0, high]`` (subnormals included), now and then an extreme or any double."""
    inside = st.floats(min_value=0.0, max_value=high, allow_subnormal=True, exclude_min=True)
    return st.integers(0, 29).flatmap(lambda k: st.floats(allow_nan=False) if k == 0 else st.sampled_from(EXTREMES) if k == 1 else inside)


WEIGHTS = st.integers(0, 9).flatmap(lambda k: floats(1e9) if k == 0 else st.integers(0, 10**15).map(lambda k: k / 10**6))
"""Declared weights: mostly at most six decimals (what the loader accepts), sometimes any double."""
INTEGERS = st.integers(0, 29).flatmap(
    lambda k: st.sampled_from([-1, 0, 1, 10**10, 10**10 + 1, 2**63, 10**300]) if k == 0 else st.integers(1, 10**10)
)
RULES = ('"majority"', '"unanimity"', '"qualified-majority"', '"constructive-abstention"', '"consensus"', "TABLE")


def number(x: float | int) -> str:
    """``x`` as TOML writes it (floats by repr, which TOML reads back exactly)."""
    return repr(x) if isinstance(x, int) else repr(float(x))


@st.composite
def files(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 5))

    def f(high: float = 1.0) -> str:
        return number(draw(floats(high)))

    rule = draw(st.sampled_from(RULES))
    if rule == "TABLE":
        basis = draw(st.sampled_from(["population", "weight", "one"]))
        rule = f'{{ quota = {f()}, weight = "{basis}", min_members = {f()}, blocking_min = {draw(st.integers(0, 6))} }}'
    lines = ['title = "t"', "as_of = 2024-01-01", "deadline = 2024-07-01", f"rule = {rule}", "[body]", 'name = "B"']
    for i in range(n):
        lines += [f"[body.members.M{i}]", f'name = "m{i}"', f"population = {draw(INTEGERS)}", f"weight = {number(draw(WEIGHTS))}"]
    lines += [
        "[candidates.a]",
        f"withdraw_cost = {f(1e9)}",
        "[candidates.b]",
        f"withdraw_cost = {f(1e9)}",
        'on_withdraw = { M0 = "support" }',
    ]
    for i in range(n):
        stance = draw(st.sampled_from(["support", "oppose", "undecided", "abstain"]))
        timing = f"median_days = {f(1e6)}" if draw(st.booleans()) else f"p_move = {f()}"
        lines += [f"[allies.M{i}]", f'stances = {{ a = "{stance}", b = "oppose" }}', f"cost = {f(1e9)}", f"threshold = {f()}", timing]
    for i in range(n - 1):
        lines += ["[[influence]]", f'from = "M{i}"', f'to = "M{i + 1}"', f"weight = {number(draw(WEIGHTS))}"]
    lines += ["[[deals]]", 'name = "d"', f"cost = {f(1e9)}", 'candidate = "a"', 'effects = { M0 = "support" }']
    return "\n".join(lines) + "\n"


@settings(SETTINGS, max_examples=examples(1000))
@given(files())
def test_any_number_the_loader_accepts_runs_through_every_engine(text: str) -> None:
    try:
        s = natosim.parse(text, path="n.toml")
    except NatosimError:
        return  # refused with one line naming the place (tests/test_errors.py checks the form)
    for engine in (
        lambda: api.evaluate(s),
        lambda: api.paths(s, candidate="a", limit=3),
        lambda: api.power(s),
        lambda: api.forecast(s, trials=50, seed=1),
    ):
        with contextlib.suppress(NatosimError):
            engine().to_dict()
