"""Refit the forecast's priors on the bundled record and write natosim/data/priors.json.

    python scripts/fit_priors.py            # writes natosim/data/priors.json
    python scripts/fit_priors.py --check    # exits 1 if the shipped file differs from a fresh fit

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
    if "--check" in argv:
        shipped = Priors.from_json(TARGET.read_text(encoding="utf-8")) if TARGET.exists() else None
        same = shipped is not None and all(
            math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-4) for a, b in zip(fit.theta_of(shipped), fit.theta_of(result.priors), strict=True)
        )
        print("shipped priors are up to date" if same else "shipped priors differ from a fresh fit")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
