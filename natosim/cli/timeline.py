"""Commands: timeline (replay the dated events) and diff (compare two states)."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from typing import Annotated

import typer

from natosim.cli.app import ForceOpt, FormatOpt, NoCascadeOpt, OutputOpt, RuleOpt, ScenarioArg, app
from natosim.cli.output import check_output, show
from natosim.render.formats import Format


@app.command(
    epilog="Examples:  natosim timeline rutte-2024  ·  natosim timeline sweden-accession --format json  ·  natosim timeline my.toml --sources"
)
def timeline(
    scenario: ScenarioArg = None,
    no_cascade: NoCascadeOpt = False,
    sources: Annotated[bool, typer.Option("--sources", help="Also list every event with its source.")] = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    rule: RuleOpt = None,
) -> None:
    """Replay the dated events: per date, what changed, who followed, who still blocks, and when consensus came."""
    from natosim import api

    check_output(output, force)
    show(api.timeline(scenario, cascade=not no_cascade, rule=rule).view(sources=sources), fmt, output, force=force)


@app.command(
    epilog="Examples:  natosim diff rutte-2023-11 rutte-2024-04  ·  natosim diff rutte-2024 --at 2024-04-01 --at 2024-06-20  ·  natosim diff sweden-accession"
)
def diff(
    first: ScenarioArg = None,
    second: Annotated[
        str | None, typer.Argument(help="Second scenario (file, '-' or bundled name); omit to compare FIRST with itself on two dates.")
    ] = None,
    at: Annotated[
        list[str] | None,
        typer.Option(
            "--at",
            help="Date (YYYY-MM-DD), at most twice. One scenario: --at D1 --at D2 compares the two dates; one --at compares as_of "
            "with D; none compares as_of with the last event. Two scenarios: one --at applies to both, two apply in order.",
        ),
    ] = None,
    no_cascade: NoCascadeOpt = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Compare two scenarios, or one scenario on two dates: stance changes, candidates, verdicts before and after."""
    from natosim import api

    check_output(output, force)
    view = api.diff(first, second, at=at or (), cascade=not no_cascade).view()
    show(view, fmt, output, force=force)
