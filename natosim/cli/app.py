"""The typer application, its shared options, and the one place where errors are shown.

Commands live in sibling modules and register themselves on :data:`app`. A command parses
its options, calls the library, picks the renderer and writes the result: nothing else.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from natosim import __version__
from natosim.errors import NatosimError
from natosim.render.formats import Format


class _Group(TyperGroup):
    """Shows a :class:`NatosimError` as one line on stderr and exits 2, for every command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NatosimError as e:
            fail(e)


def fail(error: NatosimError) -> NoReturn:
    """Print the error as one line on stderr and exit with code 2."""
    sys.stderr.write(f"natosim: error: {error}\n")
    sys.stderr.flush()
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"natosim {__version__}\n")
        raise typer.Exit(0)


app = typer.Typer(
    cls=_Group,
    name="natosim",
    help="Who blocks a unanimous decision, and what would produce consensus.\n\nRun `natosim run` for the bundled April 2024 NATO Secretary General scenario.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Who blocks a unanimous decision, and what would produce consensus."""


def _complete_scenario(incomplete: str) -> list[str]:
    from natosim import scenario

    return [n for n in scenario.bundled() if n.startswith(incomplete)]


ScenarioArg = Annotated[
    str | None,
    typer.Argument(
        help="Scenario file, '-' for standard input, or a bundled scenario name (default: rutte-2024-04).",
        autocompletion=_complete_scenario,
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.", dir_okay=False)
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow --output to overwrite an existing file.")]
CandidateOpt = Annotated[str | None, typer.Option("--candidate", "-c", help="Candidate id (default: the first still in the race).")]
AtOpt = Annotated[
    str | None, typer.Option("--at", help="The scenario as it stood on this date (YYYY-MM-DD): its events up to that day applied.")
]
RuleOpt = Annotated[
    str | None,
    typer.Option(
        "--rule",
        help="Override the rule: unanimity, consensus, majority, qualified-majority, or quota=Q[,weight=W,min_members=M,blocking_min=B].",
    ),
]
NoCascadeOpt = Annotated[bool, typer.Option("--no-cascade", help="Do not let allies follow their influencers.")]


def check_output(output: Path | None, force: bool) -> None:
    """Refuse, before any work, to overwrite a file without --force."""
    if output is not None and output.exists() and not force:
        raise NatosimError("file exists; expected a new file name or --force", where=f"--output {output}")
    if output is not None and not output.parent.exists():
        raise NatosimError("its folder does not exist", where=f"--output {output}")


def terminal() -> tuple[int, bool]:
    """Width and whether to colour stdout: colour only on a terminal, never with NO_COLOR."""
    color = (sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))) and not os.environ.get("NO_COLOR")
    return shutil.get_terminal_size((100, 24)).columns, color


def emit(text: str, output: Path | None) -> None:
    """Write the finished output to stdout, or atomically to ``output``."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    fd, tmp = tempfile.mkstemp(dir=output.parent or Path("."), prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def show(view: Any, fmt: Format, output: Path | None) -> None:
    """Render a view in ``fmt`` and write it."""
    from natosim.render.formats import render

    width, color = terminal()
    emit(render(view.document, view.data, fmt, width=width, color=color and output is None), output)
