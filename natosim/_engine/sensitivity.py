"""How sure is the advice? Break-even points, robustness over the box of ranges, and the forecast's tornado.

Every figure rests on the one definitions: a path is what :func:`natosim._engine.paths.find` lists, a path
works when :func:`natosim._engine.paths.works` says so (the step, the cascade, the rule), and a forecast is
:func:`natosim._engine.forecast.simulate.simulate` on a compiled plan. This module only chooses where to
evaluate them:

* **Costs** (an ally's, a deal's, a withdrawal's) enter a path's cost as one term of a sum. As a
  cost ``x`` moves, the paths holding its intervention all move by ``x`` and the others stay, so the
  cheapest path changes at most once, exactly where the cheapest path with it and the cheapest path
  without it cost the same: ``x* = A - B`` (``A``: the cheapest without it, ``B``: the cheapest with
  it, less ``x``), computed in exact fractions of the decimals the file gives.
* **Thresholds and weights** change a cascade only where a member's summed supporting weight crosses
  its threshold: a threshold at a sum of some of its influencers' weights, a weight at the threshold
  less such a sum. Between two such crossing values every cascade, hence every path, is the same;
  the engine is run once per stretch, from the best value outwards, until the advice changes.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

from natosim._engine import paths, step
from natosim._engine.estimates import BOUNDS
from natosim._engine.paths import Path, Search
from natosim._engine.rules import exact
from natosim.errors import NatosimError
from natosim.model import Estimate, Scenario, Stance

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from natosim._engine.forecast.priors import Priors

COST_SPREAD = Fraction(1, 2)
"""Default range of a cost the file gives no range for: best ± 50%."""
SHARE_SPREAD = Fraction(1, 5)
"""Default range of a threshold or weight: best ± 0.2, clipped to [SHARE_FLOOR, 1]."""
SHARE_FLOOR = 0.01
"""Lowest value of a default threshold or weight range (the number itself must be above 0)."""
P_SPREAD = Fraction(1, 5)
"""Default range of a stated ``p_move``: best ± 0.2, clipped to [0, 1]."""
DAYS_FACTOR = 2
"""Default range of a stated ``median_days``: from half to twice best (clipped to its bounds)."""

COST_KINDS = frozenset({"cost", "deal_cost", "withdraw_cost"})
"""Kinds of number that enter a path's cost."""
CASCADE_KINDS = frozenset({"threshold", "weight"})
"""Kinds of number that enter the cascade."""
FORECAST_KINDS = frozenset({"p_move", "median_days", "threshold", "weight"})
"""Kinds of number a forecast reads (costs do not move a forecast)."""

LISTED = 10
"""Paths listed at best, whose verdicts the break-evens follow and whose costs answer most cost break-evens."""
MAX_SEARCHES = 2_000
"""Most runs of the paths engine one sensitivity analysis makes (break-evens and robustness together)."""
MAX_CROSSINGS = 12
"""Most influencers of one member whose weights' subset sums are tried as crossing values (2^12 sums)."""
CONTENDERS = 200
"""Most paths that may contend for cheapest somewhere in the box for the robustness to be computed."""
EXACT_DIMENSIONS = 2
"""Most costs whose range is wider than a point for the robustness share to be computed exactly (areas of polygons)."""
MAX_CELLS = 64
"""Most combinations of cascade stretches (thresholds and weights) the robustness enumerates or samples."""
SAMPLES = 4_000
"""Points of the box sampled when the robustness share is not computed exactly."""
Z95 = 1.959963984540054


# --- which numbers, and their ranges ---------------------------------------------------------------


def default_range(kind: str, best: float) -> tuple[float, float]:
    """The stated default range of a number the file gives no range for (see the constants above), clipped to its bounds."""
    b = exact(best)
    top = Fraction(repr(BOUNDS[kind].hi))
    if kind in COST_KINDS:
        low, high = b * (1 - COST_SPREAD), b * (1 + COST_SPREAD)
    elif kind in CASCADE_KINDS:
        low, high = max(b - SHARE_SPREAD, min(b, Fraction(repr(SHARE_FLOOR)))), b + SHARE_SPREAD
    elif kind == "p_move":
        low, high = max(b - P_SPREAD, Fraction(0)), b + P_SPREAD
    else:
        low, high = b / DAYS_FACTOR, b * DAYS_FACTOR
    return float(low), float(min(high, top))


def _key(e: Estimate) -> tuple[str, str, str, str]:
    return (e.kind, e.target, e.source, e.candidate)


