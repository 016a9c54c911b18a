"""Choose the forecast's model form, fit its priors on the bundled record, and score it out of sample.

    python scripts/fit_priors.py            # writes natosim/data/priors.json, priors-loo.json, track-record.json
    python scripts/fit_priors.py --check    # exits 1 if a shipped file differs from a fresh run
    python scripts/fit_priors.py --jobs 2   # fit the left-out groups in 2 processes (the same results)
    python scripts/fit_priors.py --track    # only rescore the shipped fits (track-record.json) and bootstrap the scores
    python scripts/fit_priors.py --covariance   # only write the shipped fit's covariance (priors-cov.json), in seconds

1. Every model form of natosim._engine.forecast.fit.FORMS is fitted once per group of twin episodes with that whole
   group left out, and every opening-day question of the record (natosim._engine.backtest.questions) is forecast
   with the fit that did not see its decision. The form with the lowest Brier score (then log loss) is chosen.
2. The chosen form is fitted on the whole record: natosim/data/priors.json.
3. Its leave-one-group-out fits are shipped (natosim/data/priors-loo.json, tagged with the record's
   fingerprint) so that `natosim backtest record` makes the same forecasts in seconds.
4. Its scores are the track record every forecast shows (natosim/data/track-record.json): Brier, log loss,
   calibration bins and scores by kind, next to a coin and the base rate, and the bounds the record
   vouches for (natosim._engine.forecast.track).

Every fit is deterministic (a fixed start, L-BFGS-B; the left-out fits start from the whole record's optimum);
see natosim/_engine/forecast/fit.py and docs/forecast.md.
"""

from __future__ import annotations

import json
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from natosim._engine import (  # noqa: E402
    backtest,
    record,
)
from natosim._engine.forecast import fit, track  # noqa: E402
from natosim._engine.forecast.priors import Priors  # noqa: E402

DATA = ROOT / "natosim" / "data"
TARGET = DATA / "priors.json"
LEFT_OUT = DATA / "priors-loo.json"
TRACK = DATA / "track-record.json"
COVARIANCE = DATA / "priors-cov.json"
TRIALS = 4000
SEED = 0


def _same(a: Priors, b: Priors) -> bool:
    return a.form == b.form and all(
        math.isclose(x, y, rel_tol=1e-4, abs_tol=1e-4) for x, y in zip(fit.theta_of(a), fit.theta_of(b), strict=True)
    )


def _left_out(args: tuple[str, tuple[str, ...], str]) -> tuple[str, str]:
    form_name, group, start = args
    full = record.load()
    form = fit.FORM_BY_NAME[form_name]
    return group[0], fit.fit(full.without(*group), form, start=Priors.from_json(start)).priors.to_json()


def left_out_fits(full: record.Record, form: fit.Form, whole: Priors, jobs: int) -> dict[str, Priors]:
    """The fits without each group of twin episodes, by group key."""
    keys = {d.id: d.group for d in full.decisions}
    work = [(form.name, g, whole.to_json()) for g in fit.groups(full)]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            done = list(pool.map(_left_out, work))
    else:
        done = [_left_out(w) for w in work]
    return {keys[first]: Priors.from_json(text) for first, text in done}


def track_record(result: backtest.Backtest, form: str) -> track.TrackRecord:
    """The track record of a leave-one-group-out backtest."""
    pairs = [(c.p, c.observed) for c in result.cases]
    floor, ceiling = track.bounds(pairs)
    scores = [track.Score(name, b, ll) for name, b, ll in result.baselines]
    scores.insert(1, track.Score("coin", 0.25, math.log(2.0)))
    return track.TrackRecord(
        questions=len(result.cases),
        decisions=len({c.name for c in result.cases}),
        brier=result.brier,
        log_loss=result.log_loss,
        scores=tuple(scores),
        bins=result.bins,
        by_kind=result.by_kind,
        floor=floor,
        ceiling=ceiling,
        form=form,
        trials=TRIALS,
        seed=SEED,
    )


def bootstrap(result: backtest.Backtest, draws: int = 2000, seed: int = 0) -> tuple[float, float, float]:
    """Resampling whole decisions: the standard error of the Brier score, and the mean and standard error of its gain over
    the base rate (the questions of one decision share its outcome, so they are resampled together)."""
    import random
    import statistics

    by: dict[str, list[backtest.Case]] = {}
    for c in result.cases:
        by.setdefault(c.name, []).append(c)
    keys = sorted(by)
    rng = random.Random(seed)
    scores, gains = [], []
    for _ in range(draws):
        cases = [c for k in (rng.choice(keys) for _ in keys) for c in by[k]]
        model = backtest.brier([(c.p, c.observed) for c in cases])
        scores.append(model)
        gains.append(backtest.brier([(c.base_rate, c.observed) for c in cases]) - model)
    return statistics.pstdev(scores), statistics.mean(gains), statistics.pstdev(gains)


