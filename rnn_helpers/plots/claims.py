"""Figures for notebook 09 (every claim checked).

Each function draws data computed by `rnn_helpers.claims` on an `Axes` (a new one when
``ax=None``) and returns the Axes.
"""

from __future__ import annotations

import numpy as np

from . import CYCLE, _axes, _log_y


def plot_position_influence(
    influences: dict,
    position: int,
    ax=None,
    title: str = "Which input positions move the output at p",
):
    """|∂y_p/∂x_i| against the input position i, one line of markers per model, on a log axis.

    Parameters
    ----------
    influences : dict of label to ndarray of shape (T,)
        From `rnn_helpers.claims.position_influence`; zeros (no influence at all) are left out
        and marked along the bottom of the axes instead.
    position : int
        p, drawn as a vertical line.
    """
    ax = _axes(ax)
    positive = np.concatenate([v[v > 0] for v in influences.values()])
    floor = 10.0 ** np.floor(np.log10(positive.min())) / 10
    for i, (label, values) in enumerate(influences.items()):
        i_pos = np.arange(len(values))
        color = CYCLE[i % len(CYCLE)]
        reached = values > 0
        ax.plot(i_pos[reached], values[reached], "o-", ms=4, color=color, label=label)
        ax.plot(
            i_pos[~reached],
            np.full((~reached).sum(), floor * (1.6 + i)),
            "x",
            color=color,
            ms=5,
            label=f"{label}: no influence at all",
        )
    ax.axvline(position, color="grey", ls=":", lw=1.5, label=f"output position p = {position}")
    _log_y(ax, subs=(1.0,))
    ax.set_ylim(bottom=floor)
    ax.set(xlabel="input position i", ylabel="|∂y_p/∂x_i| (log scale)", title=title)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    return ax
