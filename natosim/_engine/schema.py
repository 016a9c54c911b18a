"""The scenario file format as typed structures (msgspec), from which the JSON Schema is derived.

These types describe the TOML document only; ``natosim._engine.scenario`` turns a checked document
into a :class:`natosim.model.Scenario` (names resolved, stances completed).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import msgspec

StanceName = Literal["support", "oppose", "undecided", "abstain"]
RuleName = Literal["unanimity", "consensus", "majority", "qualified-majority", "security-council", "constructive-abstention"]

# Limits, far above any real body (docs/scenario-format.md#limits states each one).
MAX_MEMBERS = 1_000
"""Most members in a body, names in ``members``, ``[allies]`` tables, ``on_withdraw`` or ``effects`` entries."""
MAX_CANDIDATES = 100
"""Most ``[candidates]`` (and seats, and entries in a ``stances``, ``p_move`` or ``median_days`` table)."""
MAX_INFLUENCE = 20_000
"""Most ``[[influence]]`` edges."""
MAX_DEALS = 1_000
"""Most ``[[deals]]``."""
MAX_EVENTS = 10_000
"""Most ``[[events]]``."""
MAX_FOCAL_DATES = 1_000
"""Most ``focal_dates``."""
MAX_NAME = 1_000
"""Longest title, name, or reference to a member, candidate or deal (characters)."""
MAX_TEXT = 10_000
"""Longest ``reason``, ``source`` or ``note`` (characters)."""
MAX_COST = 1e9
"""Largest ``cost`` or ``withdraw_cost``."""
MAX_WEIGHT = 1e9
"""Largest ``[body.members]`` weight."""
MAX_POPULATION = 10**10
"""Largest ``[body.members]`` population."""
MAX_DEMANDS = 100
"""Most demands stated by one member."""
MAX_DAYS = 1e6
"""Largest ``median_days``."""

Name = Annotated[str, msgspec.Meta(max_length=MAX_NAME)]
Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
Cost = Annotated[float, msgspec.Meta(gt=0, le=MAX_COST)]
Days = Annotated[float, msgspec.Meta(gt=0, le=MAX_DAYS)]
Share = Annotated[float, msgspec.Meta(gt=0, le=1)]
Probability = Annotated[float, msgspec.Meta(ge=0, le=1)]
MemberCode = Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9]{2,8}$")]
ByMember = Annotated[dict[Name, StanceName], msgspec.Meta(max_length=MAX_MEMBERS)]
"""Stances by member name (``on_withdraw``, ``effects``)."""
ByCandidate = Annotated[dict[str, StanceName], msgspec.Meta(max_length=MAX_CANDIDATES)]
ProbabilityByCandidate = Annotated[dict[str, Probability], msgspec.Meta(max_length=MAX_CANDIDATES)]
DaysByCandidate = Annotated[dict[str, Days], msgspec.Meta(max_length=MAX_CANDIDATES)]

_STRICT: dict[str, Any] = {"forbid_unknown_fields": True, "kw_only": True, "frozen": True}


class CandidateDoc(msgspec.Struct, **_STRICT):
    """``[candidates.ID]``: one option on the table."""

    name: Name | None = None
    nominated_by: Name | None = None
    default: StanceName | None = None
    on_withdraw: ByMember = {}
    withdraw_cost: Cost = 1.0


class ProposalDoc(msgspec.Struct, **_STRICT):
    """``[proposal]``: the single option when there are no candidates."""

    name: Name


class DefaultsDoc(msgspec.Struct, **_STRICT):
    """``[defaults]``."""

    stance: StanceName = "undecided"


class AllyDoc(msgspec.Struct, **_STRICT):
    """``[allies.NAME]``: one member's stances and attributes."""

    stance: StanceName | None = None
    stances: ByCandidate = {}
    cost: Cost = 1.0
    threshold: Share = 0.5
    p_move: Probability | ProbabilityByCandidate | None = None
    median_days: Days | DaysByCandidate | None = None
    holdout: Literal["political", "procedural", "rival"] | None = None
    reason: Text = ""
    source: Text = ""
    since: date | None = None
    demands: Annotated[list[Text], msgspec.Meta(max_length=MAX_DEMANDS)] = []
    linked: bool = False


class InfluenceDoc(msgspec.Struct, **_STRICT):
    """``[[influence]]``: ``from`` pulls ``to`` along with ``weight``."""

    from_: Name = msgspec.field(name="from")
    to: Name
    weight: Share = 1.0
    reason: Text = ""
    source: Text = ""


