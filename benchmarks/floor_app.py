"""The floor for natosim's start-up time: a minimal typer app on the same interpreter and libraries.

Two commands: ``table`` prints a 32-row rich table (about what ``natosim run`` prints) and takes
two options, as every natosim command does; ``plain`` prints the same table with no options at
all. ``--help`` is typer's own. natosim cannot start faster than this. ``startup.py`` runs it as
``python -m floor_app ...`` with ``benchmarks/`` on the path, the way it runs ``python -m natosim``.

Why ``table`` has options: the typer in use builds a pydantic ``TypeAdapter`` for every option
of the command being run, so any command with options pays for importing pydantic (about 60 ms
here). A floor without options would measure an app that natosim cannot be; ``plain`` shows the
difference.
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    help="A minimal typer app: the start-up floor for natosim.",
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,  # as natosim: plain help, no rich formatting
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_table(rows: int, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title)
    for col in ("Code", "Name", "Stance", "Reason"):
        grid.add_column(col)
    for i in range(rows):
        grid.add_row(f"C{i:02d}", f"Country {i}", "support" if i % 4 else "undecided", "a reason " * 3)
    Console().print(grid)


@app.command()
def table(
    rows: Annotated[int, typer.Option("--rows", help="How many rows.")] = 32,
    title: Annotated[str, typer.Option("--title", help="Table title.")] = "Members",
) -> None:
    """Print a 32-row table with rich."""
    _print_table(rows, title)


@app.command()
def plain() -> None:
    """Print the same table; a command without options."""
    _print_table(32, "Members")


if __name__ == "__main__":
    app()
