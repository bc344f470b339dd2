"""Notebook 07's predictor widget and figures, driven headlessly: type text, assert on the data."""

import time

import numpy as np
import pytest

from rnn_helpers import charmodel as cm
from rnn_helpers import init_rnn_params
from rnn_helpers.data import build_vocab
from rnn_helpers.plots.charmodel import (
    plot_baselines,
    plot_learning_curves,
    plot_top_chars,
    plot_unit_activation,
)

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers.widgets.charmodel import next_char_predictor

TEXT = "ROMEO:\nWhat light through yonder window breaks?\n\nJULIET:\nAy me!\n"
VOCAB = build_vocab(TEXT)


@pytest.fixture
def params():
    return init_rnn_params(len(VOCAB), 32, len(VOCAB), rng=np.random.default_rng(0))


def test_typing_a_prefix_updates_the_distribution(params):
    ui, state = next_char_predictor(params, VOCAB, prefix="ROMEO:\nWhat")
    c = controls(ui)
    assert "sampled continuation" in state["html"] and "ROMEO:" in state["html"]
    assert state["prefix"] == "ROMEO:\nWhat"
    np.testing.assert_allclose(
        state["probs"], cm.next_char_distribution(params, VOCAB, "ROMEO:\nWhat")
    )
    ui.children[0].children[0].value = "JULIET:\nAy"
    assert state["prefix"] == "JULIET:\nAy"
    np.testing.assert_allclose(
        state["probs"], cm.next_char_distribution(params, VOCAB, "JULIET:\nAy")
    )
    assert state["probs"].sum() == pytest.approx(1.0)
    assert state["top_probs"].tolist() == sorted(state["top_probs"], reverse=True)
    assert state["top_chars"][0] == VOCAB[int(np.argmax(state["probs"]))]
    first = state["continuation"]
    c["sampling seed"].value = 3
    assert state["continuation"] != first and len(state["continuation"]) == 80
    c["temperature"].value = 0.25
    assert state["continuation"] == cm.sample_text(
        params, VOCAB, "JULIET:\nAy", 80, temperature=0.25, rng=np.random.default_rng(3)
    )
    assert state["html"] == ui.children[-1].children[1].value  # the text the learner sees


def test_unknown_characters_are_dropped_and_reported(params):
    ui, state = next_char_predictor(params, VOCAB, prefix="Ay 42 me")
    assert state["prefix"] == "Ay  me" and state["ignored"] == "24"
    ui.children[0].children[0].value = "§§"
    assert state["prefix"] == "\n" and state["ignored"] == "§"


def test_callback_is_fast(params):
    ui, state = next_char_predictor(params, VOCAB)
    box = ui.children[0].children[0]
    times = []
    for i in range(5):
        t0 = time.process_time()  # CPU time: robust to other jobs sharing the machine
        box.value = "ROMEO:\nWhat light " + "a" * i
        times.append(time.process_time() - t0)
    assert np.median(times) < 0.1  # compute and draw; benchmarks/bench_widgets.py adds the PNG


def test_figures_draw_their_data():
    history = {
        "step": [1, 2, 3],
        "train_bits": [3.0, 2.5, 2.2],
        "val_bits": [3.1, 2.6, 2.7],
        "lr": [0.01, 0.01, 0.005],
    }
    ax = plot_learning_curves(history, best_step=2)
    assert ax.lines[0].get_ydata().tolist() == [3.0, 2.5, 2.2]
    assert ax.lines[2].get_ydata().tolist() == [2.6]
    ax = plot_baselines(["unigram", "RNN"], [4.8, 2.2])
    assert [p.get_width() for p in ax.patches] == [4.8, 2.2]
    ax = plot_top_chars("ab", [0.6, 0.3])
    assert [p.get_width() for p in ax.patches] == [0.6, 0.3]
    ax = plot_unit_activation("ab c", [0.1, 0.2, -0.5, 0.3], [1, 1, 0, 1])
    assert ax.lines[0].get_ydata().tolist() == [0.1, 0.2, -0.5, 0.3]


def test_redrawing_in_place_matches_a_fresh_figure(params):
    from rnn_helpers.widgets.charmodel import draw_predictor

    fig, _ = draw_predictor("ROMEO:", 1.0, 0, params=params, vocab=VOCAB)
    fig, data = draw_predictor("JULIET:\nAy", 1.0, 0, params=params, vocab=VOCAB, fig=fig)
    fresh, _ = draw_predictor("JULIET:\nAy", 1.0, 0, params=params, vocab=VOCAB)
    a, b = fig.axes[0], fresh.axes[0]
    assert [p.get_width() for p in a.patches] == [p.get_width() for p in b.patches]
    assert [t.get_text() for t in a.texts] == [t.get_text() for t in b.texts]
    assert [t.get_text() for t in a.get_yticklabels()] == [
        t.get_text() for t in b.get_yticklabels()
    ]
    assert a.get_title() == b.get_title()
    assert [p.get_width() for p in fig.axes[0].patches] == data["top_probs"].tolist()
