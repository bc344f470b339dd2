"""The LSTM: by hand, against an independent loop, gradient checks, validation, training."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_helpers as rh
from rnn_helpers import lstm
from rnn_helpers.optim import Adam
from rnn_helpers.training import loss_and_grads, predict, train

TOL = 1e-7
SHAPES = [  # (N, T, D, H): T = 1, H = 1, T >= 20 among them
    (1, 1, 1, 1),
    (2, 1, 3, 2),
    (2, 3, 4, 5),
    (1, 20, 3, 1),
    (3, 24, 2, 4),
]
SHAPE_IDS = [f"N{n}-T{t}-D{d}-H{h}" for n, t, d, h in SHAPES]


def make_lstm_problem(rng, N, T, D, H, dtype=np.float64):
    """Random inputs, states and parameters (recurrent weights a little stronger than default)."""
    p = rh.init_lstm_params(D, H, rng=rng, dtype=dtype)
    p["W_h"] *= 2.0
    x = rng.normal(size=(N, T, D)).astype(dtype)
    h0 = (0.5 * rng.normal(size=(N, H))).astype(dtype)
    c0 = rng.normal(size=(N, H)).astype(dtype)
    return x, h0, c0, p


def hand_lstm(x, h0, c0, W_x, W_h, b):
    """An independent LSTM, written from the equations with Python floats, one unit at a time.

    a_t = W_x x_t + W_h h_{t-1} + b; i = σ(a[0:H]), f = σ(a[H:2H]), g = tanh(a[2H:3H]),
    o = σ(a[3H:4H]); c_t = f c_{t-1} + i g; h_t = o tanh(c_t).
    """
    N, T, D = x.shape
    H = h0.shape[1]

    def sig(z):
        return 1.0 / (1.0 + math.exp(-z))

    hs = np.zeros((N, T, H))
    cs = np.zeros((N, T, H))
    for n in range(N):
        h_prev = [float(v) for v in h0[n]]
        c_prev = [float(v) for v in c0[n]]
        for t in range(T):
            a = []
            for r in range(4 * H):
                s = float(b[r])
                for d in range(D):
                    s += float(W_x[r, d]) * float(x[n, t, d])
                for k in range(H):
                    s += float(W_h[r, k]) * h_prev[k]
                a.append(s)
            h_new, c_new = [], []
            for j in range(H):
                i_gate = sig(a[j])
                f_gate = sig(a[H + j])
                g_cand = math.tanh(a[2 * H + j])
                o_gate = sig(a[3 * H + j])
                c = f_gate * c_prev[j] + i_gate * g_cand
                c_new.append(c)
                h_new.append(o_gate * math.tanh(c))
            hs[n, t], cs[n, t] = h_new, c_new
            h_prev, c_prev = h_new, c_new
    return hs, cs


def lstm_arrays(x, h0, c0, p):
    return {"x": x, "h0": h0, "c0": c0, "W_x": p["W_x"], "W_h": p["W_h"], "b": p["b"]}


# --- values -------------------------------------------------------------------------------------


def test_lstm_step_one_unit_by_hand():
    # a = [0.5, 1, -1, 2] + W_h h_prev: with h_prev = 0 the gates are the biases' images
    b = np.array([0.5, 1.0, -1.0, 2.0])
    h, c = rh.lstm_step(np.zeros(1), np.zeros(1), np.array([3.0]), np.zeros((4, 1)),
                        np.zeros((4, 1)), b)  # fmt: skip
    i, f, g, o = 1 / (1 + np.exp(-0.5)), 1 / (1 + np.exp(-1.0)), np.tanh(-1.0), 1 / (1 + np.exp(-2))
    assert c == pytest.approx([f * 3.0 + i * g], abs=1e-15)
    assert h == pytest.approx([o * np.tanh(f * 3.0 + i * g)], abs=1e-15)


def test_gates_stack_in_the_order_input_forget_candidate_output():
    # only the forget-gate bias is large: the cell keeps c_prev exactly and adds i·g = 0.5·0
    b = np.array([0.0, 50.0, 0.0, 0.0])
    h, c = rh.lstm_step(np.zeros(1), np.zeros(1), np.array([2.0]), np.zeros((4, 1)),
                        np.zeros((4, 1)), b)  # fmt: skip
    assert c == pytest.approx([2.0], abs=1e-12)
    # the candidate quarter is the third: g = tanh(1) with the input gate at σ(50) = 1, forget 0
    b = np.array([50.0, -50.0, 1.0, 50.0])
    h, c = rh.lstm_step(np.zeros(1), np.zeros(1), np.array([2.0]), np.zeros((4, 1)),
                        np.zeros((4, 1)), b)  # fmt: skip
    assert c == pytest.approx([np.tanh(1.0)], abs=1e-12)
    assert h == pytest.approx([np.tanh(np.tanh(1.0))], abs=1e-12)


@pytest.mark.parametrize(("N", "T", "D", "H"), [(1, 1, 1, 1), (2, 5, 3, 4), (3, 21, 2, 3)])
def test_forward_agrees_with_an_independent_hand_written_lstm(N, T, D, H):
    rng = np.random.default_rng(N + 10 * T + 100 * H)
    x, h0, c0, p = make_lstm_problem(rng, N, T, D, H)
    h, cache = rh.lstm_forward(x, h0, c0, p["W_x"], p["W_h"], p["b"])
    h_ref, c_ref = hand_lstm(x, h0, c0, p["W_x"], p["W_h"], p["b"])
    assert np.abs(h - h_ref).max() < 1e-7
    assert np.abs(cache.c - c_ref).max() < 1e-7
    assert np.abs(h - h_ref).max() < 1e-13  # in fact they agree to rounding


def test_forget_gate_one_keeps_the_cell_for_200_steps_and_its_gradient_too():
    """With f = 1 and i = 0 the cell path is the identity: c_T = c_0 and ∂c_T/∂c_0 = 1."""
    H, T = 3, 200
    b = np.concatenate([np.full(H, -60.0), np.full(H, 60.0), np.zeros(H), np.zeros(H)])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, T, 2))
    c0 = np.array([[0.7, -0.3, 1.5]])
    h, cache = rh.lstm_forward(x, np.zeros((1, H)), c0, np.zeros((4 * H, 2)),
                               np.zeros((4 * H, H)), b)  # fmt: skip
    assert np.abs(cache.c[0, -1] - c0[0]).max() < 1e-12
    dh = np.zeros_like(h)
    dh[:, -1] = 1.0  # loss = sum of h_T = sum of o · tanh(c_T), with o = σ(0) = 1/2
    dc0 = rh.lstm_backward(dh, cache)[2]
    assert dc0 == pytest.approx(0.5 * (1 - np.tanh(c0) ** 2), abs=1e-12)


def test_batched_step_rows_equal_unbatched(rng):
    x, h0, c0, p = make_lstm_problem(rng, 3, 1, 2, 4)
    h, c = rh.lstm_step(x[:, 0], h0, c0, p["W_x"], p["W_h"], p["b"])
    for n in range(3):
        h_n, c_n = rh.lstm_step(x[n, 0], h0[n], c0[n], p["W_x"], p["W_h"], p["b"])
        assert np.allclose(h[n], h_n, atol=1e-15) and np.allclose(c[n], c_n, atol=1e-15)


def test_sigmoid_is_exact_and_never_overflows():
    a = np.array([-1000.0, -5.0, 0.0, 2.0, 1000.0])
    with np.errstate(all="raise"):
        s = lstm.sigmoid(a)
    assert s == pytest.approx([0.0, 1 / (1 + np.exp(5.0)), 0.5, 1 / (1 + np.exp(-2.0)), 1.0],
                              abs=1e-15)  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(
    N=st.integers(1, 3),
    T=st.integers(1, 6),
    D=st.integers(1, 3),
    H=st.integers(1, 4),
    seed=st.integers(0, 10_000),
)
def test_forward_is_the_loop_of_lstm_step(N, T, D, H, seed):
    rng = np.random.default_rng(seed)
    x, h0, c0, p = make_lstm_problem(rng, N, T, D, H)
    h, cache = rh.lstm_forward(x, h0, c0, p["W_x"], p["W_h"], p["b"])
    h_t, c_t = h0, c0
    for t in range(T):
        h_t, c_t = rh.lstm_step(x[:, t], h_t, c_t, p["W_x"], p["W_h"], p["b"])
        assert np.allclose(h[:, t], h_t, atol=1e-14) and np.allclose(cache.c[:, t], c_t, atol=1e-14)


@settings(max_examples=25, deadline=None)
@given(
    T=st.integers(1, 8),
    H=st.integers(1, 4),
    scale=st.floats(0.1, 20.0),
    seed=st.integers(0, 10_000),
)
def test_states_stay_in_their_bounds(T, H, scale, seed):
    """|h_t| < 1 always; the cell can grow by at most 1 per step: |c_t| <= |c_{t-1}| + 1."""
    rng = np.random.default_rng(seed)
    x, h0, c0, p = make_lstm_problem(rng, 2, T, 2, H)
    p = {k: scale * v for k, v in p.items()}
    h, cache = rh.lstm_forward(x, h0, c0, p["W_x"], p["W_h"], p["b"])
    assert np.all(np.abs(h) <= 1)
    c_prev = np.concatenate([c0[:, None], cache.c[:, :-1]], axis=1)
    assert np.all(np.abs(cache.c) <= np.abs(c_prev) + 1 + 1e-12)
    gates = cache.gates
    assert np.all((gates >= -1) & (gates <= 1))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), T=st.integers(1, 5), H=st.integers(1, 3))
def test_backward_is_linear_in_dh(seed, T, H):
    rng = np.random.default_rng(seed)
    x, h0, c0, p = make_lstm_problem(rng, 2, T, 2, H)
    _, cache = rh.lstm_forward(x, h0, c0, p["W_x"], p["W_h"], p["b"])
    d1, d2 = rng.normal(size=(2, 2, T, H))
    g1, g2, g12 = (rh.lstm_backward(d, cache) for d in (d1, d2, 2 * d1 - 3 * d2))
    for a, b_, c in zip(g1, g2, g12):
        assert np.allclose(c, 2 * a - 3 * b_, atol=1e-12)


# --- gradients ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("N", "T", "D", "H"), SHAPES, ids=SHAPE_IDS)
def test_lstm_backward_matches_finite_differences(N, T, D, H):
    rng = np.random.default_rng(N * 1000 + T * 10 + H)
    x, h0, c0, p = make_lstm_problem(rng, N, T, D, H)
    arrays = lstm_arrays(x, h0, c0, p)
    dh = rng.normal(size=(N, T, H))  # loss = sum(h * dh)

    def loss():
        return np.sum(rh.lstm_forward(x, h0, c0, p["W_x"], p["W_h"], p["b"])[0] * dh)

    _, cache = rh.lstm_forward(x, h0, c0, p["W_x"], p["W_h"], p["b"])
    grads = dict(zip(arrays, rh.lstm_backward(dh, cache)))
    report = rh.gradient_check(loss, arrays, grads)
    assert report.passed, f"\n{report}"
    assert max(r.rel_error for r in report.rows) < TOL


def test_training_gradients_of_an_lstm_match_finite_differences(rng):
    """loss_and_grads with LSTM params, many-to-one cross-entropy and many-to-many MSE."""
    N, T, D, H, O = 3, 7, 2, 3, 4
    p = rh.init_lstm_params(D, H, O, rng=rng)
    x = rng.normal(size=(N, T, D))
    for mode, loss, y in (
        ("many-to-one", "cross_entropy", rng.integers(0, O, size=N)),
        ("many-to-many", "mse", rng.normal(size=(N, T, O))),
    ):
        value, grads, _ = loss_and_grads(p, x, y, mode=mode, loss=loss)
        report = rh.gradient_check(
            lambda mode=mode, loss=loss, y=y: loss_and_grads(p, x, y, mode=mode, loss=loss)[0],
            p,
            grads,
        )
        assert report.passed, f"\n{report}"


# --- dtype and validation -----------------------------------------------------------------------


def test_float32_in_float32_out(rng):
    x, h0, c0, p = make_lstm_problem(rng, 2, 4, 3, 2, dtype=np.float32)
    h, cache = rh.lstm_forward(x, h0, c0, p["W_x"], p["W_h"], p["b"])
    assert h.dtype == np.float32 and cache.c.dtype == np.float32
    grads = rh.lstm_backward(np.ones_like(h), cache)
    assert all(g.dtype == np.float32 for g in grads)
    h_t, c_t = rh.lstm_step(x[:, 0], h0, c0, p["W_x"], p["W_h"], p["b"])
    assert h_t.dtype == np.float32 and c_t.dtype == np.float32
    h64 = rh.lstm_forward(*(a.astype(np.float64) for a in (x, h0, c0)),
                          *(p[k].astype(np.float64) for k in ("W_x", "W_h", "b")))[0]  # fmt: skip
    assert np.abs(h - h64).max() < 1e-5


def test_integer_inputs_are_computed_in_float64():
    h, c = rh.lstm_step(np.array([1]), np.array([0]), np.array([1]), np.ones((4, 1), dtype=int),
                        np.zeros((4, 1), dtype=int), np.zeros(4, dtype=int))  # fmt: skip
    assert h.dtype == np.float64 and c.dtype == np.float64


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"W_x": np.zeros((8, 3))}, r"W_x must have shape \(4H, D\) = \(8, 2\) to match h0 and x, got \(8, 3\)"),
        ({"W_x": np.zeros((2, 2))}, r"W_x must have shape \(4H, D\) = \(8, 2\)"),
        ({"W_h": np.zeros((2, 2))}, r"W_h must have shape \(4H, H\) = \(8, 2\) to match h0, got \(2, 2\)"),
        ({"b": np.zeros(2)}, r"b must have shape \(4H,\) = \(8,\) to match h0, got \(2,\)"),
        ({"c0": np.zeros((3, 3))}, r"c0 must have shape \(N, H\) = \(3, 2\) to match h0, got \(3, 3\)"),
        ({"h0": np.zeros((2, 2))}, r"h0 must have shape \(N, H\) = \(3, 2\) to match x, got \(2, 2\)"),
        ({"x": np.zeros((3, 2))}, r"x must be a 3-D array of shape \(N, T, D\)"),
        ({"x": np.zeros((3, 0, 2))}, r"x must have at least one time step"),
    ],
)  # fmt: skip
def test_forward_errors_name_the_argument_and_shapes(change, message):
    args = {"x": np.zeros((3, 4, 2)), "h0": np.zeros((3, 2)), "c0": np.zeros((3, 2)),
            "W_x": np.zeros((8, 2)), "W_h": np.zeros((8, 2)), "b": np.zeros(8)}  # fmt: skip
    args |= change
    with pytest.raises(ValueError, match=message):
        rh.lstm_forward(**args)


def test_step_and_backward_errors():
    with pytest.raises(TypeError, match="W_h must be a numpy array, got list"):
        rh.lstm_step(
            np.zeros(2), np.zeros(1), np.zeros(1), np.zeros((4, 2)), [[0.0]] * 4, np.zeros(4)
        )
    with pytest.raises(ValueError, match=r"c_prev must have shape \(H,\) = \(1,\) to match h_prev"):
        rh.lstm_step(np.zeros(2), np.zeros(1), np.zeros(2), np.zeros((4, 2)), np.zeros((4, 1)),
                     np.zeros(4))  # fmt: skip
    h, cache = rh.lstm_forward(np.zeros((1, 3, 2)), np.zeros((1, 2)), np.zeros((1, 2)),
                               np.zeros((8, 2)), np.zeros((8, 2)), np.zeros(8))  # fmt: skip
    with pytest.raises(ValueError, match=r"dh must have shape \(N, T, H\) = \(1, 3, 2\)"):
        rh.lstm_backward(np.zeros((1, 3, 3)), cache)
    with pytest.raises(TypeError, match="cache must be the LSTMCache returned by lstm_forward"):
        rh.lstm_backward(h, (1, 2))
    with pytest.raises(TypeError, match="cache must be the LSTMCache"):
        rh.lstm_backward(h, rh.rnn_forward(np.zeros((1, 3, 2)), np.zeros((1, 2)),
                                           np.zeros((2, 2)), np.zeros((2, 2)), np.zeros(2))[1])  # fmt: skip


# --- initialisation and counting ----------------------------------------------------------------


def test_init_lstm_params_shapes_range_forget_bias_and_seed():
    p = rh.init_lstm_params(3, 4, 2, rng=np.random.default_rng(0))
    assert {k: v.shape for k, v in p.items()} == {
        "W_x": (16, 3), "W_h": (16, 4), "b": (16,), "W_hy": (2, 4), "b_y": (2,)
    }  # fmt: skip
    assert np.all(p["b"][4:8] == 1.0)
    others = np.concatenate([p["b"][:4], p["b"][8:], p["W_x"].ravel(), p["W_h"].ravel()])
    assert np.all(np.abs(others) <= 0.5) and others.std() > 0.1  # uniform on ±1/√H = ±0.5
    again = rh.init_lstm_params(3, 4, 2, rng=np.random.default_rng(0))
    assert all(np.array_equal(p[k], again[k]) for k in p)
    random_bias = rh.init_lstm_params(3, 4, rng=np.random.default_rng(0), forget_bias=None)
    assert np.all(np.abs(random_bias["b"][4:8]) <= 0.5)
    assert set(random_bias) == {"W_x", "W_h", "b"}
    assert (
        rh.init_lstm_params(1, 2, rng=np.random.default_rng(0), dtype=np.float32)["b"].dtype
        == np.float32
    )
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        rh.init_lstm_params(1, 2, rng=0)
    with pytest.raises(ValueError, match="forget_bias must be a finite number or None"):
        rh.init_lstm_params(1, 2, rng=np.random.default_rng(0), forget_bias=float("nan"))


@pytest.mark.parametrize(("D", "H", "expected"), [(1, 1, 12), (2, 16, 1216), (10, 50, 12200)])
def test_count_lstm_params_is_four_times_the_rnn_and_matches_the_arrays(D, H, expected):
    assert rh.count_lstm_params(D, H) == expected
    p = rh.init_lstm_params(D, H, rng=np.random.default_rng(0))
    assert sum(v.size for v in p.values()) == expected
    rnn = rh.init_rnn_params(D, H, rng=np.random.default_rng(0))
    assert expected == 4 * sum(v.size for v in rnn.values())


# --- training -----------------------------------------------------------------------------------


def test_the_same_train_loop_trains_an_lstm(rng):
    """Many-to-one memory task: output the first input after 8 steps. The LSTM learns it."""
    N, T = 64, 8
    x = rng.normal(size=(N, T, 1))
    y = x[:, 0, :]
    p = rh.init_lstm_params(1, 8, 1, rng=rng)
    before = loss_and_grads(p, x, y, mode="many-to-one")[0]
    result = train(p, x, y, steps=300, optimizer=Adam(0.02), mode="many-to-one", progress=False)
    after = loss_and_grads(p, x, y, mode="many-to-one")[0]
    assert after < 0.1 * before
    assert result.params is p and len(result.losses) == 300
    assert predict(p, x, mode="many-to-one").shape == (N, 1)


def test_truncated_bptt_carries_the_lstm_cell_state(rng):
    """With a window, the cell state c is carried too: the loss equals the full forward's."""
    N, T, D, H, O = 2, 9, 2, 3, 2
    p = rh.init_lstm_params(D, H, O, rng=rng)
    x, y = rng.normal(size=(N, T, D)), rng.normal(size=(N, T, O))
    full = loss_and_grads(p, x, y)[0]
    cut, _, (h_T, c_T) = loss_and_grads(p, x, y, window=4)
    assert cut == pytest.approx(full, rel=1e-12)
    h, cache = rh.lstm_forward(x, np.zeros((N, H)), np.zeros((N, H)), p["W_x"], p["W_h"], p["b"])
    assert np.allclose(h_T, h[:, -1]) and np.allclose(c_T, cache.c[:, -1])
    result = train(p, x, y, steps=6, optimizer=Adam(0.01), window=4, progress=False)
    assert len(result.losses) == 6


