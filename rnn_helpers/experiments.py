"""Experiments with seeds as a dimension: run one configuration over k seeds and summarise it.

A training result from one seed is an anecdote. `run_seeds` runs an experiment once per seed,
each time with its own generator ``np.random.default_rng(seed)``, records every seed's learning
curve (a measure such as the test MSE against the number of updates), and `SeedSummary` reports
what the course's conclusions quote: the median, the spread (min–max and the interquartile
range) and "learned in m of k", with the success criterion written out::

    summary = run_seeds(my_experiment, seeds=range(6), criterion=below(0.08, "test MSE"))
    print(summary.describe())   # learned in 5 of 6 seeds (test MSE < 0.08); median 0.021, ...
    summary.at(400)             # the same seeds judged after 400 updates

An experiment is a function ``experiment(rng) -> Curve`` (or a plain float for a single
outcome), which must draw every random number from the generator it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ._validate import as_array


@dataclass(frozen=True)
class Criterion:
    """When a run counts as a success: ``value < threshold`` (or ``>``), stated in words.

    Attributes
    ----------
    threshold : float
    measure : str
        What the value is, e.g. ``"test MSE"``.
    below : bool
        True: success is value < threshold; False: value > threshold. A non-finite value (a
        diverged run) is never a success.
    """

    threshold: float
    measure: str
    below: bool = True

    def __call__(self, value) -> np.ndarray:
        value = np.asarray(value, dtype=float)
        with np.errstate(invalid="ignore"):
            met = value < self.threshold if self.below else value > self.threshold
        return met & np.isfinite(value)

    def __str__(self) -> str:
        return f"{self.measure} {'<' if self.below else '>'} {self.threshold:g}"


def below(threshold: float, measure: str) -> Criterion:
    """Success means ``measure < threshold``, e.g. ``below(0.08, "test MSE")``."""
    return Criterion(float(threshold), measure, below=True)


def above(threshold: float, measure: str) -> Criterion:
    """Success means ``measure > threshold``, e.g. ``above(0.5, "success rate")``."""
    return Criterion(float(threshold), measure, below=False)


@dataclass(frozen=True)
class Curve:
    """One seed's learning curve: a measure after a number of updates.

    Attributes
    ----------
    steps : int ndarray of shape (P,)
        Updates made when each value was measured, increasing (0 = before training).
    values : float ndarray of shape (P,)
        The measure at those points; nan once a run has diverged.
    """

    steps: np.ndarray
    values: np.ndarray

    def __post_init__(self):
        steps, values = np.asarray(self.steps), np.asarray(self.values, dtype=float)
        if steps.ndim != 1 or values.shape != steps.shape:
            raise ValueError(
                f"values must have the shape of steps, {steps.shape}, got {values.shape}"
            )
        if np.any(np.diff(steps) <= 0):
            raise ValueError(f"steps must increase, got {steps.tolist()}")
        object.__setattr__(self, "steps", steps)
        object.__setattr__(self, "values", values)

    def at(self, step: int) -> float:
        """The value measured after exactly `step` updates."""
        where = np.flatnonzero(self.steps == step)
        if where.size == 0:
            raise ValueError(
                f"step must be one of the measured steps {self.steps.tolist()}, got {step}"
            )
        return float(self.values[where[0]])


@dataclass(frozen=True)
class SeedSummary:
    """One configuration over k seeds: each seed's outcome, the median, the spread, m of k.

    Attributes
    ----------
    seeds : tuple of int
    values : float ndarray of shape (k,)
        Each seed's outcome (nan for a run that diverged).
    criterion : Criterion
    curves : tuple of Curve, optional
        Each seed's learning curve; `values` are their last points.
    """

    seeds: tuple
    values: np.ndarray
    criterion: Criterion
    curves: tuple = ()

    @property
    def k(self) -> int:
        """The number of seeds."""
        return len(self.seeds)

    @property
    def m(self) -> int:
        """How many seeds meet the criterion."""
        return int(np.sum(self.criterion(self.values)))

    @property
    def diverged(self) -> int:
        """How many seeds ended with a non-finite outcome."""
        return int(np.sum(~np.isfinite(self.values)))

    @property
    def median(self) -> float:
        """Median over the seeds that stayed finite (nan if none did)."""
        finite = self.values[np.isfinite(self.values)]
        return float(np.median(finite)) if finite.size else float("nan")

    @property
    def spread(self) -> tuple[float, float]:
        """(min, max) over the finite outcomes."""
        finite = self.values[np.isfinite(self.values)]
        return (float(finite.min()), float(finite.max())) if finite.size else (np.nan, np.nan)

    @property
    def iqr(self) -> tuple[float, float]:
        """(25th, 75th percentile) over the finite outcomes."""
        finite = self.values[np.isfinite(self.values)]
        if not finite.size:
            return (np.nan, np.nan)
        q1, q3 = np.percentile(finite, [25, 75])
        return float(q1), float(q3)

    def at(self, step: int) -> SeedSummary:
        """The same seeds judged after `step` updates (every curve must have measured it)."""
        if not self.curves:
            raise ValueError("at() needs learning curves; this summary holds final values only")
        values = np.array([c.at(step) for c in self.curves])
        return SeedSummary(self.seeds, values, self.criterion, self.curves)

    def describe(self, fmt: str = ".3f") -> str:
        """E.g. ``learned in 5 of 6 seeds (test MSE < 0.08); median 0.021, range 0.008–0.167``."""
        if self.diverged == self.k:
            return f"learned in 0 of {self.k} seeds ({self.criterion}); all {self.k} diverged"
        lo, hi = self.spread
        text = (
            f"learned in {self.m} of {self.k} seeds ({self.criterion}); median "
            f"{self.median:{fmt}}, range {lo:{fmt}}–{hi:{fmt}}"
        )
        return text + (f"; {self.diverged} diverged" if self.diverged else "")


def run_seeds(
    experiment: Callable[[np.random.Generator], Curve | float],
    seeds: Iterable[int],
    *,
    criterion: Criterion,
) -> SeedSummary:
    """Run `experiment` once per seed, each with ``np.random.default_rng(seed)``, and summarise.

    Parameters
    ----------
    experiment : callable
        ``experiment(rng)`` returns a `Curve` (its last value is the outcome) or a float.
    seeds : iterable of int
        At least one; the course's conclusions use at least 5.
    criterion : Criterion
        When a seed counts as a success, e.g. ``below(0.08, "test MSE")``.

    Returns
    -------
    SeedSummary
    """
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none")
    if not isinstance(criterion, Criterion):
        raise TypeError(
            f"criterion must be a Criterion such as below(0.08, 'test MSE'), "
            f"got {type(criterion).__name__}"
        )
    outcomes = [experiment(np.random.default_rng(s)) for s in seeds]
    curves = tuple(o for o in outcomes if isinstance(o, Curve))
    if curves and len(curves) != len(outcomes):
        raise TypeError("experiment must return a Curve for every seed or a float for every seed")
    values = np.array([c.values[-1] for c in curves] if curves else outcomes, dtype=float)
    return SeedSummary(seeds, values, criterion, curves)


def summarize(values, seeds: Iterable[int], criterion: Criterion, curves=()) -> SeedSummary:
    """A `SeedSummary` of outcomes computed elsewhere (e.g. loaded from a sweep file)."""
    values = as_array("values", np.asarray(values, dtype=float))
    seeds = tuple(int(s) for s in seeds)
    if values.shape != (len(seeds),):
        raise ValueError(
            f"values must have shape (k,) = ({len(seeds)},) to match seeds, got {values.shape}"
        )
    return SeedSummary(seeds, values, criterion, tuple(curves))
