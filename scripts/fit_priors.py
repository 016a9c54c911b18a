"""Refit the forecast's priors on the bundled record and write natosim/data/priors.json.

    python scripts/fit_priors.py            # writes natosim/data/priors.json and priors-loo.json
    python scripts/fit_priors.py --check    # exits 1 if a shipped file differs from a fresh fit

priors-loo.json holds the leave-one-decision-out fits `natosim backtest record` scores with (one per
decision, the same fits it would otherwise make on every run), with the fingerprint of the record they
were fitted on: natosim uses them only for that record.

The fit is deterministic (a fixed start, L-BFGS-B); see natosim/forecast/fit.py and docs/forecast.md.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from natosim import record  # noqa: E402
from natosim.forecast import fit  # noqa: E402
from natosim.forecast.priors import Priors  # noqa: E402

TARGET = ROOT / "natosim" / "data" / "priors.json"
LEFT_OUT = ROOT / "natosim" / "data" / "priors-loo.json"


def _same(a: Priors, b: Priors) -> bool:
    return all(math.isclose(x, y, rel_tol=1e-4, abs_tol=1e-4) for x, y in zip(fit.theta_of(a), fit.theta_of(b), strict=True))


def left_out_text(full: record.Record) -> str:
    """The leave-one-decision-out fits as natosim/data/priors-loo.json holds them."""
    import json

    fits = {did: json.loads(fit.fit(full.without(did)).priors.to_json()) for did in fit.decision_ids(full)}
    return json.dumps({"fingerprint": fit.fingerprint(full), "left_out": fits}, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    result = fit.fit(record.load())
    text = result.priors.to_json()
    took = time.perf_counter() - start
    print(
        f"fitted on {result.spells} spells of {result.decisions} decisions in {took:.1f} s; log likelihood {result.log_likelihood:.2f}, AIC {result.aic:.2f}"
    )
    for name, value in fit.describe(result.priors):
        print(f"  {name}: {value}")
    full = record.load()
    loo = left_out_text(full)
    if "--check" in argv:
        import json

        shipped = Priors.from_json(TARGET.read_text(encoding="utf-8")) if TARGET.exists() else None
        same = shipped is not None and _same(shipped, result.priors)
        print("shipped priors are up to date" if same else "shipped priors differ from a fresh fit")
        fresh = json.loads(loo)
        old = json.loads(LEFT_OUT.read_text(encoding="utf-8")) if LEFT_OUT.exists() else {}
        same_loo = old.get("fingerprint") == fresh["fingerprint"] and set(old.get("left_out", {})) == set(fresh["left_out"])
        same_loo = same_loo and all(
            _same(Priors.from_json(json.dumps(old["left_out"][d])), Priors.from_json(json.dumps(v))) for d, v in fresh["left_out"].items()
        )
        print("shipped leave-one-out priors are up to date" if same_loo else "shipped leave-one-out priors differ from a fresh fit")
        return 0 if same and same_loo else 1
    TARGET.write_text(text, encoding="utf-8")
    LEFT_OUT.write_text(loo, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} and {LEFT_OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
