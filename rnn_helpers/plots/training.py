"""Figures of notebook 04: loss curves, predictions against targets, where the gradient comes
from in time, and truncated against full BPTT.

Every function draws data computed elsewhere (by tested functions), takes ``ax=None`` (a new
figure) and returns the Axes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib import ticker

from . import CYCLE, PALETTE, _axes, _log2_x, _log_y

_BASELINE_COLORS = [PALETTE["vermillion"], PALETTE["purple"], PALETTE["orange"]]


def _baselines(ax, baselines: Mapping[str, float] | None) -> None:
    for (name, value), color in zip((baselines or {}).items(), _BASELINE_COLORS, strict=False):
        ax.axhline(value, ls="--", lw=1.2, color=color, label=f"{name} ({value:.3f})")


def plot_loss_curve(
    losses: np.ndarray,
    ax=None,
    *,
    steps: np.ndarray | None = None,
    label: str | None = None,
    baselines: Mapping[str, float] | None = None,
    logy: bool = True,
    color: str | None = None,
    title: str = "Training loss",
    ylabel: str = "loss (mean squared error)",
    xlabel: str = "update step",
):
    """Loss against update step, with optional horizontal baseline lines.

    Parameters
    ----------
    losses : ndarray of shape (S,)
        One loss per (logged) update.
    ax : matplotlib Axes, optional
    steps : ndarray of shape (S,), optional
        The x values (default 1 ... S).
    label : str, optional
        Legend entry for the curve.
    baselines : dict of str to float, optional
        Reference losses drawn as dashed lines, e.g. ``{"repeat the last value": 0.085}``.
    logy : bool
        Logarithmic loss axis (the default: losses fall by orders of magnitude).
    color : str, optional
    title, ylabel, xlabel : str

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    losses = np.asarray(losses, dtype=float)
    steps = np.arange(1, len(losses) + 1) if steps is None else np.asarray(steps)
    ax.plot(steps, losses, color=color or PALETTE["blue"], lw=1.5, label=label)
    _baselines(ax, baselines)
    if logy:
        _log_y(ax, losses)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if label or baselines:
        ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.92))  # below a top baseline
    return ax


def plot_loss_curves(
    curves: Mapping[str, np.ndarray],
    ax=None,
    *,
    baselines: Mapping[str, float] | None = None,
    title: str = "Training loss",
    ylabel: str = "loss (mean squared error)",
    xlabel: str = "update step",
):
    """Several loss curves on one logarithmic axis, one colour each, with optional baselines.

    Parameters
    ----------
    curves : dict of str to ndarray of shape (S,)
        Legend label -> loss per update, e.g. one curve per optimizer.
    ax : matplotlib Axes, optional
    baselines : dict of str to float, optional
        Reference losses drawn as dashed lines.
    title, ylabel, xlabel : str

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    for (name, losses), color in zip(curves.items(), CYCLE, strict=False):
        ax.plot(np.arange(1, len(losses) + 1), losses, color=color, lw=1.5, label=name)
    _baselines(ax, baselines)
    _log_y(ax, np.concatenate([np.ravel(c) for c in curves.values()]))
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(loc="upper right")
    return ax


def plot_series_prediction(
    inputs: np.ndarray,
    targets: np.ndarray,
    predictions: np.ndarray,
    ax=None,
    *,
    title: str = "Next-value prediction, one test sequence",
):
    """One sequence: what the model read, the values it had to predict, and its predictions.

    Parameters
    ----------
    inputs : ndarray of shape (T,)
        x_0 ... x_{T-1}, drawn at t = 0 ... T-1.
    targets, predictions : ndarray of shape (T,)
        y_t = x_{t+1} and the model's y_hat_t, drawn at t + 1 (where the value occurs).
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    inputs, targets, predictions = (np.ravel(a) for a in (inputs, targets, predictions))
    t = np.arange(len(inputs))
    ax.plot(t, inputs, color="grey", lw=1, label="input x_t (noisy)")
    ax.plot(t + 1, targets, "o", ms=4, color=PALETTE["blue"], label="target: next value")
    ax.plot(t + 1, predictions, color=PALETTE["vermillion"], lw=2, label="RNN prediction")
    values = np.concatenate([inputs, targets, predictions])
    lo, hi = values.min(), values.max()
    # room below the lowest trough for the legend, so it covers no data
    ax.set(
        xlabel="time step t",
        ylabel="value",
        title=title,
        ylim=(lo - 0.4 * (hi - lo), hi + 0.08 * (hi - lo)),
    )
    ax.legend(loc="lower left", ncol=3, fontsize=9)
    return ax


