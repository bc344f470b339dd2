"""Notebook 01's widget, driven headlessly: set slider values, assert on the data behind the figure."""

import pytest

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers.feedforward import rnn_param_count, unrolled_param_count
from rnn_helpers.widgets.feedforward import draw_param_counts, param_count_explorer


def test_defaults_show_the_character_model():
    ui, state = param_count_explorer()
    assert state["rnn"] == rnn_param_count(65, 128, 65) == 33_217
    assert state["rnn"] == 128 * 65 + 128 * 128 + 128 + 65 * 128 + 65  # H·D + H² + H + O·H + O
    assert state["unrolled"] == 50 * 33_217
    assert state["unrolled"] == unrolled_param_count(65, 128, 65, T=50)
    assert set(controls(ui)) == {
        "input size D",
        "hidden size H",
        "output size O",
        "sequence length T",
    }


def test_moving_T_changes_only_the_untied_count():
    ui, state = param_count_explorer()
    before = state["rnn"]
    controls(ui)["sequence length T"].value = 120
    assert state["rnn"] == before
    assert state["unrolled"] == 120 * before and state["ratio"] == pytest.approx(120)
    assert state["unrolled"] == unrolled_param_count(65, 128, 65, T=120) == 120 * 33_217
    controls(ui)["sequence length T"].value = 7
    assert state["unrolled"] == unrolled_param_count(65, 128, 65, T=7) == 7 * 33_217


def test_moving_H_changes_both_and_W_hh_grows_as_H_squared():
    ui, state = param_count_explorer()
    controls(ui)["hidden size H"].value = 256
    assert state["rnn"] == rnn_param_count(65, 256, 65)
    assert state["rnn"] == 256 * 65 + 256 * 256 + 256 + 65 * 256 + 65
    assert state["unrolled"] == unrolled_param_count(65, 256, 65, T=50)
    assert state["breakdown"]["W_hh"] == 256 * 256
    assert state["W_hh_share"] == pytest.approx(256**2 / state["rnn"])


@pytest.mark.parametrize(("D", "H", "O", "T"), [(1, 1, 1, 1), (300, 512, 300, 200)])
def test_extreme_slider_values_draw(D, H, O, T):
    fig, data = draw_param_counts(D, H, O, T)
    assert data["unrolled"] == T * data["rnn"]
    assert data["rnn"] == H * D + H * H + H + O * H + O
    assert data["unrolled"] == unrolled_param_count(D, H, O, T=T)
    assert sum(data["breakdown"].values()) == data["rnn"]
