"""The scenario file format as typed structures (msgspec), from which the JSON Schema is derived.

These types describe the TOML document only; ``natosim.scenario`` turns a checked document
into a :class:`natosim.model.Scenario` (names resolved, stances completed).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import msgspec

StanceName = Literal["support", "oppose", "undecided", "abstain"]
RuleName = Literal["unanimity", "consensus", "majority", "qualified-majority"]
Positive = Annotated[float, msgspec.Meta(gt=0)]
Share = Annotated[float, msgspec.Meta(gt=0, le=1)]
Probability = Annotated[float, msgspec.Meta(ge=0, le=1)]
MemberCode = Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9]{2,8}$")]

_STRICT: dict[str, Any] = {"forbid_unknown_fields": True, "kw_only": True, "frozen": True}


class CandidateDoc(msgspec.Struct, **_STRICT):
    """``[candidates.ID]``: one option on the table."""

    name: str | None = None
    nominated_by: str | None = None
    default: StanceName | None = None
    on_withdraw: dict[str, StanceName] = {}
    withdraw_cost: Positive = 1.0


class ProposalDoc(msgspec.Struct, **_STRICT):
    """``[proposal]``: the single option when there are no candidates."""

    name: str


class DefaultsDoc(msgspec.Struct, **_STRICT):
    """``[defaults]``."""

    stance: StanceName = "undecided"


class AllyDoc(msgspec.Struct, **_STRICT):
    """``[allies.NAME]``: one member's stances and attributes."""

    stance: StanceName | None = None
    stances: dict[str, StanceName] = {}
    cost: Positive = 1.0
    threshold: Share = 0.5
    p_move: Probability | None = None
    reason: str = ""
    source: str = ""


class InfluenceDoc(msgspec.Struct, **_STRICT):
    """``[[influence]]``: ``from`` pulls ``to`` along with ``weight``."""

    from_: str = msgspec.field(name="from")
    to: str
    weight: Share = 1.0


class DealDoc(msgspec.Struct, **_STRICT):
    """``[[deals]]``: a concession with a price and stance effects."""

    name: str
    effects: dict[str, StanceName]
    cost: Positive = 1.0
    candidate: str | None = None


class EventDoc(msgspec.Struct, **_STRICT):
    """``[[events]]``: a dated stance change, withdrawal or deal struck."""

    date: date
    ally: str | None = None
    stance: StanceName | None = None
    candidate: str | None = None
    withdraw: str | None = None
    deal: str | None = None
    source: str = ""
    note: str = ""


class RuleDoc(msgspec.Struct, **_STRICT):
    """A weighted rule given as a table."""

    quota: Share
    weight: Literal["population", "weight", "one"] = "one"
    min_members: Probability = 0.0
    blocking_min: Annotated[int, msgspec.Meta(ge=0)] = 0


class BodyMemberDoc(msgspec.Struct, **_STRICT):
    """``[body.members.CODE]``."""

    name: str
    population: Annotated[int, msgspec.Meta(ge=0)] = 0
    weight: Annotated[float, msgspec.Meta(ge=0)] = 1.0


class BodyDoc(msgspec.Struct, **_STRICT):
    """``[body]``: a deciding body declared in the file."""

    name: str
    members: dict[MemberCode, BodyMemberDoc]


class ScenarioDoc(msgspec.Struct, **_STRICT):
    """A whole scenario file."""

    title: str
    as_of: date
    members: list[str] | None = None
    rule: RuleName | RuleDoc = "unanimity"
    body: Literal["nato", "eu"] | BodyDoc = "nato"
    deadline: date | None = None
    candidates: dict[str, CandidateDoc] = {}
    proposal: ProposalDoc | None = None
    defaults: DefaultsDoc = DefaultsDoc()
    allies: dict[str, AllyDoc] = {}
    influence: list[InfluenceDoc] = []
    deals: list[DealDoc] = []
    events: list[EventDoc] = []


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the scenario format, for editors and other tools."""
    schema = msgspec.json.schema(ScenarioDoc)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "natosim scenario",
        **schema,
    }
