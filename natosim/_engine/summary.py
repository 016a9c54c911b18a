"""The written "why": a few plain sentences per candidate that a reader can quote.

For each candidate still in the race, at most three sentences:

1. the verdict, naming the rule: who blocks it and on what grounds (each blocker's stance and the
   ``reason`` the scenario gives for it), or that it is adopted or contested;
2. what the cheapest way through costs and what it takes (from :func:`natosim._engine.paths.find`);
3. how robust that advice is (:func:`robustness`): the margin to the next-cheapest path and, when asked for
   (``robust=True``: ``paths`` and the report, not ``run``, whose start-up it would slow by the import of numpy),
   the share of the plausible range of the estimates over which the path stays the cheapest
   (:func:`natosim._engine.sensitivity.quoted`: bounded work, seeded, so the same input says the same).

The sentences are plain text holding user text (names, reasons, deal names) as it is: each
renderer escapes them for its reader. Nothing here prints or renders.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from natosim.errors import NatosimError
from natosim.model import Report, Scenario, Stance, Verdict

if TYPE_CHECKING:
    from natosim._engine.paths import Path, Search

__all__ = [
    "GIST_LEAST",
    "GIST_MOST",
    "NAMED",
    "SEARCH_STEPS",
    "Robustness",
    "Summary",
    "gist",
    "robustness",
    "search",
    "share_sentence",
    "summarise",
    "with_share",
]

NAMED = 4
"""Most blockers a verdict sentence names one by one (with their grounds); the others are counted."""

GIST_LEAST = 40
"""A reason's opening shorter than this takes its next clause too (:func:`gist`)."""

GIST_MOST = 200
"""Longest opening of a reason a sentence quotes (:func:`gist`); longer ones are cut at a word."""

SEARCH_STEPS = 20_000
"""The work budget of the search a summary runs itself (:func:`search`): about a second at the worst measured cost."""

_DOING = {Stance.OPPOSE: "opposes", Stance.UNDECIDED: "undecided", Stance.ABSTAIN: "abstains", Stance.SUPPORT: "supports"}

_RULES = {
    "unanimity": "unanimity",
    "consensus": "consensus",
    "majority": "simple majority",
    "qualified-majority": "qualified majority",
    "security-council": "the Security Council's voting rule",
    "constructive-abstention": "constructive abstention",
}


@dataclass(frozen=True, slots=True)
class Summary:
    """The sentences about one candidate."""

    candidate: str
    """Candidate id."""
    sentences: tuple[str, ...]
    """Two or three plain sentences: the verdict and its grounds, the cheapest way through, how robust it is."""
    share: str = ""
    """The sentence on the share of the plausible range of the estimates, when said (the end of the last sentence)."""

    def plain(self) -> Summary:
        """What ``run`` says: the sentences without :attr:`share`."""
        if not self.share:
            return self
        *rest, last = self.sentences
        return Summary(self.candidate, (*rest, last.removesuffix(" " + self.share)))


@dataclass(frozen=True, slots=True)
class Robustness:
    """How firmly the cheapest path is the cheapest, as far as the paths listed tell.

    The sensitivity analysis adds what it measures (:func:`with_share`): the share of the box of estimated
    ranges over which the path stays the cheapest; :func:`robustness_sentence` then says it too.
    """

    cheapest: float
    """The cost of the cheapest path."""
    next_cost: float | None
    """The cost of the next-cheapest path (``None``: none listed); it may cost the same."""
    known: bool
    """Whether the search looked far enough to know the next-cheapest path (or that there is none)."""
    share: float | None = None
    """Share of the box of ranges of the estimates over which the path stays the cheapest (``None``: not computed)."""
    interval: tuple[float, float] | None = None
    """Its 95% interval when sampled (``None``: exact)."""
    samples: int = 0
    """Points sampled (0: exact)."""
    defaults: bool = False
    """Whether some of the ranges are the stated defaults (the file gives none for those numbers)."""

    @property
    def margin(self) -> float | None:
        """How much more the next-cheapest path costs (``None``: no other path listed); 0 for a tie."""
        return None if self.next_cost is None else max(0.0, self.next_cost - self.cheapest)


def robustness(found: Search) -> Robustness | None:
    """How robust the cheapest path of ``found`` is, from its first two paths (so that a search listing two and
    one listing ten say the same); ``None`` when it has no path or the candidate is already adopted."""
    listed = found.paths
    if not listed or listed[0].size == 0:
        return None
    return Robustness(
        cheapest=listed[0].cost, next_cost=listed[1].cost if len(listed) > 1 else None, known=found.complete or len(listed) > 1
    )