class DealDoc(msgspec.Struct, **_STRICT):
    """``[[deals]]``: a concession with a price and stance effects."""

    name: Name
    effects: ByMember
    cost: Cost = 1.0
    candidate: Name | None = None
    id: Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9_-]{1,40}$")] | None = None
    reason: Text = ""
    source: Text = ""


class EventDoc(msgspec.Struct, **_STRICT):
    """``[[events]]``: a dated stance change, withdrawal or deal struck."""

    date: date
    ally: Name | None = None
    stance: StanceName | None = None
    candidate: Name | None = None
    withdraw: Name | None = None
    deal: Name | None = None
    source: Text = ""
    note: Text = ""


class RuleDoc(msgspec.Struct, **_STRICT):
    """A weighted rule given as a table."""

    quota: Share
    weight: Literal["population", "weight", "one"] = "one"
    min_members: Probability = 0.0
    blocking_min: Annotated[int, msgspec.Meta(ge=0, le=MAX_MEMBERS)] = 0
    min_count: Annotated[int, msgspec.Meta(ge=0, le=MAX_MEMBERS)] = 0
    veto_members: Annotated[list[Name], msgspec.Meta(max_length=MAX_MEMBERS)] = []


class BodyMemberDoc(msgspec.Struct, **_STRICT):
    """``[body.members.CODE]``."""

    name: Name
    population: Annotated[int, msgspec.Meta(ge=0, le=MAX_POPULATION)] = 0
    weight: Annotated[float, msgspec.Meta(ge=0, le=MAX_WEIGHT)] = 1.0
    veto: bool = False


class BodyDoc(msgspec.Struct, **_STRICT):
    """``[body]``: a deciding body declared in the file."""

    name: Name
    members: Annotated[dict[MemberCode, BodyMemberDoc], msgspec.Meta(min_length=1, max_length=MAX_MEMBERS)]


class ScenarioDoc(msgspec.Struct, **_STRICT):
    """A whole scenario file."""

    title: Name
    as_of: date
    members: Annotated[list[Name], msgspec.Meta(max_length=MAX_MEMBERS)] | None = None
    rule: RuleName | RuleDoc | None = None
    body: Literal["nato", "eu", "unsc"] | BodyDoc = "nato"
    deadline: date | None = None
    seats: Annotated[int, msgspec.Meta(ge=1, le=MAX_CANDIDATES)] = 1
    kind: Literal["ratification", "appointment", "policy"] | None = None
    focal_dates: Annotated[list[date], msgspec.Meta(max_length=MAX_FOCAL_DATES)] = []
    fallback: bool = False
    candidates: Annotated[dict[str, CandidateDoc], msgspec.Meta(max_length=MAX_CANDIDATES)] = {}
    proposal: ProposalDoc | None = None
    defaults: DefaultsDoc = DefaultsDoc()
    allies: Annotated[dict[Name, AllyDoc], msgspec.Meta(max_length=MAX_MEMBERS)] = {}
    influence: Annotated[list[InfluenceDoc], msgspec.Meta(max_length=MAX_INFLUENCE)] = []
    deals: Annotated[list[DealDoc], msgspec.Meta(max_length=MAX_DEALS)] = []
    events: Annotated[list[EventDoc], msgspec.Meta(max_length=MAX_EVENTS)] = []


SCHEMA_ID = "urn:natosim:scenario:v1"
"""The ``$id`` of the scenario schema (a name, not a web address: natosim never fetches it)."""

