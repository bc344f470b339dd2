"""Notebook 01's maths: the Bayes limit of a context, unrolled vs tied networks, parameter counts."""

import inspect
import math
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_helpers as rh
from rnn_helpers.feedforward import (
    PRONOUN_CORPUS,
    bayes_limit,
    folded_graph,
    forward_multiply_adds,
    init_unrolled_params,
    next_token_contexts,
    next_token_counts,
    one_hot_tokens,
    param_counts_vs_T,
    pronoun_rnn_params,
    rnn_param_breakdown,
    rnn_param_count,
    rnn_state_contexts,
    tie_layers,
    tokenize,
    unrolled_forward,
    unrolled_graph,
    unrolled_param_count,
    vocabulary,
)
from rnn_helpers.plots.feedforward import (
    draw_network,
    plot_context_limits,
    plot_param_counts,
)

# ---------------------------------------------------------------- contexts and the Bayes limit


def test_contexts_hand_checked():
    contexts, targets = next_token_contexts(["a b c", "x b y"], k=1)
    assert contexts == [("a",), ("b",), ("x",), ("b",)]
    assert targets == ["b", "c", "b", "y"]
    contexts, _ = next_token_contexts(["a b c"], k=None)
    assert contexts == [("a",), ("a", "b")]


def test_bayes_limit_of_a_b_c_x_b_y():
    """After b comes c or y, once each: two of four predictions are coin flips, one is won."""
    limit = bayes_limit(*next_token_contexts(["a b c", "x b y"], k=1))
    assert limit.accuracy == pytest.approx(3 / 4)
    assert limit.cross_entropy == pytest.approx(2 * math.log(2) / 4)  # -log(1/2) twice
    assert limit.n == 4
    assert bayes_limit(*next_token_contexts(["a b c", "x b y"], k=2)) == (1.0, 0.0, 4)


def test_corpus_limits_by_context_length():
    expected = {
        1: (16 / 18, 4 * math.log(2) / 18),
        2: (17 / 18, 2 * math.log(2) / 18),
        None: (1.0, 0.0),
    }
    for k, (acc, ce) in expected.items():
        limit = bayes_limit(*next_token_contexts(PRONOUN_CORPUS, k=k))
        assert (limit.accuracy, limit.cross_entropy) == pytest.approx((acc, ce)), k


def test_the_word_after_lost_is_a_coin_flip_without_context():
    counts = next_token_counts(*next_token_contexts(PRONOUN_CORPUS, k=1))
    assert counts[("lost",)] == Counter({"her": 2, "his": 2})


contexts_targets = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=30
)


@settings(max_examples=60, deadline=None)
@given(pairs=contexts_targets, table=st.lists(st.integers(0, 3), min_size=4, max_size=4))
def test_no_function_of_the_context_beats_the_limit(pairs, table):
    """Any lookup table context -> guess is at most as accurate as the Bayes limit."""
    contexts, targets = zip(*pairs, strict=True)
    accuracy = np.mean([table[c] == y for c, y in pairs])
    assert accuracy <= bayes_limit(contexts, targets).accuracy + 1e-12


@settings(max_examples=60, deadline=None)
@given(pairs=contexts_targets, seed=st.integers(0, 2**16))
def test_no_conditional_distribution_beats_the_limit(pairs, seed):
    """Any p(y | c) has a cross-entropy at least the conditional entropy (Gibbs' inequality)."""
    contexts, targets = zip(*pairs, strict=True)
    p = np.random.default_rng(seed).dirichlet(np.ones(4), size=4)  # p[c] over 4 targets
    cross_entropy = -np.mean([np.log(p[c, y]) for c, y in pairs])
    assert cross_entropy >= bayes_limit(contexts, targets).cross_entropy - 1e-12


def test_deterministic_data_has_zero_cross_entropy_and_it_prints_as_zero():
    limit = bayes_limit([("a",), ("b",)], ["x", "y"])
    assert limit.cross_entropy == 0.0 and f"{limit.cross_entropy:.3f}" == "0.000"


