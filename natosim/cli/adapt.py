"""Adapters between the command line and :mod:`natosim.api`: option syntax in, option names in errors.

The commands call the same library functions a notebook does; what is the command line's own
lives here: ``--flip ALLY=STANCE`` split into its parts, and the :class:`Options` label that makes
the library's errors name options (``--flip Hungry: unknown ally ...``) instead of parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from natosim.model import Scenario

_FLAGS: Mapping[str, str] = MappingProxyType(
    {
        "scenario": "",
        "files": "",
        "source": "",
        "first": "",
        "second": "",
        "cascade": "--no-cascade",
        "limit": "--max",
        "rules": "--rule",
        "copy_of": "--from",
        "every": "--all",
    }
)
"""Parameters whose option is not ``--`` and the parameter's name (SCENARIO: named by its file, not otherwise)."""

_ITEMS = frozenset({"flip", "withdraw", "exclude"})
"""Repeatable options whose errors quote the item typed (``--flip Hungary=yes``)."""


@dataclass(frozen=True, slots=True)
class Options:
    """A :class:`natosim.api.Label` naming the command line's options."""

    renamed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Options named otherwise by this command (``power``: ``limit`` is ``--list``)."""

    def __call__(self, param: str, value: str | None = None) -> str:
        """``--flip Hungry`` for one item of a repeatable option, else the option (``--candidate``)."""
        flag = self.mention(param)
        return f"{flag} {value}" if value is not None and param in _ITEMS else flag

    def mention(self, param: str) -> str:
        """The option for ``param``."""
        if param in self.renamed:
            return self.renamed[param]
        return _FLAGS.get(param, "--" + param.replace("_", "-"))


OPTIONS = Options()
"""The label of most commands."""


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

    return api.load(ref, at=at, rule=rule, cascade=with_cascade, label=OPTIONS)
