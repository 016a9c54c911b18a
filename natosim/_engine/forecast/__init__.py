"""Forecasts: the probability that a candidate is adopted by a deadline (Monte Carlo over a fitted time model).

One concept per module:

* :mod:`~natosim._engine.forecast.priors`: the time model (:class:`~natosim._engine.forecast.priors.Clock`:
  Weibull rates, the pull of focal dates, the shared wave factor) and the shipped priors;
* :mod:`~natosim._engine.forecast.fit`: fitting those priors on the record of resolved decisions;
* :mod:`~natosim._engine.forecast.plan`: a scenario compiled for simulation, through the model's one
  definition of rules, seats and withdrawals;
* :mod:`~natosim._engine.forecast.spread`: the influence cascade over simulated times (the vectorised
  form of :func:`natosim._engine.cascade.spread`, checked against it);
* :mod:`~natosim._engine.forecast.simulate`: the Monte Carlo itself and :func:`forecast`;
* :mod:`~natosim._engine.forecast.results`: what a forecast reports;
* :mod:`~natosim._engine.forecast.track`: how the shipped model scored on the record (the track record every forecast shows).

``docs/forecast.md`` states the model and its assumptions.
"""

from __future__ import annotations

from natosim._engine.forecast.plan import Plan, compile_plan
from natosim._engine.forecast.priors import Priors, shipped
from natosim._engine.forecast.results import AllyOutlook, Forecast, Option, RivalOutlook, wilson
from natosim._engine.forecast.simulate import CHUNK, forecast, resolve_deadline, simulate
from natosim._engine.forecast.spread import effective_times

__all__ = [
    "CHUNK",
    "AllyOutlook",
    "Forecast",
    "Option",
    "Plan",
    "Priors",
    "RivalOutlook",
    "compile_plan",
    "effective_times",
    "forecast",
    "resolve_deadline",
    "shipped",
    "simulate",
    "wilson",
]
