"""Command: sensitivity."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from typing import Annotated

import typer

from natosim.cli.app import (
    AtOpt,
    CandidateOpt,
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
from natosim.cli.errors import engine_errors
from natosim.cli.output import check_output, show
from natosim.render.formats import Format


@app.command(
    epilog="Examples:  natosim sensitivity  ·  natosim sensitivity my.toml --trials 20000 --seed 1 --format json  ·  natosim sensitivity --candidate iohannis  ·  natosim sensitivity --flip Turkey"
)
def sensitivity(
    scenario: ScenarioArg = None,
    candidate: CandidateOpt = None,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="Deadline of the forecast tornado (YYYY-MM-DD); default: the scenario's `deadline`.")
    ] = None,
    trials: Annotated[
        int, typer.Option("--trials", "-n", min=1, help="Simulated futures per end of each range (the same draws for all).")
    ] = 20_000,
    samples: Annotated[
        int, typer.Option("--samples", min=1, help="Points of the box of ranges sampled when the robustness cannot be computed exactly.")
    ] = 4_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed; the same seed gives the same output.")] = 0,
    no_cascade: NoCascadeOpt = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    at: AtOpt = None,
    rule: RuleOpt = None,
    flip: FlipOpt = None,
    withdraw: WithdrawOpt = None,
    deal: Annotated[list[str] | None, typer.Option("--deal", help="Id or name of a [[deals]] entry assumed struck; repeatable.")] = None,
) -> None:
    """How sure is the advice? Break-even points of each estimate, robustness of the cheapest path over the ranges, and the forecast tornado.

    With --flip, --withdraw or --deal, analyse the state those changes lead to (as what-if makes them).
    """
    from natosim import api
    from natosim.cli.adapt import flips, prepare

    check_output(output, force)
    base = prepare(scenario, at=at, rule=rule, with_cascade=not no_cascade)
    with engine_errors(base.path):
        result = api.sensitivity(
            base,
            candidate=candidate,
            deadline=deadline,
            trials=trials,
            seed=seed,
            samples=samples,
            cascade=not no_cascade,
            flip=flips(flip) if flip else None,
            withdraw=withdraw,
            deal=deal,
        )
    show(result.view(), fmt, output)