def estimates(scenario: Scenario, candidate: str) -> tuple[Estimate, ...]:
    """Every estimated number that can move the advice or the forecast on ``candidate``, with its range.

    The file's ranges first (in file order); then, labelled ``default``, the other numbers that matter: the cost
    of every intervention :func:`natosim._engine.paths.interventions` offers, the threshold of every member with
    influencers, the weight of every influence link, and every ``p_move`` or ``median_days`` stated for the candidate.
    """
    given = {_key(e): e for e in scenario.ranges if not e.candidate or e.candidate == candidate}
    out: list[Estimate] = [e for e in scenario.ranges if _key(e) in given and given[_key(e)] is e]
    names = {s.code: s for s in scenario.members}

    def add(place: str, kind: str, target: str, best: float, source: str = "", cid: str = "") -> None:
        e = Estimate(place, kind, target, *_lbh(kind, best), source=source, candidate=cid, default=True)
        if _key(e) not in given:
            given[_key(e)] = e
            out.append(e)

    for o in paths.interventions(scenario, candidate):
        match o.kind:
            case "flip":
                add(f"allies.{names[o.target].name}.cost", "cost", o.target, o.cost)
            case "deal":
                d = scenario.deal(o.target)
                add(f"deals[{scenario.deals.index(d) + 1}].cost", "deal_cost", d.name, d.cost)
            case _:
                add(f"candidates.{o.target}.withdraw_cost", "withdraw_cost", o.target, o.cost)
    for code in sorted({e.target for e in scenario.influence}):
        add(f"allies.{names[code].name}.threshold", "threshold", code, scenario.positions[code].threshold)
    for i, e in enumerate(scenario.influence):
        add(f"influence[{i + 1}].weight", "weight", e.target, e.weight, source=e.source)
    for code, pos in scenario.positions.items():
        if scenario.stances[candidate][code] is Stance.SUPPORT:
            continue
        if candidate in pos.p_moves:
            add(f"allies.{names[code].name}.p_move", "p_move", code, pos.p_moves[candidate], cid=candidate)
        if candidate in pos.median_days:
            add(f"allies.{names[code].name}.median_days", "median_days", code, pos.median_days[candidate], cid=candidate)
    return tuple(out)


def _lbh(kind: str, best: float) -> tuple[float, float, float]:
    low, high = default_range(kind, best)
    return low, best, high


def with_value(scenario: Scenario, e: Estimate, value: float) -> Scenario:
    """The scenario with the number ``e`` stands for set to ``value`` (everything else unchanged)."""
    match e.kind:
        case "cost" | "threshold" | "p_move" | "median_days":
            pos = scenario.positions[e.target]
            if e.kind == "p_move":
                moves = MappingProxyType({**pos.p_moves, e.candidate: value})
                first = scenario.candidates[0].id
                new = dataclasses.replace(pos, p_moves=moves, p_move=value if e.candidate == first else pos.p_move)
            elif e.kind == "median_days":
                new = dataclasses.replace(pos, median_days=MappingProxyType({**pos.median_days, e.candidate: value}))
            elif e.kind == "cost":
                new = dataclasses.replace(pos, cost=value)
            else:
                new = dataclasses.replace(pos, threshold=value)
            return dataclasses.replace(scenario, positions=MappingProxyType({**scenario.positions, e.target: new}))
        case "weight":
            edges = tuple(
                dataclasses.replace(x, weight=value) if (x.source, x.target) == (e.source, e.target) else x for x in scenario.influence
            )
            return dataclasses.replace(scenario, influence=edges)
        case "deal_cost":
            deals = tuple(dataclasses.replace(d, cost=value) if d.name == e.target else d for d in scenario.deals)
            return dataclasses.replace(scenario, deals=deals)
        case _:
            cands = tuple(dataclasses.replace(c, withdraw_cost=value) if c.id == e.target else c for c in scenario.candidates)
            return dataclasses.replace(scenario, candidates=cands)


def with_values(scenario: Scenario, values: Iterable[tuple[Estimate, float]]) -> Scenario:
    """The scenario with several numbers set."""
    for e, v in values:
        scenario = with_value(scenario, e, v)
    return scenario


# --- the advice at one point -----------------------------------------------------------------------


def _names(p: Path) -> frozenset[str]:
    return frozenset((*(f"flip:{c}" for c in p.flips), *(f"withdraw:{c}" for c in p.withdraw), *(f"deal:{d}" for d in p.deals)))


def _intervention(e: Estimate) -> str:
    return {"cost": "flip", "deal_cost": "deal", "withdraw_cost": "withdraw"}[e.kind] + f":{e.target}"


def same(a: Path | None, b: Path | None) -> bool:
    """Whether two answers name the same path (the same interventions), or both none."""
    return (a is None and b is None) or (a is not None and b is not None and _names(a) == _names(b))