def test_training_rejects_mixed_or_wrong_params(rng):
    p = rh.init_lstm_params(2, 3, 1, rng=rng)
    x, y = rng.normal(size=(2, 4, 2)), rng.normal(size=(2, 4, 1))
    with pytest.raises(ValueError, match=r"unexpected \['W_hh'\]"):
        loss_and_grads(p | {"W_hh": np.zeros((3, 3))}, x, y)
    with pytest.raises(ValueError, match=r"params\['W_x'\] of shape \(4H, D\)"):
        loss_and_grads(p, rng.normal(size=(2, 4, 5)), y)
    with pytest.raises(TypeError, match=r"h0 of an LSTM must be a pair \(h0, c0\)"):
        loss_and_grads(p, x, y, h0=np.zeros((2, 3)))


# --- the notebook's helpers ---------------------------------------------------------------------


def test_cell_update_is_lstm_step_with_the_gates_given(rng):
    x, h0, c0, p = make_lstm_problem(rng, 2, 1, 3, 2)
    a = x[:, 0] @ p["W_x"].T + h0 @ p["W_h"].T + p["b"]
    i, f, g, o = (
        lstm.sigmoid(a[:, :2]),
        lstm.sigmoid(a[:, 2:4]),
        np.tanh(a[:, 4:6]),
        lstm.sigmoid(a[:, 6:]),
    )
    h, c, tanh_c = lstm.cell_update(i, f, g, o, c0)
    h_ref, c_ref = rh.lstm_step(x[:, 0], h0, c0, p["W_x"], p["W_h"], p["b"])
    assert np.allclose(h, h_ref, atol=1e-15) and np.allclose(c, c_ref, atol=1e-15)
    assert np.allclose(tanh_c, np.tanh(c))


