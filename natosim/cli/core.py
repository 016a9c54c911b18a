"""Commands: run, what-if, paths, allies, validate, scenarios."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from typing import Annotated

import typer

from natosim.cli.app import (
    AtOpt,
    CandidateOpt,
    ExcludeOpt,
    FlipOpt,
    ForceOpt,
    FormatOpt,
    NoCascadeOpt,
    OutputOpt,
    RuleOpt,
    ScenarioArg,
    WithdrawOpt,
    app,
)
from natosim.cli.errors import engine_errors, say
from natosim.cli.output import check_output, show
from natosim.cli.progress import Bar
from natosim.render.formats import Format


@app.command(epilog="Examples:  natosim run  ·  natosim run my.toml --format json  ·  natosim run --check")
def run(
    scenario: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when no candidate is adopted.")] = False,
    at: AtOpt = None,
    rule: RuleOpt = None,
    every: Annotated[bool, typer.Option("--all", help="Also list every member's stance on every candidate.")] = False,
) -> None:
    """Show a verdict per candidate, who does not support it and why (--all: every member's stance)."""
    from natosim import api

    check_output(output, force)
    report = api.evaluate(scenario, at=at, rule=rule)
    show(report.view(every=every), fmt, output, force=force)
    if check and not report.consensus:
        raise typer.Exit(1)


@app.command(
    "what-if",
    epilog="Examples:  natosim what-if --flip Hungary  ·  natosim what-if my.toml --flip Hungary=abstain --flip Turkey  ·  natosim what-if --withdraw iohannis",
)
def what_if(
    scenario: ScenarioArg = None,
    flip: FlipOpt = None,
    withdraw: WithdrawOpt = None,
    deal: Annotated[list[str] | None, typer.Option("--deal", help="Id or name of a [[deals]] entry to strike; repeatable.")] = None,
    candidate: CandidateOpt = None,
    no_cascade: NoCascadeOpt = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when, after the changes, no candidate is adopted.")] = False,
    at: AtOpt = None,
    rule: RuleOpt = None,
) -> None:
    """Apply flips, withdrawals and deals; show what changed, who followed, and the verdicts."""
    from natosim import api
    from natosim.cli.adapt import flips

    check_output(output, force)
    result = api.what_if(
        scenario,
        flip=flips(flip),
        withdraw=withdraw,
        deal=deal,
        candidate=candidate,
        rule=rule,
        cascade=not no_cascade,
        at=at,
    )
    show(result.view(), fmt, output, force=force)
    if check and not result.consensus:
        raise typer.Exit(1)


@app.command(
    epilog="Examples:  natosim paths  ·  natosim paths --max 3 --format json  ·  natosim paths my.toml --candidate kallas --exclude Hungary --budget 5  ·  natosim paths --flip Turkey"
)
def paths(
    scenario: ScenarioArg = None,
    candidate: CandidateOpt = None,
    max_paths: Annotated[int, typer.Option("--max", min=1, help="How many paths to list.")] = 10,
    budget: Annotated[float | None, typer.Option("--budget", min=0, help="List only paths costing at most this.")] = None,
    exclude: ExcludeOpt = None,
    no_cascade: NoCascadeOpt = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    at: AtOpt = None,
    rule: RuleOpt = None,
    flip: FlipOpt = None,
    withdraw: WithdrawOpt = None,
    deal: Annotated[list[str] | None, typer.Option("--deal", help="Id or name of a [[deals]] entry assumed struck; repeatable.")] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            min=0.001,
            help="Stop searching after this many seconds: the cheapest paths found by then, and a lower bound on the others.",
        ),
    ] = None,
) -> None:
    """List the minimal sets of flips, withdrawals and deals that produce consensus, cheapest first.

    With --flip, --withdraw or --deal, search from the state those changes lead to (as what-if makes them).
    """
    from natosim import api
    from natosim.cli.adapt import flips, prepare

    check_output(output, force)
    base = prepare(scenario, at=at, rule=rule, with_cascade=not no_cascade)
    bar = Bar("searching (paths found)")
    try:
        with engine_errors(base.path):
            result = api.paths(
                base,
                candidate=candidate,
                budget=budget,
                exclude=exclude,
                limit=max_paths,
                cascade=not no_cascade,
                time_limit=time_limit,
                progress=bar,
                flip=flips(flip) if flip else None,
                withdraw=withdraw,
                deal=deal,
            )
    finally:
        bar.close()
    show(result.view(), fmt, output, force=force)


@app.command(epilog="Examples:  natosim allies  ·  natosim allies --as-of 2004-03-29  ·  natosim allies --body eu --format csv")
def allies(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD); default: today.")] = None,
    body: Annotated[str, typer.Option("--body", help="nato, eu or unsc.")] = "nato",
    every: Annotated[bool, typer.Option("--all", help="Every member the body has ever had.")] = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """List the members of NATO (or the Council of the EU, or the UN Security Council) on a date, with their sources."""
    from natosim import api

    check_output(output, force)
    show(api.allies(as_of=as_of, body=body, every=every).view(), fmt, output, force=force)


@app.command(epilog="Examples:  natosim validate a.toml b.toml  ·  cat a.toml | natosim validate -  ·  natosim validate *.toml -f json")
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files ('-' for standard input) or bundled names.")],
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Check scenario files: every problem of every file, one line each on stderr; exit 2 if any.

    With --format json, csv or markdown the report (valid files and every problem) is written too.
    """
    from natosim import api

    check_output(output, force)
    checked = api.validate(files)
    for p in checked.problems:
        say(f"natosim: error: {p}")
    if not checked.problems or fmt is not Format.TABLE:
        show(checked.view(), fmt, output, force=force)
    if checked.problems:
        raise typer.Exit(2)


@app.command(epilog="Examples:  natosim scenarios  ·  natosim run sweden-accession")
def scenarios(fmt: FormatOpt = Format.TABLE, output: OutputOpt = None, force: ForceOpt = False) -> None:
    """List the scenarios bundled with natosim."""
    from natosim import api

    check_output(output, force)
    show(api.scenarios().view(), fmt, output, force=force)