# ---------------------------------------------------------------- the hand-set RNN


def test_hand_set_rnn_keeps_the_subject_and_forgets_it_without_recurrence():
    vocab = vocabulary(PRONOUN_CORPUS)
    remember = bayes_limit(*rnn_state_contexts(PRONOUN_CORPUS, **pronoun_rnn_params(vocab, 2.0)))
    forget = bayes_limit(*rnn_state_contexts(PRONOUN_CORPUS, **pronoun_rnn_params(vocab, 0.0)))
    current = bayes_limit(*next_token_contexts(PRONOUN_CORPUS, k=1))
    assert remember.accuracy == 1.0 and remember.cross_entropy == 0.0
    assert forget == current


def test_hand_set_rnn_state_values():
    vocab = vocabulary(PRONOUN_CORPUS)
    p = pronoun_rnn_params(vocab)
    x = one_hot_tokens("mary really lost her".split(), vocab)[None]
    h, _ = rh.rnn_forward(x, np.zeros((1, 1)), p["W_xh"], p["W_hh"], p["b_h"])
    h1 = np.tanh(2.0)
    assert h[0, :, 0] == pytest.approx(
        [
            h1,
            np.tanh(2 * h1),
            np.tanh(2 * np.tanh(2 * h1)),
            np.tanh(2 * np.tanh(2 * np.tanh(2 * h1))),
        ]
    )


def test_one_hot_tokens():
    x = one_hot_tokens(["b", "a"], ["a", "b", "c"])
    assert x.tolist() == [[0, 1, 0], [1, 0, 0]]
    with pytest.raises(ValueError, match=r"tokens must be in vocab.*'z'"):
        one_hot_tokens(["z"], ["a"])


def test_tokenize_rejects_a_bare_string():
    with pytest.raises(TypeError, match="sentences must be a sequence of strings"):
        tokenize("anna lost her key .")


def test_tokenize_rejects_one_word_sentences():
    with pytest.raises(ValueError, match="at least 2 tokens"):
        tokenize(["hello"])


def test_bayes_limit_rejects_unequal_lengths():
    with pytest.raises(ValueError, match=r"contexts and targets.*2 contexts and 1 targets"):
        bayes_limit(["a", "b"], ["x"])


def test_bayes_limit_rejects_unhashable_contexts():
    with pytest.raises(TypeError, match=r"contexts must hold hashable items.*list"):
        bayes_limit([["a"]], ["x"])


# ---------------------------------------------------------------- unrolled layers -> one layer


def test_tied_unrolled_network_is_rnn_forward(rng):
    """Three layers with w1 = w2 = w3 and b1 = b2 = b3 give rnn_forward's states."""
    x, h0 = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5))
    p = rh.init_rnn_params(4, 5, rng=rng)
    h_tied = unrolled_forward(x, h0, tie_layers(p["W_xh"], p["W_hh"], p["b_h"], T=3))
    h_rnn, _ = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    np.testing.assert_allclose(h_tied, h_rnn, rtol=0, atol=1e-12)


def test_untied_unrolled_network_is_not_an_rnn_and_hand_checked(rng):
    x, h0 = rng.normal(size=(1, 2, 3)), np.zeros((1, 4))
    layers = init_unrolled_params(3, 4, T=2, rng=rng)
    h = unrolled_forward(x, h0, layers)
    h1 = np.tanh(layers[0]["W_xh"] @ x[0, 0] + layers[0]["b_h"])
    h2 = np.tanh(layers[1]["W_xh"] @ x[0, 1] + layers[1]["W_hh"] @ h1 + layers[1]["b_h"])
    np.testing.assert_allclose(h[0], [h1, h2], rtol=1e-12)
    h_rnn, _ = rh.rnn_forward(x, h0, layers[0]["W_xh"], layers[0]["W_hh"], layers[0]["b_h"])
    assert not np.allclose(h, h_rnn)


