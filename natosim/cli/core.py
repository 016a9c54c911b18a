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
    check_output,
    fail,
    say,
    show,
)
from natosim.errors import NatosimError
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
) -> None:
    """Show every member's stance, who blocks, and a verdict per candidate."""
    from natosim import analysis
    from natosim import scenario as scenarios
    from natosim.render.views import run_view

    check_output(output, force)
    report = analysis.evaluate(scenarios.prepare(scenario, at=at, rule=rule))
    show(run_view(report), fmt, output)
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
    from natosim import analysis, changes
    from natosim import scenario as scenarios
    from natosim.render.views import whatif_view

    check_output(output, force)
    base = scenarios.prepare(scenario, at=at, rule=rule, with_cascade=not no_cascade)
    todo = changes.parse_changes(base, flips=flip or (), withdraw=withdraw or (), deals=deal or (), candidate=candidate)
    if not todo:
        fail(NatosimError("nothing to change; expected at least one --flip, --withdraw or --deal"))
    applied = changes.apply(base, todo, with_cascade=not no_cascade)
    after = analysis.evaluate(applied.after)
    show(whatif_view(applied, analysis.evaluate(base), after, with_cascade=not no_cascade), fmt, output)
    if check and not after.consensus:
        raise typer.Exit(1)


@app.command(
    epilog="Examples:  natosim paths  ·  natosim paths --max 3 --format json  ·  natosim paths my.toml --candidate kallas --exclude Hungary --budget 5"
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
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            min=0.001,
            help="Stop searching after this many seconds: the cheapest paths found by then, and a lower bound on the others.",
        ),
    ] = None,
) -> None:
    """List the minimal sets of flips, withdrawals and deals that produce consensus, cheapest first."""
    from natosim import changes
    from natosim import paths as search
    from natosim import scenario as scenarios
    from natosim.cli.forecast import _Bar
    from natosim.render.views import paths_view

    check_output(output, force)
    base = scenarios.prepare(scenario, at=at, rule=rule, with_cascade=not no_cascade)
    cid = changes.candidate_id(base, candidate)
    frozen = [changes.member_code(base, name, where=f"--exclude {name}") for name in exclude or ()]
    bar = _Bar("searching (paths found)")
    try:
        result = search.find(
            base, cid, limit=max_paths, budget=budget, exclude=frozen, with_cascade=not no_cascade, time_limit=time_limit, progress=bar
        )
    finally:
        bar.close()
    show(paths_view(base, result), fmt, output)


@app.command(epilog="Examples:  natosim allies  ·  natosim allies --as-of 2004-03-29  ·  natosim allies --body eu --format csv")
def allies(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD); default: today.")] = None,
    body: Annotated[str, typer.Option("--body", help="nato or eu.")] = "nato",
    every: Annotated[bool, typer.Option("--all", help="Every member the body has ever had.")] = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """List the members of NATO (or the Council of the EU) on a date, with their sources."""
    from datetime import date

    from natosim import roster
    from natosim import scenario as scenarios
    from natosim.render.views import allies_view

    check_output(output, force)
    day = scenarios.parse_date(as_of, where="--as-of") if as_of else (None if every else date.today())
    found = roster.countries(body) if day is None else roster.members_on(day, body)
    show(allies_view(body, day, found), fmt, output)


@app.command(epilog="Examples:  natosim validate a.toml b.toml  ·  cat a.toml | natosim validate -")
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files ('-' for standard input) or bundled names.")],
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Check scenario files; print one line per error and exit 2 if any file is invalid."""
    from natosim import scenario as scenarios
    from natosim.render.views import validate_view

    check_output(output, force)
    good = []
    bad = 0
    for f in files:
        try:
            good.append((f, scenarios.load(f)))
        except NatosimError as e:
            say(f"natosim: error: {e}")
            bad += 1
    if bad:
        raise typer.Exit(2)
    show(validate_view(good), fmt, output)


@app.command(epilog="Examples:  natosim scenarios  ·  natosim run sweden-accession")
def scenarios(fmt: FormatOpt = Format.TABLE, output: OutputOpt = None, force: ForceOpt = False) -> None:
    """List the scenarios bundled with natosim."""
    from natosim import scenario as scenarios_lib
    from natosim.render.views import scenarios_view

    check_output(output, force)
    show(scenarios_view([(n, scenarios_lib.load(n)) for n in scenarios_lib.bundled()]), fmt, output)
