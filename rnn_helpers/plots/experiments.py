"""Figures for results over seeds: learning curves, per-seed outcomes, medians with ranges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..experiments import SeedSummary
from . import CYCLE, PALETTE, _axes, _log_y


def plot_seed_curves(
    steps,
    curves,
    ax=None,
    *,
    label: str,
    color: str = PALETTE["blue"],
    baseline: float | None = None,
    threshold: float | None = None,
    budget: int | None = None,
    title: str = "Learning curves, one line per seed",
    ylabel: str = "test MSE",
):
    """Every seed's curve (thin) and their median (thick) against the number of updates.

    Parameters
    ----------
    steps : ndarray of shape (P,)
        Updates at each measurement.
    curves : ndarray of shape (k, P)
        One row per seed (nan after a divergence).
    label : str
        Legend entry for the median, e.g. ``"tanh, T = 40"``.
    baseline : float, optional
        Drawn dashed (e.g. the constant prediction's MSE).
    threshold : float, optional
        The success criterion, drawn dotted.
    budget : int, optional
        A vertical line at an update budget (e.g. the notebook's 400 updates).
    """
    ax = _axes(ax)
    curves = np.asarray(curves, dtype=float)
    for row in curves:
        ax.plot(steps, row, color=color, lw=0.8, alpha=0.35)
    with np.errstate(all="ignore"):
        median = np.nanmedian(curves, axis=0) if np.isfinite(curves).any() else curves[0]
    ax.plot(steps, median, color=color, lw=2.5, label=f"{label} (median of {len(curves)})")
    if baseline is not None:
        ax.axhline(baseline, color=PALETTE["black"], ls="--", lw=1.2)
    if threshold is not None:
        ax.axhline(threshold, color="grey", ls=":", lw=1.2)
    if budget is not None:
        ax.axvline(budget, color="grey", ls="-", lw=1, alpha=0.6)
    ax.set(xlabel="updates", ylabel=ylabel, title=title)
    ax.legend(loc="upper right", fontsize=9)
    return ax


def plot_seed_spread(
    labels: Sequence[str],
    values,
    ax=None,
    *,
    threshold: float | None = None,
    baseline: float | None = None,
    log: bool = False,
    title: str = "One point per seed",
    xlabel: str = "",
    ylabel: str = "test MSE",
):
    """Each setting's per-seed outcomes as dots, with the median as a bar.

    Parameters
    ----------
    labels : sequence of str, length A
        One per setting (x axis).
    values : ndarray of shape (A, k)
        Outcomes per setting and seed; non-finite ones (diverged) are drawn as crosses at the top.
    threshold : float, optional
        The success criterion, dotted.
    baseline : float, optional
        Dashed reference line.
    log : bool
        Log y axis.
    """
    ax = _axes(ax)
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    top = finite.max() * (2 if log else 1.1) if finite.size else 1.0
    for i, row in enumerate(values):
        offsets = np.linspace(-0.15, 0.15, len(row))
        ok = np.isfinite(row)
        ax.plot(i + offsets[ok], row[ok], "o", color=PALETTE["blue"], ms=5, alpha=0.7)
        if (~ok).any():
            ax.plot(i + offsets[~ok], np.full((~ok).sum(), top), "x", color=PALETTE["vermillion"])
        if ok.any():
            ax.plot([i - 0.25, i + 0.25], [np.median(row[ok])] * 2, color=PALETTE["black"], lw=2)
    if threshold is not None:
        ax.axhline(threshold, color="grey", ls=":", lw=1.2)
    if baseline is not None:
        ax.axhline(baseline, color=PALETTE["black"], ls="--", lw=1.2)
    if log:
        _log_y(ax, subs=(1.0,))
    ax.set_xticks(range(len(labels)), labels)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    return ax


def plot_summaries(
    summaries: Mapping[object, SeedSummary],
    ax=None,
    *,
    log: bool = False,
    title: str = "One point per seed (bar: median; ×: diverged)",
    xlabel: str = "",
    ylabel: str | None = None,
):
    """`plot_seed_spread` of several `SeedSummary`, one per setting, with their criterion dotted.

    Parameters
    ----------
    summaries : dict of label to SeedSummary
        One per setting, in the order of the x axis; labels are shown with ``str``. All must
        share one criterion.
    log : bool
        Log y axis.
    title, xlabel : str
    ylabel : str, optional
        Default: the criterion's measure, e.g. ``"test MSE (dotted: 0.05)"``.
    """
    criteria = {s.criterion for s in summaries.values()}
    if len(criteria) != 1:
        raise ValueError(f"summaries: expected one shared criterion, got {len(criteria)}")
    (criterion,) = criteria
    if ylabel is None:
        scale = "log; " if log else ""
        ylabel = f"{criterion.measure} ({scale}dotted: {criterion.threshold:g})"
    return plot_seed_spread(
        [str(label) for label in summaries],
        [s.values for s in summaries.values()],
        ax,
        threshold=criterion.threshold,
        log=log,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
    )


def plot_median_range(
    x,
    series: Mapping[str, np.ndarray],
    ax=None,
    *,
    title: str = "Median and range over seeds",
    xlabel: str = "",
    ylabel: str = "",
    log_x: bool = False,
):
    """For each series, the median over seeds (line and markers) and the min–max range (bars).

    Parameters
    ----------
    x : ndarray of shape (B,)
    series : dict of label to ndarray of shape (B, k)
        One row per x value, one column per seed.
    """
    ax = _axes(ax)
    for i, (label, v) in enumerate(series.items()):
        v = np.asarray(v, dtype=float)
        color = CYCLE[i % len(CYCLE)]
        median = np.median(v, axis=1)
        spread = np.stack([median - v.min(axis=1), v.max(axis=1) - median])
        ax.errorbar(x, median, yerr=spread, fmt="o-", color=color, capsize=4, label=label)
    if log_x:
        ax.set_xscale("log")
        ax.set_xticks(x, [f"{v:g}" for v in x])
        ax.minorticks_off()
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=9)
    return ax
