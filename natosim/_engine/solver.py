"""The cheapest working set as a mixed-integer linear program, solved by HiGHS (through ``scipy.optimize.milp``).

:func:`natosim._engine.paths.find` lists paths with its own exact search, which is faster wherever it
finishes (``docs/influence.md``). When the search runs out of work before it has found a path,
this program gives the cheapest working set of one search group (:class:`natosim._engine.paths.SearchSpace`)
with a proven lower bound from the solver, instead of a greedy guess. The program is a
relaxation of the one definition: its optimum is never above the true cheapest cost, and every
set it returns is checked again by :mod:`natosim._engine.paths` (and :mod:`natosim._engine.step`) before it is
listed. numpy, scipy and networkx are imported here only.

The variables, all in ``[0, 1]``:

* ``x[o]`` (integer): option ``o`` is chosen (objective: the summed cost).
* ``d[b]`` (integer): member bit ``b`` supports directly, at most when the fixed options or a
  chosen option make it support. ``q[b]``: it was set back to support (it counts but triggers
  nothing), at least when a chosen option does that.
* Per round ``t = 1..T`` of the cascade and member that can follow (it has influencers):
  ``y[b, t]`` (integer) supports after round ``t``; ``j[b, t]`` (integer) joins in round ``t``,
  at most when the summed weight of its influencers supporting after round ``t - 1`` reaches its
  threshold and one of them triggers (``g[x, t - 1]``: supports and was not set back). This is
  the least fixpoint of :meth:`natosim._engine.cascade.Compiled.closure` (a member joins once the weight
  of its supporting influencers reaches its threshold and one of them came in by a change), and
  ``T`` is the longest chain of followers the influence graph allows (in its condensation, each
  strongly connected part counts its size), so that the rounds never run short.
* The rule on the supporters after round ``T``: a veto rule when every member that blocks
  supports or is eased by an option; quota rules when the count and weight pass each one's
  :class:`~natosim._engine.rules.Bar` (``p``: by its blocking clause); and the rivals that must withdraw.

Several quotas at once (the EU's Nice votes, members and population, and the 2014-2017
transition with the Lisbon double majority too) are one such block per quota on the same
supporters; constructive abstention is a veto rule and its clause one such block
(:meth:`natosim._engine.rules.Abstention.counted`). The security council is not formulated (``None``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from natosim._engine.bitset import bits

if TYPE_CHECKING:
    from natosim._engine.paths import SearchSpace

MAX_VARIABLES = 200_000
"""Most variables a program may have (beyond: ``None``, the greedy answer stands)."""

MAX_TERMS = 500_000
"""Most coefficients the cascade's rounds may take in the program (beyond: ``None``)."""


@dataclass(frozen=True, slots=True)
class Solved:
    """What the solver found for one search group."""

    chosen: int | None
    """The options chosen (bit ``o``: ``space.options[o]``), or ``None`` when it found no working set."""
    bound: float
    """A lower bound on the cost of every working set of the group's monotone options (``inf``: there is none)."""
    optimal: bool
    """Whether the solver proved ``chosen`` cheapest (or proved that there is none)."""


class _Columns:
    """Variables by name, with their bounds and whether they are integers."""

    def __init__(self) -> None:
        self.index: dict[tuple[Any, ...], int] = {}
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []

    def add(self, key: tuple[Any, ...], *, integer: bool = True, lower: float = 0.0, upper: float = 1.0) -> int:
        self.index[key] = len(self.lower)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        return self.index[key]


