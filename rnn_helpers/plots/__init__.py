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
from matplotlib import ticker

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
CYCLE = [c for c in COLORS if c != PALETTE["yellow"]]  # line colours in order (yellow is too pale)
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


_PLAIN = ticker.FuncFormatter(lambda v, _: f"{v:g}")  # 0.01 rather than mathtext 10^-2: fast


def _log_y(ax, values=None, *, subs=(1.0, 2.0, 5.0), ticks=None) -> None:
    """A logarithmic y axis with plain tick labels (no mathtext, which is slow to render).

    Major ticks at ``subs`` times each power of ten (0.01, 0.02, 0.05, ... by default; pass
    ``subs=(1.0,)`` for decades only), or exactly at `ticks` when given. With `values`, the lower
    limit is moved down to the next 1-2-5 tick below their minimum, so that the lowest curve
    always has a labelled tick under it.
    """
    ax.set_yscale("log")
    if values is not None:
        low = float(np.nanmin(values))
        if low > 0 and np.isfinite(low):
            decade = 10.0 ** np.floor(np.log10(low))
            ax.set_ylim(bottom=max(m * decade for m in (1, 2, 5) if m * decade <= low))
    locator = ticker.FixedLocator(ticks) if ticks is not None else ticker.LogLocator(subs=subs)
    ax.yaxis.set_major_locator(locator)
    ax.yaxis.set_major_formatter(_PLAIN)
    ax.yaxis.set_minor_locator(ticker.NullLocator())  # fewer ticks: faster widget redraws


def _log2_x(ax, ticks) -> None:
    """A base-2 logarithmic x axis with a labelled tick at each value of `ticks` and no others."""
    ticks = list(ticks)
    ax.set_xscale("log", base=2)
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.xaxis.set_minor_locator(ticker.NullLocator())


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
