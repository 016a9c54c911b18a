"""natosim's command line: a thin typer layer over the library.

Each sibling module registers its commands on the one :data:`app`.
"""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

import copy
import os
import sys
from collections.abc import Sequence

import typer
from typer.core import TyperCommand

from natosim.cli import core, forecast, graph, power, report, sensitivity, timeline, tools  # noqa: F401  (register commands)
from natosim.cli.app import Command, app
from natosim.cli.errors import guard_streams

for _registered in app.registered_commands:  # every command parses as natosim's Command (leftover words by class)
    _registered.cls = Command if _registered.cls in (None, TyperCommand) else _registered.cls

__all__ = ["app", "for_arguments", "main"]


def for_arguments(args: Sequence[str]) -> typer.Typer:
    """The app to run for ``args``: when the first one names a command, the app with that command alone.

    typer builds the options of every registered command before it runs one; with one registered,
    ``natosim run`` skips building the other sixteen. Everything else (no command, an option first,
    a name that is no command, shell completion) gets the whole app, and so its messages.
    """
    from typer.main import get_command_name

    if not args or any(key.startswith("_NATOSIM_COMPLETE") for key in os.environ):
        return app
    picked = [c for c in app.registered_commands if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == args[0]]
    if len(picked) != 1:
        return app
    trimmed = copy.copy(app)  # the same settings, callback and groups
    trimmed.registered_commands = picked
    return trimmed


def main() -> None:
    """Entry point of the ``natosim`` command."""
    guard_streams()
    for_arguments(sys.argv[1:])()
