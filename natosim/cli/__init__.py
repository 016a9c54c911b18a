"""natosim's command line: a thin typer layer over the library.

Each sibling module registers its commands on the one :data:`app`.
"""

from __future__ import annotations

from natosim.cli import core, forecast, graph, power, timeline, tools  # noqa: F401  (register commands)
from natosim.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``natosim`` command."""
    app()
