"""Commands: power (exact voting power indices) and compare-rules (verdicts under every rule)."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from typing import Annotated

import typer

from natosim.choices import Index
from natosim.cli.app import AtOpt, ForceOpt, FormatOpt, OutputOpt, RuleOpt, ScenarioArg, app
from natosim.cli.errors import engine_errors
from natosim.cli.output import check_output, show
from natosim.render.formats import Format


@app.command(
    "power",
    epilog="Examples:  natosim power  ·  natosim power --rule qualified-majority  ·  natosim power eu.toml --index shapley-shubik --format json",
)
def power_command(
    scenario: ScenarioArg = None,
    index: Annotated[Index, typer.Option("--index", help="Which index to show.", case_sensitive=False)] = Index.BOTH,
    rule: RuleOpt = None,
    limit: Annotated[int, typer.Option("--list", min=0, help="How many of the smallest minimal coalitions to list.")] = 10,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Exact Banzhaf and Shapley–Shubik voting power of every member under the rule (stances play no part)."""
    from natosim import api
    from natosim.cli.adapt import prepare

    check_output(output, force)
    base = prepare(scenario, rule=rule)
    with engine_errors(base.path):
        result = api.power(base, limit=limit)
    show(result.view(index), fmt, output, force=force)


@app.command(
    "compare-rules",
    epilog="Examples:  natosim compare-rules  ·  natosim compare-rules sweden-accession --format json  ·  natosim compare-rules --rule quota=0.6",
)
def compare_rules(
    scenario: ScenarioArg = None,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="Another rule to compare (a name or quota=Q[,weight=W,min_members=M,blocking_min=B]); repeatable."),
    ] = None,
    at: AtOpt = None,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Each candidate's verdict and blockers under unanimity, consensus, majority, qualified majority and the scenario's rule."""
    from natosim import api
    from natosim.cli.adapt import prepare

    check_output(output, force)
    base = prepare(scenario, at=at)
    with engine_errors(base.path):
        compared = api.compare_rules(base, rules=rule or ())
    show(compared.view(), fmt, output, force=force)