@dataclass(frozen=True, slots=True)
class Advice:
    """What ``paths`` advises at one point: its cheapest path, and which of the paths listed at best still work there."""

    cheapest: Path | None
    """The cheapest path (``None``: nothing gets the candidate adopted)."""
    works: tuple[bool, ...]
    """Per path listed at best, in their order: whether it still gets the candidate adopted."""

    def same_as(self, other: Advice) -> bool:
        """The same cheapest path and the same verdicts."""
        return same(self.cheapest, other.cheapest) and self.works == other.works


class _Engine:
    """Runs of the paths engine, counted against ``most`` (default :data:`MAX_SEARCHES`), each within ``steps`` of work
    (default: the engine's own budget). Both are counts, not times, so that a bounded analysis gives the same answer
    on any machine."""

    def __init__(self, candidate: str, with_cascade: bool, *, most: int = MAX_SEARCHES, steps: int | None = None) -> None:
        self.candidate = candidate
        self.with_cascade = with_cascade
        self.runs = 0
        self.most = most
        self.steps = steps

    def find(self, scenario: Scenario, *, limit: int = 1, budget: float | None = None, exclude: Sequence[str] = ()) -> Search:
        self.runs += 1
        if self.runs > self.most:
            raise NatosimError(
                f"the analysis needs more than {self.most:,} runs of the paths search; expected fewer estimates or narrower "
                "ranges (give ranges in the file for the numbers that matter)",
                where="sensitivity",
            )
        search = paths.find(
            scenario,
            self.candidate,
            limit=limit,
            budget=budget,
            exclude=exclude,
            with_cascade=self.with_cascade,
            steps=self.steps,
            fallback=self.steps is None,
        )
        if search.exhausted or search.timed_out or not search.proven:
            raise NatosimError(
                "the paths search ran out of work before proving the cheapest path; expected a smaller body or fewer holdouts",
                where="sensitivity",
            )
        return search

    def advice(self, scenario: Scenario, listed: Sequence[Path], options: Sequence[paths.Intervention]) -> Advice:
        found = self.find(scenario).paths
        by_name = {o.name: o for o in options}
        works = tuple(
            paths.works(scenario, self.candidate, [by_name[n] for n in sorted(_names(p))], with_cascade=self.with_cascade) for p in listed
        )
        return Advice(found[0] if found else None, works)


def path_cost(scenario: Scenario, p: Path) -> Fraction:
    """A path's cost in exact fractions of the decimals the file gives."""
    total = sum((exact(scenario.positions[c].cost) for c in p.flips), Fraction(0))
    total += sum((exact(scenario.candidate(c).withdraw_cost) for c in p.withdraw), Fraction(0))
    return total + sum((exact(scenario.deal(d).cost) for d in p.deals), Fraction(0))


# --- break-even points -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BreakEven:
    """Over which values of one number the advice stays what it is at ``best``, and what replaces it beyond."""

    estimate: Estimate
    """The number and its range."""
    lower: Fraction | None
    """The break-even point below ``best`` (``None``: the advice holds down to the number's bound)."""
    upper: Fraction | None
    """The break-even point above ``best`` (``None``: it holds up to the number's bound)."""
    lower_closed: bool
    """Whether the advice at ``best`` still holds at ``lower`` itself (a threshold reached there); else a tie or a change."""
    upper_closed: bool
    """Whether it still holds at ``upper`` itself."""
    below: Advice | None
    """The advice just below ``lower``."""
    above: Advice | None
    """The advice just above ``upper``."""

    @property
    def inside(self) -> bool:
        """Whether a break-even point lies within the range (low, high): the advice can change within it."""
        lo, hi = exact(self.estimate.low), exact(self.estimate.high)
        return (self.lower is not None and self.lower > lo) or (self.upper is not None and self.upper < hi)


@dataclass(frozen=True, slots=True)
class BreakEvens:
    """The break-even points of every estimate."""

    candidate: str
    """Candidate id."""
    advice: Advice
    """The advice at best."""
    listed: tuple[Path, ...]
    """The paths listed at best (cheapest first)."""
    points: tuple[BreakEven, ...]
    """One per estimate of kind cost, threshold or weight, in the order of :func:`estimates`."""
    searches: int
    """Runs of the paths engine made."""


def break_evens(
    scenario: Scenario, candidate: str, ranges: Sequence[Estimate], *, with_cascade: bool = True, engine: _Engine | None = None
) -> BreakEvens:
    """The exact break-even points of the advice for every cost, threshold and weight in ``ranges``."""
    engine = engine or _Engine(candidate, with_cascade)
    top = engine.find(scenario, limit=LISTED)
    listed = top.paths
    base = Advice(listed[0] if listed else None, (True,) * len(listed))
    out: list[BreakEven] = []
    for e in ranges:
        if e.kind in COST_KINDS:
            out.append(_cost_break_even(scenario, e, top, base, engine))
        elif e.kind in CASCADE_KINDS:
            out.append(_cascade_break_even(scenario, e, top, base, engine))
    return BreakEvens(candidate, base, listed, tuple(out), engine.runs)


