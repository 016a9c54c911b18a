"""Commands: forecast, backtest."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from pathlib import Path
from typing import Annotated

import typer

from natosim.cli.app import AtOpt, CandidateOpt, ForceOpt, FormatOpt, NoCascadeOpt, OutputOpt, RuleOpt, ScenarioArg, app
from natosim.cli.errors import engine_errors
from natosim.cli.output import check_output, check_targets, emit, show
from natosim.cli.progress import Bar
from natosim.errors import NatosimError
from natosim.render.formats import Format

TrialsOpt = Annotated[int, typer.Option("--trials", "-n", min=1, help="Number of simulated futures.")]
SeedOpt = Annotated[int | None, typer.Option("--seed", min=0, help="Random seed; the same seed gives the same output.")]


def _check_plot(plot: Path | None, force: bool, output: Path | None) -> str | None:
    """The plot's format (png or svg), checked before any work with the target (as --output is, and not
    the --output file); matplotlib must be installed."""
    if plot is None:
        return None
    kind = plot.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise NatosimError(f"unknown picture type '{plot.suffix or plot.name}'; expected a file ending in .png or .svg", where="--plot")
    check_output(plot, force, label=f"--plot {plot}")
    check_targets(output, plot)
    from natosim.render.forecast import require_matplotlib

    try:
        require_matplotlib()
    except NatosimError as e:
        raise e.located(where="--plot") from None
    return kind


@app.command(
    epilog="Examples:  natosim forecast --seed 1  ·  natosim forecast my.toml --deadline 2024-07-09 --trials 100000 --format json  ·  natosim forecast --plot curve.svg"
)
def forecast(
    scenario: ScenarioArg = None,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="Deadline (YYYY-MM-DD), inclusive; default: the scenario's `deadline`.")
    ] = None,
    trials: TrialsOpt = 20_000,
    seed: SeedOpt = None,
    candidate: CandidateOpt = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also draw the cumulative curve to FILE.png or FILE.svg."),
    ] = None,
    no_withdrawals: Annotated[bool, typer.Option("--no-withdrawals", help="Rival candidates never withdraw on their own.")] = False,
    no_cascade: NoCascadeOpt = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    at: AtOpt = None,
    rule: RuleOpt = None,
) -> None:
    """Probability that a candidate is adopted by a deadline (Monte Carlo), its likely date, the last holdouts and the best single intervention."""
    from natosim import api
    from natosim.cli.adapt import prepare
    from natosim.render.forecast import plot as draw

    check_output(output, force)
    kind = _check_plot(plot, force, output)
    base = prepare(scenario, at=at, rule=rule, with_cascade=not no_cascade)
    bar = Bar("simulating")
    try:
        with engine_errors(base.path):
            result = api.forecast(
                base,
                candidate=candidate,
                deadline=deadline,
                trials=trials,
                seed=seed,
                withdrawals=not no_withdrawals,
                cascade=not no_cascade,
                progress=bar,
            )
    finally:
        bar.close()
    picture = draw(result.result, kind) if plot is not None and kind is not None else None
    show(result.view(), fmt, output, force=force)
    if plot is not None and picture is not None:
        emit(picture, plot, force=force, label=f"--plot {plot}")


@app.command(
    epilog="Examples:  natosim backtest record  ·  natosim backtest bundled  ·  natosim backtest my-races/ --rolling --format json"
)
def backtest(
    folder: Annotated[
        str,
        typer.Argument(
            help="'record' (the bundled record of resolved decisions, scored leave-one-group-out), 'bundled' (the shipped scenarios) or a folder of scenario files."
        ),
    ],
    trials: TrialsOpt = 4_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed of every forecast.")] = 0,
    rolling: Annotated[
        bool,
        typer.Option(
            "--rolling",
            help="Also forecast from later dates (each event date; for the record, each calendar meeting within two years while still open).",
        ),
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also draw the reliability diagram to FILE.png or FILE.svg."),
    ] = None,
    no_cascade: NoCascadeOpt = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Score forecasts of resolved decisions against what happened: Brier score and log loss against baselines, calibration."""
    from natosim import api

    check_output(output, force)
    kind = _check_plot(plot, force, output)
    bar = Bar("simulating")
    try:
        scores = api.backtest(folder, trials=trials, seed=seed, rolling=rolling, cascade=not no_cascade, progress=bar)
    finally:
        bar.close()
    picture = scores.picture(kind) if plot is not None and kind is not None else None
    show(scores.view(), fmt, output, force=force)
    if plot is not None and picture is not None:
        emit(picture, plot, force=force, label=f"--plot {plot}")
