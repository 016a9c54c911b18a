"""The library as a notebook uses it: one function per command, keyword arguments, names or codes.

Each function takes a scenario (a :class:`~natosim.model.Scenario`, a bundled name such as
``"rutte-2024"``, a path, or ``None`` for the default bundled scenario) and keyword arguments
that read as the command's options do: allies by English name, code or alias, candidates by
id, name or surname, deals by id or name, dates as ``YYYY-MM-DD`` or :class:`datetime.date`,
rules by name or ``quota=Q[,weight=W,...]``. Each returns a result whose ``to_dict()`` is the
JSON object the command prints with ``--format json`` and whose ``repr`` is one short line.

A bad argument raises :class:`~natosim.errors.NatosimError` naming the parameter
(``what_if(flip=...): unknown ally 'Hungry'; ...``). The command line calls these same
functions: the error carries the parameter (``param``, and the one ``item`` of it meant), and the command
line names the option it comes from (``--flip Hungry: unknown ally ...``).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from natosim._engine import changes as _changes
from natosim._engine import rulespec as _rulespec
from natosim._engine import scenario as _scenarios
from natosim._engine.step import Applied, Change, Flip, Strike, Withdraw
from natosim._engine.step import apply as _apply
from natosim.errors import NatosimError, did_you_mean, shown
from natosim.model import Country, Estimate, Report, RuleSpec, Scenario, Stance, Verdict

if TYPE_CHECKING:
    from natosim._engine import backtest as _engine_backtest
    from natosim._engine import diff as _engine_diff
    from natosim._engine import report as _engine_report
    from natosim._engine.compare import RuleOutcome
    from natosim._engine.forecast import Forecast as _Forecast
    from natosim._engine.paths import Path, Search
    from natosim._engine.power import MemberPower, PowerReport
    from natosim._engine.sensitivity import BreakEvens, Robustness, Tornado
    from natosim._engine.summary import Summary
    from natosim._engine.timeline import Timeline as _Timeline
    from natosim.choices import Index
    from natosim.render.document import View

__all__ = [
    "Bundled",
    "Checked",
    "Comparison",
    "Difference",
    "Dossier",
    "Flip",
    "Forecast",
    "Influence",
    "Paths",
    "Power",
    "Roster",
    "Run",
    "Scores",
    "Strike",
    "Timeline",
    "WhatIf",
    "Withdraw",
    "allies",
    "apply",
    "assume",
    "backtest",
    "bundled_names",
    "compare_rules",
    "day_of",
    "diff",
    "evaluate",
    "find_paths",
    "forecast",
    "graph",
    "init",
    "load",
    "member_names",
    "parse",
    "paths",
    "power",
    "report",
    "resolve_changes",
    "scenarios",
    "schema",
    "sensitivity",
    "state_on",
    "summary",
    "timeline",
    "validate",
    "what_if",
]

ScenarioRef = Scenario | str | os.PathLike[str] | None
"""A scenario, a bundled name, a path (``"-"``: standard input), or ``None`` (the default bundled scenario)."""
Names = str | Iterable[str]
"""One name, or several."""
Flips = str | Mapping[str, Stance | str] | Iterable[str | tuple[str, Stance | str]]
"""Allies to flip: a name (to support), names, ``(name, stance)`` pairs, or a mapping name → stance."""


P = ParamSpec("P")
R = TypeVar("R")


def _public(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` whose errors about one of its parameters are placed on it: ``what_if(flip=...)``.

    The place is computed here, once: a public function calling another names itself (the outermost wins).
    """
    name = function.__name__

    @functools.wraps(function)
    def placed(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except NatosimError as e:
            raise e.named(name) from None

    return placed


@contextmanager
def _as(param: str, item: str | None = None) -> Iterator[None]:
    """An engine's errors in this block, made about ``param`` (and its ``item``) instead of the place the engine gave."""
    try:
        yield
    except NatosimError as e:  # the engine was given ``where=param``: as the file (its keys then the place), or the place
        if e.file == param:
            raise e.about(param, item, within=f": {e.where}" if e.where else "").placed(file=None, where=None) from None
        if e.where is not None and e.where.startswith(param) and not e.where[len(param) : len(param) + 1].isalnum():
            raise e.about(param, item, within=e.where[len(param) :]) from None
        raise e.about(param, item, within=f": {e.where}" if e.where else "") from None


# --- arguments --------------------------------------------------------------------------------


def _names(value: Names | None, param: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        items = tuple(value)
        for item in items:
            if not isinstance(item, str):
                raise NatosimError(f"expected names (text); got {type(item).__name__}", param=param)
        return items
    raise NatosimError(f"expected a name or a list of names; got {type(value).__name__}", param=param)


def _listed(value: object, param: str) -> list[Any]:
    """``value`` as a list, if it is a list, tuple or other sequence (not text); else an error naming ``param``."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NatosimError(f"expected a list; got {type(value).__name__}", param=param)
    return list(value)


def _scenario_arg(value: object) -> Scenario:
    """``value`` if it is a :class:`Scenario`, else an error naming the ``scenario`` parameter."""
    if not isinstance(value, Scenario):
        raise NatosimError(f"expected a Scenario (natosim.load gives one); got {type(value).__name__}", param="scenario")
    return value


def _date(value: date | str, param: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        with _as(param):
            return _scenarios.parse_date(value, where=param)
    raise NatosimError(f"expected a date or YYYY-MM-DD text; got {type(value).__name__}", param=param)


def _rule(value: RuleSpec | str, scenario: Scenario, param: str = "rule") -> RuleSpec:
    if isinstance(value, RuleSpec):
        spec = value
    elif isinstance(value, str):
        with _as(param):
            spec = _rulespec.parse_rule(value, where=param)
    else:
        raise NatosimError(f"expected a rule name, quota=Q[,...] or a RuleSpec; got {type(value).__name__}", param=param)
    with _as(param):
        _rulespec.check_rule(spec, scenario.members, where=param)
    return spec


def _count(value: object, param: str, *, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NatosimError(f"expected a whole number; got {type(value).__name__}", param=param)
    if value < low or (high is not None and value > high):
        top = f" to {high:,}" if high is not None else " or more"
        raise NatosimError(f"{value:,}; expected {low:,}{top}", param=param)
    return value


def _flag(value: object, param: str) -> bool:
    if not isinstance(value, bool):
        raise NatosimError(f"expected True or False; got {shown(repr(value))}", param=param)
    return value


def _stance(value: Stance | str, text: str, param: str = "flip") -> Stance:
    if isinstance(value, Stance):
        return value
    if not isinstance(value, str):
        raise NatosimError(f"expected a stance (support, oppose, undecided, abstain); got {type(value).__name__}", param=param, item=text)
    try:
        return Stance(value.strip().lower())
    except ValueError:
        choices = [s.value for s in Stance]
        raise NatosimError(
            f"unknown stance '{shown(value)}'; expected one of {', '.join(choices)}{did_you_mean(value, choices)}",
            param=param,
            item=text,
        ) from None


def _flips(value: Flips | None) -> tuple[tuple[str, Stance | str, str], ...]:
    """(ally name, stance, the item's text) for every flip asked for."""
    if value is None:
        return ()
    if isinstance(value, str):
        return ((value, Stance.SUPPORT, value),)
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, Iterable):
        pairs = [(item, Stance.SUPPORT) if isinstance(item, str) else item for item in value]
    else:
        raise NatosimError(f"expected an ally name, a list or a mapping of allies to stances; got {type(value).__name__}", param="flip")
    out = []
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], Stance | str)):
            raise NatosimError(f"expected an ally name or an (ally, stance) pair; got {shown(repr(pair))}", param="flip")
        name, stance = pair
        out.append((name, stance, name if stance is Stance.SUPPORT and isinstance(stance, Stance) else f"{name}={stance}"))
    return tuple(out)