def _cost_break_even(scenario: Scenario, e: Estimate, top: Search, base: Advice, engine: _Engine) -> BreakEven:
    """One cost's break-even: where the cheapest path with its intervention and the cheapest without cost the same."""
    listed = top.paths
    none = BreakEven(e, None, None, False, False, None, None)
    if base.cheapest is None or not base.cheapest.size:
        return none  # nothing works, or nothing is needed: no cost changes that
    name = _intervention(e)
    x = exact(e.best)
    bound = BOUNDS[e.kind]
    inside = name in _names(base.cheapest)
    other = next((p for p in listed if (name in _names(p)) != inside), None)
    if other is None and not top.complete:  # beyond the listed paths: one more search
        if inside:  # the cheapest without it: make it as dear as a cost can be
            if e.kind == "cost":  # the member may not move
                found = engine.find(scenario, exclude=(e.target,)).paths
            else:  # dearer than every other intervention together: a path without it is cheaper, if there is one
                dear = float(sum((exact(o.cost) for o in top.interventions), Fraction(1)))
                found = engine.find(with_value(scenario, e, min(dear, bound.hi))).paths
            other = found[0] if found and name not in _names(found[0]) else None
        else:  # the cheapest with it: from the state it makes
            option = next((o for o in top.interventions if o.name == name), None)
            if option is not None:
                after = step.apply(scenario, [option.change(engine.candidate)], with_cascade=engine.with_cascade).after
                found = engine.find(after).paths
                if found:
                    other = dataclasses.replace(found[0], **_plus(found[0], option), cost=found[0].cost + option.cost)
    if other is None:
        return none
    with_path, without = (base.cheapest, other) if inside else (other, base.cheapest)
    b = path_cost(scenario, with_path) - x
    a = path_cost(scenario, without)
    point = a - b  # the cost at which both cost the same
    beyond = Advice(other, base.works)  # costs change no verdict
    lo, hi = Fraction(repr(bound.lo)), Fraction(repr(bound.hi))
    if inside:
        return BreakEven(e, None, point if point < hi else None, False, False, None, beyond if point < hi else None)
    return BreakEven(e, point if point > lo else None, None, False, False, beyond if point > lo else None, None)


def _plus(p: Path, option: paths.Intervention) -> dict[str, tuple[str, ...]]:
    """The fields of path ``p`` with ``option`` added."""
    match option.kind:
        case "flip":
            return {"flips": tuple(sorted((*p.flips, option.target)))}
        case "withdraw":
            return {"withdraw": tuple(sorted((*p.withdraw, option.target)))}
        case _:
            return {"deals": (*p.deals, option.target)}


def crossings(scenario: Scenario, e: Estimate) -> tuple[Fraction, ...]:
    """The values of a threshold or weight at which some cascade can change, sorted, within the number's bounds.

    A member follows when the summed weight of its supporting influencers reaches its threshold: a threshold
    crosses at the sums of subsets of its influencers' weights; the weight of a link ``u -> t`` at ``t``'s
    threshold less the sums of subsets of ``t``'s other influencers' weights.
    """
    inn = [(x.source, exact(x.weight)) for x in scenario.influence if x.target == e.target]
    others = [w for s, w in inn if not (e.kind == "weight" and s == e.source)]
    if len(others) > MAX_CROSSINGS:
        raise NatosimError(
            f"{e.target} has {len(others)} influencers; expected at most {MAX_CROSSINGS} for its exact break-even points",
            where=e.place,
        )
    sums = {Fraction(0)}
    for w in others:
        sums |= {s + w for s in sums}
    if e.kind == "threshold":
        values = sums
    else:
        theta = exact(scenario.positions[e.target].threshold)
        values = {theta - s for s in sums}
    return tuple(sorted(v for v in values if 0 < v <= 1))


