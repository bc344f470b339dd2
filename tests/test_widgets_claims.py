"""Notebook 09's widget, driven headlessly: set the controls, assert on the data behind the figure."""

import time

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers import init_rnn_params
from rnn_helpers.claims import position_influence
from rnn_helpers.widgets._core import figure_png
from rnn_helpers.widgets.claims import ROW, SEED, draw_reach, reach, reach_explorer


def test_defaults_match_the_notebooks_figure():
    ui, state = reach_explorer()
    conv = state["influence"]["convolutions alone"]
    both = state["influence"]["convolutions, then an RNN"]
    assert np.flatnonzero(conv).tolist() == list(range(13, 20))  # 3 layers of width 3: p ± 3
    assert np.flatnonzero(both).tolist() == list(range(20))  # every position up to p + 3
    assert state["receptive_field"] == (13, 19)
    assert state["reached"] == {"convolutions alone": 7, "convolutions, then an RNN": 20}


def test_moving_the_controls_recomputes_the_reach():
    ui, state = reach_explorer()
    c = controls(ui)
    c["convolution layers"].value = 2
    c["kernel width"].value = 5
    c["output position p"].value = 2  # near the edge: the field is cut off at 0
    assert state["receptive_field"] == (0, 6)
    assert np.flatnonzero(state["influence"]["convolutions alone"]).tolist() == list(range(7))
    assert np.flatnonzero(state["influence"]["convolutions, then an RNN"]).tolist() == list(
        range(7)
    )
    c["RNN after the convolutions"].value = False
    assert list(state["influence"]) == ["convolutions alone"]


def test_receptive_field_grows_by_the_half_width_per_layer():
    for layers in range(1, 7):
        data = reach(layers, 3, 16, rnn=False)
        assert data["reached"]["convolutions alone"] == 2 * layers + 1


def test_callback_is_fast():
    draw_reach()  # warm up
    start = time.process_time()  # CPU time: waiting for a core on a busy machine is not counted
    fig, _ = draw_reach(6, 7, 20, True)
    figure_png(fig)
    assert time.process_time() - start < 0.5  # about 0.1 s measured under load


def test_widget_data_is_the_tested_function():
    data = reach(2, 5, ROW - 1)
    x_row, kernels, params = _inputs(2, 5, rnn=True)
    expected = position_influence(x_row, kernels, ROW - 1, params)
    np.testing.assert_array_equal(data["influence"]["convolutions, then an RNN"], expected)


def _inputs(layers, width, rnn=False):
    rng = np.random.default_rng(SEED)
    kernels = [rng.normal(size=width) for _ in range(layers)]
    x_row = rng.normal(size=ROW)
    return x_row, kernels, (init_rnn_params(D=1, H=8, O=1, rng=rng) if rnn else None)


def _drawn(fig):
    """Each visible line's label and data, the y limits and the title."""
    ax = fig.axes[0]
    lines = {
        line.get_label(): (np.asarray(line.get_xdata()), np.asarray(line.get_ydata()))
        for line in ax.lines
        if line.get_visible()
    }
    return lines, ax.get_ylim(), ax.get_title()


@pytest.mark.parametrize("rnn", [True, False])
def test_updating_in_place_draws_what_a_new_figure_draws(rnn):
    import matplotlib.pyplot as plt

    fig, _ = draw_reach(1, 3, 2, rnn=not rnn)  # another setting first, with the other switch
    fig, data = draw_reach(4, 5, 25, rnn=rnn, fig=fig)
    fresh, _ = draw_reach(4, 5, 25, rnn=rnn)
    (lines, ylim, title), (want, want_ylim, want_title) = _drawn(fig), _drawn(fresh)
    assert lines.keys() == want.keys() == {*data["influence"], "output position p"}
    for label, (x, y) in want.items():
        np.testing.assert_array_equal(lines[label][0], x)
        np.testing.assert_array_equal(lines[label][1], y)
    assert ylim == want_ylim and title == want_title
    assert lines["output position p"][0].tolist() == [25, 25]
    plt.close("all")
