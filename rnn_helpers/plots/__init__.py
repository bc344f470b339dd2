"""Plotting: one colour-blind-safe palette and style for every figure of the course.

Every plotting function takes data computed elsewhere (by a tested function), draws on an `Axes`
(a new one when ``ax=None``) and returns it. Nothing here computes what it shows. Topic-specific
figures live in submodules (``rnn_helpers.plots.memory`` and so on); the palette, the style and
the shared figures live here.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

# Okabe & Ito (2008) colours, distinguishable with every common colour-vision deficiency.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
COLORS = list(PALETTE.values())
DIVERGING_CMAP = "RdBu_r"  # for values around 0, e.g. tanh states in (-1, 1)
SEQUENTIAL_CMAP = "cividis"

STYLE = {
    "axes.prop_cycle": mpl.cycler(color=COLORS),
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "image.cmap": SEQUENTIAL_CMAP,
}


def use_course_style() -> None:
    """Set the course's matplotlib style: palette, sizes, and a modest dpi for small notebooks."""
    mpl.rcParams.update(STYLE)


def _axes(ax):
    return plt.subplots()[1] if ax is None else ax


def plot_hidden_states(h: np.ndarray, ax=None, title: str = "Hidden state over time", vmax=None):
    """Heatmap of one sequence's hidden states: units down, time steps across.

    Parameters
    ----------
    h : ndarray of shape (T, H)
        Hidden states h_1 ... h_T of one sequence (``h[n]`` of an `rnn_forward` result).
    ax : matplotlib Axes, optional
    title : str
    vmax : float, optional
        Colour range is (-vmax, vmax); defaults to 1 (the range of tanh) or max |h|.

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    h = np.asarray(h)
    if h.ndim != 2:
        raise ValueError(f"h must be a 2-D array of shape (T, H), got shape {h.shape}")
    vmax = vmax or max(1.0, float(np.abs(h).max()))
    im = ax.imshow(
        h.T,
        aspect="auto",
        cmap=DIVERGING_CMAP,
        vmin=-vmax,
        vmax=vmax,
        interpolation="nearest",
        extent=(0.5, h.shape[0] + 0.5, h.shape[1] - 0.5, -0.5),
    )
    ax.figure.colorbar(im, ax=ax, label="activation")
    ax.set(xlabel="time step t", ylabel="hidden unit", title=title)
    ax.grid(False)
    return ax