def _cascade_break_even(scenario: Scenario, e: Estimate, top: Search, base: Advice, engine: _Engine) -> BreakEven:
    """One threshold's or weight's break-even points: the stretches between crossing values, from best outwards.

    A threshold holds the same cascades on each stretch ``(c_k, c_k+1]`` (a sum reaches it or not), a weight on
    each ``[c_k, c_k+1)``; the engine runs once per stretch, at the end that belongs to it.
    """
    points = list(crossings(scenario, e))
    x = exact(e.best)
    one = Fraction(1)
    if e.kind == "threshold":  # stretches (p_k, p_k+1], the last (p_max, 1]
        ends = sorted({*points, one})
        starts = [Fraction(0), *ends[:-1]]
        stretches = list(zip(starts, ends, strict=True))
        at = [hi for _, hi in stretches]
        here = next(i for i, (lo, hi) in enumerate(stretches) if lo < x <= hi)
    else:  # stretches [p_k, p_k+1), the first (0, p_0), the last [p_max, 1]
        starts = sorted({Fraction(0), *points})
        ends = [*starts[1:], one]
        stretches = list(zip(starts, ends, strict=True))
        at = [lo if lo > 0 else hi / 2 for lo, hi in stretches]
        here = next((i for i, (lo, hi) in enumerate(stretches) if lo <= x < hi), len(stretches) - 1)
    options = top.interventions
    listed = top.paths

    def advice(i: int) -> Advice:
        return engine.advice(with_value(scenario, e, float(at[i])), listed, options)

    lower = upper = None
    below = above = None
    for i in range(here - 1, -1, -1):
        a = advice(i)
        if not a.same_as(base):
            lower, below = stretches[i][1], a
            break
    for i in range(here + 1, len(stretches)):
        a = advice(i)
        if not a.same_as(base):
            upper, above = stretches[i][0], a
            break
    threshold = e.kind == "threshold"
    return BreakEven(e, lower, upper, lower_closed=not threshold, upper_closed=threshold, below=below, above=above)


# --- robustness over the box of ranges -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rival:
    """A path that is cheapest somewhere else in the box."""

    path: Path
    """The path (its cost as listed where it was found)."""
    share: float
    """Share of the box where it is the cheapest."""


@dataclass(frozen=True, slots=True)
class Robustness:
    """How much of the box of ranges keeps the cheapest path at best the cheapest."""

    path: Path | None
    """The cheapest path at best."""
    share: float
    """Share of the box (uniform over every range) where it stays the cheapest; ``nan`` when not computed."""
    ci95: tuple[float, float]
    """Its 95% interval: the share itself twice when exact, else the Wilson interval of the sample."""
    exact: bool
    """Whether the share is exact (areas of polygons) rather than sampled."""
    samples: int
    """Points sampled (0 when exact)."""
    seed: int
    """The seed of the sample."""
    dimensions: int
    """Ranges wider than a point that move a path's cost or a cascade."""
    others: tuple[Rival, ...]
    """The paths that are cheapest elsewhere, by share (largest first)."""
    note: str = ""
    """Why the share was not computed, when it was not."""


def _cells(scenario: Scenario, e: Estimate) -> list[tuple[Fraction, Fraction, Fraction]]:
    """The stretches of a threshold's or weight's range on which every cascade is the same: (start, end, a value inside)."""
    lo, hi = exact(e.low), exact(e.high)
    cuts = [c for c in crossings(scenario, e) if lo < c < hi]
    edges = [lo, *cuts, hi]
    return [(a, b, (a + b) / 2) for a, b in itertools.pairwise(edges)]


def _clip_polygon(poly: list[tuple[Fraction, Fraction]], a: Fraction, b: Fraction, c: Fraction) -> list[tuple[Fraction, Fraction]]:
    """The part of a convex polygon where ``a x + b y <= c`` (Sutherland-Hodgman, exact)."""
    out: list[tuple[Fraction, Fraction]] = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def _area(poly: list[tuple[Fraction, Fraction]]) -> Fraction:
    n = len(poly)
    return abs(sum((poly[i][0] * poly[(i + 1) % n][1] - poly[(i + 1) % n][0] * poly[i][1] for i in range(n)), Fraction(0))) / 2


def _wilson(hits: int, n: int) -> tuple[float, float]:
    p = hits / n
    d = 1 + Z95**2 / n
    mid = (p + Z95**2 / (2 * n)) / d
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / d
    return max(0.0, mid - half), min(1.0, mid + half)


