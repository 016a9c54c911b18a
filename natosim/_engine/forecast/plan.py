"""A scenario compiled for simulation: who must move, at what rate, who follows whom, what the rule asks.

The compiled plan reads the scenario's state on ``as_of`` through the model's own definitions:
the rule (:func:`natosim._engine.rules.rule_for`: its blocking stances or its :class:`~natosim._engine.rules.Bar`),
the contest for the seats (:func:`natosim._engine.rules.decide`), the influence graph
(:func:`natosim._engine.cascade.network`) and the effects of a rival's withdrawal
(:func:`natosim._engine.step.effects`). Interventions are not compiled here: the forecast applies each
with :func:`natosim._engine.step.apply` and compiles the state after it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from natosim._engine import cascade, rules, step
from natosim._engine.forecast.priors import Clock, Hold, Priors, Profile, Rate, rate_for_median, rate_for_probability
from natosim._engine.forecast.spread import Target
from natosim._engine.rules import RANK
from natosim.errors import NatosimError
from natosim.model import Scenario, Stance

MAX_HORIZON_DAYS = 36_525
"""Longest forecast horizon (100 years)."""


def kind_of(scenario: Scenario) -> str:
    """The kind of decision for the priors: the scenario's ``kind``, else appointment (candidates), policy (EU) or ratification."""
    if scenario.kind:
        return scenario.kind
    if len(scenario.candidates) > 1 or scenario.candidates[0].id != "proposal":
        return "appointment"
    return "policy" if scenario.body in ("eu", "unsc") else "ratification"


def focal_dates(scenario: Scenario) -> tuple[date, ...]:
    """The dates the time model pulls moves towards: the meetings the scenario lists with the decision on the agenda.

    The scenario's ``deadline`` is not one of them unless it is listed too: "by 31 May" is a calendar date, not a summit.
    """
    return scenario.focal_dates


def hold_of(scenario: Scenario, candidate: str, code: str) -> Hold:
    """The kind of hold a member that does not support ``candidate`` puts on it, as the priors tell them apart.

    The file's ``holdout`` first; else a member that backs another candidate still in the race is a rival, one that
    opposes or has stated demands is political (linked when its price concerns another matter), any other procedural.
    """
    pos = scenario.positions[code]
    if pos.holdout == "procedural":
        return Hold.PROCEDURAL
    if pos.holdout == "rival":
        return Hold.RIVAL
    if not pos.holdout and any(c.id != candidate and scenario.stances[c.id][code] is Stance.SUPPORT for c in scenario.active):
        return Hold.RIVAL
    if pos.holdout == "political" or pos.demands or pos.linked or scenario.stances[candidate][code] is Stance.OPPOSE:
        return Hold.LINKED if pos.linked else Hold.POLITICAL
    return Hold.PROCEDURAL


@dataclass(frozen=True, slots=True)
class Rival:
    """A rival candidate that may withdraw during the forecast."""

    id: str
    """Candidate id."""
    column: int
    """Its position among the declared candidates (its column of random draws)."""
    clock: Clock | None
    """When it withdraws on its own (``None``: it does not withdraw at random)."""
    supports: tuple[int, ...]
    """Members its withdrawal sets to support on the candidate."""
    eases: tuple[int, ...]
    """Members its withdrawal sets to a stance that does not block (veto rules) without support."""
    contests: bool
    """Whether it meets the rule on ``as_of`` (it must leave for the candidate to take the seat)."""
    note: str = ""
    """Why it does not withdraw at random, when it does not."""


@dataclass(frozen=True, slots=True)
class Plan:
    """A scenario compiled for simulating the adoption of one candidate (members by index, sorted by code)."""

    codes: tuple[str, ...]
    """Member codes, sorted."""
    supporting: tuple[bool, ...]
    """Whether each member supports on ``as_of``."""
    clocks: tuple[Clock | None, ...]
    """When each member moves on its own (``None`` for supporters)."""
    shared: tuple[bool, ...]
    """Whether each member's clock takes the decision's wave factor (prior-based members)."""
    stated: tuple[bool, ...]
    """Whether each member's rate comes from the scenario."""
    holds: tuple[Hold | None, ...]
    """The kind of hold the prior gives each member (``None`` for supporters)."""
    rivals: tuple[Rival, ...]
    """Rival candidates that move members when they withdraw, or must withdraw (contest)."""
    contest_need: int
    """How many of the contesting rivals must withdraw for the candidate to be adopted."""
    targets: tuple[Target, ...]
    """Members that can be carried along by the cascade (empty without cascade)."""
    blockers: tuple[int, ...]
    """Members blocking on ``as_of`` under a veto rule (all of them must stop blocking)."""
    bar: rules.Bar | None
    """What a quota rule asks of the supporters, or ``None`` for a veto rule."""
    weights: tuple[int, ...]
    """Member weights under the quota rule (exact integers)."""
    meets_now: bool
    """Whether the candidate meets the rule on ``as_of``."""
    wave_shape: float
    """Shape of the shared wave factor."""
    horizon: int
    """Days from ``as_of`` to the deadline."""
    prefix: Prefix | None = None
    """Under the rules that are neither a veto nor a single quota: the rule as conditions on who has come to support."""


