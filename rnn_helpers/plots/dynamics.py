"""Figures for notebook 05 (vanishing and exploding gradients).

Each function draws data computed elsewhere (`rnn_helpers.dynamics`, `rnn_helpers.cliff`,
`rnn_helpers.longrange`) on an `Axes` (a new one when ``ax=None``) and returns the Axes.
Norms that shrink or grow geometrically are drawn on a log axis, where they are straight lines.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects

from . import CYCLE, PALETTE, SEQUENTIAL_CMAP, _axes, _log_y
from .experiments import plot_seed_curves

ACTIVATION_COLORS = {"tanh": PALETTE["blue"], "relu": PALETTE["vermillion"]}


NORM_LABEL = r"$\Vert\partial h_T/\partial h_{T-k}\Vert_2$"


def plot_norms_vs_lag(
    curves: dict,
    ax=None,
    bounds: dict | None = None,
    title: str = "How far a gradient travels back",
    ylabel: str = NORM_LABEL + " (log scale)",
    colors=None,
):
    """Norms against the lag k = 0, 1, ... on a log axis, one line per curve.

    Parameters
    ----------
    curves : dict of label to ndarray of shape (K,)
        E.g. ``{"g = 0.9": norms}`` with ``norms[k]`` at lag k.
    bounds : dict of label to ndarray of shape (K,), optional
        Drawn dashed in the colour of the curve with the same label.
    colors : list of str, optional
        One colour per curve; the course palette by default.
    """
    ax = _axes(ax)
    colors = colors or CYCLE
    for i, (label, norms) in enumerate(curves.items()):
        color = colors[i % len(colors)]
        ax.plot(np.arange(len(norms)), norms, color=color, label=label)
        if bounds and label in bounds:
            ax.plot(np.arange(len(bounds[label])), bounds[label], color=color, ls="--", lw=1)
    if bounds:
        ax.plot([], [], color="grey", ls="--", lw=1, label="bound ‖W_hh‖₂^k")
    _log_y(ax, subs=(1.0,))
    ax.set(xlabel="lag k = T − t (steps back)", ylabel=ylabel, title=title)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    return ax


def plot_slopes_vs_scale(
    gains,
    slopes: dict,
    crossings: dict | None = None,
    ax=None,
    title: str = "Where vanishing turns into exploding",
):
    """Median log-norm slope against the gain g of W_hh = g Q, with the seeds' range shaded.

    Parameters
    ----------
    gains : ndarray of shape (R,)
    slopes : dict of label to ndarray of shape (R, S)
        From `rnn_helpers.dynamics.slopes_vs_scale`.
    crossings : dict of label to float, optional
        g where the median slope crosses zero; marked on the axis.
    """
    ax = _axes(ax)
    for i, (label, s) in enumerate(slopes.items()):
        color = CYCLE[i % len(CYCLE)]
        ax.fill_between(gains, s.min(axis=1), s.max(axis=1), color=color, alpha=0.2, lw=0)
        ax.plot(gains, np.median(s, axis=1), "o-", color=color, ms=4, label=label)
        if crossings and label in crossings:
            ax.axvline(crossings[label], color=color, ls=":", lw=1.5)
            ax.text(
                crossings[label],
                0.04,
                f" g* = {crossings[label]:.2f}",
                color=color,
                fontsize=9,
                transform=ax.get_xaxis_transform(),
            )
    ax.axhline(0, color="grey", lw=1)
    ax.set(
        xlabel="gain g of W_hh = gQ (‖W_hh‖₂ = spectral radius = g)",
        ylabel=r"slope of $\ln\Vert\partial h_T/\partial h_{T-k}\Vert$" + "\n(per step back)",
        title=title,
    )
    ax.legend(loc="upper left", fontsize=9)
    return ax


def plot_error_surface(
    w_values, b_values, E, ax=None, cliff=None, title: str = "Error surface E(w, b) after 50 steps"
):
    """E over (w, b) as an image, with the analytic cliff line b_c(w) on top.

    Parameters
    ----------
    w_values : ndarray of shape (W,)
    b_values : ndarray of shape (B,)
    E : ndarray of shape (B, W)
        From `rnn_helpers.cliff.error_surface`.
    cliff : (ndarray, ndarray), optional
        (w, b_c(w)) of the analytic wall.
    """
    ax = _axes(ax)
    im = ax.imshow(
        E,
        origin="lower",
        aspect="auto",
        cmap=SEQUENTIAL_CMAP,
        extent=(w_values[0], w_values[-1], b_values[0], b_values[-1]),
    )
    ax.figure.colorbar(im, ax=ax, label="error E = (σ(u₅₀) − 0.7)²")
    if cliff is not None:
        ax.plot(
            *cliff, color=PALETTE["vermillion"], ls="--", lw=1.5, label="b_c(w) = 0.5 − w σ(0.5)"
        )
        ax.legend(loc="upper right", fontsize=9)
    ax.set(
        xlim=(w_values[0], w_values[-1]),
        ylim=(b_values[0], b_values[-1]),
        xlabel="recurrent weight w",
        ylabel="bias b",
        title=title,
    )
    ax.grid(False)
    return ax


def plot_error_slice(b_values, E, b_c: float, ax=None, title: str = "A slice at w = 5"):
    """E along b at one w, with the analytic wall position marked."""
    ax = _axes(ax)
    ax.plot(b_values, E, color=PALETTE["blue"], label="E(5, b)")
    ax.axvline(b_c, color=PALETTE["vermillion"], ls="--", lw=1.5, label=f"b_c = {b_c:.3f}")
    ax.set(xlabel="bias b", ylabel="error E", title=title)
    ax.legend(loc="upper right", fontsize=9)
    return ax


def plot_descent_paths(path, ax, color: str, label: str, every: int = 1, edge: str | None = None):
    """Overlay gradient-descent trajectories (w, b) on an error-surface Axes: start o, end X.

    Parameters
    ----------
    path : ndarray of shape (steps + 1, S, 2)
        From `rnn_helpers.cliff.gradient_descent` (a few starts S).
    color : str
        Colour of the paths and of the start markers' edge.
    edge : str, optional
        Colour of an outline drawn around each path, so that it stays visible on any part
        of the colormap (for example ``color="white", edge="black"``).
    """
    effects = None
    if edge is not None:
        effects = [patheffects.Stroke(linewidth=2.6, foreground=edge), patheffects.Normal()]
    for s in range(path.shape[1]):
        ax.plot(
            path[::every, s, 0],
            path[::every, s, 1],
            ".-",
            color=color,
            ms=2,
            lw=1.0 if edge is not None else 0.8,
            path_effects=effects,
            label=label if s == 0 else None,
        )
        ax.plot(*path[0, s], "o", color="white", mec=edge or color, ms=5)
        ax.plot(
            *path[-1, s],
            "X",
            color=PALETTE["vermillion"],
            mec="white",
            ms=8,
            label="end after the last step" if s == 0 else None,
        )
    ax.legend(loc="upper right", fontsize=9)
    return ax


def plot_descent_by_arm(w_values, b_values, E, paths: dict, axes=None, n_paths: int = 6):
    """One error-surface panel per arm, with the first `n_paths` descent paths of that arm on it.

    Parameters
    ----------
    w_values, b_values, E : ndarray of shapes (W,), (B,) and (B, W)
        The surface, as in `plot_error_surface`.
    paths : dict of label to ndarray of shape (steps + 1, S, 2)
        E.g. ``{"without clipping": run.path}`` from `rnn_helpers.cliff.gradient_descent`. The
        label becomes the panel's title.
    axes : sequence of Axes, optional
        One per arm; a new row of panels when None.
    n_paths : int
        How many of the S paths of each arm to draw (the first ones).

    Returns
    -------
    axes : ndarray of Axes, one per arm
    """
    if axes is None:
        _, axes = plt.subplots(1, len(paths), figsize=(6 * len(paths), 3.8), squeeze=False)
        axes = axes[0]
    for ax, (title, path) in zip(axes, paths.items()):
        plot_error_surface(w_values, b_values, E, ax=ax, title=title)
        label = f"{min(n_paths, path.shape[1])} of the {path.shape[1]} runs"
        plot_descent_paths(path[:, :n_paths], ax, "white", label, edge="black")
    return axes


def plot_curves_by_length(
    steps: dict,
    curves: dict,
    *,
    baseline: float,
    threshold: float,
    budget: int,
    axes=None,
    ylim=(0.0, 0.3),
):
    """Learning curves over seeds: one panel per sequence length T, one colour per activation.

    Parameters
    ----------
    steps : dict of (activation, T) to ndarray of shape (P,)
        Updates at each measurement of that cell.
    curves : dict of (activation, T) to ndarray of shape (k, P)
        Every seed's test MSE, e.g. from `rnn_helpers.sweeps.field_by_seed`. Only the activations
        of `ACTIVATION_COLORS` ("tanh", "relu") are drawn; other keys (e.g. "irnn") are skipped.
    baseline : float
        The constant prediction's MSE, dashed.
    threshold : float
        The success criterion, dotted.
    budget : int
        A vertical line at this number of updates.
    axes : sequence of Axes, optional
        One per T (in increasing order); a new row of panels when None.

    Returns
    -------
    axes : ndarray of Axes, one per T
    """
    keys = [key for key in curves if key[0] in ACTIVATION_COLORS]
    lengths = sorted({T for _, T in keys})
    if axes is None:
        _, axes = plt.subplots(
            1, len(lengths), figsize=(4 * len(lengths), 4), sharey=True, layout="constrained"
        )
        axes = np.atleast_1d(axes)
    for ax, T in zip(axes, lengths):
        for a, color in ACTIVATION_COLORS.items():
            if (a, T) in curves:
                plot_seed_curves(
                    steps[a, T],
                    curves[a, T],
                    ax,
                    label=a,
                    color=color,
                    baseline=baseline,
                    threshold=threshold,
                    budget=budget,
                    title=f"T = {T}",
                )
        ax.set(ylim=ylim, xlim=(0, max(steps[k][-1] for k in keys)))
    for ax in axes[1:]:
        ax.get_legend().remove()
        ax.set_ylabel("")  # the axis is shared: the first panel's label says it
    axes[0].legend(loc="upper right", fontsize=11)
    axes[0].set_ylabel(f"test MSE (dashed: {baseline:.3f}, dotted: {threshold:g})")
    return axes


def plot_grad_norm_traces(
    traces: dict, ax=None, clip: float | None = None, title: str = "Gradient norm during training"
):
    """Global gradient norm (before clipping) per update, on a log axis.

    Parameters
    ----------
    traces : dict of label to ndarray of shape (steps,)
        Labels starting with "tanh" or "relu" get `ACTIVATION_COLORS`.
    clip : float, optional
        The clipping threshold, drawn as a grey line: steps above it were shortened to it.
    """
    ax = _axes(ax)
    for i, (label, g) in enumerate(traces.items()):
        color = ACTIVATION_COLORS.get(label.split(",")[0].lower(), CYCLE[i % len(CYCLE)])
        ax.plot(np.arange(1, len(g) + 1), g, color=color, lw=1, label=label)
    if clip is not None:
        ax.axhline(clip, color="grey", ls="--", lw=1, label=f"clipping threshold {clip:g}")
    _log_y(ax, subs=(1.0,))
    ax.set(xlabel="update", ylabel="‖∇L‖ before clipping (log)", title=title)
    ax.legend(loc="upper right", fontsize=9)
    return ax