def rescore(full: record.Record) -> track.TrackRecord:
    """The track record of the shipped leave-one-group-out fits (no refitting)."""
    from natosim._engine.forecast.priors import shipped, shipped_left_out

    fits = shipped_left_out(fit.fingerprint(full))
    if not fits:
        raise SystemExit("natosim/data/priors-loo.json was fitted on another record; run scripts/fit_priors.py")
    raw = backtest.run_record(full, trials=TRIALS, seed=SEED, fits=fits, bounds=(0.0, 1.0))
    bounds = track.bounds([(c.p, c.observed) for c in raw.cases])
    return track_record(backtest.run_record(full, trials=TRIALS, seed=SEED, fits=fits, bounds=bounds), shipped().form)


def covariance_json(full: record.Record, priors: Priors) -> str:
    """The uncertainty of the shipped fit, for the interval of `natosim sensitivity` (natosim._engine.forecast.fit.covariance)."""
    names, x, cov = fit.covariance(full, priors)
    data = {
        "how": "inverse of the Hessian of the negative log posterior at the shipped fit, by central differences of 0.001 on "
        "the log scale of each free parameter (its form and focal window held): the normal (Laplace) approximation of the "
        "posterior; written by scripts/fit_priors.py",
        "form": priors.form,
        "focal_window": priors.focal_window,
        "parameters": list(names),
        "theta": [round(float(v), 12) for v in x],
        "covariance": [[round(float(v), 12) for v in row] for row in cov],
    }
    return json.dumps(data, indent=2) + "\n"


def main(argv: list[str]) -> int:
    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 1
    if "--covariance" in argv:
        COVARIANCE.write_text(covariance_json(record.load(), Priors.from_json(TARGET.read_text(encoding="utf-8"))), encoding="utf-8")
        print(f"wrote {COVARIANCE.relative_to(ROOT)}")
        return 0
    full = record.load()
    if "--track" in argv:
        TRACK.write_text(rescore(full).to_json(), encoding="utf-8")
        print(f"wrote {TRACK.relative_to(ROOT)}")
        se, gain, gain_se = bootstrap(backtest.run_record(full, trials=TRIALS, seed=SEED))
        print(f"bootstrap over decisions: Brier standard error {se:.3f}; gain over the base rate {gain:.3f} ± {gain_se:.3f}")
        return 0
    chosen: tuple[float, float, fit.Form, Priors, dict[str, Priors], backtest.Backtest] | None = None
    for form in fit.FORMS:
        start = time.perf_counter()
        whole = fit.fit(full, form).priors
        fits = left_out_fits(full, form, whole, jobs)
        result = backtest.run_record(full, trials=TRIALS, seed=SEED, fits=fits, bounds=(0.0, 1.0))
        took = time.perf_counter() - start
        print(f"{form.name:28} Brier {result.brier:.4f}  log loss {result.log_loss:.4f}  ({len(result.cases)} questions, {took:.0f} s)")
        key = (result.brier, result.log_loss)
        if chosen is None or key < (chosen[0], chosen[1]):
            chosen = (result.brier, result.log_loss, form, whole, fits, result)
    assert chosen is not None
    _, _, form, whole, fits, raw = chosen
    print(f"chosen: {form.name}")
    for name, value in fit.describe(whole):
        print(f"  {name}: {value}")
    floor, ceiling = track.bounds([(c.p, c.observed) for c in raw.cases])
    bounded = backtest.run_record(full, trials=TRIALS, seed=SEED, fits=fits, bounds=(floor, ceiling))
    record_ = track_record(bounded, form.name)
    print(
        f"track record: Brier {record_.brier:.4f}, log loss {record_.log_loss:.4f} on {record_.questions} questions of "
        f"{record_.decisions} decisions; bounds [{floor:.3f}, {ceiling:.3f}]"
    )
    loo = json.dumps(
        {"fingerprint": fit.fingerprint(full), "left_out": {k: json.loads(p.to_json()) for k, p in sorted(fits.items())}},
        indent=2,
        sort_keys=True,
    )
    if "--check" in argv:
        shipped = Priors.from_json(TARGET.read_text(encoding="utf-8")) if TARGET.exists() else None
        ok = shipped is not None and _same(shipped, whole)
        old = json.loads(LEFT_OUT.read_text(encoding="utf-8")) if LEFT_OUT.exists() else {}
        ok = ok and old.get("fingerprint") == fit.fingerprint(full) and set(old.get("left_out", {})) == set(fits)
        ok = ok and all(_same(Priors.from_json(json.dumps(old["left_out"][k])), p) for k, p in fits.items())
        ok = ok and TRACK.exists() and track.TrackRecord.from_json(TRACK.read_text(encoding="utf-8")).questions == record_.questions
        print("shipped files are up to date" if ok else "shipped files differ from a fresh run")
        return 0 if ok else 1
    TARGET.write_text(whole.to_json(), encoding="utf-8")
    LEFT_OUT.write_text(loo + "\n", encoding="utf-8")
    TRACK.write_text(record_.to_json(), encoding="utf-8")
    COVARIANCE.write_text(covariance_json(full, whole), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}, {LEFT_OUT.relative_to(ROOT)}, {TRACK.relative_to(ROOT)} and {COVARIANCE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