def robustness(
    scenario: Scenario,
    candidate: str,
    ranges: Sequence[Estimate],
    *,
    seed: int = 0,
    samples: int = SAMPLES,
    with_cascade: bool = True,
    engine: _Engine | None = None,
) -> Robustness:
    """The share of the box of ranges (uniform) where the cheapest path at best stays the cheapest, and who wins elsewhere.

    The box is cut into cells where every cascade is the same (the stretches of each threshold and weight between
    crossing values); in each, the paths that can be cheapest anywhere (those whose cost with every cost at its low
    end is within the cheapest cost with every cost at its high end) are listed once, and a path's cost is then a sum.
    With at most :data:`EXACT_DIMENSIONS` costs wider than a point, the share is the exact area of the polygon where
    the path costs least; otherwise ``samples`` points are drawn (seeded) and the share has a 95% Wilson interval.
    """
    engine = engine or _Engine(candidate, with_cascade)
    top = engine.find(scenario)
    best = top.paths[0] if top.paths else None
    moving = [e for e in ranges if e.kind in COST_KINDS | CASCADE_KINDS and e.low < e.high]
    costs = [e for e in moving if e.kind in COST_KINDS]
    cascades = [e for e in moving if e.kind in CASCADE_KINDS]

    def at_best(p: Path) -> Path:
        return dataclasses.replace(p, cost=float(path_cost(scenario, p)))

    def result(
        share: float, ci: tuple[float, float], is_exact: bool, n: int, others: dict[frozenset[str], tuple[Path, float]], note: str = ""
    ) -> Robustness:
        rivals = sorted(
            (Rival(at_best(p), v) for k, (p, v) in others.items() if best is None or k != _names(best)),
            key=lambda r: (-r.share, r.path.cost, sorted(_names(r.path))),
        )
        return Robustness(best, share, ci, is_exact, n, seed, len(moving), tuple(r for r in rivals if r.share > 0), note)

    if best is None or not best.size:
        return result(1.0, (1.0, 1.0), True, 0, {})
    cells = [_cells(scenario, e) for e in cascades]
    combos = math.prod(len(c) for c in cells)
    if combos > MAX_CELLS:
        return result(math.nan, (math.nan, math.nan), False, 0, {}, f"{combos} cascade cells; at most {MAX_CELLS} are searched")
    fixed = {_intervention(e): e for e in costs}

    def contenders(values: Sequence[tuple[Estimate, float]]) -> list[tuple[Path, frozenset[str]]] | None:
        at = with_values(scenario, values)
        high = engine.find(with_values(at, [(e, e.high) for e in costs])).paths
        if not high:
            return []
        low = with_values(at, [(e, e.low) for e in costs])
        bound = float(path_cost(with_values(at, [(e, e.high) for e in costs]), high[0]))
        found = engine.find(low, limit=CONTENDERS, budget=bound * (1 + 1e-12))
        if not found.complete:
            return None
        return [(p, _names(p)) for p in found.paths]

    grid = list(itertools.product(*cells)) if cells else [()]
    tables: list[list[tuple[Path, frozenset[str]]]] = []
    for combo in grid:
        listed = contenders([(e, float(cell[2])) for e, cell in zip(cascades, combo, strict=True)])
        if listed is None:
            return result(math.nan, (math.nan, math.nan), False, 0, {}, f"more than {CONTENDERS} paths contend for cheapest")
        tables.append(listed)

    def fixed_cost(p: Path) -> Fraction:
        names = _names(p) - set(fixed)
        total = Fraction(0)
        for n in names:
            kind, _sep, target = n.partition(":")
            total += exact(
                scenario.positions[target].cost
                if kind == "flip"
                else scenario.candidate(target).withdraw_cost
                if kind == "withdraw"
                else scenario.deal(target).cost
            )
        return total

    key = _names(best)
    if len(costs) <= EXACT_DIMENSIONS:
        dims = [*costs, None, None][:2]
        box = [(exact(e.low), exact(e.high)) if e is not None else (Fraction(0), Fraction(1)) for e in dims]
        square = [(box[0][0], box[1][0]), (box[0][1], box[1][0]), (box[0][1], box[1][1]), (box[0][0], box[1][1])]
        whole = _area(square)
        shares: dict[frozenset[str], tuple[Path, Fraction]] = {}
        for combo, listed in zip(grid, tables, strict=True):
            weight = math.prod(
                (Fraction(c[1] - c[0]) / (exact(e.high) - exact(e.low)) for e, c in zip(cascades, combo, strict=True)), start=Fraction(1)
            )
            lines = [(p, n, [Fraction(int(e is not None and _intervention(e) in n)) for e in dims], fixed_cost(p)) for p, n in listed]
            for p, n, coef, const in lines:
                poly = square
                for _q, m, qcoef, qconst in lines:
                    if m == n:
                        continue  # cost_p <= cost_q: (coef - qcoef) . x <= qconst - const
                    poly = _clip_polygon(poly, coef[0] - qcoef[0], coef[1] - qcoef[1], qconst - const)
                    if len(poly) < 3:
                        break
                area = _area(poly) if len(poly) >= 3 else Fraction(0)
                if area:
                    old = shares.get(n, (p, Fraction(0)))[1]
                    shares[n] = (p, old + weight * area / whole)
        share = float(shares.get(key, (best, Fraction(0)))[1])
        return result(share, (share, share), True, 0, {k: (p, float(v)) for k, (p, v) in shares.items()})
    import numpy as np

    rng = np.random.default_rng(seed)
    lows = np.asarray([e.low for e in moving])
    highs = np.asarray([e.high for e in moving])
    points = lows + rng.random((samples, len(moving))) * (highs - lows)
    cell_of = np.zeros(samples, dtype=np.int64)
    for j, (e, cs) in enumerate(zip(cascades, cells, strict=True)):
        col = points[:, moving.index(e)]
        ends = np.asarray([float(c[1]) for c in cs[:-1]])
        cell_of = cell_of * len(cs) + np.searchsorted(ends, col, side="left" if e.kind == "threshold" else "right")
        del j
    counts: dict[frozenset[str], tuple[Path, int]] = {}
    cost_cols = [moving.index(e) for e in costs]
    for c, listed in enumerate(tables):
        rows = np.flatnonzero(cell_of == c)
        if not len(rows) or not listed:
            continue
        matrix = np.asarray([[1.0 if _intervention(e) in n else 0.0 for e in costs] for _, n in listed])
        consts = np.asarray([float(fixed_cost(p)) for p, _ in listed])
        total = points[rows][:, np.asarray(cost_cols, dtype=np.int64)] @ matrix.T + consts  # rows x paths
        winner = total.argmin(axis=1)
        for i, hits in enumerate(np.bincount(winner, minlength=len(listed))):
            if hits:
                p, n = listed[i]
                counts[n] = (p, counts.get(n, (p, 0))[1] + int(hits))
    hits = counts.get(key, (best, 0))[1]
    return result(hits / samples, _wilson(hits, samples), False, samples, {k: (p, v / samples) for k, (p, v) in counts.items()})


