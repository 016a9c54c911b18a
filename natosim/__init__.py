"""natosim: who blocks a decision taken by unanimity, and what would produce consensus.

The library never prints; :mod:`natosim.cli` is a thin layer over it. The public API is
loaded on first use, so ``import natosim`` (and ``natosim --help``) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = {
    "evaluate": "natosim.analysis",
    "apply": "natosim.step",
    "Flip": "natosim.step",
    "Withdraw": "natosim.step",
    "Strike": "natosim.step",
    "find_paths": "natosim.paths",
    "run_forecast": "natosim.forecast",
    "voting_power": "natosim.power",
    "compare_rules": "natosim.power",
    "replay": "natosim.timeline",
    "state_on": "natosim.timeline",
    "NatosimError": "natosim.errors",
    "Candidate": "natosim.model",
    "Member": "natosim.model",
    "Report": "natosim.model",
    "Scenario": "natosim.model",
    "Stance": "natosim.model",
    "Verdict": "natosim.model",
    "load": "natosim.scenario",
    "parse": "natosim.scenario",
}
__all__ = [
    "Candidate",
    "Flip",
    "Member",
    "NatosimError",
    "Report",
    "Scenario",
    "Stance",
    "Strike",
    "Verdict",
    "Withdraw",
    "__version__",
    "apply",
    "compare_rules",
    "evaluate",
    "find_paths",
    "load",
    "parse",
    "replay",
    "run_forecast",
    "state_on",
    "voting_power",
]

if TYPE_CHECKING:  # the names __getattr__ serves, for type checkers
    from natosim.analysis import evaluate
    from natosim.errors import NatosimError
    from natosim.forecast import forecast as run_forecast
    from natosim.model import Candidate, Member, Report, Scenario, Stance, Verdict
    from natosim.paths import find as find_paths
    from natosim.power import compare_rules
    from natosim.power import power as voting_power
    from natosim.scenario import load, parse
    from natosim.step import Flip, Strike, Withdraw, apply
    from natosim.timeline import build as replay
    from natosim.timeline import state_on


_RENAMED = {"find_paths": "find", "run_forecast": "forecast", "voting_power": "power", "replay": "build"}
"""Public names that differ from the name in their module (``forecast``, ``power`` and ``timeline`` are submodules)."""


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'natosim' has no attribute {name!r}")
    return getattr(importlib.import_module(_API[name]), _RENAMED.get(name, name))


def __dir__() -> list[str]:
    """The public API (what ``__all__`` lists), so that notebooks and ``dir(natosim)`` find it."""
    return sorted(__all__)
