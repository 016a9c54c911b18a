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
    "apply": "natosim.changes",
    "find_paths": "natosim.paths",
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
    "Member",
    "NatosimError",
    "Report",
    "Scenario",
    "Stance",
    "Verdict",
    "__version__",
    "apply",
    "evaluate",
    "find_paths",
    "load",
    "parse",
]

if TYPE_CHECKING:  # the names __getattr__ serves, for type checkers
    from natosim.analysis import evaluate
    from natosim.changes import apply
    from natosim.errors import NatosimError
    from natosim.model import Candidate, Member, Report, Scenario, Stance, Verdict
    from natosim.paths import find as find_paths
    from natosim.scenario import load, parse


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'natosim' has no attribute {name!r}")
    attr = "find" if name == "find_paths" else name
    return getattr(importlib.import_module(_API[name]), attr)
