"""Commands: forecast, backtest."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from natosim.cli.app import (
    AtOpt,
    CandidateOpt,
    ForceOpt,
    FormatOpt,
    NoCascadeOpt,
    OutputOpt,
    RuleOpt,
    ScenarioArg,
    app,
    check_output,
    check_targets,
    emit,
    show,
)
from natosim.errors import NatosimError
from natosim.render.formats import Format

if TYPE_CHECKING:
    from rich.progress import Progress

PROGRESS_AFTER = 1.0
"""Seconds a simulation (or a search for paths) runs before the progress bar appears (on a terminal only); the
environment variable NATOSIM_PROGRESS_DELAY (seconds) overrides it."""


def _progress_after() -> float:
    """PROGRESS_AFTER, or NATOSIM_PROGRESS_DELAY when that is a number of seconds (>= 0)."""
    import math
    import os

    try:
        delay = float(os.environ.get("NATOSIM_PROGRESS_DELAY", ""))
    except ValueError:
        return PROGRESS_AFTER
    return delay if math.isfinite(delay) and delay >= 0 else PROGRESS_AFTER


TrialsOpt = Annotated[int, typer.Option("--trials", "-n", min=1, help="Number of simulated futures.")]
SeedOpt = Annotated[int | None, typer.Option("--seed", min=0, help="Random seed; the same seed gives the same output.")]


class _Bar:
    """A rich progress bar on stderr, shown once a run has lasted PROGRESS_AFTER seconds, never off a terminal."""

    def __init__(self, label: str = "simulating") -> None:
        self.start = time.monotonic()
        self.after = _progress_after()
        self.label = label
        self.bar: Progress | None = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.start < self.after or sys.stderr is None or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn(self.label),
                BarColumn(),
                TaskProgressColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


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

    require_matplotlib()
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
        typer.Option("--plot", help="Also draw the cumulative curve to FILE.png or FILE.svg (needs: pip install 'natosim[plot]')."),
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
    from natosim import changes
    from natosim import forecast as forecasts
    from natosim import scenario as scenarios
    from natosim.render.forecast import forecast_view
    from natosim.render.forecast import plot as draw

    check_output(output, force)
    kind = _check_plot(plot, force, output)
    base = scenarios.prepare(scenario, at=at, rule=rule, with_cascade=not no_cascade)
    cid = changes.candidate_id(base, candidate)
    day = forecasts.resolve_deadline(base, scenarios.parse_date(deadline, where="--deadline") if deadline else None, name="--deadline")
    bar = _Bar()
    try:
        result = forecasts.forecast(
            base,
            candidate=cid,
            deadline=day,
            trials=trials,
            seed=seed,
            with_cascade=not no_cascade,
            withdrawals=not no_withdrawals,
            progress=bar,
        )
    finally:
        bar.close()
    picture = draw(result, kind) if plot is not None and kind is not None else None
    show(forecast_view(result), fmt, output)
    if plot is not None and picture is not None:
        emit(picture, plot, label=f"--plot {plot}")


@app.command(
    epilog="Examples:  natosim backtest record  ·  natosim backtest bundled  ·  natosim backtest my-races/ --rolling --format json"
)
def backtest(
    folder: Annotated[
        str,
        typer.Argument(
            help="'record' (the bundled record of resolved decisions, scored leave-one-decision-out), 'bundled' (the shipped scenarios) or a folder of scenario files."
        ),
    ],
    trials: TrialsOpt = 2_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed of every forecast.")] = 0,
    rolling: Annotated[
        bool, typer.Option("--rolling", help="Also forecast from later dates (each event date; for the record, each dated meeting).")
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also draw the reliability diagram to FILE.png or FILE.svg (needs: pip install 'natosim[plot]')."),
    ] = None,
    no_cascade: NoCascadeOpt = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Score forecasts of resolved decisions against what happened: Brier score and log loss against baselines, calibration."""
    from natosim import backtest as backtests
    from natosim import record
    from natosim.render.forecast import backtest_view, reliability

    check_output(output, force)
    kind = _check_plot(plot, force, output)
    if folder == "record":
        bar = _Bar()
        try:
            result = backtests.run_record(record.load(), trials=trials, seed=seed, rolling=rolling, progress=bar)
        finally:
            bar.close()
    else:
        entries = backtests.collect(folder)
        result = backtests.run(entries, trials=trials, seed=seed, rolling=rolling, with_cascade=not no_cascade)
    picture = reliability(result, kind) if plot is not None and kind is not None else None
    show(backtest_view(result), fmt, output)
    if plot is not None and picture is not None:
        emit(picture, plot, label=f"--plot {plot}")