def with_share(r: Robustness, scenario: Scenario, candidate: str, path: Path, *, with_cascade: bool = True) -> Robustness:
    """``r`` with the share of the box of ranges where ``path`` stays the cheapest (:func:`natosim._engine.sensitivity.quoted`),
    when that is computed within its bounds and names ``path`` (a tie may make another path the analysis's cheapest)."""
    from natosim._engine import sensitivity

    found = sensitivity.quoted(scenario, candidate, with_cascade=with_cascade)
    if found is None or not found.dimensions:
        return r
    if sensitivity.same(found.path, path):
        share = found.share
    else:
        share = next((o.share for o in found.others if sensitivity.same(o.path, path)), math.nan)
        if math.isnan(share):
            return r
    interval = None if found.exact else (found.ci95 if sensitivity.same(found.path, path) else None)
    if not found.exact and interval is None:
        return r  # a rival's share is sampled without its own interval: say nothing rather than half of it
    defaults = any(e.default for e in sensitivity.estimates(scenario, candidate))
    return dataclasses.replace(r, share=share, interval=interval, samples=found.samples, defaults=defaults)


def _percent(x: float) -> str:
    if 0 < x < 0.01:
        return "under 1%"
    if 0.99 < x < 1:
        return "over 99%"
    return f"{x:.0%}"


def share_sentence(r: Robustness) -> str:
    """How much of the plausible range of the estimates keeps the path the cheapest (empty: not computed)."""
    if r.share is None:
        return ""
    from natosim._engine.sensitivity import COST_SPREAD, SHARE_SPREAD

    defaults = f"±{float(COST_SPREAD):.0%} on costs, ±{float(SHARE_SPREAD):g} on thresholds and weights"
    ranges = f"defaults where the file gives no range: {defaults}" if r.defaults else "the ranges the file gives"
    if r.interval is None:
        how = f"exact; {ranges}"
    else:
        how = f"{r.samples:,} points sampled, 95% interval {_percent(r.interval[0])} to {_percent(r.interval[1])}; {ranges}"
    if r.share >= 1:
        where = "over the whole plausible range" if r.interval is None else "at every point sampled over the plausible range"
        return f"It stays the cheapest {where} of the estimates ({how})."
    return f"It stays the cheapest over {_percent(r.share)} of the plausible range of the estimates ({how})."


def robustness_sentence(r: Robustness) -> str:
    """The third sentence: how firmly the cheapest path is the cheapest (and, when computed, over how much of the ranges)."""
    only = r.next_cost is None and r.known and r.share is not None and r.share >= 1  # the only way: nothing to add
    share = "" if only else share_sentence(r)
    return _margin_sentence(r) + (" " + share if share else "")


def _margin_sentence(r: Robustness) -> str:
    margin = r.margin
    if margin is None:
        if r.known:
            return "It is the only way through that the search found."
        return "Whether another way costs about as much is not known: the search stopped before a second path."
    if math.isclose(margin, 0.0, abs_tol=1e-9):
        return "It is not the only choice: another way costs the same, so the estimates alone do not decide between them."
    return (
        f"The next-cheapest way costs {_number(r.cheapest + margin)}, a margin of {_number(margin)}: the advice holds "
        f"as long as the estimated costs are off by less than {_number(margin)} in all."
    )


def search(scenario: Scenario, candidate: str, *, with_cascade: bool = True) -> Search | None:
    """The two cheapest paths to ``candidate``, from a search bounded by :data:`SEARCH_STEPS` (``None``: not searchable)."""
    from natosim._engine.paths import find

    try:
        return find(scenario, candidate, limit=2, with_cascade=with_cascade, steps=SEARCH_STEPS, fallback=False)
    except NatosimError:  # too many interventions that can make a stance worse: the search is not run
        return None


def summarise(
    report: Report,
    searches: Mapping[str, Search] | None = None,
    *,
    only: Sequence[str] | None = None,
    with_cascade: bool = True,
    robust: bool = False,
) -> tuple[Summary, ...]:
    """The sentences for each candidate of ``report`` (``only``: just these ids), in the report's order.

    ``searches`` gives a candidate's paths already found (``natosim paths``); the others are found
    by :func:`search`. ``robust``: the robustness sentence also gives the share of the plausible range
    of the estimates over which the cheapest path stays the cheapest (:func:`with_share`).
    """
    out = []
    searched = 0
    for v in report.verdicts:
        if only is not None and v.candidate.id not in only:
            continue
        found = (searches or {}).get(v.candidate.id)
        if found is None and not v.adopted:
            if searched >= SEARCHED_CANDIDATES:  # a bounded cost: a race of 100 candidates is not 100 searches
                out.append(Summary(v.candidate.id, (_verdict(report.scenario, v), _NOT_SEARCHED), ""))
                continue
            searched += 1
            found = search(report.scenario, v.candidate.id, with_cascade=with_cascade)
        said, share = _sentences(report.scenario, v, found, robust=robust, with_cascade=with_cascade)
        out.append(Summary(v.candidate.id, said, share))
    return tuple(out)


SEARCHED_CANDIDATES = 8
"""The most candidates whose cheapest way through one summary searches (the others are named, not searched)."""

_NOT_SEARCHED = f"Its cheapest way through is not searched here: the summary searches the first {SEARCHED_CANDIDATES} candidates only."


