"""natosim: who blocks a decision taken by unanimity, and what would produce consensus.

The library never prints; :mod:`natosim.cli` is a thin layer over it. ``natosim`` re-exports
:mod:`natosim.api` (one function per command, keyword arguments, typed results with ``to_dict()``)
and the types its results are made of; each name means one thing. The engines behind it live in
the private :mod:`natosim._engine`. Names load on first use, so ``import natosim`` (and
``natosim --help``) stays cheap; see ``docs/api.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_COMMANDS = (
    "load",
    "parse",
    "evaluate",
    "what_if",
    "paths",
    "timeline",
    "forecast",
    "power",
    "compare_rules",
    "sensitivity",
)
"""The functions of :mod:`natosim.api` served at the top level: one per command, plus ``parse`` (a scenario from text)."""

_TYPES = {
    "NatosimError": "natosim.errors",
    "Candidate": "natosim.model",
    "Member": "natosim.model",
    "Report": "natosim.model",
    "Scenario": "natosim.model",
    "Stance": "natosim.model",
    "Verdict": "natosim.model",
}
"""The types results are made of, by the module that defines them."""

__all__ = [
    "Candidate",
    "Member",
    "NatosimError",
    "Report",
    "Scenario",
    "Stance",
    "Verdict",
    "__version__",
    "api",
    "compare_rules",
    "evaluate",
    "forecast",
    "load",
    "parse",
    "paths",
    "power",
    "sensitivity",
    "timeline",
    "what_if",
]

if TYPE_CHECKING:
    from natosim import api
    from natosim.api import compare_rules, evaluate, forecast, load, parse, paths, power, sensitivity, timeline, what_if
    from natosim.errors import NatosimError
    from natosim.model import Candidate, Member, Report, Scenario, Stance, Verdict


def __getattr__(name: str) -> Any:
    if name == "api":
        return importlib.import_module("natosim.api")
    if name in _COMMANDS:
        return getattr(importlib.import_module("natosim.api"), name)
    if name in _TYPES:
        return getattr(importlib.import_module(_TYPES[name]), name)
    raise AttributeError(f"module 'natosim' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API (what ``__all__`` lists), so that notebooks and ``dir(natosim)`` find it."""
    return sorted(__all__)
