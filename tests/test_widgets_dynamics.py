"""Notebook 05's widget, driven headlessly: set slider values, assert on the data behind the figure."""

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers.widgets.dynamics import jacobian_curve, jacobian_explorer


def test_defaults_draw_gain_one_with_input():
    ui, state = jacobian_explorer()
    assert state["g"] == 1.0 and state["input_std"] == 0.5
    assert state["norms"].shape == state["bound"].shape == state["lags"].shape == (61,)
    np.testing.assert_array_equal(state["lags"], np.arange(61))
    # bound = ‖W_hh‖₂^k from the real matrix: 1 at every lag when W_hh is orthogonal (g = 1)
    np.testing.assert_allclose(state["bound"], 1.0, rtol=1e-9)
    assert state["norms"][0] == pytest.approx(1.0)  # ∂h_T/∂h_T = I
    assert state["slope"] < 0  # g = 1 with input still vanishes


def test_moving_the_gain_redraws_and_respects_the_bound():
    ui, state = jacobian_explorer()
    s = controls(ui)
    s["gain g = ‖W_hh‖₂"].value = 3.0
    assert state["g"] == 3.0 and state["norm_W_hh"] == 3.0
    # norm_W_hh is copied from g; bound is computed from W_hh itself, so it checks the scaling
    np.testing.assert_allclose(state["bound"], 3.0 ** state["lags"], rtol=1e-9)
    assert state["slope"] > 0
    assert np.all(state["norms"] <= state["bound"] * (1 + 1e-9))
    s["gain g = ‖W_hh‖₂"].value = 0.5
    assert state["slope"] < np.log(0.5) + 1e-9  # at least as fast as the bound 0.5^k


def test_input_slider_moves_the_edge():
    """At g = 1.3: vanishing with strong input, growing without input (the notebook's claim)."""
    ui, state = jacobian_explorer()
    s = controls(ui)
    s["gain g = ‖W_hh‖₂"].value = 1.3
    s["input std"].value = 1.0
    driven = state["slope"]
    s["input std"].value = 0.0
    assert driven < 0 < state["slope"]


def test_more_input_saturates_more():
    low, high = jacobian_curve(1.0, 0.1), jacobian_curve(1.0, 1.5)
    assert high["saturation"] < low["saturation"] <= 1.0


def test_curve_is_reproducible():
    """The same slider position always draws the same curve (fixed Q and drive)."""
    np.testing.assert_array_equal(
        jacobian_curve(1.2, 0.4)["norms"], jacobian_curve(1.2, 0.4)["norms"]
    )
    # ...and the seed matters: another Q and drive give another curve
    assert not np.allclose(
        jacobian_curve(1.2, 0.4, seed=0)["norms"], jacobian_curve(1.2, 0.4, seed=1)["norms"]
    )


def test_gain_must_be_positive():
    with pytest.raises(ValueError, match="g must be > 0"):
        jacobian_curve(0.0, 0.5)


def test_notebook_figures_draw_with_labels():
    """Notebook 05's static figures: every panel titled and labelled, the reference lines drawn."""
    import matplotlib.pyplot as plt

    from rnn_helpers.plots import dynamics as dplots

    fig, ax = plt.subplots()
    ax = dplots.plot_grad_norm_traces({"tanh, T = 40": np.array([3.0, 1.0, 0.5])}, ax, clip=1.0)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert any(line.get_label() == "clipping threshold 1" for line in ax.get_lines())
    plt.close(fig)


def test_title_shows_the_numbers_behind_the_current_curve():
    """The numbers follow the sliders: they are drawn in the title, not printed in a later cell."""
    import matplotlib.pyplot as plt

    from rnn_helpers.widgets.dynamics import draw_jacobian_curve

    for g, input_std in ((1.3, 0.0), (0.7, 1.0)):
        fig, data = draw_jacobian_curve(g, input_std)
        title = fig.axes[0].get_title()
        assert f"g = {g:.2f}" in title and f"{data['slope']:+.3f}" in title
        assert f"{data['norms'][-1]:.1e}" in title and f"{data['saturation']:.2f}" in title
        plt.close(fig)
