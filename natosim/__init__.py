"""natosim: who blocks a decision taken by unanimity, and what would produce consensus.

The library never prints; :mod:`natosim.cli` is a thin layer over it. The public API is
loaded on first use, so ``import natosim`` (and ``natosim --help``) stays cheap. One function per
command (:mod:`natosim.api`): ``load``, ``evaluate``, ``what_if``, ``paths``, ``timeline``,
``forecast``, ``power``, ``compare_rules``; see ``docs/api.md``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = {
    "load": "natosim.api",
    "evaluate": "natosim.api",
    "what_if": "natosim.api",
    "compare_rules": "natosim.api",
    "apply": "natosim.api",
    "find_paths": "natosim.api",
    "resolve_changes": "natosim.api",
    "Flip": "natosim.step",
    "Withdraw": "natosim.step",
    "Strike": "natosim.step",
    "run_forecast": "natosim.forecast",
    "voting_power": "natosim.power",
    "replay": "natosim.timeline",
    "state_on": "natosim.api",
    "NatosimError": "natosim.errors",
    "Candidate": "natosim.model",
    "Member": "natosim.model",
    "Report": "natosim.model",
    "Scenario": "natosim.model",
    "Stance": "natosim.model",
    "Verdict": "natosim.model",
    "parse": "natosim.scenario",
}
_COMMANDS = ("forecast", "paths", "power", "sensitivity", "timeline")
"""Submodules that are also the API functions of their name: ``natosim.power(scenario)`` is :func:`natosim.api.power`."""

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
    "forecast",
    "load",
    "parse",
    "paths",
    "power",
    "replay",
    "resolve_changes",
    "run_forecast",
    "sensitivity",
    "state_on",
    "timeline",
    "voting_power",
    "what_if",
]

if TYPE_CHECKING:
    import inspect

    # the names __getattr__ serves, for type checkers (the four commands: natosim.api.forecast...)
    from natosim.api import apply, compare_rules, evaluate, find_paths, load, resolve_changes, state_on, what_if
    from natosim.errors import NatosimError
    from natosim.forecast import forecast as run_forecast
    from natosim.model import Candidate, Member, Report, Scenario, Stance, Verdict
    from natosim.power import power as voting_power
    from natosim.scenario import parse
    from natosim.step import Flip, Strike, Withdraw
    from natosim.timeline import build as replay


_RENAMED = {"run_forecast": "forecast", "voting_power": "power", "replay": "build"}
"""Public names that differ from the name in their module."""


class _Command(types.ModuleType):
    """A submodule that can be called as the API function of its name (``natosim.paths(scenario, candidate=...)``).

    ``from natosim import power`` keeps giving the module, as it always has; calling it calls
    :func:`natosim.api.power`. Typed code calls :mod:`natosim.api` directly.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module("natosim.api"), self.__name__.rpartition(".")[2])(*args, **kwargs)

    @property
    def __signature__(self) -> inspect.Signature:
        """The signature of the API function, for ``help()`` and notebooks."""
        import inspect  # only when asked: importing it costs `natosim --help` about 15 ms

        return inspect.signature(getattr(importlib.import_module("natosim.api"), self.__name__.rpartition(".")[2]))


class _Package(types.ModuleType):
    """The ``natosim`` package: its command submodules become callable as soon as they are imported, however."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _COMMANDS and type(value) is types.ModuleType:
            value.__class__ = _Command
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name in _COMMANDS:
        return importlib.import_module(f"natosim.{name}")
    if name not in _API:
        raise AttributeError(f"module 'natosim' has no attribute {name!r}")
    return getattr(importlib.import_module(_API[name]), _RENAMED.get(name, name))


def __dir__() -> list[str]:
    """The public API (what ``__all__`` lists), so that notebooks and ``dir(natosim)`` find it."""
    return sorted(__all__)
