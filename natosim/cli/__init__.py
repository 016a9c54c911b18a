"""natosim's command line: a thin typer layer over the library.

Each sibling module registers its commands on the one :data:`app`.
"""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from natosim.cli import core, forecast, graph, power, report, timeline, tools  # noqa: F401  (register commands)
from natosim.cli.app import app, guard_streams

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``natosim`` command."""
    guard_streams()
    app()
