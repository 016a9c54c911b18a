"""Benchmark of ``paths`` and ``forecast`` at the scale of the UN General Assembly (issue 15, part 3).

Run from the repository root:  python benchmarks/scale.py   (about 3-5 minutes; the baseline is slow)

The body: 193 members ``U001``..``U193`` with SYNTHETIC populations (log-normal, median about 10
million, clipped to 10 thousand .. 1.45 billion, drawn from a fixed seed: not the UN members' real
populations) under a two-thirds rule of the population (``quota = 0.6666666666666666``, the
double nearest 2/3: for any total below 10^15 it asks for the same least weight as exact 2/3).
``k`` members do not support (drawn with probability growing with their population, so that they
can block; stance oppose, undecided or abstain; integer cost 1-9; threshold 0.3-0.9), and
optionally a random influence graph of 60 edges between random members (weights 0.2-0.6).

1. ``paths``: the proven cheapest 10 paths, for k = 25, 50, 100, 150, without influence and with
   the 60 edges, against the baseline measured in the same run: the search as it was before this
   change (``natosim/_engine/paths.py`` at commit BASELINE, loaded from git), with its work budget. The
   baseline "ran out" when it gave up (its budget of 100,000 steps). Target: k = 100 <= 2 s, both.
2. ``forecast``: 100,000 trials (and every single intervention, as ``natosim forecast`` does) for
   k = 100, without and with the edges, against the baseline of the same code with every
   intervention simulated in full (no shortcut from the baseline's order), run on 10,000 trials and
   scaled by 10 (the full run takes minutes); the faster of two runs, after a warm-up. Target: <= 2 s.

It is not a test and never fails on time; it exits 1 if the new and the baseline search disagree.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path as FilePath
from types import ModuleType
from typing import Any

ROOT = FilePath(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

import natosim  # noqa: E402
from natosim._engine import paths  # noqa: E402
from natosim.model import Scenario  # noqa: E402

simulate = importlib.import_module("natosim._engine.forecast.simulate")  # the module (the package exports a function of that name)

BASELINE = "8b32a8e0f04a7798575cb74ffaae4e271d54e0c3"
"""The commit whose search is the baseline (the last before this change)."""
SEED = 2024
TWO_S = 2.0
DEADLINE = date(2024, 7, 1)


def assembly(k: int, edges: int = 0, *, members: int = 193, seed: int = SEED) -> str:
    """The synthetic assembly's TOML with ``k`` non-supporters and ``edges`` random influence edges (same arguments -> same text)."""
    rng = random.Random(seed)
    codes = [f"U{i:03d}" for i in range(1, members + 1)]
    pops = {c: max(10_000, min(1_450_000_000, int(rng.lognormvariate(16.1, 1.6)))) for c in codes}
    r2 = random.Random(seed * 7 + k)
    holdouts = sorted(sorted(codes, key=lambda c: r2.random() ** (1 / pops[c] ** 0.8))[-k:])
    lines = [
        'title = "synthetic assembly"',
        "as_of = 2024-01-01",
        'rule = { quota = 0.6666666666666666, weight = "population" }',
        "[body]",
        'name = "Synthetic assembly (populations are not real)"',
    ]
    for c in codes:
        lines += [f"[body.members.{c}]", f'name = "Member {c}"', f"population = {pops[c]}"]
    lines += ["[defaults]", 'stance = "support"']
    for c in holdouts:
        lines += [
            f"[allies.{c}]",
            f'stance = "{r2.choice(["oppose", "undecided", "abstain"])}"',
            f"cost = {r2.randint(1, 9)}",
            f"threshold = {r2.uniform(0.3, 0.9):.2f}",
        ]
    r3 = random.Random(seed * 13 + k)
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < edges:
        a, b = r3.sample(codes, 2)
        pairs.add((a, b))
    for a, b in sorted(pairs):
        lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', f"weight = {r3.uniform(0.2, 0.6):.2f}"]
    return "\n".join(lines) + "\n"


def scenario(k: int, edges: int = 0) -> Scenario:
    return natosim.parse(assembly(k, edges), path=f"assembly-{k}-{edges}.toml")


