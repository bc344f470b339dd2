"""Notebook 00's widget, driven headlessly: set slider values, assert on the data behind the figure."""

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers.widgets import one_unit_step, one_unit_step_explorer


def test_defaults_draw_the_worked_example():
    ui, state = one_unit_step_explorer()
    assert state["h_t"] == pytest.approx(np.tanh(0.5 * 1.0 + 1.0 * 0.5))


def test_moving_sliders_recomputes_the_step():
    ui, state = one_unit_step_explorer()
    s = controls(ui)
    s["input x_t"].value = -2.0
    s["bias b"].value = 0.5
    assert state["a_t"] == pytest.approx(0.5 * -2.0 + 1.0 * 0.5 + 0.5)
    assert state["h_t"] == pytest.approx(np.tanh(state["a_t"]))


@pytest.mark.parametrize("x_t", [-3.0, 3.0])
def test_extremes_saturate_but_stay_finite(x_t):
    data = one_unit_step(x_t, h_prev=1.0 * np.sign(x_t), w_xh=2.0, w_hh=2.0, b=2.0 * np.sign(x_t))
    assert 0.999 < abs(data["h_t"]) < 1.0


def test_static_figure_draws_the_worked_example():
    import matplotlib.pyplot as plt

    from rnn_helpers.widgets.start import draw_one_unit_step

    fig, data = draw_one_unit_step()
    assert data["a_t"] == 1.0 and data["h_t"] == pytest.approx(np.tanh(1.0))
    dot = fig.axes[0].lines[-1]
    assert (dot.get_xdata()[0], dot.get_ydata()[0]) == (data["a_t"], data["h_t"])
    plt.close(fig)
