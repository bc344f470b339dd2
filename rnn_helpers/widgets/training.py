"""Notebook 04's widget: choose a truncation window and see how training with it went.

The runs are computed beforehand (`rnn_helpers.training.compare_windows`), so moving the slider
only redraws: every callback is a plot of stored numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt

from ..plots.training import plot_window_runs
from ._core import choice_slider, live_figure


def window_summary(runs: Sequence, window: int) -> dict:
    """The numbers behind the figure for one window: its settled loss, full BPTT's, and the cost.

    Parameters
    ----------
    runs : sequence of WindowRun
        From `compare_windows`; the longest window is full BPTT.
    window : int
        One of the runs' windows.

    Returns
    -------
    dict
        ``window``, ``updates``, ``settled_loss``, ``full_settled_loss``, ``final_loss`` and
        ``time_ratio`` (this window's training time over full BPTT's; machine-dependent).
    """
    by_window = {r.window: r for r in runs}
    if window not in by_window:
        raise ValueError(f"window must be one of {sorted(by_window)}, got {window!r}")
    run, full = by_window[window], by_window[max(by_window)]
    return {
        "window": window,
        "updates": run.updates,
        "settled_loss": run.settled_loss,
        "final_loss": run.final_loss,
        "full_settled_loss": full.settled_loss,
        "time_ratio": run.seconds / full.seconds if full.seconds > 0 else float("nan"),
    }


def draw_truncation(
    runs: Sequence, window: int, delay: int | None = None, baseline: float | None = None
):
    """The chosen window's test-loss curve (red) against the other windows (grey) and full BPTT.

    One panel only, so that a redraw stays fast; the settled losses of all windows are a separate
    static figure in the notebook. Returns (fig, data) with data from `window_summary`.
    """
    data = window_summary(runs, window)
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    fig.subplots_adjust(left=0.11, right=0.97, bottom=0.14, top=0.9)  # fixed layout: fast
    title = (
        f"Window k = {window}: {data['updates']} updates, settled test loss "
        f"{data['settled_loss']:.3f}"
    )
    if delay is not None:
        title += f" (delay d = {delay})"
    plot_window_runs(runs, ax, highlight=window, baseline=baseline)
    ax.set_title(title, y=1.0)  # a fixed position skips matplotlib's search for a place: faster
    return fig, data


def truncation_explorer(
    runs: Sequence,
    *,
    delay: int | None = None,
    baseline: float | None = None,
    window: int | None = None,
):
    """A slider over the precomputed truncation windows; returns (ui, state).

    Parameters
    ----------
    runs : sequence of WindowRun
        From `compare_windows`.
    delay : int, optional
        The task's dependency length, marked in the figure.
    baseline : float, optional
        The trivial prediction's loss, drawn dashed.
    window : int, optional
        The window shown first (default: the shortest).
    """
    options = sorted(r.window for r in runs)
    control = choice_slider(options, options[0] if window is None else window, "window k")

    def draw(window):
        return draw_truncation(runs, window, delay, baseline)

    return live_figure(draw, {"window": control})
