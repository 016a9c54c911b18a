"""Helpers shared by the test modules (tests/ is on sys.path through its conftest)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from hypothesis import settings
from typer.testing import Result

if TYPE_CHECKING:
    from natosim.model import Scenario

Cli = Callable[..., Result]
"""The ``cli`` fixture: ``cli("run", "--format", "json")`` runs the command through typer's CliRunner."""

Golden = Callable[[str, str], None]
"""The ``golden`` fixture: ``golden(NAME, text)`` compares ``text`` with ``tests/golden/NAME``."""

MakeScenario = Callable[..., "Scenario"]
"""The ``make_scenario`` fixture: a declared body from a mapping of stances."""

FULL_EXAMPLES = 10_000
"""``max_examples`` of the ``ci`` profile: CI runs every property test at its full count."""


def examples(full: int) -> int:
    """A property test's example count under the loaded hypothesis profile: ``full`` in CI (profile ``ci``),
    a tenth of it (at least 10) in the ``dev`` profile used locally (``--hypothesis-profile=ci`` runs the full count)."""
    current = settings.default
    return max(10, full * (current.max_examples if current is not None else FULL_EXAMPLES) // FULL_EXAMPLES)


def body_toml(
    stances: Mapping[str, str],
    *,
    rule: str = '"unanimity"',
    extra: str = "",
    populations: Mapping[str, int] | None = None,
    weights: Mapping[str, float] | None = None,
    candidates: Sequence[str] = (),
    costs: Mapping[str, float] | None = None,
    thresholds: Mapping[str, float] | None = None,
    edges: Sequence[tuple[str, str, float]] = (),
    p_moves: Mapping[str, float | None] | None = None,
    deadline: str | None = None,
) -> str:
    """TOML for a declared body whose members are the keys of ``stances`` (stance on the first candidate).

    ``rule`` is TOML (a quoted name or an inline table); ``edges`` are (from, to, weight) influence
    edges; ``extra`` is appended as it is (more tables: candidates, deals, events).
    """
    lines = ['title = "test"', "as_of = 2024-01-01", f"rule = {rule}"]
    if deadline:
        lines.append(f"deadline = {deadline}")
    lines += ["", "[body]", 'name = "test body"']
    for code in stances:
        lines.append(f"[body.members.{code}]")
        lines.append(f'name = "{code} land"')
        if populations:
            lines.append(f"population = {populations[code]}")
        if weights:
            lines.append(f"weight = {weights[code]}")
    for cid in candidates:
        lines += [f"[candidates.{cid}]", f'name = "{cid.title()}"']
    for code, stance in stances.items():
        lines += [f"[allies.{code}]", f'stance = "{stance}"']
        if costs and code in costs:
            lines.append(f"cost = {costs[code]}")
        if thresholds and code in thresholds:
            lines.append(f"threshold = {thresholds[code]}")
        if p_moves and p_moves.get(code) is not None:
            lines.append(f"p_move = {p_moves[code]}")
    for a, b, w in edges:
        lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', f"weight = {w}"]
    return "\n".join(lines) + "\n" + extra
