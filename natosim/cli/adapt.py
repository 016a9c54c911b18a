"""Adapters between the command line and :mod:`natosim.api`: option syntax in.

The commands call the same library functions a notebook does; what is the command line's own
lives here: ``--flip ALLY=STANCE`` split into its parts. (The library's errors name its parameters;
the error boundary, :func:`natosim.cli.errors.placed`, names the options they come from.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from natosim.model import Scenario


def flips(texts: Iterable[str] | None) -> list[str | tuple[str, str]]:
    """``--flip ALLY[=STANCE][,ALLY[=STANCE]...]`` values as :func:`natosim.api.what_if` takes them: a name
    (to support) or (name, stance). A comma separates several allies (no built-in name holds one)."""
    out: list[str | tuple[str, str]] = []
    for text in texts or ():
        for item in text.split(",") if "," in text else [text]:
            name, sep, stance = item.strip().partition("=")
            out.append((name, stance) if sep else name)
    return out


def prepare(ref: str | None, *, at: str | None = None, rule: str | None = None, with_cascade: bool = True) -> Scenario:
    """The scenario a command works on: SCENARIO as it stood on ``--at``, under ``--rule``."""
    from natosim import api

    return api.load(ref, at=at, rule=rule, cascade=with_cascade)
