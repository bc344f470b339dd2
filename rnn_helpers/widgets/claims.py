"""Notebook 09's widget: how far an output reaches along a row, with and without an RNN.

Sliders for the number of convolution layers, their width and the output position redraw
|∂y_p/∂x_i| for every input position i (`rnn_helpers.claims.position_influence`), for the
convolutions alone and for the same convolutions followed by an RNN that reads the row left to
right. The weights are drawn once per setting from a fixed seed, so every setting is repeatable.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..claims import position_influence
from ..plots.claims import plot_position_influence, update_position_influence
from ..rnn import init_rnn_params
from ._core import choice_slider, int_slider, live_figure, redraw_in_place

ROW = 32  # pixels in the row
SEED = 1


def reach(layers: int, width: int, position: int, rnn: bool = True) -> dict:
    """Everything the widget shows for one setting.

    Returns
    -------
    dict with
        ``influence`` : dict of label to (ROW,) |∂y_p/∂x_i| per model;
        ``receptive_field`` : (first, last) input positions a convolution output can see;
        ``reached`` : dict of label to the number of positions with a non-zero influence.
    """
    rng = np.random.default_rng(SEED)
    kernels = [rng.normal(size=width) for _ in range(layers)]
    x_row = rng.normal(size=ROW)
    influence = {"convolutions alone": position_influence(x_row, kernels, position)}
    if rnn:
        params = init_rnn_params(D=1, H=8, O=1, rng=rng)
        influence["convolutions, then an RNN"] = position_influence(
            x_row, kernels, position, params
        )
    r = layers * (width // 2)
    return {
        "influence": influence,
        "receptive_field": (max(position - r, 0), min(position + r, ROW - 1)),
        "reached": {k: int(np.count_nonzero(v)) for k, v in influence.items()},
    }


def draw_reach(layers=3, width=3, position=16, rnn=True, fig=None):
    """Draw the influence of every input position on the output at `position`; (fig, data).

    With `fig` from an earlier call, its lines, limits and title are updated in place (about a
    third faster than a new figure).
    """
    data = reach(layers, width, position, rnn)
    counts = ", ".join(f"{k}: {n}" for k, n in data["reached"].items())
    title = f"Positions that reach p = {position}: {counts}"
    if fig is None:
        fig, ax = plt.subplots(figsize=(9.5, 3.6))
        shown = data["influence"] if rnn else reach(layers, width, position, True)["influence"]
        plot_position_influence(shown, position, ax=ax, title=title, mark_zeros=False)
        fig.subplots_adjust(left=0.1, right=0.68, bottom=0.15, top=0.88)
    update_position_influence(fig.axes[0], data["influence"], position, title)
    return fig, data


def reach_explorer():
    """Sliders for layers, kernel width and output position, and an RNN on/off switch."""
    controls = {
        "layers": int_slider(3, 1, 6, "convolution layers"),
        "width": choice_slider([3, 5, 7], 3, "kernel width"),
        "position": int_slider(16, 0, ROW - 1, "output position p"),
        "rnn": widgets.Checkbox(value=True, description="RNN after the convolutions"),
    }
    return live_figure(redraw_in_place(draw_reach), controls, columns=2)