def test_unit_by_hand_keeps_erases_and_matches_the_rnn_unit():
    d = lstm.unit_by_hand(0.5, 0.9, 0.8, 0.7, forget_at=5, T=8)
    assert d["c"][:4] == pytest.approx(0.5 * 0.9 ** np.arange(4))
    assert np.all(d["c"][4:] == 0)
    assert d["h_lstm"] == pytest.approx(0.8 * np.tanh(d["c"]))
    assert d["h_rnn"][1] == pytest.approx(np.tanh(0.7 * np.tanh(1.0)))


def test_measure_costs_counts_parameters_and_memory_exactly():
    costs = lstm.measure_costs(N=2, T=5, D=3, H=4, rng=np.random.default_rng(0), repeats=1)
    assert costs["rnn"]["params"] == 4 * 3 + 4 * 4 + 4
    assert costs["lstm"]["params"] == 4 * costs["rnn"]["params"] == rh.count_lstm_params(3, 4)
    assert costs["rnn"]["cache_bytes"] == 2 * 5 * 4 * 8  # h: (N, T, H) float64
    assert costs["lstm"]["cache_bytes"] == 7 * costs["rnn"]["cache_bytes"]  # h, c, tanh c, 4 gates
    assert all(c["seconds_per_step"] > 0 for c in costs.values())


def test_plot_char_val_curves_draws_every_seed_in_its_models_colour():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from rnn_helpers.plots import PALETTE
    from rnn_helpers.plots import lstm as lplots

    history = {"step": [250, 500], "val_bits": [3.0, 2.5]}
    ax = lplots.plot_char_val_curves(
        {"tanh RNN": [history, history], "LSTM": [history]}, decays=[300, 400]
    )
    lines = [line for line in ax.get_lines() if list(line.get_xdata()) == [250, 500]]
    colours = [line.get_color() for line in lines]
    assert colours == [PALETTE["vermillion"]] * 2 + [PALETTE["blue"]]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "learning rate halved",
        "tanh RNN",
        "LSTM",
    ]
    plt.close(ax.figure)
