"""Sets of small integers as bit masks, as the exact searches (:mod:`natosim._engine.paths`, :mod:`natosim._engine.solver`) keep them."""

from __future__ import annotations


def bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
