"""The typer application, its shared options, and the one place where errors are shown.

Commands live in sibling modules and register themselves on :data:`app`. A command parses
its options, calls the library, picks the renderer and writes the result: nothing else.
"""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from natosim import __version__
from natosim.cli.completion import COMPLETERS, complete_scenario
from natosim.cli.errors import _CleanStderr, _is_help, boundary, click_errors, extra_arguments, say, unknown_command, usage_line
from natosim.cli.output import emit
from natosim.render.formats import Format


class Command(TyperCommand):
    """Every natosim command: words left over after its arguments are :func:`extra_arguments`, not click's English."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Click's parsing, with the leftovers handed back and reported by natosim's own usage error."""
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True  # let the parser hand the leftovers back instead of failing in words
        try:
            rest: list[str] = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise extra_arguments(rest, ctx)
        return rest


class _Group(TyperGroup):
    """The one error boundary: every command's errors end as one line on stderr and exit 2 (see :func:`boundary`)."""

    def invoke(self, ctx: Any) -> Any:
        def params() -> Sequence[Any]:  # the invoked command's own parameters: they name the library's in errors
            name = ctx.invoked_subcommand
            command = self.get_command(ctx, name) if name else None
            return tuple(command.params) if command is not None else ()

        with boundary(params):
            return super().invoke(ctx)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command named first in ``args``; an unknown name is natosim's own usage error (known by its class)."""
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            raise unknown_command(args[0], ctx)
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's standalone handling, with the boundary around it and usage errors shown without control characters."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            with boundary():  # also what happens outside a command: `natosim --help > /dev/full`
                rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.Exit as e:
            sys.exit(e.exit_code)
        except typer.Abort:
            say("Aborted!")
            sys.exit(1)
        except click_errors().ClickException as e:  # the parser's own errors: a usage error, or help it shows instead
            show, code = e.show, e.exit_code
            if _is_help(e):
                show(file=_CleanStderr())  # `natosim` alone: the help, on stderr
                sys.exit(code)
            say(usage_line(e, args))  # a usage error of the parser (typer's own click): one line too
            sys.exit(2)
        sys.exit(rv if isinstance(rv, int) else 0)


def _version(value: bool) -> None:
    if value:
        emit(f"natosim {__version__}\n", None)
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


ScenarioArg = Annotated[
    str | None,
    typer.Argument(
        help="Scenario file, '-' for standard input, or a bundled scenario name (default: rutte-2024-04).",
        autocompletion=complete_scenario,
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow --output to overwrite an existing file.")]
CandidateOpt = Annotated[
    str | None,
    typer.Option(
        "--candidate", "-c", help="Candidate id (default: the first still in the race).", autocompletion=COMPLETERS["--candidate"]
    ),
]
FlipOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--flip",
        help="ALLY[=STANCE]: set a stance (default support); repeatable, or several separated by commas.",
        autocompletion=COMPLETERS["--flip"],
    ),
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
    str | None,
    typer.Option(
        "--at", help="The scenario as it stood on this date (YYYY-MM-DD, or 'latest': its last event): its events up to that day applied."
    ),
]
RuleOpt = Annotated[
    str | None,
    typer.Option(
        "--rule",
        help="Override the rule: unanimity, consensus, majority, qualified-majority, security-council, constructive-abstention, or quota=Q[,weight=W,min_members=M,blocking_min=B].",
    ),
]
NoCascadeOpt = Annotated[bool, typer.Option("--no-cascade", help="Do not let allies follow their influencers.")]
