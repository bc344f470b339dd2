"""Figures for notebook 02 (what the hidden state remembers).

Each function draws data computed by `rnn_helpers.memory` on an `Axes` (a new one when
``ax=None``) and returns the Axes. Decaying quantities are drawn on a log axis, where a geometric
decay r^t is a straight line of slope log r.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from . import CYCLE, PALETTE, _axes, _log_y, plot_hidden_states


def _positive_or_nan(values) -> np.ndarray:
    """|values| with zeros (and non-finite values) replaced by nan, so a log axis skips them."""
    v = np.abs(np.asarray(values, dtype=float))
    return np.where(np.isfinite(v) & (v > 0), v, np.nan)


def plot_traces(
    series: dict,
    ax=None,
    log: bool = True,
    threshold: float | None = None,
    styles: dict | None = None,
    title: str = "What is left of the pulse",
    ylabel: str = "|Δh_t| (log scale)",
    ylim=(1e-4, 3),
):
    """One or more traces against t = 1, 2, ..., as they are or as |values| on a log axis.

    Parameters
    ----------
    series : dict of label to ndarray of shape (T,)
        E.g. ``{"tanh, pulse 1": delta}``. On a log axis zeros are left out.
    log : bool
        Plot |values| on a log axis (True) or the values on a linear axis.
    threshold : float, optional
        Drawn as a horizontal line (the memory-horizon threshold θ).
    styles : dict of label to dict, optional
        Extra matplotlib keyword arguments per series (``{"linear": {"ls": "--"}}``).
    ylim : (float, float) or None
    """
    ax = _axes(ax)
    styles = styles or {}
    for i, (label, values) in enumerate(series.items()):
        t = np.arange(1, len(values) + 1)
        kw = {"color": CYCLE[i % len(CYCLE)], "label": label} | styles.get(label, {})
        ax.plot(t, _positive_or_nan(values) if log else values, **kw)
    if threshold is not None:
        ax.axhline(threshold, color="grey", ls=":", lw=1.5, label=f"threshold θ = {threshold:g}")
    if log:
        _log_y(ax, subs=(1.0,))
    ax.set(xlabel="time step t", ylabel=ylabel, title=title)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend(loc="upper right", fontsize=9)
    return ax


def plot_horizons(
    w_hh,
    horizons: dict,
    bound=None,
    ax=None,
    styles: dict | None = None,
    title: str = "Memory horizon against the recurrent weight",
    bound_label: str = "linear unit with |Δ₁| = 1: ⌊k*⌋ + 1",
):
    """Memory horizon (steps) as a function of w_hh, one line per setting.

    Parameters
    ----------
    w_hh : ndarray of shape (K,)
    horizons : dict of label to ndarray of shape (K,)
        From `rnn_helpers.memory.memory_horizon`; drawn on a log axis, where 0 and inf (longer
        than the run) are left out.
    bound : ndarray of shape (K,), optional
        A ceiling, e.g. the linear unit's horizon for |Δ_1| = 1; drawn dotted.
    bound_label : str
    styles : dict of label to dict, optional
    """
    ax = _axes(ax)
    styles = styles or {}
    for i, (label, k) in enumerate(horizons.items()):
        kw = {"color": CYCLE[i % len(CYCLE)], "label": label} | styles.get(label, {})
        ax.plot(w_hh, _positive_or_nan(k), **kw)
    if bound is not None:
        ax.plot(
            w_hh,
            _positive_or_nan(bound),
            color=PALETTE["black"],
            ls=":",
            lw=1.5,
            label=bound_label,
        )
    _log_y(ax, subs=(1.0,))
    ax.set(xlabel="recurrent weight w_hh", ylabel="memory horizon (steps, log scale)", title=title)
    ax.legend(loc="upper left", fontsize=9)
    return ax


def plot_decay_band(
    band,
    ax=None,
    rate: float | None = None,
    fit_start: int = 1,
    threshold: float | None = None,
    label: str = "median over sequences",
    title: str = "Influence of x_1 on h_t",
    ylabel: str = "‖∂h_t/∂x_1‖₂ (log scale)",
):
    """A decaying quantity over sequences: median line and 10-90 % band on a log axis.

    Parameters
    ----------
    band : ndarray of shape (3, T)
        Low quantile, median and high quantile at t = 1 ... T
        (`rnn_helpers.memory.quantile_band`).
    rate : float, optional
        A fitted per-step factor r; drawn as median(t0) · r^(t - t0) from t0 = `fit_start`.
    threshold : float, optional
        Drawn as a horizontal line.
    """
    ax = _axes(ax)
    lo, mid, hi = (_positive_or_nan(b) for b in band)
    t = np.arange(1, len(mid) + 1)
    ax.fill_between(t, lo, hi, color=PALETTE["sky"], alpha=0.35, lw=0, label="10–90 % of sequences")
    ax.plot(t, mid, color=PALETTE["blue"], marker="o", ms=3, label=label)
    if rate is not None:
        fit = mid[fit_start - 1] * rate ** (t - fit_start)
        label_fit = f"fit: factor {rate:.2f} per step"
        ax.plot(t, fit, color=PALETTE["vermillion"], ls="--", label=label_fit)
    if threshold is not None:
        ax.axhline(threshold, color="grey", ls=":", lw=1.5, label=f"threshold {threshold:g}")
    _log_y(ax, subs=(1.0,))
    ax.set(xlabel="time step t", ylabel=ylabel, title=title)
    ax.legend(loc="upper right", fontsize=9)
    return ax


def plot_input_and_states(x, h, title: str = "Hidden state over time"):
    """Input of one sequence above, its hidden states as a heatmap below (shared time axis).

    Parameters
    ----------
    x : ndarray of shape (T,) or (T, D)
        The inputs x_1 ... x_T of one sequence.
    h : ndarray of shape (T, H)
        Its hidden states h_1 ... h_T (``h[n]`` of an `rnn_forward` result).

    Returns
    -------
    axes : (Axes, Axes)
        The input axes and the heatmap axes.
    """
    _, (ax_x, ax_h) = plt.subplots(
        2, 1, figsize=(8, 5), sharex=True, height_ratios=(1, 3), layout="constrained"
    )
    x = np.asarray(x).reshape(len(x), -1)
    t = np.arange(1, len(x) + 1)
    for d in range(x.shape[1]):
        ax_x.step(t, x[:, d], where="mid", color=CYCLE[d % len(CYCLE)], label=f"x_t[{d}]")
    ax_x.set(ylabel="input x_t", title=title)
    plot_hidden_states(h, ax=ax_h, title="")
    return ax_x, ax_h
