"""Shell completion: scenario names and files, allies, stances and candidate ids, by option."""

# No `from __future__ import annotations` here: typer evaluates the annotations of what commands share at
# start-up (see natosim/cli/app.py).

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import typer

from natosim.errors import NatosimError


def complete_scenario(incomplete: str) -> list[str]:
    """Bundled scenario names, then ``*.toml`` files and folders under what has been typed."""
    from natosim import api

    head, sep, _ = incomplete.rpartition("/")
    folder = Path(head + sep) if sep else Path(".")
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        entries = []
    found = [head + sep + p.name + ("/" if p.is_dir() else "") for p in entries if p.is_dir() or p.suffix == ".toml"]
    names = [] if sep else list(api.bundled_names())
    return [n for n in [*names, *found] if n.startswith(incomplete) and not n.rpartition("/")[2].startswith(".")]


def _scenario_ref(ctx: Any) -> str | None:
    """The SCENARIO typed on the command line being completed, if any.

    Click stops parsing at an option that still awaits its value (the one being completed), so a
    SCENARIO typed before it is looked up in the words the shell passes (``COMP_WORDS``).
    """
    ref = ctx.params.get("scenario") if ctx is not None else None
    if ref is not None or ctx is None or "scenario" not in ctx.params:
        return ref if isinstance(ref, str) else None
    import shlex

    try:
        words = shlex.split(os.environ.get("COMP_WORDS", ""))
    except ValueError:
        return None
    words = words[: int(os.environ.get("COMP_CWORD", len(words)))] if os.environ.get("COMP_CWORD", "").isdigit() else words
    takes_value = {o for p in ctx.command.params if not getattr(p, "is_flag", True) for o in p.opts}
    rest = words[words.index(ctx.info_name) + 1 :] if ctx.info_name in words else []
    skip = False
    for word in rest:
        if skip or (word.startswith("-") and word != "-"):
            skip = not skip and word in takes_value
            continue
        return word
    return None


def _completion_scenario(ctx: Any) -> Any:
    """The scenario named on the command line being completed, or ``None`` (nothing usable there)."""
    from natosim import api

    ref = _scenario_ref(ctx)
    if ref == "-":  # never read standard input while completing
        return None
    try:
        return api.load(ref)
    except NatosimError:
        return None


def complete_ally(ctx: typer.Context, incomplete: str) -> list[str]:
    """Ally names and codes: of the scenario on the command line if it loads, else of NATO today."""
    from natosim import api

    found = _completion_scenario(ctx) if _scenario_ref(ctx) is not None else None
    return api.member_names(incomplete, scenario=found)


def complete_flip(ctx: typer.Context, incomplete: str) -> list[str]:
    """``ALLY[=STANCE]``: ally names, then the stances once ``=`` is typed."""
    from natosim.model import Stance

    name, eq, stance = incomplete.partition("=")
    if eq:
        return [f"{name}={s.value}" for s in Stance if s.value.startswith(stance.lower())]
    return complete_ally(ctx, incomplete)


def complete_candidate(ctx: typer.Context, incomplete: str) -> list[str]:
    """Candidate ids of the scenario on the command line (default: the default bundled scenario)."""
    found = _completion_scenario(ctx)
    return [c.id for c in found.candidates if c.id.startswith(incomplete)] if found is not None else []


COMPLETERS: Mapping[str, Any] = MappingProxyType(
    {
        "--flip": complete_flip,
        "--exclude": complete_ally,
        "--candidate": complete_candidate,
        "--withdraw": complete_candidate,
    }
)
"""Shell completion by option name; the shared option types below use it, so every command that has one of
these options completes it the same way."""
