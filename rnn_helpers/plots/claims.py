"""Figures for notebook 09 (every claim checked).

Each function draws data computed by `rnn_helpers.claims` on an `Axes` (a new one when
``ax=None``) and returns the Axes.
"""

from __future__ import annotations

import numpy as np
from matplotlib import ticker

from . import CYCLE, _axes, _log_y


def plot_position_influence(
    influences: dict,
    position: int,
    ax=None,
    title: str = "Which input positions move the output at p",
    mark_zeros: bool = True,
):
    """|∂y_p/∂x_i| against the input position i, one line of markers per model, on a log axis.

    Parameters
    ----------
    influences : dict of label to ndarray of shape (T,)
        From `rnn_helpers.claims.position_influence`. Zeros (no influence at all) cannot be
        drawn on a log axis; they are left out.
    position : int
        p, drawn as a vertical line.
    mark_zeros : bool
        Mark the positions with no influence at all by crosses along the bottom of the axes
        (the widget leaves them out, to redraw faster).
    """
    ax = _axes(ax)
    positive = np.concatenate([v[v > 0] for v in influences.values()])
    floor = 10.0 ** np.floor(np.log10(positive.min())) / 10
    for i, (label, values) in enumerate(influences.items()):
        at = np.arange(len(values))
        color = CYCLE[i % len(CYCLE)]
        reached = values > 0
        ax.plot(at[reached], values[reached], "o-", ms=4, color=color, label=label)
        if mark_zeros and not reached.all():
            ax.plot(
                at[~reached],
                np.full((~reached).sum(), floor * (1.6 + i)),
                "x",
                color=color,
                ms=5,
                label=f"{label}: no influence at all",
            )
    ax.axvline(position, color="grey", ls=":", lw=1.5, label="output position p")
    _log_y(ax, subs=(1.0,))
    ax.yaxis.set_major_locator(ticker.LogLocator(numticks=6))
    ax.set_ylim(floor, _decade_above(positive.max()))
    ax.set(xlabel="input position i", ylabel="|∂y_p/∂x_i| (log scale)", title=title)
    ax.set_xlim(-1, len(next(iter(influences.values()))))
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    return ax


def _decade_above(value: float) -> float:
    return 10.0 ** np.ceil(np.log10(value))


def update_position_influence(ax, influences: dict, position: int, title: str) -> None:
    """Redraw `plot_position_influence`'s lines in place (drawn with ``mark_zeros=False``).

    `influences` has the labels of the first drawing, or a leading part of them: the lines of
    the labels left out are hidden (their legend entries stay).
    """
    lines = {line.get_label(): line for line in ax.lines}
    positive = np.concatenate([v[v > 0] for v in influences.values()])
    for label, line in lines.items():
        if label in influences:
            values = influences[label]
            reached = values > 0
            line.set_data(np.arange(len(values))[reached], values[reached])
        line.set_visible(label in influences or label == "output position p")
    lines["output position p"].set_xdata([position, position])
    ax.set_ylim(10.0 ** np.floor(np.log10(positive.min())) / 10, _decade_above(positive.max()))
    ax.set_title(title)