def _deal(scenario: Scenario, text: str, param: str = "deal") -> str:
    found = scenario.deal_named(text)
    if found is None:
        ids = [d.id for d in scenario.deals]
        names = [d.name for d in scenario.deals]
        raise NatosimError(
            f"unknown deal '{shown(text)}'; expected an id ({', '.join(ids) or 'none declared'}) or a name{did_you_mean(text, ids + names)}",
            param=param,  # no item: the message quotes it
        )
    return found.name


def _candidate(scenario: Scenario, value: str | None, param: str = "candidate") -> str:
    if value is not None and not isinstance(value, str):
        raise NatosimError(f"expected a candidate id or name; got {type(value).__name__}", param=param)
    with _as(param, value):
        return _changes.candidate_id(scenario, value, where=param)


def _member(scenario: Scenario, name: str, param: str) -> str:
    with _as(param, name):
        return _changes.member_code(scenario, name, where=param)


@_public
def resolve_changes(
    scenario: Scenario,
    *,
    flip: Flips | None = None,
    withdraw: Names | None = None,
    deal: Names | None = None,
    candidate: str | None = None,
) -> tuple[Change, ...]:
    """The changes that names stand for: withdrawals, then deals, then flips (of ``candidate``, default the first in the race)."""
    scenario = _scenario_arg(scenario)
    out: list[Change] = [Withdraw(_candidate(scenario, w, "withdraw")) for w in _names(withdraw, "withdraw")]
    out += [Strike(_deal(scenario, d)) for d in _names(deal, "deal")]
    cid = _candidate(scenario, candidate)
    for name, stance, text in _flips(flip):
        with _as("flip", text):
            code = _changes.member_code(scenario, name.strip(), where="flip")
        out.append(Flip(ally=code, stance=_stance(stance, text), candidate=cid))
    return tuple(out)


# --- loading and evaluating -------------------------------------------------------------------


@_public
def parse(text: str | bytes, *, path: str = "<scenario>") -> Scenario:
    """A scenario from TOML ``text`` or its bytes (``path`` names it in messages); :func:`load` reads a file or a bundled name."""
    if not isinstance(text, str | bytes):
        raise NatosimError(f"expected TOML text; got {type(text).__name__}", param="text")
    if not isinstance(path, str):
        raise NatosimError(f"expected a name for messages; got {type(path).__name__}", param="path")
    return _scenarios.parse(text, path=path)


@_public
def load(
    scenario: ScenarioRef = None,
    *,
    at: date | str | None = None,
    rule: RuleSpec | str | None = None,
    cascade: bool = True,
) -> Scenario:
    """A scenario by bundled name or path (or as given), as it stood on ``at`` (its events up to then applied), under ``rule``."""
    _flag(cascade, "cascade")
    if isinstance(scenario, Scenario):
        found = scenario
    elif scenario is None or isinstance(scenario, str | os.PathLike):
        try:
            found = _scenarios.load(scenario if scenario is None else os.fspath(scenario))
        except NatosimError as e:  # a file that is not there or not readable: name the argument too
            raise (e if e.where else e.about("scenario")) from None
    else:
        raise NatosimError(f"expected a Scenario, a bundled name or a path; got {type(scenario).__name__}", param="scenario")
    if at is not None:
        found = _on(found, at, "at", cascade=cascade)
    if rule is not None:
        found = dataclasses.replace(found, rule=_rule(rule, found))
    if at is not None or rule is not None:  # the EU's qualified majority is the one in force on that day
        try:
            found = dataclasses.replace(found, rule=_rulespec.dated(found.rule, found.body, found.as_of, found.members))
        except NatosimError as e:
            raise (e if e.where else e.about("at" if at is not None else "rule")) from None
    return found


@_public
def state_on(scenario: Scenario, day: date | str, *, with_cascade: bool = True) -> Scenario:
    """The scenario as it stood on ``day`` (:func:`natosim._engine.timeline.state_on`), the day as a date or ``YYYY-MM-DD``."""
    scenario = _scenario_arg(scenario)
    return _on(scenario, day, "day", cascade=_flag(with_cascade, "with_cascade"))


LATEST = "latest"
"""The day ``at`` may name instead of a date: the scenario's last recorded event (its ``as_of`` if it has none)."""


@_public
def day_of(scenario: Scenario, at: date | str) -> date:
    """The day ``at`` names for ``scenario``: a date, ``YYYY-MM-DD``, or ``"latest"`` (its last event, else ``as_of``)."""
    return _day(_scenario_arg(scenario), at, "at")


def _day(scenario: Scenario, value: date | str, param: str) -> date:
    """:func:`day_of`, the day given as the parameter ``param``."""
    if isinstance(value, str) and value.strip().casefold() == LATEST:
        return max((e.date for e in scenario.events), default=scenario.as_of)
    return _date(value, param)


def _on(scenario: Scenario, value: date | str, param: str, *, cascade: bool) -> Scenario:
    """``scenario`` with its events up to the day ``value`` (a date, ``YYYY-MM-DD`` or ``"latest"``) applied."""
    from natosim._engine.timeline import state_on as replayed

    day = _day(scenario, value, param)
    if day < scenario.as_of:
        raise NatosimError(
            f"{day.isoformat()} is before the scenario's as_of {scenario.as_of.isoformat()}; expected a date on or after it",
            param=param,
        )
    return replayed(scenario, day, with_cascade=cascade)


