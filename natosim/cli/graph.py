"""Command: graph (the influence graph as Mermaid, DOT or GraphML)."""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

from typing import Annotated

import typer

from natosim.choices import GraphFormat
from natosim.cli.app import AtOpt, CandidateOpt, ForceOpt, OutputOpt, ScenarioArg, app
from natosim.cli.output import check_output, emit, encoding


@app.command(
    epilog="Examples:  natosim graph  ·  natosim graph --format dot -o influence.dot  ·  natosim graph my.toml --format graphml --all -o g.graphml"
)
def graph(
    scenario: ScenarioArg = None,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="mermaid (renders on GitHub), dot (Graphviz) or graphml.", case_sensitive=False)
    ] = GraphFormat.MERMAID,
    candidate: CandidateOpt = None,
    every: Annotated[bool, typer.Option("--all", help="Draw every member, not only those on an influence edge.")] = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
    at: AtOpt = None,
) -> None:
    """Export the influence graph, members coloured by their stance on the candidate, edges by weight."""
    from natosim import api

    check_output(output, force)
    drawn = api.graph(scenario, candidate=candidate, at=at, every=every)
    emit(drawn.text(fmt, encoding=encoding(output)), output, force=force)