SUMMARY_SEARCHES = 24
"""Most runs of the paths search the written summary's robustness share may take (:func:`quoted`)."""
SUMMARY_ESTIMATES = 40
"""Most estimated numbers the summary's share is sampled over (more: not quoted; ``natosim sensitivity`` gives it)."""
SUMMARY_STEPS = 20_000
"""The work budget of each of those runs (as the summary's own search: about a second at the worst measured cost)."""


def quoted(scenario: Scenario, candidate: str, *, with_cascade: bool = True) -> Robustness | None:
    """The robustness the written summary quotes: :func:`robustness` over :func:`estimates` with seed 0 and
    :data:`SAMPLES` points (what ``natosim sensitivity`` says by default), within :data:`SUMMARY_SEARCHES` runs of
    :data:`SUMMARY_STEPS` steps each; ``None`` when that is not enough, or the share is not computed."""
    try:
        ranges = estimates(scenario, candidate)
        if len(ranges) > SUMMARY_ESTIMATES:
            return None
        engine = _Engine(candidate, with_cascade, most=SUMMARY_SEARCHES, steps=SUMMARY_STEPS)
        found = robustness(scenario, candidate, ranges, with_cascade=with_cascade, engine=engine)
    except NatosimError:
        return None
    return None if math.isnan(found.share) else found


# --- the forecast's tornado ------------------------------------------------------------------------

PRIOR_DRAWS = 100
"""Priors drawn from the fit's normal approximation for the interval of P that includes their uncertainty."""
PRIOR_TRIALS = 4_000
"""Trials (the baseline's first) each drawn prior is simulated on."""
MAX_TORNADO_WORK = 2 * 10**8
"""Most trials × members × (ends + prior draws) a tornado simulates."""


@dataclass(frozen=True, slots=True)
class Bar:
    """P(consensus by the deadline) at both ends of one range, every other number at best."""

    estimate: Estimate
    """The number and its range."""
    p_low: float
    """P with the number at ``low``."""
    p_high: float
    """P with the number at ``high``."""

    @property
    def swing(self) -> float:
        """``|p_high - p_low|``: how far the range moves P."""
        return abs(self.p_high - self.p_low)


@dataclass(frozen=True, slots=True)
class Tornado:
    """The forecast's sensitivity to each range, and an interval for P that includes the priors' uncertainty."""

    deadline: date
    """The forecast's deadline."""
    trials: int
    """Trials per end (the same draws for every end: common random numbers)."""
    seed: int
    """The seed of the draws."""
    p: float
    """P(consensus by the deadline) with every number at best (as ``natosim forecast`` gives it)."""
    ci95: tuple[float, float]
    """Its 95% interval from Monte Carlo noise alone."""
    bars: tuple[Bar, ...]
    """One per range a forecast reads, by swing (largest first), then place."""
    interval: tuple[float, float]
    """95% interval of P including the fitted priors' uncertainty: the 2.5% and 97.5% quantiles of P under
    :data:`PRIOR_DRAWS` priors drawn from the fit's normal approximation, widened by the Monte Carlo half-widths."""
    prior_draws: int
    """Priors drawn (0 when no member's rate comes from the priors: the interval is the Monte Carlo one)."""
    bounds: tuple[float, float]
    """The bounds P is kept within (those of ``natosim forecast``: what the record vouches for)."""


