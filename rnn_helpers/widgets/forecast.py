"""Notebook 06's widget: choose the horizon and the window length, see the forecasts and errors.

For each choice, AR(L) on the differences is refitted on the training part (a least-squares fit
of L coefficients, well under a millisecond) and the trained many-to-many RNN reads the last L
differences from a zero state; both forecast every test month h months ahead.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..forecast import Step, ar_fitted_step, forecasts_at_horizon
from ..plots.forecast import plot_forecasts, update_forecasts
from ._core import int_slider, live_figure


def draw_forecast(
    y: np.ndarray,
    months: np.ndarray,
    n_train: int,
    n_test: int,
    rnn_step: Step,
    horizon: int,
    window: int,
    fig=None,
):
    """One figure: the truth and both methods' `horizon`-month-ahead forecasts on the test part.

    Returns (fig, data) with data from `forecasts_at_horizon` plus ``horizon`` and ``window``.
    With `fig` from an earlier call, redraw it in place, which is faster.
    """
    methods = {
        f"AR({window}) on differences": (
            ar_fitted_step(y[:n_train], window, differenced=True),
            window + 1,
        ),
        f"RNN many-to-many, last {window} difference{'s' if window > 1 else ''}": (
            rnn_step,
            window + 1,
        ),
    }
    data = forecasts_at_horizon(y, n_test, horizon, methods)
    data |= {"horizon": horizon, "window": window}
    ar, rnn = data["mae"].values()
    title = f"h = {horizon}, L = {window}: test MAE  AR {ar:.2f} ppm,  RNN {rnn:.2f} ppm"
    if fig is None:
        fig, ax = plt.subplots(figsize=(8, 3.8))
        fig.subplots_adjust(left=0.11, right=0.98, bottom=0.14, top=0.9)  # fixed layout: fast
        plot_forecasts(months[data["targets"]], data["truth"], data["forecasts"], ax)
    update_forecasts(fig.axes[0], data["truth"], data["forecasts"], title)
    return fig, data


def forecast_explorer(
    y: np.ndarray,
    months: np.ndarray,
    n_train: int,
    n_test: int,
    rnn_step: Step,
    *,
    horizon: int = 6,
    window: int = 24,
    max_window: int = 36,
):
    """Sliders for the horizon (1-12 months) and the window L (1 ... max_window); (ui, state).

    Parameters
    ----------
    y, months : ndarrays of shape (T,)
        The series (ppm) and its months.
    n_train, n_test : int
        The training part (for fitting AR(L)) and the test part (scored).
    rnn_step : callable
        A trained network's one-step function for the levels, reading windows of any length.
    """
    controls = {
        "horizon": int_slider(horizon, 1, 12, "horizon h (months)"),
        "window": int_slider(window, 1, max_window, "window L (differences)"),
    }

    figures = []  # one figure, built once and then redrawn in place

    def draw(horizon, window):
        fig, data = draw_forecast(
            y, months, n_train, n_test, rnn_step, horizon, window, figures[0] if figures else None
        )
        figures[:] = [fig]
        return fig, data

    return live_figure(draw, controls)
