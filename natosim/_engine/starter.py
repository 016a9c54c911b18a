"""Starter scenario files for ``natosim init``: a commented template, or a copy of a bundled scenario.

Both return text; writing it is the CLI's job. A starter loads with :func:`natosim.load` as it is
(every stance ``undecided``), so a user can run it before filling anything in.
"""

from __future__ import annotations

from datetime import date

from natosim._engine import roster
from natosim._engine import scenario as scenarios
from natosim._engine.explain import key_path
from natosim.errors import NatosimError, did_you_mean

_STANCE_HELP = """\
# Stances (every one of them is a plain string):
#   "support"    backs the candidate (or the proposal)
#   "oppose"     objects: blocks under unanimity and under consensus
#   "undecided"  has not said: blocks under unanimity, not under consensus (silence = assent)
#   "abstain"    stands aside: blocks under no rule (as in the EU Council)
"""

_EDITOR_HELP = """\
# Editor support (Taplo / Even Better TOML): run `natosim schema -o schema.json` in this folder and make
# `#:schema ./schema.json` the very first line of this file; the editor then completes keys and flags mistakes.
"""

_OPTIONAL_TAIL = """\

# --- Optional sections: uncomment and adapt. ------------------------------------------------------------
#
# Influence (threshold cascade): after any change, an ally that does not support switches to support once
# the summed weight of its supporting influencers reaches its `threshold` (default 0.5).
# [[influence]]
# from = "Hungary"          # moves first
# to = "Slovakia"           # follows
# weight = 0.6              # in (0, 1], default 1
# reason = "..."            # optional: why it follows;  source = "..."  optional: where it was reported
#
# Deals: a concession with a price that changes stances (`natosim paths` weighs it against flips).
# [[deals]]
# name = "Written assurance"
# cost = 2                  # > 0, default 1
# effects = { Hungary = "support" }
# candidate = "first"       # optional: default the first candidate
# reason = "..."            # optional: why it would move them;  source = "..."  optional: where it was reported
#
# Events (dated; `natosim timeline` replays them in date order; each date on or after as_of):
# [[events]]
# date = {day}
# ally = "Hungary"          # a stance change: ally + stance (+ candidate, default the first)
# stance = "support"
# source = "Newspaper, {day}"
# [[events]]
# date = {day}
# withdraw = "second"       # or: a candidate leaves the race (its on_withdraw stances apply)
# [[events]]
# date = {day}
# deal = "Written assurance"   # or: a [[deals]] entry is struck (its effects apply)
"""


