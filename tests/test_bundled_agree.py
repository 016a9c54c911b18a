"""Bundled scenarios that describe the same day agree on every stance of every member on every candidate."""

from __future__ import annotations

import itertools

import pytest

import natosim
from natosim import scenario as scenarios
from natosim.model import Scenario
from natosim.timeline import state_on


def _pairs() -> list[tuple[str, str]]:
    """(A, B): B's as_of is a day that A describes (A's as_of itself, or a later day of A's replay)."""
    loaded = {name: natosim.load(name) for name in scenarios.bundled()}
    out = []
    for a, b in itertools.permutations(sorted(loaded), 2):
        sa, sb = loaded[a], loaded[b]
        shared = {c.id for c in sa.candidates} & {c.id for c in sb.candidates}
        describes = sb.as_of == sa.as_of or (sa.events and sa.as_of < sb.as_of <= max(e.date for e in sa.events))
        if shared and sa.body == sb.body and describes:
            out.append((a, b))
    return out


def test_there_is_a_pair_to_compare() -> None:
    assert ("rutte-2024", "rutte-2024-04") in _pairs()


@pytest.mark.parametrize(("a", "b"), _pairs())
def test_the_same_day_has_the_same_stances(a: str, b: str) -> None:
    sb: Scenario = natosim.load(b)
    sa = state_on(natosim.load(a), sb.as_of)
    codes = {m.code for m in sa.members} & {m.code for m in sb.members}
    assert codes == {m.code for m in sb.members}, "the same day, the same members"
    shared = sorted({c.id for c in sa.candidates} & {c.id for c in sb.candidates})
    differ = [
        (cid, code, sa.stances[cid][code].value, sb.stances[cid][code].value)
        for cid in shared
        for code in sorted(codes)
        if sa.stances[cid][code] is not sb.stances[cid][code]
    ]
    assert differ == [], f"{a} and {b} disagree on {sb.as_of}: (candidate, member, {a}, {b})"
