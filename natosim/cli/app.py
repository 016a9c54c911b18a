"""The typer application, its shared options, and the one place where errors are shown.

Commands live in sibling modules and register themselves on :data:`app`. A command parses
its options, calls the library, picks the renderer and writes the result: nothing else.
"""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
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


def complete_scenario(incomplete: str) -> list[str]:
    """Bundled scenario names, then ``*.toml`` files and folders under what has been typed."""
    from natosim import scenario

    head, sep, _ = incomplete.rpartition("/")
    folder = Path(head + sep) if sep else Path(".")
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        entries = []
    found = [head + sep + p.name + ("/" if p.is_dir() else "") for p in entries if p.is_dir() or p.suffix == ".toml"]
    names = [] if sep else list(scenario.bundled())
    return [n for n in [*names, *found] if n.startswith(incomplete) and not n.rpartition("/")[2].startswith(".")]


def _scenario_ref(ctx: Any) -> str | None:
    """The SCENARIO typed on the command line being completed, if any.

    Click stops parsing at an option that still awaits its value (the one being completed), so a
    SCENARIO typed before it is looked up in the words the shell passes (``COMP_WORDS``).
    """
    ref = ctx.params.get("scenario") if ctx is not None else None
    if ref is not None or ctx is None or "scenario" not in ctx.params:
        return ref if isinstance(ref, str) else None
    import shlex

    try:
        words = shlex.split(os.environ.get("COMP_WORDS", ""))
    except ValueError:
        return None
    words = words[: int(os.environ.get("COMP_CWORD", len(words)))] if os.environ.get("COMP_CWORD", "").isdigit() else words
    takes_value = {o for p in ctx.command.params if not getattr(p, "is_flag", True) for o in p.opts}
    rest = words[words.index(ctx.info_name) + 1 :] if ctx.info_name in words else []
    skip = False
    for word in rest:
        if skip or (word.startswith("-") and word != "-"):
            skip = not skip and word in takes_value
            continue
        return word
    return None


def _completion_scenario(ctx: Any) -> Any:
    """The scenario named on the command line being completed, or ``None`` (nothing usable there)."""
    from natosim import scenario

    ref = _scenario_ref(ctx)
    if ref == "-":  # never read standard input while completing
        return None
    try:
        return scenario.load(ref)
    except NatosimError:
        return None


def complete_ally(ctx: typer.Context, incomplete: str) -> list[str]:
    """Ally names and codes: of the scenario on the command line if it loads, else of NATO today."""
    from datetime import date

    from natosim import roster

    found = _completion_scenario(ctx) if _scenario_ref(ctx) is not None else None
    members = (
        [(m.code, m.name) for m in found.members] if found is not None else [(c.code, c.name) for c in roster.members_on(date.today())]
    )
    key = roster.fold(incomplete)
    names = sorted({n for code, name in members for n in (name, code)}, key=lambda n: (len(n) == 3 and n.isupper(), n))
    return [n for n in names if roster.fold(n).startswith(key)]


def complete_flip(ctx: typer.Context, incomplete: str) -> list[str]:
    """``ALLY[=STANCE]``: ally names, then the stances once ``=`` is typed."""
    from natosim.model import Stance

    name, eq, stance = incomplete.partition("=")
    if eq:
        return [f"{name}={s.value}" for s in Stance if s.value.startswith(stance.lower())]
    return complete_ally(ctx, incomplete)


def complete_candidate(ctx: typer.Context, incomplete: str) -> list[str]:
    """Candidate ids of the scenario on the command line (default: the default bundled scenario)."""
    found = _completion_scenario(ctx)
    return [c.id for c in found.candidates if c.id.startswith(incomplete)] if found is not None else []


COMPLETERS: Mapping[str, Any] = MappingProxyType(
    {
        "--flip": complete_flip,
        "--exclude": complete_ally,
        "--candidate": complete_candidate,
        "--withdraw": complete_candidate,
    }
)
"""Shell completion by option name; the shared option types below use it, so every command that has one of
these options completes it the same way."""


ScenarioArg = Annotated[
    str | None,
    typer.Argument(
        help="Scenario file, '-' for standard input, or a bundled scenario name (default: rutte-2024-04).",
        autocompletion=complete_scenario,
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.", dir_okay=False)
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow --output to overwrite an existing file.")]
CandidateOpt = Annotated[
    str | None,
    typer.Option(
        "--candidate", "-c", help="Candidate id (default: the first still in the race).", autocompletion=COMPLETERS["--candidate"]
    ),
]
FlipOpt = Annotated[
    list[str] | None,
    typer.Option("--flip", help="ALLY[=STANCE]: set a stance (default support); repeatable.", autocompletion=COMPLETERS["--flip"]),
]
WithdrawOpt = Annotated[
    list[str] | None,
    typer.Option("--withdraw", help="Candidate id that leaves the race; repeatable.", autocompletion=COMPLETERS["--withdraw"]),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="An ally that cannot be moved; repeatable.", autocompletion=COMPLETERS["--exclude"]),
]
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


def write_atomic(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, then a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str, output: Path | None) -> None:
    """Write the finished output to stdout, or atomically to ``output``."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomic(text.encode("utf-8"), output)


def show(view: Any, fmt: Format, output: Path | None) -> None:
    """Render a view in ``fmt`` and write it."""
    from natosim.render.formats import render

    width, color = terminal()
    emit(render(view.document, view.data, fmt, width=width, color=color and output is None), output)
