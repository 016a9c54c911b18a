"""The forecast's track record: how the shipped model scored, leave-one-group-out, on the record's questions.

``scripts/fit_priors.py`` writes it (``natosim/data/track-record.json``) from the same backtest that
``natosim backtest record`` runs, so that every forecast can say how far its number can be trusted:
the Brier score and log loss over the record's questions next to a coin and the base rate, and the
calibration of the bin the forecast falls in. It also fixes the forecast's bounds: no forecast that
rests on the fitted priors is printed below :data:`FLOOR` or above ``1 - FLOOR`` unless the record's
questions forecast in that range came out that way (at least :data:`MIN_TAIL` of them, all alike).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

FLOOR = 0.03
"""The lowest forecast printed unless the record's questions below it all came out "no" (the highest: 1 - FLOOR)."""

MIN_TAIL = 8
"""How many record questions a tail needs before the record can vouch for forecasts in it."""

CLIP = 1e-3
"""Even where the record vouches for a tail, no forecast is printed below CLIP or above 1 - CLIP: the scores clip there too,
and a count of zero trials out of thousands is not a certainty."""


@dataclass(frozen=True, slots=True)
class Calibration:
    """One bin of the calibration table of the record's questions."""

    lo: float
    """Lower edge (inclusive)."""
    hi: float
    """Upper edge (exclusive, except 1.0)."""
    count: int
    """Questions forecast in the bin."""
    mean_forecast: float
    """Their mean forecast."""
    observed: float
    """Share of them that came true."""

    def holds(self, p: float) -> bool:
        """Whether ``p`` falls in this bin."""
        return self.lo <= p < self.hi or (self.hi >= 1.0 and p == 1.0)


@dataclass(frozen=True, slots=True)
class Score:
    """A forecaster's scores on the record's questions."""

    name: str
    """``natosim``, ``coin``, ``base rate`` or ``natosim 0.1``."""
    brier: float
    """Mean Brier score."""
    log_loss: float
    """Mean log loss."""


@dataclass(frozen=True, slots=True)
class TrackRecord:
    """How the shipped model scored on the record, leave-one-group-out."""

    questions: int
    """Scored questions."""
    decisions: int
    """Decisions they come from."""
    brier: float
    """The model's mean Brier score."""
    log_loss: float
    """The model's mean log loss."""
    scores: tuple[Score, ...]
    """The model and its baselines on the same questions."""
    bins: tuple[Calibration, ...]
    """The calibration table."""
    by_kind: tuple[tuple[str, int, float, float], ...]
    """(kind, questions, Brier, log loss) per kind of decision."""
    floor: float
    """The lowest forecast printed when it rests on the fitted priors."""
    ceiling: float
    """The highest."""
    form: str
    """The model form scored."""
    trials: int
    """Trials per forecast."""
    seed: int
    """Seed of every forecast."""

    def bin_of(self, p: float) -> Calibration | None:
        """The calibration bin ``p`` falls in."""
        return next((b for b in self.bins if b.holds(p)), None)

    def to_json(self) -> str:
        """The shipped form."""
        data = {
            "questions": self.questions,
            "decisions": self.decisions,
            "brier": self.brier,
            "log_loss": self.log_loss,
            "scores": [{"name": s.name, "brier": s.brier, "log_loss": s.log_loss} for s in self.scores],
            "bins": [
                {"lo": b.lo, "hi": b.hi, "count": b.count, "mean_forecast": b.mean_forecast, "observed": b.observed} for b in self.bins
            ],
            "by_kind": [{"kind": k, "questions": n, "brier": br, "log_loss": ll} for k, n, br, ll in self.by_kind],
            "floor": self.floor,
            "ceiling": self.ceiling,
            "form": self.form,
            "trials": self.trials,
            "seed": self.seed,
        }
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> TrackRecord:
        """Read the shipped form."""
        d = json.loads(text)
        return cls(
            questions=int(d["questions"]),
            decisions=int(d["decisions"]),
            brier=float(d["brier"]),
            log_loss=float(d["log_loss"]),
            scores=tuple(Score(s["name"], float(s["brier"]), float(s["log_loss"])) for s in d["scores"]),
            bins=tuple(
                Calibration(float(b["lo"]), float(b["hi"]), int(b["count"]), float(b["mean_forecast"]), float(b["observed"]))
                for b in d["bins"]
            ),
            by_kind=tuple((k["kind"], int(k["questions"]), float(k["brier"]), float(k["log_loss"])) for k in d["by_kind"]),
            floor=float(d["floor"]),
            ceiling=float(d["ceiling"]),
            form=str(d["form"]),
            trials=int(d["trials"]),
            seed=int(d["seed"]),
        )


def bounds(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    """The forecast's bounds from the record's (forecast, outcome) pairs: :data:`FLOOR` and ``1 - FLOOR``, each widened to the
    most extreme forecast in its tail (never beyond :data:`CLIP`) when at least :data:`MIN_TAIL` questions were forecast
    there and all came out alike."""
    low = [p for p, _ in pairs if p < FLOOR]
    high = [p for p, _ in pairs if p > 1.0 - FLOOR]
    floor, ceiling = FLOOR, 1.0 - FLOOR
    if len(low) >= MIN_TAIL and not any(o for p, o in pairs if p < FLOOR):
        floor = max(min(low), CLIP)
    if len(high) >= MIN_TAIL and all(o for p, o in pairs if p > 1.0 - FLOOR):
        ceiling = min(max(high), 1.0 - CLIP)
    return floor, ceiling


def shipped() -> TrackRecord | None:
    """The track record shipped with natosim (``None`` when the file is missing)."""
    try:
        text = resources.files("natosim.data").joinpath("track-record.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return TrackRecord.from_json(text)
