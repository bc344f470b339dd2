"""Notebook 03's widget and figures, driven headlessly: set controls, assert on the data behind them."""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

import rnn_helpers as rh
from rnn_helpers.data import build_vocab, encode, one_hot
from rnn_helpers.plots.output import (
    char_label,
    loss_ticks,
    plot_init_scale_sweep,
    plot_next_char_bars,
    plot_regression_outputs,
    plot_step_probabilities,
    update_step_probabilities,
)

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers.charmodel import (
    init_scale_sweep,
    next_char_probabilities,
    scale_params,
    untrained_params,
)
from rnn_helpers.widgets.output import next_char_explorer

TEXT = "it was the best of times, it was the worst of times"
VOCAB = build_vocab(TEXT)
V = len(VOCAB)
STRINGS = ("it was the", "best of times")


def test_next_char_probabilities_match_the_package_pipeline():
    params = untrained_params(V, 8, rng=np.random.default_rng(1))
    r = next_char_probabilities("it was", VOCAB, params)
    idx = encode("it was", VOCAB)
    h, _ = rh.rnn_forward(
        one_hot(idx[:-1], V)[None], np.zeros((1, 8)), params["W_xh"], params["W_hh"], params["b_h"]
    )
    logits = rh.output_forward(h, params["W_hy"], params["b_y"])
    loss, _ = rh.softmax_cross_entropy(logits, idx[1:][None])
    assert r["probs"].shape == (5, V) and r["inputs"] == "it wa"
    np.testing.assert_allclose(r["probs"], rh.softmax(logits[0]))
    np.testing.assert_array_equal(r["targets"], idx[1:])
    assert r["loss"] == pytest.approx(loss)
    np.testing.assert_allclose(r["step_loss"], -np.log(r["probs"][np.arange(5), idx[1:]]))
    assert r["ln_V"] == pytest.approx(np.log(V))


def test_zero_weights_predict_exactly_uniform():
    params = {
        k: np.zeros_like(v) for k, v in untrained_params(V, 8, rng=np.random.default_rng(0)).items()
    }
    r = next_char_probabilities(TEXT, VOCAB, params)
    np.testing.assert_allclose(r["probs"], 1 / V)
    assert r["loss"] == pytest.approx(np.log(V))


def test_scale_params_multiplies_and_copies():
    p = untrained_params(V, 4, rng=np.random.default_rng(2))
    q = scale_params(p, 3.0)
    np.testing.assert_allclose(q["W_hh"], 3 * p["W_hh"])
    assert q["W_hh"] is not p["W_hh"]
    with pytest.raises(ValueError, match="scale must be a finite number > 0"):
        scale_params(p, 0.0)


