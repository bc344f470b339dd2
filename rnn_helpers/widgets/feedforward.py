"""Notebook 01's widget: parameter counts of an RNN and of its untied unrolled network."""

from __future__ import annotations

import matplotlib.pyplot as plt

from ..feedforward import param_counts_vs_T, rnn_param_breakdown
from ..plots.feedforward import plot_param_counts
from ._core import int_slider, live_figure

T_MAX = 200


def draw_param_counts(D: int = 65, H: int = 128, O: int = 65, T: int = 50):
    """Both counts against T, with the RNN's count array by array in a box; return (fig, data).

    `data` holds ``rnn`` and ``unrolled`` (the counts at this T), their ``ratio``, the
    ``breakdown`` dict and the ``W_hh_share`` of the RNN's parameters.
    """
    counts = param_counts_vs_T(D, H, O, max(T_MAX, T))
    breakdown = rnn_param_breakdown(D, H, O)
    rnn, unrolled = int(counts["rnn"][T - 1]), int(counts["unrolled"][T - 1])
    fig, ax = plt.subplots(figsize=(8.5, 3.5))
    fig.subplots_adjust(left=0.09, right=0.75, bottom=0.15, top=0.9)  # fixed: faster than tight
    plot_param_counts(
        counts, T=T, breakdown=breakdown, ax=ax, title=f"RNN vs untied network, D={D}, H={H}, O={O}"
    )
    data = {
        "D": D,
        "H": H,
        "O": O,
        "T": T,
        "rnn": rnn,
        "unrolled": unrolled,
        "ratio": unrolled / rnn,
        "breakdown": breakdown,
        "W_hh_share": breakdown["W_hh"] / rnn,
    }
    return fig, data


def param_count_explorer(D: int = 65, H: int = 128, O: int = 65, T: int = 50):
    """Sliders for D, H, O and T; returns (ui, state) with the counts behind the figure."""
    controls = {
        "D": int_slider(D, 1, 300, "input size D"),
        "H": int_slider(H, 1, 512, "hidden size H"),
        "O": int_slider(O, 1, 300, "output size O"),
        "T": int_slider(T, 1, T_MAX, "sequence length T"),
    }
    return live_figure(draw_param_counts, controls, columns=2)