_STANCES = "support | oppose | undecided | abstain"
# Hover text per table and key, added to the schema msgspec derives from the structs above.
# (table, key) pairs; key "" titles the table itself. A key without an entry simply has none.
_DOCS: tuple[tuple[str, str, str], ...] = (
    ("ScenarioDoc", "", "natosim scenario: a decision taken by a body (NATO by default), the members' stances and what could change them."),
    ("ScenarioDoc", "title", "Required. What is being decided, shown on every report."),
    ("ScenarioDoc", "as_of", "Required. TOML date (YYYY-MM-DD) of the snapshot; the members are the body's members on this date."),
    ("ScenarioDoc", "members", "Optional explicit member list (names, ISO3 codes or aliases); overrides the roster on as_of."),
    (
        "ScenarioDoc",
        "rule",
        'How it is decided: unanimity (default; security-council for body = "unsc"), consensus, majority, qualified-majority, '
        "security-council, constructive-abstention, or a weighted-rule table.",
    ),
    (
        "ScenarioDoc",
        "body",
        'Who decides: "nato" (default), "eu" (Council of the EU), "unsc" (UN Security Council, 2017-2026), '
        "or a [body] table declaring any other body.",
    ),
    (
        "ScenarioDoc",
        "deadline",
        "Optional TOML date on or after as_of: the horizon of `natosim forecast`, and the date every p_move is stated for.",
    ),
    (
        "ScenarioDoc",
        "seats",
        "Integer in [1, 100] (default 1): how many candidates the body can adopt; more meeting the rule is a contest.",
    ),
    (
        "ScenarioDoc",
        "focal_dates",
        "Optional list of TOML dates on or after as_of: the meetings with the decision on the agenda (summits, European Councils, "
        "Council meetings); forecasts raise move hazards before them. The deadline is a meeting only when listed here too.",
    ),
    (
        "ScenarioDoc",
        "fallback",
        "true when by as_of the other members have publicly prepared a way to proceed without the holdouts (default false).",
    ),
    (
        "ScenarioDoc",
        "kind",
        "Optional: ratification (every parliament ratifies), appointment (a person chosen by consensus) or policy "
        "(an act taken by unanimity); selects the forecast's fitted priors. Default: appointment with [candidates], "
        "policy for the EU, else ratification.",
    ),
    ("ScenarioDoc", "candidates", "One [candidates.ID] table per option on the table; the table key is its id (letters, digits, - and _)."),
    ("ScenarioDoc", "proposal", "[proposal] name = ...: the single option when there are no [candidates] (its id is 'proposal')."),
    ("ScenarioDoc", "defaults", "[defaults] stance = ...: the stance of every member not listed under [allies]."),
    ("ScenarioDoc", "allies", "One [allies.NAME] table per member with a known stance; NAME is an English name, ISO3 code or alias."),
    ("ScenarioDoc", "influence", "[[influence]] edges of the threshold cascade: from moves, to follows once its threshold is reached."),
    ("ScenarioDoc", "deals", "[[deals]]: concessions with a price that change stances."),
    ("ScenarioDoc", "events", "[[events]]: dated stance changes, withdrawals and deals struck; `natosim timeline` replays them."),
    ("CandidateDoc", "", "[candidates.ID]: one option on the table."),
    ("CandidateDoc", "name", "Display name (default: the id)."),
    ("CandidateDoc", "nominated_by", "The ally that put the candidate forward."),
    ("CandidateDoc", "default", f"Stance on THIS candidate of every member without an explicit one: {_STANCES}."),
    ("CandidateDoc", "on_withdraw", "Stances ({ ALLY = STANCE }) on every remaining candidate once this one withdraws."),
    ("CandidateDoc", "withdraw_cost", "In (0, 10^9]: the price of persuading it to withdraw (default 1)."),
    ("ProposalDoc", "", "[proposal]: the single option when there are no candidates."),
    ("ProposalDoc", "name", 'What is proposed, e.g. "Admit Sweden".'),
    ("DefaultsDoc", "", "[defaults]: stances of members not listed under [allies]."),
    ("DefaultsDoc", "stance", f"Stance of every member not listed under [allies] (default undecided): {_STANCES}."),
    ("AllyDoc", "", "[allies.NAME]: one member's stances and attributes."),
    ("AllyDoc", "stance", f"Stance on the FIRST candidate (or the proposal): {_STANCES}."),
    ("AllyDoc", "stances", 'Stances on other candidates, by candidate id: { iohannis = "undecided" }.'),
    ("AllyDoc", "cost", "In (0, 10^9]: the political price of changing this ally's mind (default 1)."),
    ("AllyDoc", "threshold", "In (0, 1]: the summed influence weight needed to carry this ally along (default 0.5)."),
    (
        "AllyDoc",
        "p_move",
        "In [0, 1]: probability that it moves to support on its own by the scenario's deadline (first candidate), "
        "or a table by candidate id: { rutte = 0.7 }.",
    ),
    (
        "AllyDoc",
        "median_days",
        "In (0, 10^6]: median number of days until it moves to support on its own (first candidate), or a table by candidate id; "
        "an alternative to p_move that needs no deadline.",
    ),
    (
        "AllyDoc",
        "holdout",
        "political (it objects or names a price), procedural (it has not acted yet, e.g. ratification pending) or rival (it backs "
        "a rival candidate or option): which fitted prior the forecast gives it. Default: rival when it supports another "
        "candidate, political when it opposes or states demands, else procedural.",
    ),
    ("AllyDoc", "reason", "Why it holds this stance (free text, at most 10,000 characters)."),
    ("AllyDoc", "source", 'Where the stance was reported, e.g. "El Pais, 2024-04-02".'),
    (
        "AllyDoc",
        "since",
        "TOML date on or before as_of: the day its current hold began (its objection or price first stated; for a procedural "
        "holdout, the day the question opened). The forecast's clock for this member starts there.",
    ),
    ("AllyDoc", "demands", "The conditions or price it has publicly stated by as_of (a list of strings; empty: none)."),
    (
        "AllyDoc",
        "linked",
        "true when its price concerns another matter than the decision itself (an arms sale, frozen funds); default false.",
    ),
    ("InfluenceDoc", "", "[[influence]]: an edge of the threshold cascade."),
    ("InfluenceDoc", "from", "The ally whose move pulls the other along."),
    ("InfluenceDoc", "to", "The ally that follows."),
    ("InfluenceDoc", "weight", "In (0, 1]: how much `from` counts towards `to`'s threshold (default 1)."),
    ("InfluenceDoc", "reason", "Why `to` follows `from` (free text)."),
    ("InfluenceDoc", "source", "Where the link is reported."),
    (
        "DealDoc",
        "id",
        "Optional short id (letters, digits, - and _; unique): what --deal and events may use instead of the name; default: a slug of the name.",
    ),
    ("DealDoc", "", "[[deals]]: a concession with a price and stance effects."),
    ("DealDoc", "name", "Unique name; events refer to the deal by it."),
    ("DealDoc", "effects", 'Stances the deal brings about: { Hungary = "support" } (at least one).'),
    ("DealDoc", "cost", "In (0, 10^9]: the price of the concession (default 1)."),
    ("DealDoc", "candidate", "Candidate id the effects apply to (default: the first candidate)."),
    ("DealDoc", "reason", "Why the deal would move its members (free text)."),
    ("DealDoc", "source", "Where the deal is reported."),
    ("EventDoc", "", "[[events]]: exactly one of a stance change (ally + stance), a withdrawal, or a deal struck."),
    ("EventDoc", "date", "TOML date on or after as_of."),
    ("EventDoc", "ally", "The ally whose stance changes (needs `stance`)."),
    ("EventDoc", "stance", f"Its new stance: {_STANCES}."),
    ("EventDoc", "candidate", "Candidate id the stance is on (default: the first candidate)."),
    ("EventDoc", "withdraw", "Id of a candidate that leaves the race; its on_withdraw stances apply."),
    ("EventDoc", "deal", "Id or name of a [[deals]] entry that is struck; its effects apply."),
    ("EventDoc", "source", "Where the event was reported."),
    ("EventDoc", "note", "Free text."),
    ("RuleDoc", "", "A weighted voting rule: a quota of the total weight, optionally a share of members and a blocking minimum."),
    ("RuleDoc", "quota", "In (0, 1]: share of the total weight that must support (at least)."),
    ("RuleDoc", "weight", 'What a member weighs: "population", "weight" (from [body.members]) or "one" (default).'),
    ("RuleDoc", "min_members", "In [0, 1]: share of the members that must support (at least)."),
    ("RuleDoc", "blocking_min", "Integer in [0, 1000]: fewest members that can block (0: no such condition)."),
    ("RuleDoc", "min_count", "Integer in [0, 1000]: fewest supporters, as a number of members (0: no such condition)."),
    ("RuleDoc", "veto_members", "Members (names, codes or aliases) whose oppose alone blocks; an abstention is no veto."),
    ("BodyDoc", "", "[body]: a deciding body declared in the file."),
    ("BodyDoc", "name", "The body's name."),
    ("BodyDoc", "members", "One [body.members.CODE] table per member (1 to 1,000); CODE is 2-8 letters or digits."),
    ("BodyMemberDoc", "", "[body.members.CODE]: one member of a declared body."),
    (
        "BodyMemberDoc",
        "name",
        "The member's name; [allies.X] may use it or the code. No other member's name or code, even up to case, accents or spacing.",
    ),
    ("BodyMemberDoc", "population", "Integer in [0, 10^10], used by population-weighted rules."),
    ("BodyMemberDoc", "weight", 'In [0, 10^9], used by weighted rules (default 1); not all 0 under a weight = "weight" rule.'),
    ("BodyMemberDoc", "veto", 'true: a permanent member, whose oppose alone blocks under rule = "security-council" (default false).'),
)