def test_untied_network_already_depends_on_earlier_inputs(rng):
    """Dependence between steps comes from the W_hh edge, not from tying."""
    x = rng.normal(size=(1, 3, 2))
    layers = init_unrolled_params(2, 3, T=3, rng=rng)
    moved = x.copy()
    moved[0, 0] += 1.0
    change = np.abs(
        unrolled_forward(moved, np.zeros((1, 3)), layers)
        - unrolled_forward(x, np.zeros((1, 3)), layers)
    )[0, -1]
    assert change.max() > 1e-3


def test_unrolled_forward_needs_one_layer_per_step(rng):
    p = rh.init_rnn_params(2, 3, rng=rng)
    with pytest.raises(ValueError, match=r"layers must hold one weight set per step, T = 5.*got 3"):
        unrolled_forward(np.zeros((1, 5, 2)), np.zeros((1, 3)), tie_layers(**p, T=3))


def test_unrolled_forward_names_the_bad_layer(rng):
    layers = init_unrolled_params(2, 3, T=3, rng=rng)
    layers[1]["W_hh"] = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"layers\[1\]: W_hh must have shape \(H, H\)"):
        unrolled_forward(np.zeros((1, 3, 2)), np.zeros((1, 3)), layers)


def test_unrolled_forward_names_a_missing_weight(rng):
    layers = init_unrolled_params(2, 3, T=2, rng=rng)
    del layers[0]["b_h"]
    with pytest.raises(ValueError, match=r"layers\[0\] must hold.*\['b_h'\]"):
        unrolled_forward(np.zeros((1, 2, 2)), np.zeros((1, 3)), layers)


def test_unrolled_forward_rejects_a_2d_input():
    with pytest.raises(ValueError, match=r"x must be a 3-D numpy array of shape \(N, T, D\)"):
        unrolled_forward(np.zeros((3, 2)), np.zeros((1, 3)), [])


def test_graphs_count_their_weight_sets():
    assert unrolled_graph(3, tied=False)["parameter_sets"] == 9
    assert unrolled_graph(3, tied=False, outputs=False)["parameter_sets"] == 6
    assert unrolled_graph(3, tied=True)["parameter_sets"] == 3
    g = unrolled_graph(4, tied=True, outputs=False)
    assert len(g["edges"]) == 8 and {e.weight for e in g["edges"]} == {"W_xh", "W_hh"}
    assert ("h_3", "h_4") in {(e.src, e.dst) for e in g["edges"]}
    assert folded_graph()["parameter_sets"] == 3


# ---------------------------------------------------------------- parameter counts


@pytest.mark.parametrize(("D", "H", "O"), [(1, 1, None), (3, 5, None), (3, 5, 2), (65, 128, 65)])
def test_rnn_count_is_the_size_of_the_arrays_init_rnn_params_creates(D, H, O):
    params = rh.init_rnn_params(D, H, O, rng=np.random.default_rng(0))
    assert rnn_param_count(D, H, O) == sum(a.size for a in params.values())
    assert rnn_param_breakdown(D, H, O) == {k: a.size for k, a in params.items()}


@pytest.mark.parametrize(("D", "H", "O", "T"), [(3, 5, None, 1), (3, 5, 2, 4), (2, 1, 7, 3)])
def test_unrolled_count_is_the_size_of_the_untied_arrays(D, H, O, T):
    layers = init_unrolled_params(D, H, O, T=T, rng=np.random.default_rng(0))
    assert len(layers) == T
    assert unrolled_param_count(D, H, O, T=T) == sum(a.size for p in layers for a in p.values())


def test_rnn_count_by_hand():
    assert rnn_param_count(D=27, H=50, O=27) == 50 * 27 + 50 * 50 + 50 + 27 * 50 + 27 == 5277
    assert rnn_param_count(D=1, H=2) == 2 + 4 + 2


