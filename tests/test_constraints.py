"""constraints.txt, CI's lock: it pins every package pyproject.toml names, .ci/run installs with it, and in CI the
installed versions are the pinned ones."""

from __future__ import annotations

import importlib.metadata
import os
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
CI_RUN = ROOT / ".ci" / "run"


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares it (case, '-', '_' and '.' do not matter)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    """The distribution named by a PEP 508 requirement such as 'numpy>=1.26' or 'foo[bar]>=1; python_version<"4"'."""
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert found is not None, f"pyproject.toml: cannot read the requirement {requirement!r}"
    return _normalise(found.group(1))


def _pins(text: str) -> dict[str, str]:
    """constraints.txt's pins, name -> version; every line that is not a comment must be exactly 'name==version'."""
    pins: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        found = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)", line.strip())
        assert found is not None, f"constraints.txt:{number}: expected 'name==version', got {line!r}"
        name = _normalise(found.group(1))
        assert name not in pins, f"constraints.txt:{number}: {name} is pinned twice"
        pins[name] = found.group(2)
    return pins


def _named_by_pyproject() -> set[str]:
    """Every distribution the core dependencies and the test extra name (what CI installs with '.[test]')."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return {_requirement_name(r) for r in requirements}


def test_the_lock_pins_every_package_that_pyproject_names() -> None:
    pins = _pins(CONSTRAINTS.read_text(encoding="utf-8"))
    named = _named_by_pyproject()
    assert named >= {"numpy", "scipy", "ruff", "mypy", "pytest", "hypothesis"}  # the reading of pyproject.toml works
    missing = sorted(named - pins.keys())
    assert not missing, f"constraints.txt pins no version of {missing}; regenerate it (the command is at its top)"
    assert "natosim" not in pins


def test_the_pin_reader_refuses_floors_duplicates_and_omissions() -> None:
    assert _pins("# note\n\nNumPy==2.4.6\nmsgspec==0.23.0\n") == {"numpy": "2.4.6", "msgspec": "0.23.0"}
    for bad in ("numpy>=1.26\n", "numpy\n", "numpy==2.4.6\nnumpy==2.4.5\n", "-e .\n"):
        with pytest.raises(AssertionError):
            _pins(bad)
    assert _requirement_name('Jinja2[i18n]>=3.1; python_version >= "3.11"') == "jinja2"


def test_ci_installs_with_the_lock_and_runs_ruff_and_mypy_before_pytest() -> None:
    lines = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    assert "set -euo pipefail" in lines
    assert 'export PIP_CONSTRAINT="$PWD/constraints.txt"' in lines
    steps = [
        "pip install '.[test]'",
        "python -m ruff check natosim tests benchmarks scripts",
        "python -m ruff format --check natosim tests benchmarks scripts",
        "python -m mypy",
        "pytest",
    ]
    at = [lines.index(step) for step in steps]
    assert at == sorted(at), "CI must install, then run ruff, ruff format and mypy, then pytest"
    assert lines.index('export PIP_CONSTRAINT="$PWD/constraints.txt"') < at[0]


def test_in_ci_the_installed_versions_are_the_pinned_ones() -> None:
    if not os.environ.get("CI"):
        pytest.skip("only CI installs with constraints.txt (PIP_CONSTRAINT=constraints.txt pip install '.[test]' to do the same)")
    named = _named_by_pyproject()
    wrong = []
    for name, version in _pins(CONSTRAINTS.read_text(encoding="utf-8")).items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            assert name not in named, f"{name} is not installed; CI installs it with '.[test]'"
            continue  # a dependency's dependency that this platform does not need (an environment marker)
        if installed != version:
            wrong.append(f"{name} {installed} (pinned {version})")
    assert not wrong, f"installed versions differ from constraints.txt: {wrong}"
