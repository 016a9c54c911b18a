"""Command: report (one self-contained HTML page with the whole analysis, or its JSON)."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

import enum
from typing import Annotated

import typer

from natosim.cli.app import AtOpt, CandidateOpt, ForceOpt, NoCascadeOpt, OutputOpt, ScenarioArg, app
from natosim.cli.errors import say
from natosim.cli.forecast import SeedOpt, TrialsOpt
from natosim.cli.output import check_output, emit, encoding, to_stdout
from natosim.cli.progress import Bar


class ReportFormat(enum.StrEnum):
    """What ``natosim report`` writes."""

    HTML = "html"
    JSON = "json"


@app.command(
    epilog="Examples:  natosim report -o report.html  ·  natosim report rutte-2024 --seed 1 -o rutte.html  ·  natosim report my.toml --format json"
)
def report(
    scenario: ScenarioArg = None,
    output: OutputOpt = None,
    candidate: CandidateOpt = None,
    at: AtOpt = None,
    seed: SeedOpt = None,
    trials: TrialsOpt = 20_000,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="Forecast deadline (YYYY-MM-DD), inclusive; default: the scenario's `deadline`.")
    ] = None,
    no_cascade: NoCascadeOpt = False,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="html (one self-contained page) or json (the other commands' JSON in one document).",
            case_sensitive=False,
        ),
    ] = ReportFormat.HTML,
    force: ForceOpt = False,
) -> None:
    """One self-contained HTML page: verdicts and blockers with sources, paths, the influence graph, the timeline, the forecast, voting power and other rules."""
    import shlex

    from natosim import api
    from natosim.render.formats import to_json

    check_output(output, force)
    bar = Bar("reporting")
    try:
        dossier = api.report(
            scenario,
            at=at,
            candidate=candidate,
            deadline=deadline,
            trials=trials,
            seed=seed,
            cascade=not no_cascade,
            progress=bar,
        )
    finally:
        bar.close()
    if fmt is ReportFormat.JSON:
        emit(to_json(dossier.to_dict(), encoding=encoding(output)), output, force=force)
        return
    words = ["natosim", "report", *([scenario] if scenario is not None else []), "--candidate", dossier.candidate]
    words += [*(["--at", at] if at is not None else []), *(["--deadline", deadline] if deadline is not None else [])]
    words += [*(["--seed", str(dossier.seed)] if dossier.seed is not None else []), "--trials", str(trials)]
    words += ["--no-cascade"] if no_cascade else []
    html = dossier.html(command=shlex.join(words))
    emit(html, output, force=force)
    if not to_stdout(output):
        from natosim.render.safe import one_line

        say(f"natosim: wrote {one_line(str(output))} ({len(html.encode()):,} bytes); open it in a web browser")
