"""Ranges on estimated numbers in a scenario file (contract v1.3): ``{ low = L, best = B, high = H }``.

Wherever the format takes an estimated number (an ally's ``cost``, ``threshold``, ``p_move``,
``median_days``, also inside their per-candidate tables; an influence link's ``weight``; a deal's
``cost``; a candidate's ``withdraw_cost``) a file may give a range table instead. :func:`extract`
reads those tables out of the parsed TOML before the format is checked: each valid range is
replaced by its ``best`` (so that every command but ``sensitivity`` sees a plain number) and kept
apart as a :class:`Span`; each invalid one is an error naming its place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from natosim._engine.explain import key_path
from natosim._engine.schema import MAX_COST, MAX_DAYS
from natosim.errors import NatosimError

RANGE_KEYS = ("low", "best", "high")
"""The keys of a range table."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The bounds of one kind of number: ``lo < x`` (or ``lo <= x`` when ``closed``) and ``x <= hi``."""

    lo: float
    """Lower bound."""
    hi: float
    """Upper bound (always inclusive)."""
    closed: bool
    """Whether ``lo`` itself is allowed."""

    def holds(self, x: float) -> bool:
        """Whether ``x`` lies within the bounds (NaN never does)."""
        return (self.lo <= x if self.closed else self.lo < x) and x <= self.hi

    @property
    def text(self) -> str:
        """The interval as a message shows it: ``(0, 1]``."""
        return f"{'[' if self.closed else '('}{_num(self.lo)}, {_num(self.hi)}]"


BOUNDS = {
    "cost": Bounds(0.0, MAX_COST, closed=False),
    "withdraw_cost": Bounds(0.0, MAX_COST, closed=False),
    "deal_cost": Bounds(0.0, MAX_COST, closed=False),
    "threshold": Bounds(0.0, 1.0, closed=False),
    "weight": Bounds(0.0, 1.0, closed=False),
    "p_move": Bounds(0.0, 1.0, closed=True),
    "median_days": Bounds(0.0, MAX_DAYS, closed=False),
}
"""Each kind of estimated number and its own bounds (those of the plain number in :mod:`natosim._engine.schema`)."""


@dataclass(frozen=True, slots=True)
class Span:
    """One range read from a file, before names are resolved."""

    parts: tuple[str | int, ...]
    """Key path in the file as parts: ``("allies", "Hungary", "cost")``, ``("allies", "Hungary", "p_move", "rutte")``."""
    kind: str
    """A key of :data:`BOUNDS`."""
    low: float
    """Lowest value."""
    best: float
    """Best value (the midpoint when the file gives none)."""
    high: float
    """Highest value."""

    @property
    def place(self) -> str:
        """The key path as messages spell it."""
        return key_path(list(self.parts))


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e6 else f"{x:.0e}".replace("e+0", "e").replace("e+", "e")


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def looks_like_range(value: Any, ids: set[str]) -> bool:
    """Whether a ``p_move`` or ``median_days`` table is meant as a range: it has ``low`` or ``high``, and not every key is a
    candidate id (a table by candidates named ``low`` and ``high`` keeps its meaning)."""
    return isinstance(value, dict) and ("low" in value or "high" in value) and not set(value) <= ids


def read_range(value: dict[str, Any], parts: tuple[str | int, ...], kind: str) -> Span:
    """The range a table gives, checked; a :class:`NatosimError` naming the place otherwise."""
    bounds = BOUNDS[kind]
    where = key_path(list(parts))
    extra = sorted(k for k in value if k not in RANGE_KEYS)
    if extra:
        raise NatosimError(f"unknown key '{extra[0]}' in a range; expected {{ low = L, best = B, high = H }} (best optional)", where=where)
    for key in ("low", "high"):
        if key not in value:
            raise NatosimError(f"missing '{key}'; expected {{ low = L, best = B, high = H }} (best optional)", where=where)
    for key in RANGE_KEYS:
        if key in value:
            x = value[key]
            if not _is_number(x) or not bounds.holds(float(x)):
                got = repr(x) if _is_number(x) else f"{type(x).__name__} {x!r}"
                raise NatosimError(f"expected a number in {bounds.text}; got {got}", where=key_path([*parts, key]))
    low, high = float(value["low"]), float(value["high"])
    if low > high:
        raise NatosimError(f"low {low:g} is above high {high:g}; expected low <= best <= high", where=where)
    if "best" in value:
        best = float(value["best"])
        if not low <= best <= high:
            raise NatosimError(
                f"best {best:g} is outside [{low:g}, {high:g}]; expected low <= best <= high", where=key_path([*parts, "best"])
            )
    else:
        best = float((Fraction(repr(low)) + Fraction(repr(high))) / 2)
    if not (math.isfinite(low) and math.isfinite(high)):  # not reached: the bounds are finite
        raise NatosimError("expected finite numbers", where=where)
    return Span(parts, kind, low, best, high)


# (table, field, kind, per-candidate tables allowed)
_ALLY = (("cost", "cost", False), ("threshold", "threshold", False), ("p_move", "p_move", True), ("median_days", "median_days", True))


def extract(raw: dict[str, Any]) -> tuple[dict[str, Any], tuple[Span, ...], tuple[NatosimError, ...]]:
    """The document with every range replaced by its ``best`` (an invalid one removed), the ranges, and their problems.

    ``raw`` is not changed. A ``p_move`` or ``median_days`` table is a range when it holds ``low`` or
    ``high``, unless all its keys are candidate ids of the file (then it is a table by candidate, as before v1.3).
    """
    spans: list[Span] = []
    problems: list[NatosimError] = []
    out = dict(raw)
    candidates = raw.get("candidates")
    ids = set(candidates) if isinstance(candidates, dict) else set()

    def take(table: dict[str, Any], key: str, parts: tuple[str | int, ...], kind: str) -> None:
        """Replace ``table[key]`` (a copy) by the best of its range, or drop it when the range is invalid."""
        try:
            span = read_range(table[key], parts, kind)
        except NatosimError as e:
            problems.append(e)
            del table[key]
            return
        spans.append(span)
        table[key] = span.best

    if isinstance(candidates, dict):
        cands = dict(candidates)
        for cid, c in candidates.items():
            if isinstance(c, dict) and isinstance(c.get("withdraw_cost"), dict):
                cands[cid] = dict(c)
                take(cands[cid], "withdraw_cost", ("candidates", cid, "withdraw_cost"), "withdraw_cost")
        out["candidates"] = cands
    allies = raw.get("allies")
    if isinstance(allies, dict):
        new_allies = dict(allies)
        for name, ally in allies.items():
            if not isinstance(ally, dict):
                continue
            copy = dict(ally)
            for key, kind, by_candidate in _ALLY:
                value = copy.get(key)
                if not isinstance(value, dict):
                    continue
                if not by_candidate or looks_like_range(value, ids):
                    take(copy, key, ("allies", name, key), kind)
                    continue
                inner = dict(value)
                for cid, v in value.items():
                    if isinstance(v, dict):
                        take(inner, cid, ("allies", name, key, cid), kind)
                copy[key] = inner
            new_allies[name] = copy
        out["allies"] = new_allies
    for table, key, kind in (("influence", "weight", "weight"), ("deals", "cost", "deal_cost")):
        entries = raw.get(table)
        if not isinstance(entries, list):
            continue
        new = list(entries)
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get(key), dict):
                new[i] = dict(entry)
                take(new[i], key, (table, i, key), kind)
        out[table] = new
    return out, tuple(spans), tuple(problems)