# --- bodies: the rules that are neither a veto nor a single quota, as conditions on the supporters ---


@dataclass(frozen=True, slots=True)
class Prefix:
    """A rule as conditions on the set of members supporting, the others keeping their ``as_of`` stances.

    Holds iff every bar passes on the supporters, every ``required`` member supports, and (when
    ``clause`` members are given) the clause members still not supporting are not at least a third
    of the members holding at least a third of the population. The forecast checks it on every
    prefix of the members in the order they come to support; ``tests/test_rules_bodies.py`` checks
    it against the rule's own ``adopted``.
    """

    bars: tuple[tuple[rules.Bar, tuple[int, ...]], ...]
    """Each quota's bar and the member weights it counts."""
    required: tuple[int, ...]
    """Members that must stop blocking: a veto member opposing (it must leave ``oppose``: support, or a rival's withdrawal
    that sets another stance), or, under constructive abstention, a member opposing or undecided (it must support)."""
    clause: tuple[int, ...] = ()
    """Members abstaining (constructive abstention), whose remaining number and population may block."""
    populations: tuple[int, ...] = ()
    """Every member's population (for the clause)."""

    def holds(self, supporting: Sequence[bool]) -> bool:
        """The conditions for one set of supporters (flags by member index)."""
        for bar, weights in self.bars:
            yes = [w for w, s in zip(weights, supporting, strict=True) if s]
            if not bar.passes(len(yes), sum(yes)):
                return False
        if not all(supporting[i] for i in self.required):
            return False
        if self.clause:
            left = [i for i in self.clause if not supporting[i]]
            n, total = len(supporting), sum(self.populations)
            if 3 * len(left) >= n and 3 * sum(self.populations[i] for i in left) >= total:
                return False
        return True


def prefix_form(judge: rules.AnyRule, scenario: Scenario, candidate: str) -> Prefix | None:
    """The :class:`Prefix` of a rule on a candidate's ``as_of`` stances (``None`` for a veto or a single quota rule)."""
    members = scenario.members
    stances = scenario.stances[candidate]
    codes = [m.code for m in members]
    if isinstance(judge, rules.Council):
        vetoes = set(judge.vetoes(members))
        weights = judge.quota.weights(members)
        required = tuple(i for i, c in enumerate(codes) if c in vetoes and stances[c] is Stance.OPPOSE)
        return Prefix(((judge.quota.bar(weights), weights),), required)
    if isinstance(judge, rules.AllOf):
        return Prefix(tuple((q.bar(q.weights(members)), q.weights(members)) for q in judge.parts), ())
    if isinstance(judge, rules.Abstention):
        required = tuple(i for i, c in enumerate(codes) if stances[c] in judge.blocking)
        clause = tuple(i for i, c in enumerate(codes) if stances[c] is Stance.ABSTAIN)
        return Prefix((), required, clause, tuple(m.population for m in members))
    return None


def _member_rate(scenario: Scenario, candidate: str, code: str, *, kind: str, priors: Priors, profile: Profile) -> tuple[Rate, bool, Hold]:
    """(rate, stated, hold) of one member that does not support."""
    pos = scenario.positions[code]
    hold = hold_of(scenario, candidate, code)
    if candidate in pos.median_days:
        return rate_for_median(pos.median_days[candidate]), True, hold
    p = pos.p_moves.get(candidate)
    if p is not None:
        if scenario.deadline is None:
            raise NatosimError(
                f"{code} has a p_move, a probability by the scenario's own deadline, and the scenario has none; "
                "expected `deadline = YYYY-MM-DD` in the file (or median_days instead of p_move)",
                file=scenario.path,
                where="deadline",
            )
        return rate_for_probability(p, horizon=float((scenario.deadline - scenario.as_of).days), profile=profile), True, hold
    return priors.rate(kind, hold, demands=bool(pos.demands), fallback=scenario.fallback, member=code), False, hold


def start_of(scenario: Scenario, code: str) -> float:
    """When a member's hold began, in days from ``as_of`` (≤ 0): its ``since``, else ``as_of``."""
    since = scenario.positions[code].since
    return float(min((since - scenario.as_of).days, 0)) if since is not None else 0.0