class _Rows:
    """Sparse constraints ``lower <= sum(coefficient * variable) <= upper``."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.values: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, terms: dict[int, float], lower: float = -math.inf, upper: float = math.inf) -> None:
        r = len(self.lower)
        for col, value in terms.items():
            if value:
                self.rows.append(r)
                self.cols.append(col)
                self.values.append(value)
        self.lower.append(lower)
        self.upper.append(upper)


def rounds(space: SearchSpace) -> int:
    """How many rounds the cascade can take at most: the longest chain of members that can follow.

    Every round adds a member whose influencer joined in the round before, so the members that
    join in rounds 1..t form a chain of influence; in the condensation of the graph of the
    members that can follow, such a chain passes each strongly connected part once and at most
    as many times as the part has members.
    """
    net = space.net
    follows = [b for b, inn in enumerate(net.inn) if inn and math.isfinite(net.need[b])]
    if not follows:
        return 0
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(follows)
    keep = set(follows)
    g.add_edges_from((x, b) for b in follows for x, _ in net.inn[b] if x in keep)
    c = nx.condensation(g)
    for node in c.nodes:
        c.nodes[node]["size"] = len(c.nodes[node]["members"])
    longest = {node: c.nodes[node]["size"] for node in c.nodes}
    for node in nx.topological_sort(c):
        for nxt in c.successors(node):
            longest[nxt] = max(longest[nxt], longest[node] + c.nodes[nxt]["size"])
    return int(max(longest.values()))


def cheapest(space: SearchSpace, *, time_limit: float, budget: float | None = None) -> Solved | None:
    """The cheapest working set of ``space``'s options by the program above, within ``time_limit`` seconds (and ``budget``).

    ``None`` when the rule is not formulated or the program would be too large.
    """
    if space.general is not None or (space.veto is None and not space.parts):
        return None
    net = space.net
    n_bits = len(net.codes)
    t_max = rounds(space)
    follows = [b for b, inn in enumerate(net.inn) if inn and math.isfinite(net.need[b])]
    coefficients = t_max * sum(2 * len(net.inn[b]) + 6 for b in follows)
    if len(space.options) + 2 * n_bits + 3 * len(follows) * t_max > MAX_VARIABLES or coefficients > MAX_TERMS:
        return None
    cols = _Columns()
    rows = _Rows()
    x = [cols.add(("x", o)) for o in range(len(space.options))]
    direct: dict[int, list[int]] = {}
    setback: dict[int, list[int]] = {}
    for o in range(len(space.options)):
        for b in bits(space.seeds[o] | space.quiet[o]):
            direct.setdefault(b, []).append(o)
        for b in bits(space.quiet[o]):
            setback.setdefault(b, []).append(o)
    d = []
    for b in range(n_bits):
        fixed = bool(space.seed >> b & 1)
        d.append(cols.add(("d", b), lower=1.0 if fixed else 0.0))
        if not fixed:  # supports directly only by a chosen option
            rows.add({d[b]: 1.0, **{x[o]: -1.0 for o in direct.get(b, ())}}, upper=0.0)
    q: dict[int, int] = {}
    for b, opts in setback.items():
        q[b] = cols.add(("q", b), integer=False)
        for o in opts:
            rows.add({q[b]: 1.0, x[o]: -1.0}, lower=0.0)
    # the state after round t: every bit's column (its direct support where it cannot follow)
    state = [list(d)]
    for t in range(1, t_max + 1):
        before = state[-1]
        trig: dict[int, int] = {}

        def trigger(b: int, before: list[int] = before, trig: dict[int, int] = trig, t: int = t) -> int:
            """``g[b, t - 1]``: ``b`` supports after round ``t - 1`` and was not set back to support."""
            if b not in trig:
                trig[b] = cols.add(("g", b, t - 1), integer=False)
                rows.add({trig[b]: 1.0, before[b]: -1.0}, upper=0.0)
                if b in q:
                    rows.add({trig[b]: 1.0, q[b]: 1.0}, upper=1.0)
            return trig[b]

        now = list(before)
        for b in follows:
            y = cols.add(("y", b, t))
            join = cols.add(("j", b, t))
            rows.add({y: 1.0, before[b]: -1.0, join: -1.0}, upper=0.0)
            need = net.need[b]
            if need > 0:
                terms: dict[int, float] = {join: need}
                for src, w in net.inn[b]:
                    terms[before[src]] = terms.get(before[src], 0.0) - w
                rows.add(terms, upper=0.0)
            triggers: dict[int, float] = {join: 1.0}
            for src, _ in net.inn[b]:
                triggers[trigger(src)] = triggers.get(trigger(src), 0.0) - 1.0
            rows.add(triggers, upper=0.0)
            now[b] = y
        state.append(now)
    final = state[-1]
    if budget is not None:
        rows.add({x[o]: space.options[o].cost for o in range(len(space.options))}, upper=budget + 1e-9)
    if space.rivals_needed:
        rows.add({x[o]: 1.0 for o in bits(space.rivals)}, lower=float(space.rivals_needed))
    if space.veto is not None:
        eased: dict[int, list[int]] = {}
        for o in range(len(space.options)):
            for b in bits(space.eases[o]):
                eased.setdefault(b, []).append(o)
        for b in range(n_bits):
            if not space.base_ok >> b & 1:
                rows.add({final[b]: 1.0, **{x[o]: 1.0 for o in eased.get(b, ())}}, lower=1.0)
    for k, part in enumerate(space.parts):  # every quota of the rule, on the same supporters
        bar = part.bar
        rows.add({final[b]: 1.0 for b in range(n_bits)}, lower=float(bar.count - space.fixed_count))
        short = bar.weight - part.fixed_weight
        if short > 0:
            scale = float(short)
            weights = {final[b]: part.bit_weights[b] / scale for b in range(n_bits)}
            if bar.blocking_min > 0:  # or the supporters are too many for a blocking minority to form (Bar.alone)
                p = cols.add(("p", k))
                rows.add({**weights, p: 1.0}, lower=1.0)
                clause = bar.alone - space.fixed_count  # supporting bits the clause asks for
                big = max(clause, 0)
                rows.add({**{final[b]: 1.0 for b in range(n_bits)}, p: -float(big)}, lower=float(clause - big))
            else:
                rows.add(weights, lower=1.0)
    return _solve(space, cols, rows, x, time_limit)


def _solve(space: SearchSpace, cols: _Columns, rows: _Rows, x: list[int], time_limit: float) -> Solved | None:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    cost = np.zeros(len(cols.lower))
    cost[x] = [o.cost for o in space.options]
    shape = (len(rows.lower), len(cols.lower))
    matrix = csr_array((rows.values, (rows.rows, rows.cols)), shape=shape)
    constraints = [LinearConstraint(matrix, np.asarray(rows.lower), np.asarray(rows.upper))] if rows.lower else []
    found = milp(
        cost,
        integrality=np.asarray(cols.integer),
        bounds=Bounds(np.asarray(cols.lower), np.asarray(cols.upper)),
        constraints=constraints,
        options={"time_limit": max(time_limit, 0.01), "mip_rel_gap": 0.0, "disp": False},
    )
    if found.status == 2:  # infeasible: no working set in this group
        return Solved(None, math.inf, True)
    if found.status not in (0, 1):
        return None
    bound = getattr(found, "mip_dual_bound", None)
    bound = float(found.fun) if found.status == 0 and found.fun is not None else float(bound) if bound is not None else 0.0
    chosen = None
    if found.x is not None:
        chosen = sum(1 << o for o, col in enumerate(x) if found.x[col] > 0.5)
    return Solved(chosen, bound if math.isfinite(bound) else 0.0, found.status == 0)