@_public
def evaluate(
    scenario: ScenarioRef = None,
    *,
    at: date | str | None = None,
    rule: RuleSpec | str | None = None,
) -> Run:
    """The verdict on every candidate still in the race (``natosim run``); ``to_dict()`` is its JSON."""
    from natosim._engine.analysis import evaluate as judge

    return Run(judge(load(scenario, at=at, rule=rule)))


@_public
def summary(report: Report | Run, *, cascade: bool = True, robust: bool = False) -> tuple[Summary, ...]:
    """The plain sentences ``natosim run`` opens with: per candidate, who blocks it and why, the cheapest way
    through and how robust it is (:func:`natosim._engine.summary.summarise`). ``robust``: also the share of the
    plausible range of the estimates over which the cheapest path stays the cheapest, as ``paths`` and the report
    say it (``run`` leaves it out: it would slow its start-up)."""
    from natosim._engine.summary import summarise

    found = report.report if isinstance(report, Run) else report
    if not isinstance(found, Report):
        raise NatosimError(f"expected the result of evaluate(); got {type(report).__name__}", param="report")
    return summarise(found, with_cascade=_flag(cascade, "cascade"), robust=_flag(robust, "robust"))


def _as_dict(view: View) -> dict[str, Any]:
    """What ``--format json`` prints for ``view``, read back: the very same object."""
    import json

    from natosim.render.formats import to_json

    data: dict[str, Any] = json.loads(to_json(view.data))
    return data


def _codes(codes: Sequence[str], cap: int = 6) -> str:
    shown_ = ", ".join(codes[:cap])
    return shown_ + (f" +{len(codes) - cap}" if len(codes) > cap else "") if codes else "nobody"


