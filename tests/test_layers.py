"""The import contract: the layers of natosim and the arrows allowed between them (read from the source).

cli/  ->  api, render, errors, model, choices, text        (never the engines)
api   ->  _engine, render, errors, model, choices, text    (never the CLI)
render -> _engine (its results), errors, model, choices, text   (never the api or the CLI)
_engine -> errors, model, choices, text, data             (never the api, the renderers or the CLI)
model, errors, text, choices -> nothing of natosim but each other
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "natosim"

ALLOWED: dict[str, tuple[str, ...]] = {
    "cli": ("natosim.cli", "natosim.api", "natosim.render", "natosim.errors", "natosim.model", "natosim.choices", "natosim.text"),
    "api": ("natosim._engine", "natosim.render", "natosim.errors", "natosim.model", "natosim.choices", "natosim.text"),
    "render": ("natosim.render", "natosim._engine", "natosim.errors", "natosim.model", "natosim.choices", "natosim.text", "natosim.data"),
    "_engine": ("natosim._engine", "natosim.errors", "natosim.model", "natosim.choices", "natosim.text", "natosim.data"),
    "model": ("natosim.errors", "natosim.text", "natosim.choices"),
    "errors": ("natosim.text",),
    "text": (),
    "choices": (),
}
"""For each layer, the natosim modules it may import (a prefix each); ``natosim`` alone (its version) is always allowed."""


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every natosim import in ``path``, at any depth (lazy imports inside functions too)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "natosim"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "natosim":
            if node.module == "natosim":  # from natosim import X: the submodule X, or the version
                out += [(node.lineno, f"natosim.{a.name}") for a in node.names if a.name != "__version__"]
            else:
                out.append((node.lineno, node.module))
    return out


FILES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in ALLOWED)


def test_every_module_belongs_to_a_layer() -> None:
    layers = {_layer(p) for p in PACKAGE.rglob("*.py")}
    assert layers - {"__init__", "__main__", "data"} <= set(ALLOWED), layers


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    allowed = ALLOWED[_layer(path)]
    wrong = [f"line {n}: {m}" for n, m in _imports(path) if not any(m == a or m.startswith(a + ".") for a in allowed)]
    assert wrong == [], f"{path.relative_to(PACKAGE)} ({_layer(path)}) may import only {', '.join(allowed)}"


def test_the_contract_can_fail(tmp_path: Path) -> None:
    # a CLI module that reaches into an engine is caught
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from natosim._engine import paths\n    import natosim.api\n", encoding="utf-8")
    found = [m for _, m in _imports(bad)]
    assert found == ["natosim._engine", "natosim.api"]
    assert not any(m.startswith(a) for m in found[:1] for a in ALLOWED["cli"])


def test_every_command_is_a_function_of_the_api() -> None:
    # README: "Each command is a function of natosim.api of the same name (run is evaluate)"
    import typer.main

    from natosim import api
    from natosim.cli import app

    group = typer.main.get_command(app)
    names = sorted(getattr(group, "commands", {}))
    assert len(names) == 17
    for name in names:
        function = "evaluate" if name == "run" else name.replace("-", "_")
        assert callable(getattr(api, function, None)), name
        assert function in api.__all__, name