def baseline_module() -> ModuleType | None:
    """``natosim/_engine/paths.py`` as it was at BASELINE, imported from git (``None`` without git or that commit)."""
    try:
        text = subprocess.run(
            ["git", "show", f"{BASELINE}:natosim/_engine/paths.py"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = FilePath(tempfile.gettempdir()) / f"natosim_paths_{BASELINE[:8]}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("natosim_paths_baseline", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["natosim_paths_baseline"] = module
    spec.loader.exec_module(module)
    return module


def _fields(p: Any) -> tuple[Any, ...]:
    """A path's fields (the baseline's Path is another class)."""
    return (p.flips, p.withdraw, p.deals, round(p.cost, 9), p.cascade)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    try:
        out = fn()
    except natosim.NatosimError as e:
        out = e
    return time.perf_counter() - t0, out


def main() -> int:
    ok = True
    old = baseline_module()
    paths.find(scenario(100), "proposal", limit=1)  # warm up: numpy's import and first calls are not the search
    print(f"paths: the cheapest 10 paths, 193 synthetic members, two-thirds of the population; baseline: the search at {BASELINE[:8]}")
    header = f"{'non-supporters':>14} {'edges':>5} {'new':>9} {'nodes':>6} {'baseline':>20} {'ratio':>8}  same paths  cheapest"
    print(header)
    print("-" * len(header))
    targets = {}
    for edges in (0, 60):
        for k in (25, 50, 100, 150):
            s = scenario(k, edges)
            t, found = timed(lambda s=s: paths.find(s, "proposal", limit=10))  # type: ignore[misc]
            assert isinstance(found, paths.Search)
            if k == 100:
                targets[edges] = t
            base, ratio, same = "skipped (no git)", "—", "—"
            if old is not None:
                tb, before = timed(lambda s=s: old.find(s, "proposal", limit=10))  # type: ignore[misc]
                if isinstance(before, natosim.NatosimError):
                    base, ratio = f"ran out {tb:8.2f} s", f">{tb / t:6.1f}x"
                else:
                    n = len(before.paths)
                    base = f"{tb:8.2f} s" + (f" ({n} paths, budget out)" if before.exhausted else "")
                    ratio = f"{tb / t:7.1f}x"
                    agree = [_fields(p) for p in found.paths[:n]] == [_fields(p) for p in before.paths]
                    same = "yes" if agree else "NO"
                    ok &= agree
            cost = found.paths[0].cost if found.paths else math.nan
            print(f"{k:>14} {edges:>5} {t:7.3f} s {found.explored:>6} {base:>20} {ratio:>8}  {same:>10}  {cost:g}")
    for edges, t in targets.items():
        print(f"Target: 100 non-supporters, {edges} edges, proven cheapest 10 paths <= 2 s: {t:.3f} s, {'met' if t <= TWO_S else 'MISSED'}")
    print()
    print("forecast: 100,000 trials and every single intervention (as `natosim forecast` does), 100 non-supporters")
    for edges in (0, 60):
        s = scenario(100, edges)
        simulate.forecast(
            s, candidate="proposal", deadline=DEADLINE, trials=1_000, seed=1
        )  # warm up: imports (scipy.stats) and first calls
        t, f = min(
            (timed(lambda s=s: simulate.forecast(s, candidate="proposal", deadline=DEADLINE, trials=100_000, seed=1)) for _ in range(2)),  # type: ignore[misc]
            key=lambda r: r[0],
        )
        assert not isinstance(f, Exception)
        saved_flip, saved_work = simulate._flip_of, simulate.MAX_WORK
        simulate._flip_of = lambda plan, other: None  # type: ignore[assignment]
        simulate.MAX_WORK = 10**12
        try:
            tb, fb = timed(lambda s=s: simulate.forecast(s, candidate="proposal", deadline=DEADLINE, trials=10_000, seed=1))  # type: ignore[misc]
            tc, _ = timed(lambda s=s: simulate.forecast(s, candidate="proposal", deadline=DEADLINE, trials=10_000, seed=1))  # type: ignore[misc]
        finally:
            simulate._flip_of, simulate.MAX_WORK = saved_flip, saved_work
        _, fn = timed(lambda s=s: simulate.forecast(s, candidate="proposal", deadline=DEADLINE, trials=10_000, seed=1))  # type: ignore[misc]
        agree = fn == fb
        ok &= agree
        print(
            f"  {edges:>2} edges: {t:6.2f} s ({len(f.options)} interventions, p = {f.p_consensus:.4f}); "
            f"baseline 10,000 trials {min(tb, tc):6.2f} s, scaled x10: {10 * min(tb, tc):7.2f} s, ratio {10 * min(tb, tc) / t:5.1f}x; "
            f"same forecast on 10,000 trials: {'yes' if agree else 'NO'}; target <= 2 s: {'met' if t <= TWO_S else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