def test_rnn_count_is_flat_in_T_and_untied_count_is_linear():
    counts = param_counts_vs_T(65, 128, 65, T_max=50)
    one = rnn_param_count(65, 128, 65)
    assert counts["T"].tolist() == list(range(1, 51))
    assert np.all(counts["rnn"] == one)
    assert np.all(counts["unrolled"] == counts["T"] * one)
    assert np.all(np.diff(counts["unrolled"]) == one)  # grows by one step's weights per step
    assert one == 128 * 65 + 128 * 128 + 128 + 65 * 128 + 65 == 33_217  # H·D + H² + H + O·H + O
    for T in (1, 2, 17, 50):
        assert counts["unrolled"][T - 1] == unrolled_param_count(65, 128, 65, T=T) == T * 33_217


def test_multiply_adds_grow_with_T_for_tied_and_untied_alike():
    assert forward_multiply_adds(3, 5, 2, T=1) == 5 * 3 + 5 * 5 + 2 * 5
    assert forward_multiply_adds(3, 5, 2, T=10) == 10 * forward_multiply_adds(3, 5, 2, T=1)
    assert forward_multiply_adds(3, 5, T=4) == 4 * (15 + 25)


@pytest.mark.parametrize("bad", [2.5, "3", None, True])
def test_counts_reject_non_integers(bad):
    with pytest.raises(TypeError, match="H must be a positive integer"):
        rnn_param_count(3, bad)


@pytest.mark.parametrize("bad", [0, -4])
def test_counts_reject_non_positive_sizes(bad):
    with pytest.raises(ValueError, match=f"O must be a positive integer, got {bad}"):
        rnn_param_count(3, 5, bad)


def test_unrolled_count_needs_a_positive_integer_T():
    with pytest.raises(ValueError, match="T must be a positive integer, got 0"):
        unrolled_param_count(3, 5, 2, T=0)
    with pytest.raises(TypeError, match="positional argument"):
        unrolled_param_count(3, 5, 2, 10)  # T is keyword-only: it cannot be mistaken for O
    T_param = inspect.signature(unrolled_param_count).parameters["T"]
    assert T_param.kind is inspect.Parameter.KEYWORD_ONLY


def test_counts_accept_numpy_integers():
    assert rnn_param_count(np.int64(3), np.int32(5)) == 15 + 25 + 5


# ---------------------------------------------------------------- figures draw what they are given


def test_draw_network_draws_one_box_per_node_and_every_label():
    g = unrolled_graph(3, tied=False)
    ax = draw_network(g)
    texts = {t.get_text() for t in ax.texts}
    assert len(ax.patches) == len(g["nodes"]) + len(g["edges"])
    assert {"$x_{1}$", "$h_{0}$", "$y_{3}$", "$W_{hh}^{(2)}$", "$W_{xh}^{(3)}$"} <= texts
    plt.close(ax.figure)


def test_draw_folded_network_has_a_loop():
    ax = draw_network(folded_graph())
    assert {"$W_{hh}$", "$h_{t}$"} <= {t.get_text() for t in ax.texts}
    plt.close(ax.figure)


def test_count_plot_shows_the_data():
    counts = param_counts_vs_T(4, 8, 2, T_max=20)
    ax = plot_param_counts(counts, T=10, breakdown=rnn_param_breakdown(4, 8, 2))
    lines = [ln for ln in ax.lines if len(ln.get_xdata()) == 20]
    assert {tuple(ln.get_ydata()) for ln in lines} == {
        tuple(counts["rnn"]),
        tuple(counts["unrolled"]),
    }
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "RNN: 122" in texts and "W_hh 64 (52%)" in texts and "untied: 1,220" in texts
    assert ax.get_legend() is None  # the marked values name the lines
    plt.close(ax.figure)
    ax = plot_param_counts(counts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "untied unrolled network: T weight sets",
        "RNN: one weight set shared by all steps",
    ]
    plt.close(ax.figure)


def test_context_limit_plot_bars():
    ax = plot_context_limits({"a": bayes_limit("aa", "xy"), "b": bayes_limit("ab", "xy")})
    assert [p.get_width() for p in ax.patches] == [0.5, 1.0]
    plt.close(ax.figure)
