"""The floor for natosim's start-up time: a minimal typer app on the same interpreter and libraries.

Two commands: ``--help`` (typer's own) and ``table``, which prints a 32-row rich table, about
what ``natosim run`` prints. natosim cannot start faster than this. Used by ``startup.py``:
``python -m floor_app --help`` / ``python -m floor_app table`` with ``benchmarks/`` on the path.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="A minimal typer app: the start-up floor for natosim.",
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,  # as natosim: plain help, no rich formatting
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.command()
def table() -> None:
    """Print a 32-row table with rich."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(title="Members")
    for col in ("Code", "Name", "Stance", "Reason"):
        grid.add_column(col)
    for i in range(32):
        grid.add_row(f"C{i:02d}", f"Country {i}", "support" if i % 4 else "undecided", "a reason " * 3)
    Console().print(grid)


@app.command()
def hello(name: str = "world") -> None:
    """Say hello (a second command, so that typer builds a command group as natosim's does)."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
