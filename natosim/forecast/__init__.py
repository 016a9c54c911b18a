"""Forecasts: the probability that a candidate is adopted by a deadline (Monte Carlo over a fitted time model).

One concept per module:

* :mod:`~natosim.forecast.priors`: the time model (:class:`~natosim.forecast.priors.Clock`:
  Weibull rates, the pull of focal dates, the shared wave factor) and the shipped priors;
* :mod:`~natosim.forecast.fit`: fitting those priors on the record of resolved decisions;
* :mod:`~natosim.forecast.plan`: a scenario compiled for simulation, through the model's one
  definition of rules, seats and withdrawals;
* :mod:`~natosim.forecast.spread`: the influence cascade over simulated times (the vectorised
  form of :func:`natosim.cascade.spread`, checked against it);
* :mod:`~natosim.forecast.simulate`: the Monte Carlo itself and :func:`forecast`;
* :mod:`~natosim.forecast.results`: what a forecast reports;
* :mod:`~natosim.forecast.track`: how the shipped model scored on the record (the track record every forecast shows).

``docs/forecast.md`` states the model and its assumptions.
"""

from __future__ import annotations

from natosim.forecast.plan import Plan, compile_plan
from natosim.forecast.priors import Priors, shipped
from natosim.forecast.results import AllyOutlook, Forecast, Option, RivalOutlook, wilson
from natosim.forecast.simulate import CHUNK, forecast, resolve_deadline, simulate
from natosim.forecast.spread import effective_times

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