class _Result:
    """What every result offers: :meth:`to_dict` (the command's JSON) through :meth:`view`."""

    __slots__ = ()

    def view(self) -> View:
        """The command's output, ready for any format (see :func:`natosim.render.formats.render`)."""
        raise NotImplementedError  # every result class defines it

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the command prints with ``--format json``."""
        return _as_dict(self.view())

    def records(self) -> list[dict[str, Any]]:
        """The rows the command prints with ``--format csv``, one dict per row (columns as in docs/cli.md):
        ``pandas.DataFrame(result.records())`` is the table in one call."""
        return records_of(self.view())

    def to_pandas(self) -> Any:
        """:meth:`records` as a ``pandas.DataFrame`` (pandas is not a dependency of natosim: install it to use this)."""
        return data_frame(self.records())


def records_of(view: View) -> list[dict[str, Any]]:
    """The CSV rows of ``view`` as dicts (column -> value)."""
    table = view.records
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def data_frame(rows: list[dict[str, Any]]) -> Any:
    """``rows`` as a ``pandas.DataFrame``; a :class:`NatosimError` when pandas is not installed."""
    try:
        import pandas
    except ImportError:
        raise NatosimError("pandas is not installed; expected it for to_pandas(): pip install pandas (or use records())") from None
    return pandas.DataFrame(rows)


# --- run -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class Run(_Result):
    """The verdicts of ``natosim run`` (:func:`evaluate`), with the plain sentences it opens with."""

    report: Report
    """The state evaluated and one verdict per candidate still in the race."""

    @property
    def scenario(self) -> Scenario:
        """The scenario evaluated."""
        return self.report.scenario

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """One per candidate still in the race, in file order."""
        return self.report.verdicts

    @property
    def consensus(self) -> bool:
        """True iff some candidate is adopted."""
        return self.report.consensus

    def view(self, *, every: bool = False) -> View:
        """The command's output (``every``: every member's stance too, as ``run --all``)."""
        from natosim.render.views import run_view

        return run_view(self.report, roster=every, summary=summary(self.report))

    def __repr__(self) -> str:
        return repr(self.report)


# --- what-if ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class WhatIf(_Result):
    """What changes do (``natosim what-if``)."""

    applied: Applied
    """The changes, every stance they moved and who followed."""
    before: Report
    """The verdicts before."""
    after: Report
    """The verdicts after."""
    cascade: bool
    """Whether allies followed their influencers."""

    @property
    def consensus(self) -> bool:
        """Whether some candidate is adopted after the changes."""
        return self.after.consensus

    def view(self) -> View:
        """The ``what-if`` output."""
        from natosim.render.views import whatif_view

        return whatif_view(self.applied, self.before, self.after, with_cascade=self.cascade)

    def __repr__(self) -> str:
        a = self.applied
        return f"<WhatIf: {len(a.direct)} stances changed, {len(a.followed)} followed; after: {_verdicts(self.after)}>"


def _verdicts(report: Report) -> str:
    return "; ".join(
        f"{v.candidate.id} {'adopted' if v.adopted else 'contested' if v.contested else 'blocked by ' + _codes(v.blockers)}"
        for v in report.verdicts
    )  # blocked by nobody: a quota rule that nobody's stance decides


@_public
def what_if(
    scenario: ScenarioRef = None,
    *,
    flip: Flips | None = None,
    withdraw: Names | None = None,
    deal: Names | None = None,
    candidate: str | None = None,
    rule: RuleSpec | str | None = None,
    cascade: bool = True,
    at: date | str | None = None,
) -> WhatIf:
    """Flip allies (on ``candidate``, default the first in the race), withdraw candidates, strike deals: what changes."""
    from natosim._engine.analysis import evaluate as judge

    base = load(scenario, at=at, rule=rule, cascade=cascade)
    todo = resolve_changes(base, flip=flip, withdraw=withdraw, deal=deal, candidate=candidate)
    if not todo:
        raise NatosimError("nothing to change; expected at least one {flip}, {withdraw} or {deal}", mentions=("flip", "withdraw", "deal"))
    applied = _apply(base, todo, with_cascade=cascade)
    return WhatIf(applied, judge(base), judge(applied.after), cascade)


@_public
def apply(scenario: Scenario, changes: Sequence[Change], *, with_cascade: bool = True) -> Applied:
    """One step of changes (:func:`natosim._engine.step.apply`), with allies, candidates and deals given by name or code."""
    scenario = _scenario_arg(scenario)
    _flag(with_cascade, "with_cascade")
    if isinstance(changes, str | bytes | Mapping) or not isinstance(changes, Iterable):
        raise NatosimError(f"expected a list of Flip, Withdraw or Strike changes; got {type(changes).__name__}", param="changes")
    todo: list[Change] = []
    for change in changes:
        match change:
            case Flip(ally=str() as name, stance=stance, candidate=cid):
                with _as("changes", name):
                    code = _changes.member_code(scenario, name, where="changes")
                todo.append(Flip(code, _stance(stance, name, "changes"), _candidate(scenario, cid, "changes")))
            case Withdraw(candidate=cid):
                todo.append(Withdraw(_candidate(scenario, cid, "changes")))
            case Strike(deal=str() as name):
                todo.append(Strike(_deal(scenario, name, "changes")))
            case _:
                raise NatosimError(
                    f"expected Flip, Withdraw or Strike changes naming allies, candidates and deals; got {shown(repr(change))}",
                    param="changes",
                )
    return _apply(scenario, todo, with_cascade=with_cascade)


# --- paths ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class Paths(_Result):
    """The cheapest minimal ways to adoption (``natosim paths``)."""

    scenario: Scenario
    """The scenario searched (after the changes assumed, if any)."""
    search: Search
    """The search and its paths."""
    assumed: Applied | None = None
    """The changes assumed before the search (``flip``, ``withdraw``, ``deal``) and what they moved; ``None``: none."""
    summary: tuple[Summary, ...] = ()
    """The plain sentences about the candidate (:mod:`natosim._engine.summary`)."""

    @property
    def paths(self) -> tuple[Path, ...]:
        """The paths found, cheapest first (:class:`natosim._engine.paths.Path`)."""
        return self.search.paths

    def view(self) -> View:
        """The ``paths`` output."""
        from natosim.render.views import paths_view

        return paths_view(self.scenario, self.search, assumed=self.assumed, summary=self.summary)

    def __repr__(self) -> str:
        found = self.search.paths
        if not found:
            return f"<Paths to {self.search.candidate}: none found>"
        first = found[0]
        steps = first.flips + first.withdraw + first.deals
        named = ", ".join(steps[:6]) + (f" +{len(steps) - 6}" if len(steps) > 6 else "") if steps else "nothing to do"
        return f"<Paths to {self.search.candidate}: {len(found)} found; cheapest costs {first.cost:g}: {named}>"


@_public
def find_paths(
    scenario: Scenario,
    candidate: str | None = None,
    *,
    limit: int = 10,
    budget: float | None = None,
    exclude: Names | None = None,
    with_cascade: bool = True,
    time_limit: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Search:
    """The search of :func:`natosim._engine.paths.find` with the candidate and excluded allies by name or code.

    ``time_limit`` (seconds) stops a long search with the cheapest paths found so far and a proven lower
    bound on the others; ``progress(done, total)`` is told how it goes.
    """
    from natosim._engine.paths import find

    scenario = _scenario_arg(scenario)
    _flag(with_cascade, "with_cascade")
    cid = _candidate(scenario, candidate)
    limit = _count(limit, "limit", low=1)
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, int | float) or not budget >= 0):
        raise NatosimError(f"{shown(repr(budget))}; expected a cost of 0 or more", param="budget")
    frozen = [_member(scenario, name, "exclude") for name in _names(exclude, "exclude")]
    if time_limit is not None and (isinstance(time_limit, bool) or not isinstance(time_limit, int | float) or not 0 < time_limit <= 86_400):
        raise NatosimError(f"{shown(repr(time_limit))}; expected seconds, more than 0 and at most 86400", param="time_limit")
    return find(
        scenario, cid, limit=limit, budget=budget, exclude=frozen, with_cascade=with_cascade, time_limit=time_limit, progress=progress
    )


@_public
def paths(
    scenario: ScenarioRef = None,
    *,
    candidate: str | None = None,
    budget: float | None = None,
    exclude: Names | None = None,
    limit: int = 10,
    cascade: bool = True,
    at: date | str | None = None,
    rule: RuleSpec | str | None = None,
    time_limit: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    flip: Flips | None = None,
    withdraw: Names | None = None,
    deal: Names | None = None,
) -> Paths:
    """The ``limit`` cheapest minimal sets of flips, withdrawals and deals that get ``candidate`` adopted
    (``time_limit``: see :func:`find_paths`).

    ``flip``, ``withdraw`` and ``deal`` are assumed first, as :func:`what_if` makes them (flips on
    ``candidate``), and the search starts from the state they lead to (:func:`assume`).
    """
    base = load(scenario, at=at, rule=rule, cascade=cascade)
    assumed = assume(base, flip=flip, withdraw=withdraw, deal=deal, candidate=candidate, cascade=cascade)
    if assumed is not None:
        base = assumed.after
    search = find_paths(
        base,
        candidate,
        limit=limit,
        budget=budget,
        exclude=exclude,
        with_cascade=cascade,
        time_limit=time_limit,
        progress=progress,
    )
    plain = budget is None and not exclude and time_limit is None  # the share is of the cheapest path with nothing held back
    return Paths(base, search, assumed, _summary(base, search, cascade=cascade, robust=plain))


def _summary(scenario: Scenario, search: Search, *, cascade: bool, robust: bool = False) -> tuple[Summary, ...]:
    from natosim._engine.analysis import evaluate as judge
    from natosim._engine.summary import summarise

    return summarise(judge(scenario), {search.candidate: search}, only=(search.candidate,), with_cascade=cascade, robust=robust)


@_public
def assume(
    scenario: Scenario,
    *,
    flip: Flips | None = None,
    withdraw: Names | None = None,
    deal: Names | None = None,
    candidate: str | None = None,
    cascade: bool = True,
) -> Applied | None:
    """A hypothetical state: the changes made as :func:`what_if` makes them, ``None`` when there are none.

    Flips are on ``candidate`` (default: the first candidate still in the race once the withdrawals
    are made). In the state returned (``.after``) the deals struck are no longer on offer: it is the
    scenario a file describing that state would hold.
    """
    scenario = _scenario_arg(scenario)
    if flip is None and withdraw is None and deal is None:
        return None
    gone = resolve_changes(scenario, withdraw=withdraw)
    if candidate is None:  # the first candidate the withdrawals leave in the race
        left = [c.id for c in scenario.active if Withdraw(c.id) not in gone]
        candidate = left[0] if left else None
    todo = resolve_changes(scenario, flip=flip, withdraw=withdraw, deal=deal, candidate=candidate)
    if not todo:
        return None
    applied = _apply(scenario, todo, with_cascade=cascade)
    cid = _candidate(scenario, candidate)
    if cid in applied.withdrawn:
        raise NatosimError(f"'{cid}' withdraws among the changes assumed; expected a candidate that stays in the race", param="candidate")
    struck = {c.deal for c in todo if isinstance(c, Strike)}
    after = dataclasses.replace(applied.after, deals=tuple(d for d in applied.after.deals if d.name not in struck))
    return dataclasses.replace(applied, after=after)


# --- timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class Timeline(_Result):
    """The dated events replayed (``natosim timeline``)."""

    record: _Timeline
    """The replay: the starting state, then one step per date."""

    @property
    def consensus_date(self) -> date | None:
        """The first date on which some candidate is adopted (``None``: never)."""
        return self.record.consensus_date

    def view(self, *, sources: bool = False) -> View:
        """The ``timeline`` output (``sources``: also every event with its source)."""
        from natosim.render.timeline import timeline_view

        return timeline_view(self.record, sources=sources)

    def __repr__(self) -> str:
        when = self.consensus_date
        return f"<Timeline: {len(self.record.steps)} dates, consensus {when.isoformat() if when else 'never'}>"


@_public
def timeline(
    scenario: ScenarioRef = None,
    *,
    cascade: bool = True,
    rule: RuleSpec | str | None = None,
) -> Timeline:
    """Replay the dated events: per date, what changed, who followed, who still blocks, and when consensus came."""
    from natosim._engine.timeline import build

    return Timeline(build(load(scenario, rule=rule), with_cascade=_flag(cascade, "cascade")))


# --- forecast ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class Forecast(_Result):
    """A Monte Carlo forecast (``natosim forecast``)."""

    result: _Forecast
    """The forecast: trials, adoptions by day, holdouts, single interventions."""

    @property
    def p_consensus(self) -> float:
        """Probability of adoption by the deadline (share of trials)."""
        return self.result.p_consensus

    @property
    def ci95(self) -> tuple[float, float]:
        """95% Wilson interval of :attr:`p_consensus`."""
        return self.result.ci95

    def view(self) -> View:
        """The ``forecast`` output."""
        from natosim.render.forecast import forecast_view

        return forecast_view(self.result)

    def __repr__(self) -> str:
        f = self.result
        lo, hi = f.ci95
        return (
            f"<Forecast {f.candidate} by {f.deadline.isoformat()}: p={f.p_consensus:.3f} (95% {lo:.3f}-{hi:.3f}), "
            f"{f.trials:,} trials, seed {f.seed}>"
        )


@_public
def forecast(
    scenario: ScenarioRef = None,
    *,
    candidate: str | None = None,
    deadline: date | str | None = None,
    trials: int = 20_000,
    seed: int | None = None,
    withdrawals: bool = True,
    cascade: bool = True,
    at: date | str | None = None,
    rule: RuleSpec | str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Forecast:
    """Probability that ``candidate`` is adopted by ``deadline`` (default: the scenario's), its likely date and the holdouts.

    The same ``seed`` gives the same answer; without one a fresh seed is drawn and reported.
    """
    from natosim._engine.forecast.simulate import MAX_TRIALS
    from natosim._engine.forecast.simulate import forecast as simulate

    _flag(withdrawals, "withdrawals")
    if progress is not None and not callable(progress):
        raise NatosimError(f"expected a function of (done, total) or None; got {type(progress).__name__}", param="progress")
    trials = _count(trials, "trials", low=1, high=MAX_TRIALS)
    if seed is not None:
        seed = _count(seed, "seed", low=0)
    base = load(scenario, at=at, rule=rule, cascade=cascade)
    cid = _candidate(base, candidate)
    day = _forecast_deadline(base, _date(deadline, "deadline") if deadline is not None else None)
    with _simulating(base, deadline_given=deadline is not None):
        result = simulate(
            base, candidate=cid, deadline=day, trials=trials, seed=seed, with_cascade=cascade, withdrawals=withdrawals, progress=progress
        )
    return Forecast(result)


def _forecast_deadline(base: Scenario, given: date | None) -> date:
    """The deadline a forecast of ``base`` runs to: ``given`` (on or after ``as_of``), else the scenario's own."""
    if given is not None and given < base.as_of:
        raise NatosimError(
            f"{given.isoformat()} is before the scenario's as_of {base.as_of.isoformat()}; expected a date on or after it",
            param="deadline",
        )
    return _deadline(base, given)


@contextmanager
def _simulating(base: Scenario, *, deadline_given: bool) -> Iterator[None]:
    """The Monte Carlo engine's errors about its own parameters (the deadline's horizon, the work of the trials)
    made about ours; the deadline is the file's when none was given."""
    try:
        yield
    except NatosimError as e:
        placed = _relabel(e, {**({"deadline": "deadline"} if deadline_given else {}), "trials": "trials"})
        raise (placed if placed is not e else e.located(file=base.path)) from None


# --- power and rules --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class Power(_Result):
    """Exact voting power under a rule (``natosim power``)."""

    scenario: Scenario
    """The scenario (its members and rule)."""
    report: PowerReport
    """Every member's Banzhaf and Shapley–Shubik index, minimal coalitions, veto players."""

    @property
    def members(self) -> tuple[MemberPower, ...]:
        """One :class:`natosim._engine.power.MemberPower` per member, sorted by code."""
        return self.report.members

    def view(self, index: Index | None = None) -> View:
        """The ``power`` output (``index``: which index to show; default both)."""
        from natosim.choices import Index
        from natosim.render.power import power_view

        return power_view(self.scenario, self.report, index or Index.BOTH)

    def __repr__(self) -> str:
        top = sorted(self.report.members, key=lambda m: (-m.banzhaf, m.code))[:3]
        lead = ", ".join(f"{m.code} {m.banzhaf:.3f}" for m in top)
        return f"<Power under {self.report.rule.name}: {len(self.report.members)} members; Banzhaf {lead}; veto {_codes(self.report.veto)}>"


@_public
def power(scenario: ScenarioRef = None, *, rule: RuleSpec | str | None = None, limit: int = 10) -> Power:
    """Exact Banzhaf and Shapley–Shubik power of every member under the rule (stances play no part); ``limit`` smallest coalitions."""
    from natosim._engine.power import power as indices

    limit = _count(limit, "limit", low=0)
    base = load(scenario, rule=rule)
    return Power(base, indices(base.members, base.rule, limit=limit))


@dataclass(frozen=True, slots=True, repr=False)
class Comparison(_Result):
    """Verdicts under several rules side by side (``natosim compare-rules``); iterates over its outcomes."""

    scenario: Scenario
    """The scenario judged."""
    outcomes: tuple[RuleOutcome, ...]
    """One per rule: the standard rules, the scenario's own, then those asked for."""

    def __iter__(self) -> Iterator[RuleOutcome]:
        return iter(self.outcomes)

    def __len__(self) -> int:
        return len(self.outcomes)

    def __getitem__(self, i: int) -> RuleOutcome:
        return self.outcomes[i]

    def view(self) -> View:
        """The ``compare-rules`` output."""
        from natosim.render.power import compare_view

        return compare_view(self.scenario, self.outcomes)

    def __repr__(self) -> str:
        adopted = [o.rule.name for o in self.outcomes if any(v.adopted for v in o.verdicts)]
        return f"<Comparison of {len(self.outcomes)} rules; consensus under: {', '.join(adopted) or 'none'}>"


@_public
def compare_rules(
    scenario: ScenarioRef = None,
    *,
    rules: RuleSpec | str | Iterable[RuleSpec | str] = (),
    extra: Sequence[RuleSpec] = (),
    at: date | str | None = None,
) -> Comparison:
    """Each candidate's verdict under unanimity, consensus, majority, qualified majority, the scenario's rule and ``rules``.

    ``extra`` is the older name of ``rules`` (rule specs only), kept for existing callers.
    """
    from natosim._engine.compare import compare_rules as compare

    base = load(scenario, at=at)
    asked = [rules] if isinstance(rules, str | RuleSpec) else _listed(rules, "rules")
    specs = [_rule(r, base, "rules") for r in asked] + [_rule(r, base, "extra") for r in _listed(extra, "extra")]
    return Comparison(base, compare(base, extra=specs))


# --- sensitivity ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class Sensitivity(_Result):
    """How sure the advice is (``natosim sensitivity``): break-even points, robustness and the forecast tornado."""

    scenario: Scenario
    """The scenario analysed (every number at best)."""
    ranges: tuple[Estimate, ...]
    """Every estimate analysed with its range: the file's, then the stated defaults (``Estimate.default``)."""
    break_evens: BreakEvens
    """The exact break-even points of the advice, per cost, threshold and weight."""
    robustness: Robustness
    """The share of the box of ranges where the cheapest path stays the cheapest."""
    tornado: Tornado | None
    """The forecast's tornado and its interval with the priors' uncertainty (``None``: the scenario has no deadline)."""
    note: str = ""
    """Why a part was left out, if one was."""
    assumed: Applied | None = None
    """The changes assumed before the analysis (``flip``, ``withdraw``, ``deal``) and what they moved; ``None``: none."""

    def view(self) -> View:
        """The ``sensitivity`` output."""
        from natosim.render.sensitivity import sensitivity_view

        return sensitivity_view(
            self.scenario, self.ranges, self.break_evens, self.robustness, self.tornado, self.note, assumed=self.assumed
        )

    def __repr__(self) -> str:
        b = self.break_evens
        inside = sum(p.inside for p in b.points)
        return f"<Sensitivity of {b.candidate}: {len(self.ranges)} estimates, {inside} with a break-even inside its range, robustness {self.robustness.share:.3f}>"


@_public
def sensitivity(
    scenario: ScenarioRef = None,
    *,
    candidate: str | None = None,
    deadline: date | str | None = None,
    trials: int = 20_000,
    seed: int = 0,
    samples: int = 4_000,
    cascade: bool = True,
    at: date | str | None = None,
    rule: RuleSpec | str | None = None,
    flip: Flips | None = None,
    withdraw: Names | None = None,
    deal: Names | None = None,
) -> Sensitivity:
    """How sure the advice on ``candidate`` is, over the ranges of the scenario's estimates (its own, else stated defaults).

    ``trials`` per end of the forecast tornado, ``samples`` points of the box when the robustness is sampled; the same
    ``seed`` gives the same answer. The tornado needs a deadline (``deadline`` or the scenario's); without one it is left out.
    ``flip``, ``withdraw`` and ``deal`` are assumed first, as :func:`paths` assumes them (:func:`assume`), and the
    analysis is of the state they lead to.
    """
    from natosim._engine import sensitivity as engine
    from natosim._engine.forecast.simulate import MAX_TRIALS

    trials = _count(trials, "trials", low=1, high=MAX_TRIALS)
    samples = _count(samples, "samples", low=1, high=1_000_000)
    seed = _count(seed, "seed", low=0)
    base = load(scenario, at=at, rule=rule, cascade=cascade)
    assumed = assume(base, flip=flip, withdraw=withdraw, deal=deal, candidate=candidate, cascade=cascade)
    if assumed is not None:
        base = assumed.after
    cid = _candidate(base, candidate)
    day = _date(deadline, "deadline") if deadline is not None else None
    ranges = engine.estimates(base, cid)
    runner = engine._Engine(cid, cascade)
    points = engine.break_evens(base, cid, ranges, with_cascade=cascade, engine=runner)
    robust = engine.robustness(base, cid, ranges, seed=seed, samples=samples, with_cascade=cascade, engine=runner)
    note = ""
    tornado = None
    if day is None and base.deadline is None:
        note = "No forecast tornado: the scenario has no deadline (give one with deadline = YYYY-MM-DD or --deadline)."
    else:
        day = _forecast_deadline(base, day)
        with _simulating(base, deadline_given=deadline is not None):
            tornado = engine.tornado(base, cid, ranges, deadline=day, trials=trials, seed=seed, with_cascade=cascade)
    return Sensitivity(base, ranges, points, robust, tornado, note, assumed)


# --- the other commands: report, diff, backtest, allies, graph, validate, scenarios, init, schema ----


@dataclass(frozen=True, slots=True, repr=False)
class Dossier(_Result):
    """Everything ``natosim report`` shows (:func:`report`): ``to_dict()`` is ``report --format json``."""

    dossier: _engine_report.Dossier
    """The engine's dossier: the state analysed, its verdicts, paths, timeline, forecast, power and sensitivity."""
    version: str
    """The natosim version that made it (shown on the page)."""

    def view(self) -> View:
        """Not a table: a report is a page (:meth:`html`) or a document (:meth:`to_dict`)."""
        raise NatosimError("a report is a page or a JSON document; expected html() or to_dict()", where="report")

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``natosim report --format json`` prints: the other commands' JSON for the same options."""
        import json

        from natosim.render.formats import to_json
        from natosim.render.html import report_json

        data: dict[str, Any] = json.loads(to_json(report_json(self.dossier, version=self.version)))
        return data

    def html(self, *, command: str = "") -> str:
        """The self-contained HTML page (``command``: the command line that reproduces it, shown on the page)."""
        from natosim.render.html import page

        return page(self.dossier, version=self.version, command=command)

    @property
    def candidate(self) -> str:
        """The candidate analysed."""
        return self.dossier.candidate

    @property
    def seed(self) -> int | None:
        """The forecast's seed (the one given, or the fresh one drawn); ``None`` without a forecast."""
        return self.dossier.seed

    def __repr__(self) -> str:
        return f"<Report of {self.dossier.scenario.title!r} on {self.dossier.scenario.as_of}, candidate {self.candidate}>"


@_public
def report(
    scenario: ScenarioRef = None,
    *,
    at: date | str | None = None,
    candidate: str | None = None,
    deadline: date | str | None = None,
    trials: int = 20_000,
    seed: int | None = None,
    cascade: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Dossier:
    """Everything ``natosim report`` puts on its page, for one candidate on one day (``at``: a date or ``"latest"``)."""
    from natosim import __version__
    from natosim._engine import report as _engine_report
    from natosim._engine.forecast.simulate import MAX_TRIALS

    loaded = load(scenario)
    if candidate is not None:
        candidate = _candidate(loaded, candidate)
    day = day_of(loaded, at) if at is not None else None
    until = _date(deadline, "deadline") if deadline is not None else None
    try:
        built = _engine_report.build(
            loaded,
            at=day,
            candidate=candidate,
            deadline=until,
            trials=_count(trials, "trials", low=1, high=MAX_TRIALS),
            seed=None if seed is None else _count(seed, "seed", low=0),
            with_cascade=_flag(cascade, "cascade"),
            progress=progress,
        )
    except NatosimError as e:
        raise _relabel(e, {"deadline": "deadline", "trials": "trials", "day": "at", "candidate": "candidate"}) from None
    return Dossier(built, __version__)


def _loaded(value: ScenarioRef, param: str) -> Scenario:
    """:func:`load` of an argument named ``param`` (not ``scenario``)."""
    try:
        return load(value)
    except NatosimError as e:
        raise (e.about(param, e.item) if e.param == "scenario" else e) from None


def _relabel(error: NatosimError, params: Mapping[str, str]) -> NatosimError:
    """An engine's error whose place is one of its own parameters, made about ours instead."""
    param = params.get(error.where or "") if error.file is None else None
    return error.about(param) if param is not None else error


def _deadline(scenario: Scenario, given: date | None) -> date:
    """:func:`natosim._engine.forecast.simulate.resolve_deadline`, its messages mentioning the ``deadline`` parameter."""
    from natosim._engine.forecast.simulate import resolve_deadline

    try:
        return resolve_deadline(scenario, given, name="{deadline}")
    except NatosimError as e:
        if e.where == "{deadline}" and e.file is None:
            raise e.about("deadline") from None
        raise NatosimError(e.template, file=e.file, where=e.where, mentions=("deadline",)) from None


@dataclass(frozen=True, slots=True, repr=False)
class Difference(_Result):
    """Two states compared (``natosim diff``)."""

    diff: _engine_diff.Diff
    """Stance changes per member and candidate, candidates added or gone, verdicts before and after."""
    before: str
    """How the first state is named (``NAME on DATE``)."""
    after: str
    """How the second state is named."""

    def view(self) -> View:
        """The command's output, ready for any format."""
        from natosim.render.timeline import diff_view

        return diff_view(self.diff, before=self.before, after=self.after)

    def __repr__(self) -> str:
        return f"<Diff {self.before} -> {self.after}: {len(self.diff.stances)} stance change(s)>"


@_public
def diff(
    first: ScenarioRef = None,
    second: ScenarioRef = None,
    *,
    at: Sequence[date | str] = (),
    cascade: bool = True,
) -> Difference:
    """Compare two scenarios, or one on two dates (``at``: up to two dates; see ``natosim diff --help``)."""
    from natosim._engine import diff as _engine_diff

    if isinstance(at, str | date) or not isinstance(at, Sequence):
        raise NatosimError(f"expected a list of at most two dates; got {type(at).__name__}", param="at")
    dates = [_date(d, "at") for d in at]
    a = _loaded(first, "first")
    b = None if second is None else _loaded(second, "second")
    try:
        before, after = _engine_diff.states(a, b, dates, with_cascade=_flag(cascade, "cascade"))
    except NatosimError as e:
        raise _relabel(e, {"dates": "at", "day": "at"}) from None
    name_a = first if isinstance(first, str) else a.path
    name_b = second if isinstance(second, str) else (b.path if b is not None else name_a)
    return Difference(_engine_diff.compare(before=before, after=after), f"{name_a} on {before.as_of}", f"{name_b} on {after.as_of}")


@dataclass(frozen=True, slots=True, repr=False)
class Scores(_Result):
    """Forecasts of resolved decisions scored against what happened (``natosim backtest``)."""

    result: _engine_backtest.Backtest
    """The questions, their forecasts and outcomes, the scores against the baselines."""

    def view(self) -> View:
        """The command's output, ready for any format."""
        from natosim.render.forecast import backtest_view

        return backtest_view(self.result)

    def picture(self, kind: str) -> bytes:
        """The reliability diagram as ``png`` or ``svg`` bytes."""
        from natosim.render.forecast import reliability

        return reliability(self.result, kind)

    def __repr__(self) -> str:
        return f"<Backtest: {len(self.result.cases)} question(s)>"


@_public
def backtest(
    source: str = "record",
    *,
    trials: int = 4_000,
    seed: int = 0,
    rolling: bool = False,
    cascade: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Scores:
    """Score forecasts against what happened: ``source`` is ``"record"`` (the bundled record, leave-one-group-out),
    ``"bundled"`` (the shipped scenarios) or a folder of scenario files."""
    from natosim._engine import backtest as _engine_backtest

    if not isinstance(source, str):
        raise NatosimError(f"expected 'record', 'bundled' or a folder; got {type(source).__name__}", param="source")
    trials = _count(trials, "trials", low=1)
    seed = _count(seed, "seed", low=0)
    rolling = _flag(rolling, "rolling")
    if source == "record":
        from natosim._engine import record as _record

        return Scores(_engine_backtest.run_record(_record.load(), trials=trials, seed=seed, rolling=rolling, progress=progress))
    if source == "bundled":
        entries = tuple((name, _scenarios.load(name)) for name in _scenarios.bundled())
    elif not os.path.isdir(source):
        raise NatosimError("no such folder; expected a folder of scenario files, 'bundled' or 'record'", file=source)
    else:
        entries = _scenarios.load_dir(source)
    return Scores(_engine_backtest.run(entries, trials=trials, seed=seed, rolling=rolling, with_cascade=_flag(cascade, "cascade")))


@dataclass(frozen=True, slots=True, repr=False)
class Roster(_Result):
    """The members of a built-in body on a day (``natosim allies``)."""

    body: str
    """``nato``, ``eu`` or ``unsc``."""
    day: date | None
    """The day; ``None``: every member the body has ever had."""
    members: tuple[Country, ...]
    """The members, by code."""

    def view(self) -> View:
        """The command's output, ready for any format."""
        from natosim.render.views import allies_view

        return allies_view(self.body, self.day, self.members)

    def __repr__(self) -> str:
        return f"<{self.body} on {self.day or 'any day'}: {len(self.members)} members>"


@_public
def allies(*, as_of: date | str | None = None, body: str = "nato", every: bool = False) -> Roster:
    """The members of ``body`` on ``as_of`` (default: today), or with ``every`` all it has ever had."""
    from natosim._engine import roster as _roster

    if not isinstance(body, str) or body.strip().lower() not in _roster.BODIES:
        text = body if isinstance(body, str) else type(body).__name__
        raise NatosimError(
            f"unknown body '{shown(text)}'; expected one of {', '.join(_roster.BODIES)}{did_you_mean(text, _roster.BODIES)}",
            param="body",
        )
    chosen = body.strip().lower()
    day = _date(as_of, "as_of") if as_of is not None else (None if _flag(every, "every") else date.today())
    try:
        found = _roster.countries(chosen) if day is None else _roster.members_on(day, chosen)
    except NatosimError as e:
        raise e.about("as_of") from None
    return Roster(chosen, day, found)


@dataclass(frozen=True, slots=True, repr=False)
class Checked(_Result):
    """Scenario files checked (``natosim validate``): the valid ones and every problem of the others."""

    valid: tuple[tuple[str, Scenario], ...]
    """(file, scenario) for every file that loads."""
    problems: tuple[_scenarios.Problem, ...]
    """Every problem of every other file (file, line, place, message)."""

    def view(self) -> View:
        """The command's output, ready for any format."""
        from natosim.render.validation import validate_view

        return validate_view(self.valid, self.problems)

    def __repr__(self) -> str:
        return f"<Validated: {len(self.valid)} valid, {len(self.problems)} problem(s)>"


@_public
def validate(files: Sequence[str]) -> Checked:
    """Check scenario files (paths, ``-`` or bundled names): every problem of every file, not only the first."""
    names = _names(files, "files")
    good: list[tuple[str, Scenario]] = []
    problems: list[_scenarios.Problem] = []
    for f in names:
        loaded, found = _scenarios.examine(f)
        problems.extend(found)
        if loaded is not None:
            good.append((f, loaded))
    return Checked(tuple(good), tuple(problems))


@dataclass(frozen=True, slots=True, repr=False)
class Bundled(_Result):
    """The scenarios shipped with natosim (``natosim scenarios``)."""

    scenarios: tuple[tuple[str, Scenario], ...]
    """(name, scenario), by name."""

    @property
    def names(self) -> tuple[str, ...]:
        """The bundled names, which every command takes instead of a file."""
        return tuple(n for n, _ in self.scenarios)

    def view(self) -> View:
        """The command's output, ready for any format."""
        from natosim.render.views import scenarios_view

        return scenarios_view(list(self.scenarios))

    def __repr__(self) -> str:
        return f"<Bundled scenarios: {', '.join(self.names)}>"


def scenarios() -> Bundled:
    """The bundled scenarios, loaded."""
    return Bundled(tuple((n, _scenarios.load(n)) for n in _scenarios.bundled()))


def bundled_names() -> tuple[str, ...]:
    """The names of the bundled scenarios, without loading them (for completion)."""
    return _scenarios.bundled()


@dataclass(frozen=True, slots=True, repr=False)
class Influence(_Result):
    """The influence graph of a candidate (``natosim graph``)."""

    graph: Any
    """Members (styled by stance) and weighted edges, as :func:`natosim.render.graph.render_graph` draws them."""

    def view(self) -> View:
        """Not a table: a graph is written as Mermaid, DOT or GraphML (:meth:`text`)."""
        raise NatosimError("a graph is written as text; expected text('mermaid'|'dot'|'graphml')", where="graph")

    def text(self, fmt: Any, *, encoding: str = "utf-8") -> str:
        """The graph as Mermaid, DOT or GraphML text."""
        from natosim.render.graph import render_graph

        return render_graph(self.graph, fmt, encoding=encoding)

    def to_dict(self) -> dict[str, Any]:
        """The nodes and edges, as the report's JSON holds them (``report --format json``, key ``graph``)."""
        from natosim.render.html import graph_json

        return graph_json(self.graph)


@_public
def graph(
    scenario: ScenarioRef = None,
    *,
    candidate: str | None = None,
    at: date | str | None = None,
    every: bool = False,
) -> Influence:
    """The influence graph: members coloured by their stance on ``candidate``, edges by weight (``every``: all members)."""
    from natosim.render.graph import influence_graph

    base = load(scenario, at=at)
    cid = _candidate(base, candidate)
    return Influence(influence_graph(base, cid, every=_flag(every, "every")))


@_public
def init(*, as_of: date | str | None = None, body: str = "nato", copy_of: str | None = None) -> str:
    """A commented starter scenario (every member of ``body`` on ``as_of``, default today), or a copy of a bundled one."""
    from natosim._engine import starter

    if copy_of is not None:
        if as_of is not None or body != "nato":
            raise NatosimError("as_of and body do not apply to a copy; expected copy_of alone", param="copy_of")
        try:
            return starter.copy_of(copy_of)
        except NatosimError as e:
            raise e.about("copy_of") from None
    chosen = allies(as_of=as_of, body=body)
    assert chosen.day is not None
    try:
        return starter.starter(as_of=chosen.day, body=chosen.body)
    except NatosimError as e:
        raise e.about("as_of") from None


def schema() -> dict[str, Any]:
    """The JSON Schema of the scenario format (for editors and other tools)."""
    from natosim._engine.schema import json_schema

    return json_schema()


def member_names(typed: str, *, scenario: Scenario | None = None) -> list[str]:
    """The names and codes of the members of ``scenario`` (default: NATO today) that begin with ``typed``, up to
    case, accents and spacing: names first, then codes (for shell completion)."""
    from natosim._engine import roster as _roster

    members = (
        [(m.code, m.name) for m in scenario.members]
        if scenario is not None
        else [(c.code, c.name) for c in _roster.members_on(date.today())]
    )
    key = _roster.fold(typed)
    names = sorted({n for code, name in members for n in (name, code)}, key=lambda n: (len(n) == 3 and n.isupper(), n))
    return [n for n in names if _roster.fold(n).startswith(key)]