def compile_plan(
    scenario: Scenario, candidate: str, *, deadline: date, priors: Priors, with_cascade: bool = True, withdrawals: bool = True
) -> Plan:
    """Compile ``scenario`` for simulating the adoption of ``candidate`` until ``deadline``."""
    horizon = (deadline - scenario.as_of).days
    if horizon > MAX_HORIZON_DAYS:
        raise NatosimError(
            f"{deadline.isoformat()} is {horizon:,} days after as_of; expected a deadline within 100 years", where="deadline"
        )
    codes = tuple(m.code for m in scenario.members)
    index = {c: i for i, c in enumerate(codes)}
    stances = scenario.stances[candidate]
    supporting = tuple(stances[c] is Stance.SUPPORT for c in codes)
    kind = kind_of(scenario)
    profile = Profile.of(
        [float((d - scenario.as_of).days) for d in focal_dates(scenario)], window=priors.focal_window, boost=priors.focal_boost
    )
    clocks: list[Clock | None] = []
    shared: list[bool] = []
    stated: list[bool] = []
    holds: list[Hold | None] = []
    for c in codes:
        if stances[c] is Stance.SUPPORT:
            clocks.append(None)
            shared.append(False)
            stated.append(False)
            holds.append(None)
            continue
        rate, is_stated, hold = _member_rate(scenario, candidate, c, kind=kind, priors=priors, profile=profile)
        clocks.append(Clock(rate, 0.0 if is_stated else start_of(scenario, c), profile))
        shared.append(not is_stated)
        stated.append(is_stated)
        holds.append(hold)
    judge = rules.rule_for(scenario.rule)
    blocking = judge.blocking if isinstance(judge, rules.Veto) else frozenset({s for s in Stance if s is not Stance.SUPPORT})
    if isinstance(judge, rules.Council):  # bodies: a withdrawal that turns a veto member's oppose into anything else lifts its veto
        blocking = frozenset({Stance.OPPOSE})
    meets = {c.id: judge.adopted(scenario.members, scenario.stances[c.id]) for c in scenario.active}
    contesting = [cid for cid, ok in meets.items() if ok and cid != candidate]
    limited = len(scenario.active) > scenario.seats
    contest_need = max(0, len(contesting) - (scenario.seats - 1)) if limited else 0
    columns = {c.id: i for i, c in enumerate(scenario.candidates)}
    rivals: list[Rival] = []
    for r in scenario.active:
        if r.id == candidate:
            continue
        effects = [(code, s) for cid, code, s in step.effects(scenario, step.Withdraw(r.id)) if cid == candidate]
        supports = tuple(sorted(index[code] for code, s in effects if s is Stance.SUPPORT and not supporting[index[code]]))
        eases = tuple(sorted(index[code] for code, s in effects if s not in blocking and s is not Stance.SUPPORT))
        contests = r.id in contesting and contest_need > 0
        if not (supports or eases or contests):
            continue
        worse = [code for code, s in effects if RANK[s] < RANK[stances[code]]]
        note = ""
        clock: Clock | None = None
        if not withdrawals:
            note = "withdrawals are off"
        elif worse:
            note = f"its withdrawal would set {', '.join(worse)} to a worse stance; it withdraws only when made to"
        else:
            clock = Clock(priors.rate(kind, Hold.RIVAL, fallback=scenario.fallback), 0.0, profile)
        rivals.append(Rival(r.id, columns[r.id], clock, supports, eases, contests, note))
    targets: list[Target] = []
    if with_cascade:
        net = cascade.network(scenario)
        for c, pairs in net.inn.items():
            if not supporting[index[c]]:
                targets.append(Target(index[c], tuple(index[s] for s, _ in pairs), tuple(w for _, w in pairs), net.threshold[c]))
    weights = judge.weights(scenario.members) if isinstance(judge, rules.Quota) else ()
    return Plan(
        codes=codes,
        supporting=supporting,
        clocks=tuple(clocks),
        shared=tuple(shared),
        stated=tuple(stated),
        holds=tuple(holds),
        rivals=tuple(rivals),
        contest_need=contest_need,
        targets=tuple(sorted(targets, key=lambda t: t.index)),
        blockers=tuple(index[c] for c in judge.blockers(scenario.members, stances)) if isinstance(judge, rules.Veto) else (),
        bar=judge.bar(weights) if isinstance(judge, rules.Quota) else None,
        weights=weights,
        meets_now=meets[candidate],
        wave_shape=priors.wave_shape,
        horizon=horizon,
        prefix=prefix_form(judge, scenario, candidate),
    )


def p_move_by(clock: Clock | None, *, horizon: int, shared: bool, wave_shape: float) -> float:
    """Probability that a member with this clock has moved on its own by ``horizon`` days (wave factor integrated out)."""
    if clock is None:
        return 1.0
    h = clock.cumulative(float(horizon)) - clock.cumulative(0.0)
    if not shared or math.isinf(wave_shape):
        return round(-math.expm1(-h), 12)  # a stated p_move read back at its own deadline comes out as written
    return round(1.0 - float((1.0 + h / wave_shape) ** (-wave_shape)), 12)