def plot_prediction_scatter(
    targets: np.ndarray,
    predictions: Mapping[str, np.ndarray],
    ax=None,
    *,
    title: str = "Predicted against true next value",
):
    """Scatter of predictions against targets (the diagonal is perfect), one colour per model.

    Parameters
    ----------
    targets : ndarray of shape (M,) or (M, 1)
    predictions : dict of str to ndarray of shape (M,) or (M, 1)
        E.g. ``{"RNN": y_hat, "repeat the last value": x[:, -1]}``.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    targets = np.ravel(targets)
    colors = [PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"]]
    for (name, pred), color in zip(predictions.items(), colors, strict=False):
        ax.plot(targets, np.ravel(pred), "o", ms=3, alpha=0.6, color=color, label=name)
    lim = np.abs(targets).max() * 1.15
    ax.plot([-lim, lim], [-lim, lim], color="black", lw=1, label="perfect")
    ax.set(
        xlim=(-lim, lim),
        ylim=(-lim, lim),
        xlabel="true next value",
        ylabel="predicted next value",
        title=title,
        aspect="equal",
    )
    ax.legend(loc="upper left", fontsize=9)
    return ax


def plot_gradient_by_step(
    norms: np.ndarray,
    ax=None,
    *,
    title: str = "Each step's share of dW_hh",
    color: str | None = None,
    label: str | None = None,
    logy: bool = True,
):
    """Bar chart of the size of each time step's contribution to a weight gradient.

    Parameters
    ----------
    norms : ndarray of shape (T,)
        ||da_t h_{t-1}^T|| for t = 1 ... T (e.g. norms of `gradient_by_step`'s ``dW_hh``).
    ax : matplotlib Axes, optional
    title : str
    color, label : str, optional
    logy : bool
        Logarithmic y axis (the shares often span orders of magnitude).

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    norms = np.asarray(norms, dtype=float)
    ax.bar(np.arange(1, len(norms) + 1), norms, color=color or PALETTE["blue"], label=label)
    if logy:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.set(xlabel="time step t", ylabel="norm of step t's share", title=title)
    return ax


def plot_window_cosines(
    window_lengths: Sequence[int],
    cosines: Mapping[str, Sequence[float]],
    ax=None,
    *,
    delay: int | None = None,
    title: str = "How close is the truncated gradient to the full one?",
):
    """Cosine similarity between truncated and full gradients against the window length.

    Parameters
    ----------
    window_lengths : sequence of int
        The truncation windows k.
    cosines : dict of str to sequence of float
        One curve per situation, e.g. ``{"at initialisation": [...], "after training": [...]}``.
    ax : matplotlib Axes, optional
    delay : int, optional
        The task's dependency length, drawn as a vertical line.
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    colors = [PALETTE["sky"], PALETTE["blue"], PALETTE["green"]]
    for (name, cos), color in zip(cosines.items(), colors, strict=False):
        ax.plot(window_lengths, cos, "o-", color=color, label=name)
    ax.axhline(1, color="grey", lw=0.8)
    if delay is not None:
        ax.axvline(delay, color=PALETTE["green"], lw=1.5, label=f"delay d = {delay}")
    _log2_x(ax, window_lengths)
    ax.set(
        xlabel="window k (time steps back-propagated)",
        ylabel="cosine(truncated, full gradient)",
        title=title,
    )
    ax.legend(loc="lower right")
    return ax


def plot_window_runs(
    runs: Sequence,
    ax=None,
    *,
    highlight: int | None = None,
    baseline: float | None = None,
    title: str = "Loss while training",
):
    """Evaluation loss against passes over the data, one curve per truncation window.

    Parameters
    ----------
    runs : sequence of WindowRun
        From `rnn_helpers.training.compare_windows`.
    ax : matplotlib Axes, optional
    highlight : int, optional
        The window to draw in colour (the others are grey; full BPTT is always black).
    baseline : float, optional
        Loss of the trivial prediction, drawn dashed.
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    full = max(r.window for r in runs)
    for r in runs:
        passes = np.arange(len(r.eval_losses))
        if r.window == highlight and r.window != full:
            ax.plot(
                passes,
                r.eval_losses,
                color=PALETTE["vermillion"],
                lw=2.2,
                zorder=3,
                label=f"window k = {r.window}",
            )
        elif r.window == full:
            ax.plot(
                passes,
                r.eval_losses,
                color="black",
                lw=1.8,
                zorder=2,
                label=f"full BPTT (k = T = {full})",
            )
        else:
            ax.plot(passes, r.eval_losses, color="lightgrey", lw=1, zorder=1)
    if baseline is not None:
        ax.axhline(baseline, ls="--", color=PALETTE["purple"], label=f"predict 0 ({baseline:.2f})")
    _log_y(ax)
    ax.set(xlabel="passes over the training data", ylabel="test loss (MSE)", title=title)
    ax.legend(loc="lower left", fontsize=9)
    return ax


def plot_settled_loss(
    runs: Sequence,
    ax=None,
    *,
    delay: int | None = None,
    highlight: int | None = None,
    baseline: float | None = None,
    title: str = "Where training settles",
):
    """The settled test loss of each truncation window, with the task's delay marked.

    Parameters
    ----------
    runs : sequence of WindowRun
    ax : matplotlib Axes, optional
    delay : int, optional
        The dependency length of the task, drawn as a vertical line.
    highlight : int, optional
        The window to mark.
    baseline : float, optional
        Loss of the trivial prediction, drawn dashed.
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    ks = np.array([r.window for r in runs])
    settled = np.array([r.settled_loss for r in runs])
    ax.plot(ks, settled, "o-", color=PALETTE["blue"], label="mean test loss, last quarter")
    if highlight is not None and highlight in ks:
        i = int(np.flatnonzero(ks == highlight)[0])
        ax.plot([ks[i]], [settled[i]], "o", ms=12, mfc="none", mew=2, color=PALETTE["vermillion"])
    if delay is not None:
        ax.axvline(delay, color=PALETTE["green"], lw=1.5, label=f"delay d = {delay}")
    if baseline is not None:
        ax.axhline(baseline, ls="--", color=PALETTE["purple"], label="predict 0")
    _log2_x(ax, ks)
    _log_y(ax)
    ax.set(xlabel="window k (time steps)", ylabel="test loss (MSE)", title=title)
    ax.legend(loc="lower left", fontsize=9)
    return ax


def plot_divergence_trace(trace, axes=None, title: str = "SGD at lr = 1: what diverges"):
    """Two panels from a `rnn_helpers.training.DivergenceTrace`, against the update.

    Left: log10 of the loss and of ‖W_hh‖₂. Right: log10 of the gradient norm of the recurrent
    weights (W_xh, W_hh, b_h) and of the output layer (W_hy, b_y), an exact 0 drawn as a gap, and
    the share of saturated hidden values (|h| = 1 in float64) on a second axis.

    Returns
    -------
    axes : (Axes, Axes)
    """
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(12, 3.8), layout="constrained")
    ax1, ax2 = axes
    steps = np.arange(1, len(trace.losses) + 1)
    with np.errstate(divide="ignore"):
        ax1.plot(steps, np.log10(trace.losses), color=PALETTE["blue"], label="loss")
        ax1.plot(steps, np.log10(trace.W_hh_norms), color=PALETTE["orange"], label="‖W_hh‖₂")
        recurrent = np.log10(
            np.where(trace.recurrent_grad_norms > 0, trace.recurrent_grad_norms, np.nan)
        )
        ax2.plot(steps, np.log10(trace.output_grad_norms), color=PALETTE["vermillion"],
                 label="output layer ‖∇(W_hy, b_y)‖")  # fmt: skip
    ax2.plot(steps, recurrent, "o-", ms=3, color=PALETTE["green"],
             label="recurrent ‖∇(W_xh, W_hh, b_h)‖ (gap: exactly 0)")  # fmt: skip
    ax1.set(xlabel="update", ylabel="log₁₀ of the value", title=title)
    ax1.legend(loc="upper left", fontsize=9)
    ax2.set(xlabel="update", ylabel="log₁₀ of the gradient norm", title="Where the gradient goes")
    share = ax2.twinx()
    share.plot(steps, trace.saturated, color=PALETTE["black"], ls=":", label="saturated share")
    share.set(ylim=(-0.02, 1.02), ylabel="share of saturated h (dotted)")
    share.grid(False)
    share.spines["right"].set_visible(True)
    ax2.legend(loc="center right", fontsize=9)
    return ax1, ax2