def test_sweep_loss_grows_with_the_initial_scale():
    r = init_scale_sweep(TEXT, VOCAB, 16, [1, 4, 16], seeds=[0, 1])
    assert r["loss_per_seed"].shape == (3, 2)
    assert abs(r["loss"][0] - np.log(V)) < 0.15  # default init: near ln V
    assert r["loss"][0] < r["loss"][1] < r["loss"][2]  # larger weights, worse loss
    assert r["confidence"][2] > 0.5 > r["confidence"][0]  # ... and more confident
    assert r["p_target"][2] < 2 / V  # ... without being more right


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: next_char_probabilities(
                "i", VOCAB, untrained_params(V, 4, rng=np.random.default_rng(0))
            ),
            ValueError,
            "at least 2 characters",
        ),
        (
            lambda: next_char_probabilities(
                "iQ", VOCAB, untrained_params(V, 4, rng=np.random.default_rng(0))
            ),
            ValueError,
            "'Q' at position 1",
        ),
        (
            lambda: next_char_probabilities("it", VOCAB, {"W_xh": np.zeros((4, V))}),
            ValueError,
            "missing W_hh, b_h, W_hy, b_y",
        ),
        (
            lambda: next_char_probabilities(
                "it", VOCAB, untrained_params(V + 1, 4, rng=np.random.default_rng(0))
            ),
            ValueError,
            "W_xh must have shape",
        ),
        (lambda: init_scale_sweep(TEXT, VOCAB, 4, [], [0]), ValueError, "must not be empty"),
    ],
    ids=["one char", "unknown char", "missing params", "wrong V", "empty sweep"],
)
def test_malformed_inputs_are_named(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        call()


def test_explorer_defaults_show_a_near_uniform_prediction():
    ui, state = next_char_explorer(VOCAB, STRINGS, H=16)
    assert state["inputs"] == "it was th"
    assert state["probs"].shape == (9, V)
    np.testing.assert_allclose(state["probs"].sum(axis=-1), 1)
    assert np.abs(state["probs"] - 1 / V).max() < 0.5 / V  # within 50% of uniform
    assert abs(state["loss"] - state["ln_V"]) < 0.2
    plt.close("all")


def test_explorer_controls_recompute_the_state():
    ui, state = next_char_explorer(VOCAB, STRINGS, H=16)
    c = controls(ui)
    c["input text"].value = "best of times"
    assert state["inputs"] == "best of time" and state["probs"].shape == (12, V)
    before = state["probs"].copy()
    c["model seed"].value = 3
    assert not np.allclose(state["probs"], before)  # another untrained model
    c["initial weight scale"].value = 8.0
    assert state["probs"].max() > 0.5  # large weights: peaked predictions
    assert state["loss"] > state["ln_V"] + 1  # ... and confidently wrong
    c["input text"].value = "it was the"  # back to a string already drawn
    again = next_char_probabilities(
        "it was the", VOCAB, untrained_params(V, 16, 8.0, rng=np.random.default_rng(3))
    )
    np.testing.assert_allclose(state["probs"], again["probs"])
    plt.close("all")


def test_explorer_rejects_strings_outside_the_vocabulary():
    with pytest.raises(ValueError, match="'Q' at position 0"):
        next_char_explorer(VOCAB, ("Q",))


# ----------------------------------------------------------------- figures


def test_char_labels_make_whitespace_visible():
    assert [char_label(c) for c in " \na"] == ["␣", "⏎", "a"]


def test_figures_draw_from_their_data():
    r = next_char_probabilities(
        "it was the", VOCAB, untrained_params(V, 8, rng=np.random.default_rng(0))
    )
    target = int(r["targets"][0])
    ax = plot_next_char_bars(r["probs"][0], VOCAB, target=target)
    assert len(ax.patches) == V and ax.get_ylabel() == "probability"
    np.testing.assert_allclose([b.get_height() for b in ax.patches], r["probs"][0])
    swatch = ax.get_legend().legend_handles[1]  # "actual next": the target's colour
    assert swatch.get_facecolor() == ax.patches[target].get_facecolor()
    assert swatch.get_facecolor() != ax.patches[(target + 1) % V].get_facecolor()
    ax_p, ax_l = plot_step_probabilities(
        r["probs"], VOCAB, r["inputs"], r["targets"], r["step_loss"]
    )
    np.testing.assert_array_equal(ax_p.images[0].get_array(), r["probs"])
    bar_ends = [segment[1] for segment in ax_l.collections[0].get_segments()]
    np.testing.assert_allclose(bar_ends, np.column_stack([r["step_loss"], np.arange(9)]))
    np.testing.assert_array_equal(ax_p.lines[0].get_xdata(), r["targets"])  # the boxes
    assert [t.get_text() for t in ax_p.texts] == [char_label(c) for c in VOCAB + r["inputs"]]
    s = init_scale_sweep(TEXT, VOCAB, 8, [1, 2], [0])
    ax_a, ax_b = plot_init_scale_sweep(
        s["scale"], s["loss"], s["confidence"], s["p_target"], V, unigram_entropy=2.5
    )
    assert ax_a.get_xscale() == "log" and ax_b.get_yscale() == "log"  # p_target ~ 1/V visible
    assert ax_b.get_ylim()[0] < min(s["p_target"].min(), 1 / V)
    ticks = loss_ticks(ax_l.get_xlim()[1])  # numeric ticks in nats, e.g. 0, 1, 2, 3
    assert [t.get_text() for t in ax_l.get_xticklabels()] == [f"{t:g}" for t in ticks]
    assert len(ticks) >= 3 and ticks[0] == 0
    assert [t.get_text() for t in ax_l.texts] == ["ln V"]
    ax = plot_regression_outputs(np.sin(np.arange(5)), {"zero": np.zeros(5)})
    assert len(ax.lines) == 2
    plt.close("all")


def test_redrawing_in_place_matches_a_fresh_figure():
    old = next_char_probabilities(
        "it was the", VOCAB, untrained_params(V, 8, rng=np.random.default_rng(0))
    )
    new = next_char_probabilities(
        "it was the", VOCAB, untrained_params(V, 8, scale=8, rng=np.random.default_rng(1))
    )
    ax_p, _ = plot_step_probabilities(
        old["probs"], VOCAB, old["inputs"], old["targets"], old["step_loss"]
    )
    update_step_probabilities(ax_p.figure, new["probs"], new["step_loss"], "new")
    fresh, _ = plot_step_probabilities(
        new["probs"], VOCAB, new["inputs"], new["targets"], new["step_loss"], title="new"
    )
    for updated, drawn in zip(ax_p.figure.axes, fresh.figure.axes, strict=True):
        for a, b in zip(updated.get_children(), drawn.get_children(), strict=True):
            if hasattr(a, "get_array") and a.get_array() is not None:
                np.testing.assert_array_equal(a.get_array(), b.get_array())
            if hasattr(a, "get_segments"):
                np.testing.assert_allclose(a.get_segments(), b.get_segments())
        assert updated.get_xlim() == drawn.get_xlim()
        np.testing.assert_array_equal(updated.get_xticks(), drawn.get_xticks())
        assert [t.get_text() for t in updated.get_yticklabels()] == [
            t.get_text() for t in drawn.get_yticklabels()
        ]  # colour bar: 0, 1/V, max
    assert ax_p.images[0].norm.vmax == fresh.images[0].norm.vmax == new["probs"].max()
    assert ax_p.figure.get_suptitle() == "new"
    with pytest.raises(ValueError, match=re.escape(f"(T, V) = (9, {V})")):
        update_step_probabilities(ax_p.figure, new["probs"][:3], new["step_loss"][:3], "short")
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: plot_next_char_bars(np.ones(3) / 3, "abcd"), "V = len(vocab) = 4"),
        (
            lambda: plot_step_probabilities(
                np.ones((2, 3)) / 3, "abc", "a", np.zeros(2, int), np.zeros(2)
            ),
            "length T = 2",
        ),
        (lambda: plot_init_scale_sweep([1, 2], [1.0], [0.1, 0.2], [0.1, 0.2], 3), "one length"),
        (lambda: plot_regression_outputs(np.zeros(3), {"a": np.zeros(4)}), "predictions['a']"),
    ],
    ids=["bars", "heatmap", "sweep", "regression"],
)
def test_figures_reject_mismatched_data(call, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        call()
    plt.close("all")


@pytest.mark.parametrize(
    ("xmax", "expected"),
    [(4.998, [0, 1, 2, 3, 4]), (5.0, [0, 2, 4]), (9.9, [0, 2, 4, 6, 8]), (33, [0, 10, 20, 30])],
)
def test_loss_ticks_are_round_and_few(xmax, expected):
    np.testing.assert_allclose(loss_ticks(xmax), expected)


def test_loss_ticks_reject_a_non_positive_limit():
    with pytest.raises(ValueError, match="xmax"):
        loss_ticks(0.0)


def _pixels(fig):
    from io import BytesIO

    from PIL import Image

    from rnn_helpers.widgets._core import figure_png

    return np.asarray(Image.open(BytesIO(figure_png(fig))).convert("RGB"), dtype=int)


def test_redrawing_only_the_moving_parts_gives_the_whole_picture():
    from rnn_helpers.widgets.output import draw_next_char, keep_characters_still

    fig, _ = draw_next_char("it was th", 1.0, 0, vocab=VOCAB, H=16)
    keep_characters_still(fig)
    first = _pixels(fig)
    plt.close(fig)  # as the widget does after showing it: the figure keeps its own canvas
    draw_next_char("it was th", 8.0, 3, vocab=VOCAB, H=16, fig=fig)  # new colours, axis, title
    fresh, _ = draw_next_char("it was th", 8.0, 3, vocab=VOCAB, H=16)  # drawn whole
    redrawn, whole = _pixels(fig), _pixels(fresh)
    assert redrawn.shape == whole.shape == first.shape
    assert np.array_equal(redrawn, whole), f"{(redrawn != whole).any(-1).sum()} pixels differ"
    assert (np.abs(redrawn - first).max(axis=-1) > 40).mean() > 0.02  # the picture did change
    plt.close("all")


def test_redraw_in_place_keeps_one_figure_per_key_and_reports_new_ones():
    from rnn_helpers.widgets._core import redraw_in_place

    calls, new = [], []

    def draw(text, seed, fig=None):
        calls.append(fig)
        return fig or object(), {"text": text, "seed": seed}

    wrapped = redraw_in_place(draw, key=lambda text, **_: text, on_new=new.append)
    first, _ = wrapped(text="a", seed=0)
    again, data = wrapped(text="a", seed=1)
    other, _ = wrapped(text="b", seed=1)
    assert again is first and other is not first and data == {"text": "a", "seed": 1}
    assert calls == [None, first, None]  # the earlier figure of the same key is passed back
    assert new == [first, other]
