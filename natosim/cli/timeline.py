"""Commands: timeline (replay the dated events) and diff (compare two states)."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from typing import Annotated

import typer

from natosim.cli.app import ForceOpt, FormatOpt, NoCascadeOpt, OutputOpt, RuleOpt, ScenarioArg, app, check_output, engine_errors, show
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
    from natosim.cli.adapt import OPTIONS

    check_output(output, force)
    show(api.timeline(scenario, cascade=not no_cascade, rule=rule, label=OPTIONS).view(sources=sources), fmt, output, force=force)


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
    from natosim._engine import diff as diffs
    from natosim._engine import scenario as scenarios
    from natosim.render.timeline import diff_view

    check_output(output, force)
    dates = [scenarios.parse_date(d, where=f"--at {d}") for d in at or ()]
    a = scenarios.load(first)
    b = None if second is None else scenarios.load(second)
    with engine_errors(None, {"dates": "--at"}):
        before, after = diffs.states(a, b, dates, with_cascade=not no_cascade)
    name_a = first or scenarios.DEFAULT
    name_b = second or name_a
    view = diff_view(diffs.compare(before=before, after=after), before=f"{name_a} on {before.as_of}", after=f"{name_b} on {after.as_of}")
    show(view, fmt, output, force=force)