def starter(*, as_of: date, body: str = "nato") -> str:
    """A commented scenario listing every member of ``body`` on ``as_of``, each ``undecided``."""
    members = roster.members_on(as_of, body)
    day = as_of.isoformat()
    kind = "ally" if body == "nato" else "member"
    label = {"nato": "NATO", "eu": "the Council of the EU", "unsc": "the UN Security Council"}.get(body, body)
    lines = [
        f"# natosim scenario: a decision by the {len(members)} members of {label} on {day}.",
        "# Written by `natosim init`. Fill in the stances below, then:",
        "#   natosim validate THIS-FILE     check it (one line per mistake: file, place, what was expected)",
        "#   natosim run THIS-FILE          who blocks, and the verdict",
        "#   natosim paths THIS-FILE        the cheapest sets of changes that produce consensus",
        "#",
        _EDITOR_HELP.rstrip("\n"),
        "#",
        _STANCE_HELP.rstrip("\n"),
        "",
        f'title = "Decision of {label}, {day}"   # required: what is being decided',
        f"as_of = {day}   # required, a TOML date (no quotes): the members are the {body.upper()} roster on this day",
        ('rule = "security-council"' if body == "unsc" else 'rule = "unanimity"')
        + "   # unanimity | consensus | majority | qualified-majority | security-council | constructive-abstention"
        + ' | { quota = 0.65, weight = "population" }',
    ]
    if body != "nato":
        lines.append(f'body = "{body}"   # "nato" (default) | "eu" | "unsc" | a [body] table declaring another body')
    else:
        lines.append('# body = "nato"   # "nato" (default) | "eu" | "unsc" | a [body] table declaring another body')
    lines += [
        f"# deadline = {day}   # optional TOML date on or after as_of: the horizon of `natosim forecast` (and of p_move)",
        "# seats = 1   # optional, integer >= 1: how many candidates can be adopted (more meeting the rule: a contest)",
        f"# focal_dates = [{day}]   # optional: the meetings with the decision on the agenda (summits, Councils); forecasts raise"
        " move hazards before them (the deadline is a meeting only when listed here)",
        "# fallback = false   # optional: true when the others have publicly prepared a way to proceed without the holdouts",
        '# kind = "appointment"   # optional: ratification | appointment | policy (selects the forecast\'s fitted priors)',
        '# members = ["USA", "FRA"]   # optional: an explicit member list overrides the roster',
        "",
        "# What is decided. A single yes/no decision is a [proposal]. For a choice between candidates, replace",
        "# [proposal] with one [candidates.ID] table per candidate (ID: letters, digits, - and _), e.g.:",
        "# [candidates.first]",
        '# name = "First candidate"',
        '# nominated_by = "Netherlands"        # optional: the ally that put it forward',
        '# default = "undecided"               # optional: stance on THIS candidate of members without one',
        '# on_withdraw = { Romania = "support" }   # optional: stances on the others once it withdraws',
        "# withdraw_cost = 1                   # optional, > 0: the price of persuading it to withdraw",
        "[proposal]",
        'name = "The proposal"',
        "",
        "[defaults]",
        'stance = "undecided"   # the stance of every member NOT listed below',
        "",
        f"# One table per {kind}, keyed by its English name (an ISO 3166 alpha-3 code or a known alias also works).",
        "#   stance    = stance on the proposal (or the FIRST candidate)",
        '#   stances   = { second = "oppose" }   optional: stances on other candidates, by id',
        "#   cost      = 1      optional, > 0: the political price of changing its mind",
        "#   threshold = 0.5    optional, in (0, 1]: influence needed to carry it along (see [[influence]])",
        "#   p_move    = 0.2    optional, in [0, 1]: probability that it moves to support on its own by the deadline",
        "#                      (or by candidate id: { first = 0.2, second = 0.1 })",
        "#   median_days = 30   optional, > 0: median days until it moves on its own (instead of p_move; number or table)",
        "#   any of these four numbers may be a range, for `natosim sensitivity`: cost = { low = 1, best = 2, high = 4 }",
        "#                      (best optional: the midpoint; every other command uses best); so may an influence weight",
        "#                      and a deal's cost",
        '#   holdout   = "political"   optional: political (objects, names a price) | procedural (has not acted yet)',
        '#   reason    = "..."  optional: why;  source = "..."  optional: where it was reported',
        "#   since     = 2024-03-05   optional, on or before as_of: the day its current hold began (its objection first",
        "#                      stated; for a parliament, the day the question opened): the forecast's clock starts there",
        '#   demands   = ["..."]   optional: the conditions or price it has publicly stated by as_of',
        "#   linked    = true   optional: its price concerns another matter (an arms sale, frozen funds); default false",
    ]
    for c in members:
        lines += ["", f"[{key_path(['allies', c.name])}]   # {c.code}", 'stance = "undecided"']
    return "\n".join(lines) + "\n" + _OPTIONAL_TAIL.replace("{day}", day)


def copy_of(name: str) -> str:
    """The text of the bundled scenario ``name``, ready to be saved elsewhere.

    The bundled files' ``#:schema ./schema.json`` line points next to them; in a copy it would
    point nowhere, so it is replaced by a note on how to set the schema up.
    """
    names = scenarios.bundled()
    if name not in names:
        raise NatosimError(f"no bundled scenario '{name}'; expected one of {', '.join(names)}{did_you_mean(name, names)}", where="name")
    data, _ = scenarios.read(str(scenarios.bundled_path(name)))
    text = data.decode("utf-8-sig")
    first, _, rest = text.partition("\n")
    if first.startswith("#:schema"):
        return f"# Copied from natosim's bundled scenario '{name}'.\n" + _EDITOR_HELP + rest
    return text