def _sentences(s: Scenario, v: Verdict, found: Search | None, *, robust: bool, with_cascade: bool) -> tuple[tuple[str, ...], str]:
    """The sentences, and the share sentence that ends the last of them (empty: none)."""
    first = _verdict(s, v)
    if v.adopted:
        return (first,), ""
    if found is None:
        return (first, "The search for a way through was not run: too many of the possible changes can also make a stance worse."), ""
    second = _cheapest(s, v, found)
    r = robustness(found)
    if r is None:
        return (first, second), ""
    if robust:
        r = with_share(r, s, v.candidate.id, found.paths[0], with_cascade=with_cascade)
    third = robustness_sentence(r)
    share = share_sentence(r)
    return (first, second, third), share if third.endswith(" " + share) else ""


def _rule(s: Scenario) -> str:
    return _RULES.get(s.rule.name, "the scenario's weighted rule")


def _verdict(s: Scenario, v: Verdict) -> str:
    name, rule, n = v.candidate.name, _rule(s), len(s.members)
    support = v.counts[Stance.SUPPORT]
    if v.adopted:
        return f"{name} is adopted under {rule}, with {support} of {n} members in support."
    if v.contested:
        return f"{name} meets {rule}, but more candidates do than there are seats, so none is adopted yet."
    if not v.blockers:
        return f"{name} is not adopted under {rule}: {support} of {n} members support it."
    stances = s.stances[v.candidate.id]
    named = [_grounds(s, code, stances[code]) for code in v.blockers[:NAMED]]
    rest = len(v.blockers) - NAMED
    if rest > 0:
        named.append(f"{rest} other member{'s' if rest != 1 else ''}")
    together = v.blockers_are in ("abstainers", "smallest_blocking_coalitions") and len(v.blockers) > 1
    how = " together" if together else ""
    return f"{name} is blocked under {rule}{how} by {_listed(named)}."


def gist(reason: str, *, least: int = GIST_LEAST, most: int = GIST_MOST) -> str:
    """The opening of a ``reason``: its first clause (up to a full stop and a space, or a semicolon, outside brackets),
    more clauses while it is shorter than ``least`` characters, cut at a word (with ``…``) past ``most``."""
    text = " ".join(reason.split())
    depth, end = 0, 0
    out = ""
    for i, ch in enumerate(text):
        depth += (ch in "([") - (ch in ")]")
        stop = depth <= 0 and (ch == ";" or (ch in ".!?" and text[i + 1 : i + 2] in ("", " ")))
        if stop:
            out, end = text[:i], i
            if len(out) >= least:
                break
    if not out or (len(out) < least and end < len(text)):
        out = text if len(out) < least else out
    out = out.rstrip(" .;,:")
    if len(out) > most:
        cut = out[:most].rsplit(" ", 1)[0].rstrip(" .;,:")
        out = cut + "…"
    return out


def _grounds(s: Scenario, code: str, stance: Stance) -> str:
    reason = gist(s.positions[code].reason)
    who = s.member(code).name
    return f"{who} ({_DOING[stance]}: {reason})" if reason else f"{who} ({_DOING[stance]})"


def _cheapest(s: Scenario, v: Verdict, found: Search) -> str:
    name = v.candidate.name
    if not found.paths:
        if found.cheapest_beyond is not None:
            return f"No way gets {name} adopted within the budget of {_number(found.budget or 0)}; the cheapest costs {_number(found.cheapest_beyond)}."
        if found.needs_excluded:
            held = _listed([s.member(c).name for c in found.excluded], cap=NAMED)
            where = "stays where it stands" if len(found.excluded) == 1 else "stay where they stand"
            return f"No way gets {name} adopted while {held} {where}."
        if found.exhausted or found.timed_out:
            return f"The search for a way to get {name} adopted stopped before it found one."
        return f"No combination of the {len(found.interventions)} possible changes gets {name} adopted."
    return f"The cheapest way through costs {_number(found.paths[0].cost)}: {_steps(s, found.paths[0])}."


def _steps(s: Scenario, p: Path) -> str:
    parts = [f"strike the deal “{name}”" for name in p.deals]
    parts += [f"persuade {s.candidate(cid).name} to withdraw" for cid in p.withdraw]
    if p.flips:
        parts.append("win over " + _listed([s.member(c).name for c in p.flips], cap=NAMED))
    said = _listed(parts)
    if p.cascade:
        who = _listed([s.member(c).name for c in p.cascade], cap=NAMED)
        said += f", and {who} then follow{'s' if len(p.cascade) == 1 else ''}"
    return said


def _listed(items: Sequence[str], *, cap: int | None = None) -> str:
    """``a``, ``a and b``, ``a, b and c``; beyond ``cap`` items, ``a, b, c and 5 more``."""
    shown = list(items)
    if cap is not None and len(shown) > cap:
        shown = [*shown[:cap], f"{len(items) - cap} more"]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