def tornado(
    scenario: Scenario,
    candidate: str,
    ranges: Sequence[Estimate],
    *,
    deadline: date,
    trials: int = 20_000,
    seed: int = 0,
    priors: Priors | None = None,
    prior_draws: int = PRIOR_DRAWS,
    with_cascade: bool = True,
) -> Tornado:
    """P(consensus by ``deadline``) at each end of each range a forecast reads, others at best, on one baseline's draws.

    The draws are those ``natosim forecast --seed`` makes (the same uniforms and wave factors), so the baseline is
    the forecast's own P and every end differs from it only by the number changed. The priors' uncertainty: priors
    drawn (seeded) from the normal approximation of the fit (``natosim/data/priors-cov.json``), each simulated on the
    baseline's first :data:`PRIOR_TRIALS` trials, its wave factors mapped through their quantiles.
    """
    import numpy as np

    from natosim._engine.forecast import fit as fitting

    sim = importlib.import_module("natosim._engine.forecast.simulate")  # the module (the package exports a function of that name)
    from natosim._engine.forecast.plan import compile_plan
    from natosim._engine.forecast.priors import shipped, shipped_covariance

    priors = priors if priors is not None else shipped()
    bars_of = [e for e in ranges if e.kind in FORECAST_KINDS and e.low < e.high]
    n = len(scenario.members)
    if trials * n * (2 * len(bars_of) + 2) + PRIOR_TRIALS * n * prior_draws > MAX_TORNADO_WORK:
        raise NatosimError(
            f"{trials:,} trials × {n} members × {2 * len(bars_of) + 2} forecasts is too much work; expected fewer trials",
            where="trials",
        )
    base = sim.forecast(
        scenario,
        candidate=candidate,
        deadline=deadline,
        trials=trials,
        seed=seed,
        priors=priors,
        with_cascade=with_cascade,
        interventions=False,
    )
    lo_b, hi_b = base.bounds

    def bounded(x: float) -> float:
        return float(min(max(x, lo_b), hi_b))

    plan = compile_plan(scenario, candidate, deadline=deadline, priors=priors, with_cascade=with_cascade)
    rng = np.random.default_rng(seed)
    chunks = []
    done = 0
    while done < trials:  # the forecast's own draws, chunk by chunk
        m = min(sim.CHUNK, trials - done)
        chunks.append(sim._draws(rng, m, len(plan.codes), len(scenario.candidates), plan.wave_shape))
        done += m
    u = np.concatenate([c[0] for c in chunks])
    v = np.concatenate([c[1] for c in chunks])
    g = np.concatenate([c[2] for c in chunks])

    def p_of(s: Scenario, p: Priors = priors, rows: slice = slice(None), waves: npt.NDArray[np.float64] | None = None) -> float:
        pl = compile_plan(s, candidate, deadline=deadline, priors=p, with_cascade=with_cascade)
        when, _who, _e = sim.simulate(pl, u[rows], v[rows], g[rows] if waves is None else waves)
        return int(np.count_nonzero(when <= pl.horizon)) / len(when)

    bars = [Bar(e, bounded(p_of(with_value(scenario, e, e.low))), bounded(p_of(with_value(scenario, e, e.high)))) for e in bars_of]
    bars.sort(key=lambda b: (-b.swing, b.estimate.place))
    p, (c_lo, c_hi) = base.p_consensus, base.ci95
    interval = (c_lo, c_hi)
    used = 0
    if base.track is not None and prior_draws > 0:  # some rate comes from the priors
        names, cov = shipped_covariance(priors)
        rows = slice(0, min(trials, PRIOR_TRIALS))
        from scipy import special

        k0 = plan.wave_shape
        q = special.gammainc(k0, g[rows] * k0) if math.isfinite(k0) else np.full(len(g[rows]), 0.5)
        ps = []
        for drawn in fitting.draw(priors, names, cov, prior_draws, seed):
            k = drawn.wave_shape
            waves = special.gammaincinv(k, q) / k if math.isfinite(k) else np.ones(len(q))
            ps.append(bounded(p_of(scenario, drawn, rows, waves)))
        used = prior_draws
        qlo, qhi = (float(x) for x in np.quantile(ps, [0.025, 0.975]))
        interval = (bounded(min(qlo, p) - (p - c_lo)), bounded(max(qhi, p) + (c_hi - p)))
    return Tornado(deadline, trials, base.seed, p, (c_lo, c_hi), tuple(bars), interval, used, base.bounds)