def _without_null(node: Any) -> Any:
    """TOML has no null: drop msgspec's ``{"type": "null"}`` alternatives and ``null`` defaults."""
    if isinstance(node, list):
        return [_without_null(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _without_null(v) for k, v in node.items() if not (k == "default" and v is None)}
    alts = [a for a in out.get("anyOf", []) if a != {"type": "null"}]
    if "anyOf" in out and len(alts) == 1:
        del out["anyOf"]
        out = {**alts[0], **out}
    elif "anyOf" in out:
        out["anyOf"] = alts
    return out


_RANGED = (
    ("AllyDoc", "cost"),
    ("AllyDoc", "threshold"),
    ("AllyDoc", "p_move"),
    ("AllyDoc", "median_days"),
    ("InfluenceDoc", "weight"),
    ("DealDoc", "cost"),
    ("CandidateDoc", "withdraw_cost"),
)
"""The estimated numbers that also take a range table ``{ low, best, high }`` (contract v1.3, :mod:`natosim._engine.estimates`)."""


def _range_of(number: dict[str, Any]) -> dict[str, Any]:
    """The range table of a number schema: ``low`` and ``high`` required, ``best`` optional, each within its bounds."""
    bound = {k: v for k, v in number.items() if k not in ("default", "description")}
    return {
        "type": "object",
        "description": "A range on this estimate (for natosim sensitivity): low <= best <= high; best defaults to the midpoint.",
        "properties": {"low": bound, "best": bound, "high": bound},
        "required": ["low", "high"],
        "additionalProperties": False,
    }


def _with_range(prop: dict[str, Any]) -> dict[str, Any]:
    """A number's schema (or a number-or-table-by-candidate's) that also accepts a range wherever it takes a number."""
    head = {k: v for k, v in prop.items() if k in ("description", "default")}
    alts = prop["anyOf"] if "anyOf" in prop else [{k: v for k, v in prop.items() if k not in head}]
    out: list[dict[str, Any]] = []
    for alt in alts:
        if alt.get("type") == "number":
            out += [alt, _range_of(alt)]
        elif alt.get("type") == "object" and isinstance(alt.get("additionalProperties"), dict):
            number = alt["additionalProperties"]
            out.append({**alt, "additionalProperties": {"anyOf": [number, _range_of(number)]}})
        else:  # not reached: every ranged key is a number or a table of numbers
            out.append(alt)
    return {**head, "anyOf": out}


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft-07, which Taplo / Even Better TOML understand) of the scenario format.

    Derived from the structs above, with hover text, and with the loader's own checks that a
    schema can express (candidate ids, non-empty lists, one action per event). Checks that need
    the roster or the rest of the file (unknown allies, duplicates under an alias, dates before
    ``as_of``) are left to the loader: a file the schema accepts may still be rejected.
    """
    schema = _without_null(msgspec.json.schema(ScenarioDoc))
    defs: dict[str, Any] = schema["$defs"]
    for table, key, text in _DOCS:
        if table not in defs:
            continue
        if not key:
            defs[table]["description"] = text
        elif key in defs[table].get("properties", {}):
            defs[table]["properties"][key] = {"description": text, **defs[table]["properties"][key]}
    top = defs["ScenarioDoc"]["properties"]
    top["candidates"]["propertyNames"] = {"pattern": "^[A-Za-z0-9_-]{1,40}$"}
    top["members"]["minItems"] = 1
    defs["DealDoc"]["properties"]["effects"]["minProperties"] = 1
    forbid = {"properties": {k: False for k in ("ally", "stance", "candidate", "withdraw", "deal")}}
    defs["EventDoc"]["oneOf"] = [
        {"required": ["ally", "stance"], "properties": {"withdraw": False, "deal": False}},
        {"required": ["withdraw"], "properties": {k: v for k, v in forbid["properties"].items() if k != "withdraw"}},
        {"required": ["deal"], "properties": {k: v for k, v in forbid["properties"].items() if k != "deal"}},
    ]
    for table, key in _RANGED:
        defs[table]["properties"][key] = _with_range(defs[table]["properties"][key])
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "natosim scenario",
        "description": defs["ScenarioDoc"].get("description", ""),
        **schema,
    }
