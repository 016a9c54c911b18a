"""Commands for tools: ``init`` (a starter scenario) and ``schema`` (the JSON Schema of the format)."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from pathlib import Path
from typing import Annotated

import typer

from natosim.cli.app import ForceOpt, OutputOpt, app
from natosim.cli.errors import say
from natosim.cli.output import check_output, emit, encoding


def _complete_bundled(incomplete: str) -> list[str]:
    from natosim import api

    return [n for n in api.bundled_names() if n.startswith(incomplete)]


@app.command(
    epilog="Examples:  natosim init my.toml  ·  natosim init my.toml --as-of 2023-06-01  ·  natosim init eu.toml --body eu"
    "  ·  natosim init copy.toml --from rutte-2024  ·  natosim init | less"
)
def init(
    file: Annotated[
        str | None,
        typer.Argument(help="File to write; '-' or nothing for standard output.", show_default=False, metavar="FILE"),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Start from this bundled scenario (see `natosim scenarios`).", autocompletion=_complete_bundled),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Roster date (YYYY-MM-DD); default: today.")] = None,
    body: Annotated[str, typer.Option("--body", help="nato, eu or unsc.")] = "nato",
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Write a commented starter scenario: every member listed as undecided, ready to fill in."""

    from natosim import api
    from natosim.errors import NatosimError

    output = None if file in (None, "-") else Path(file)
    if output is not None and output.exists() and not force:
        raise NatosimError("file exists; expected a new file name or --force", file=str(output))
    if output is not None and not output.parent.is_dir():
        raise NatosimError("its folder does not exist; expected a file in an existing folder", file=str(output))
    check_output(output, force, label=str(output))
    if from_ is not None and (as_of is not None or body != "nato"):
        raise NatosimError("--as-of and --body do not apply to a copy; expected --from alone", where="--from")
    text = api.init(as_of=as_of, body=body, copy_of=from_)
    emit(text, output, force=force, label=str(output))
    if output is not None:
        from natosim.render.safe import one_line

        name = one_line(str(output))
        say(f"natosim: wrote {name}; fill in the stances, then: natosim run {name}")


@app.command(
    epilog="Examples:  natosim schema  ·  natosim schema -o schema.json  (then put  #:schema ./schema.json  on the first line of a scenario)"
)
def schema(output: OutputOpt = None, force: ForceOpt = False) -> None:
    """Print the JSON Schema of the scenario format (for editors with TOML support, and other tools)."""
    from natosim import api
    from natosim.render.formats import to_json

    check_output(output, force)
    emit(to_json(api.schema(), encoding=encoding(output)), output, force=force)
