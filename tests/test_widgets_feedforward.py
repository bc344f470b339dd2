"""Notebook 01's widget, driven headlessly: set slider values, assert on the data behind the figure."""

import pytest

pytest.importorskip("ipywidgets")

from rnn_helpers.feedforward import rnn_param_count
from rnn_helpers.widgets.feedforward import draw_param_counts, param_count_explorer


def sliders(ui):
    return {s.description: s for row in ui.children[:-1] for s in row.children}


def test_defaults_show_the_character_model():
    ui, state = param_count_explorer()
    assert state["rnn"] == rnn_param_count(65, 128, 65) == 33_217
    assert state["unrolled"] == 50 * 33_217
    assert set(sliders(ui)) == {
        "input size D",
        "hidden size H",
        "output size O",
        "sequence length T",
    }


def test_moving_T_changes_only_the_untied_count():
    ui, state = param_count_explorer()
    before = state["rnn"]
    sliders(ui)["sequence length T"].value = 120
    assert state["rnn"] == before
    assert state["unrolled"] == 120 * before and state["ratio"] == pytest.approx(120)


def test_moving_H_changes_both_and_W_hh_grows_as_H_squared():
    ui, state = param_count_explorer()
    sliders(ui)["hidden size H"].value = 256
    assert state["rnn"] == rnn_param_count(65, 256, 65)
    assert state["breakdown"]["W_hh"] == 256 * 256
    assert state["W_hh_share"] == pytest.approx(256**2 / state["rnn"])


@pytest.mark.parametrize(("D", "H", "O", "T"), [(1, 1, 1, 1), (300, 512, 300, 200)])
def test_extreme_slider_values_draw(D, H, O, T):
    fig, data = draw_param_counts(D, H, O, T)
    assert data["unrolled"] == T * data["rnn"]
    assert sum(data["breakdown"].values()) == data["rnn"]
