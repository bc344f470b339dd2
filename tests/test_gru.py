"""The GRU: by hand, against an independent loop, gradient checks, validation, initialisation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_helpers as rh
from rnn_helpers.optim import Adam
from rnn_helpers.training import gradient_shares, loss_and_grads, predict, train

TOL = 1e-7
SHAPES = [  # (N, T, D, H): T = 1, H = 1, T >= 20 among them
    (1, 1, 1, 1),
    (2, 1, 3, 2),
    (2, 3, 4, 5),
    (1, 20, 3, 1),
    (3, 24, 2, 4),
]
SHAPE_IDS = [f"N{n}-T{t}-D{d}-H{h}" for n, t, d, h in SHAPES]


def make_gru_problem(rng, N, T, D, H, dtype=np.float64):
    """Random inputs, state and parameters (recurrent weights a little stronger than default)."""
    p = rh.init_gru_params(D, H, rng=rng, dtype=dtype)
    p["W_h"] *= 2.0
    x = rng.normal(size=(N, T, D)).astype(dtype)
    h0 = (0.5 * rng.normal(size=(N, H))).astype(dtype)
    return x, h0, p


def hand_gru(x, h0, W_x, W_h, b):
    """An independent GRU, written from the equations with Python floats, one unit at a time.

    z = σ(W_xz x + W_hz h + b_z), r = σ(W_xr x + W_hr h + b_r),
    n = tanh(W_xn x + b_n + r (W_hn h)), h_t = (1 - z) n + z h_{t-1}.
    """
    N, T, D = x.shape
    H = h0.shape[1]

    def sig(v):
        return 1.0 / (1.0 + math.exp(-v))

    def row(r, x_t, h_prev):
        wx = sum(float(W_x[r, d]) * float(x_t[d]) for d in range(D))
        wh = sum(float(W_h[r, k]) * h_prev[k] for k in range(H))
        return wx, wh

    hs = np.zeros((N, T, H))
    for n_ in range(N):
        h_prev = [float(v) for v in h0[n_]]
        for t in range(T):
            h_new = []
            for j in range(H):
                wx_z, wh_z = row(j, x[n_, t], h_prev)
                wx_r, wh_r = row(H + j, x[n_, t], h_prev)
                wx_n, wh_n = row(2 * H + j, x[n_, t], h_prev)
                z = sig(wx_z + wh_z + float(b[j]))
                r = sig(wx_r + wh_r + float(b[H + j]))
                n = math.tanh(wx_n + float(b[2 * H + j]) + r * wh_n)
                h_new.append((1 - z) * n + z * h_prev[j])
            hs[n_, t] = h_new
            h_prev = h_new
    return hs


def gru_arrays(x, h0, p):
    return {"x": x, "h0": h0, "W_x": p["W_x"], "W_h": p["W_h"], "b": p["b"]}


# --- values -------------------------------------------------------------------------------------


def test_gru_step_one_unit_by_hand():
    # x = 1, h_prev = 0.5; one unit with every weight and bias chosen
    W_x, W_h, b = (
        np.array([[0.3], [-0.2], [0.8]]),
        np.array([[0.5], [1.5], [-0.7]]),
        np.array([0.1, 0.2, -0.3]),
    )
    h = rh.gru_step(np.array([1.0]), np.array([0.5]), W_x, W_h, b)
    z = 1 / (1 + np.exp(-(0.3 + 0.25 + 0.1)))
    r = 1 / (1 + np.exp(-(-0.2 + 0.75 + 0.2)))
    n = np.tanh(0.8 - 0.3 + r * (-0.35))
    assert h == pytest.approx([(1 - z) * n + z * 0.5], abs=1e-15)


def test_gates_stack_in_the_order_update_reset_candidate():
    # update gate's bias large: z = 1 keeps h_prev exactly
    h = rh.gru_step(np.zeros(1), np.array([0.5]), np.zeros((3, 1)), np.ones((3, 1)),
                    np.array([50.0, 0.0, 0.0]))  # fmt: skip
    assert h == pytest.approx([0.5], abs=1e-12)
    # z = 0, r = 0 (reset bias -50): h = n = tanh(b_n), the recurrent part switched off
    h = rh.gru_step(np.zeros(1), np.array([0.5]), np.zeros((3, 1)), np.ones((3, 1)),
                    np.array([-50.0, -50.0, 1.0]))  # fmt: skip
    assert h == pytest.approx([np.tanh(1.0)], abs=1e-12)
    # z = 0, r = 1: the recurrent part W_hn h_prev = 0.5 joins the candidate
    h = rh.gru_step(np.zeros(1), np.array([0.5]), np.zeros((3, 1)), np.ones((3, 1)),
                    np.array([-50.0, 50.0, 1.0]))  # fmt: skip
    assert h == pytest.approx([np.tanh(1.5)], abs=1e-12)


def test_reset_multiplies_after_the_product_pytorch_form_not_cho_form():
    """Two units: reset-after gives tanh(r ⊙ (W_hn h)), Cho et al.'s form tanh(W_hn (r ⊙ h))."""
    H = 2
    W_h = np.zeros((3 * H, H))
    W_h[2 * H :] = [[1.0, 1.0], [0.0, 0.0]]  # unit 0's candidate reads both units
    b = np.concatenate([np.full(H, -50.0), [50.0, -50.0], np.zeros(H)])  # z = 0, r = (1, 0)
    h_prev = np.array([0.2, 0.3])
    h = rh.gru_step(np.zeros(1), h_prev, np.zeros((3 * H, 1)), W_h, b)
    assert h[0] == pytest.approx(np.tanh(0.5), abs=1e-12)  # r_0 = 1 times (0.2 + 0.3)
    assert h[0] != pytest.approx(np.tanh(0.2), abs=1e-3)  # Cho et al.: W_hn (r ⊙ h) = 0.2


@pytest.mark.parametrize(("N", "T", "D", "H"), [(1, 1, 1, 1), (2, 5, 3, 4), (3, 21, 2, 3)])
def test_forward_agrees_with_an_independent_hand_written_gru(N, T, D, H):
    rng = np.random.default_rng(N + 10 * T + 100 * H)
    x, h0, p = make_gru_problem(rng, N, T, D, H)
    h, _ = rh.gru_forward(x, h0, p["W_x"], p["W_h"], p["b"])
    h_ref = hand_gru(x, h0, p["W_x"], p["W_h"], p["b"])
    assert np.abs(h - h_ref).max() < 1e-12


def test_update_gate_one_keeps_the_state_for_200_steps_and_its_gradient_too():
    """With z = 1 the state path is the identity: h_T = h_0 and ∂h_T/∂h_0 = 1."""
    H, T = 3, 200
    b = np.concatenate([np.full(H, 60.0), np.zeros(2 * H)])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, T, 2))
    h0 = np.array([[0.7, -0.3, 0.9]])
    h, cache = rh.gru_forward(x, h0, rng.normal(size=(3 * H, 2)), rng.normal(size=(3 * H, H)), b)
    assert np.abs(h[0, -1] - h0[0]).max() < 1e-12
    dh = np.zeros_like(h)
    dh[:, -1] = 1.0
    dh0 = rh.gru_backward(dh, cache)[1]
    assert dh0 == pytest.approx(np.ones((1, H)), abs=1e-12)


def test_batched_step_rows_equal_unbatched(rng):
    x, h0, p = make_gru_problem(rng, 3, 1, 2, 4)
    h = rh.gru_step(x[:, 0], h0, p["W_x"], p["W_h"], p["b"])
    for n in range(3):
        h_n = rh.gru_step(x[n, 0], h0[n], p["W_x"], p["W_h"], p["b"])
        assert np.allclose(h[n], h_n, atol=1e-15)


@settings(max_examples=25, deadline=None)
@given(
    N=st.integers(1, 3),
    T=st.integers(1, 6),
    D=st.integers(1, 3),
    H=st.integers(1, 4),
    seed=st.integers(0, 10_000),
)
def test_forward_is_the_loop_of_gru_step(N, T, D, H, seed):
    rng = np.random.default_rng(seed)
    x, h0, p = make_gru_problem(rng, N, T, D, H)
    h, _ = rh.gru_forward(x, h0, p["W_x"], p["W_h"], p["b"])
    h_t = h0
    for t in range(T):
        h_t = rh.gru_step(x[:, t], h_t, p["W_x"], p["W_h"], p["b"])
        assert np.allclose(h[:, t], h_t, atol=1e-14)


@settings(max_examples=25, deadline=None)
@given(
    T=st.integers(1, 8),
    H=st.integers(1, 4),
    scale=st.floats(0.1, 20.0),
    seed=st.integers(0, 10_000),
)
def test_state_stays_between_its_old_value_and_the_candidate(T, H, scale, seed):
    """h_t is a convex mix of h_{t-1} and n_t: it never leaves [min, max] of the two."""
    rng = np.random.default_rng(seed)
    x, h0, p = make_gru_problem(rng, 2, T, 2, H)
    p = {k: scale * v for k, v in p.items()}
    h, cache = rh.gru_forward(x, h0, p["W_x"], p["W_h"], p["b"])
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    n = cache.gates[..., 2 * H :]
    assert np.all(h >= np.minimum(h_prev, n) - 1e-12)
    assert np.all(h <= np.maximum(h_prev, n) + 1e-12)
    assert np.all((cache.gates >= -1) & (cache.gates <= 1))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), T=st.integers(1, 5), H=st.integers(1, 3))
def test_backward_is_linear_in_dh(seed, T, H):
    rng = np.random.default_rng(seed)
    x, h0, p = make_gru_problem(rng, 2, T, 2, H)
    _, cache = rh.gru_forward(x, h0, p["W_x"], p["W_h"], p["b"])
    d1, d2 = rng.normal(size=(2, 2, T, H))
    g1, g2, g12 = (rh.gru_backward(d, cache) for d in (d1, d2, 2 * d1 - 3 * d2))
    for a, b_, c in zip(g1, g2, g12):
        assert np.allclose(c, 2 * a - 3 * b_, atol=1e-12)


# --- gradients ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("N", "T", "D", "H"), SHAPES, ids=SHAPE_IDS)
def test_gru_backward_matches_finite_differences(N, T, D, H):
    rng = np.random.default_rng(N * 1000 + T * 10 + H)
    x, h0, p = make_gru_problem(rng, N, T, D, H)
    arrays = gru_arrays(x, h0, p)
    dh = rng.normal(size=(N, T, H))  # loss = sum(h * dh)

    def loss():
        return np.sum(rh.gru_forward(x, h0, p["W_x"], p["W_h"], p["b"])[0] * dh)

    _, cache = rh.gru_forward(x, h0, p["W_x"], p["W_h"], p["b"])
    grads = dict(zip(arrays, rh.gru_backward(dh, cache)))
    report = rh.gradient_check(loss, arrays, grads)
    assert report.passed, f"\n{report}"
    assert max(r.rel_error for r in report.rows) < TOL


# --- dtype and validation -----------------------------------------------------------------------


def test_float32_in_float32_out(rng):
    x, h0, p = make_gru_problem(rng, 2, 4, 3, 2, dtype=np.float32)
    h, cache = rh.gru_forward(x, h0, p["W_x"], p["W_h"], p["b"])
    assert h.dtype == np.float32 and cache.gates.dtype == np.float32
    grads = rh.gru_backward(np.ones_like(h), cache)
    assert all(g.dtype == np.float32 for g in grads)
    assert rh.gru_step(x[:, 0], h0, p["W_x"], p["W_h"], p["b"]).dtype == np.float32
    h64 = rh.gru_forward(*(a.astype(np.float64) for a in (x, h0)),
                         *(p[k].astype(np.float64) for k in ("W_x", "W_h", "b")))[0]  # fmt: skip
    assert np.abs(h - h64).max() < 1e-5


def test_integer_inputs_are_computed_in_float64():
    h = rh.gru_step(np.array([1]), np.array([0]), np.ones((3, 1), dtype=int),
                    np.zeros((3, 1), dtype=int), np.zeros(3, dtype=int))  # fmt: skip
    assert h.dtype == np.float64


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"W_x": np.zeros((6, 3))}, r"W_x must have shape \(3H, D\) = \(6, 2\) to match h0 and x, got \(6, 3\)"),
        ({"W_x": np.zeros((8, 2))}, r"W_x must have shape \(3H, D\) = \(6, 2\)"),
        ({"W_h": np.zeros((2, 2))}, r"W_h must have shape \(3H, H\) = \(6, 2\) to match h0, got \(2, 2\)"),
        ({"b": np.zeros(8)}, r"b must have shape \(3H,\) = \(6,\) to match h0, got \(8,\)"),
        ({"h0": np.zeros((2, 2))}, r"h0 must have shape \(N, H\) = \(3, 2\) to match x, got \(2, 2\)"),
        ({"x": np.zeros((3, 2))}, r"x must be a 3-D array of shape \(N, T, D\)"),
        ({"x": np.zeros((3, 0, 2))}, r"x must have at least one time step"),
    ],
)  # fmt: skip
def test_forward_errors_name_the_argument_and_shapes(change, message):
    args = {"x": np.zeros((3, 4, 2)), "h0": np.zeros((3, 2)), "W_x": np.zeros((6, 2)),
            "W_h": np.zeros((6, 2)), "b": np.zeros(6)}  # fmt: skip
    args |= change
    with pytest.raises(ValueError, match=message):
        rh.gru_forward(**args)


def test_step_and_backward_errors():
    with pytest.raises(TypeError, match="W_h must be a numpy array, got list"):
        rh.gru_step(np.zeros(2), np.zeros(1), np.zeros((3, 2)), [[0.0]] * 3, np.zeros(3))
    with pytest.raises(
        ValueError, match=r"h_prev must have shape \(N, H\) = \(2, 1\) to match x_t"
    ):
        rh.gru_step(np.zeros((2, 2)), np.zeros((3, 1)), np.zeros((3, 2)), np.zeros((3, 1)),
                    np.zeros(3))  # fmt: skip
    with pytest.raises(
        ValueError, match=r"W_h must have shape \(3H, H\) = \(3, 1\) to match h_prev"
    ):
        rh.gru_step(np.zeros(2), np.zeros(1), np.zeros((3, 2)), np.zeros((4, 1)), np.zeros(3))
    h, cache = rh.gru_forward(np.zeros((1, 3, 2)), np.zeros((1, 2)), np.zeros((6, 2)),
                              np.zeros((6, 2)), np.zeros(6))  # fmt: skip
    with pytest.raises(ValueError, match=r"dh must have shape \(N, T, H\) = \(1, 3, 2\)"):
        rh.gru_backward(np.zeros((1, 3, 3)), cache)
    with pytest.raises(TypeError, match="cache must be the GRUCache returned by gru_forward"):
        rh.gru_backward(h, (1, 2))
    lstm_cache = rh.lstm_forward(np.zeros((1, 3, 2)), np.zeros((1, 2)), np.zeros((1, 2)),
                                 np.zeros((8, 2)), np.zeros((8, 2)), np.zeros(8))[1]  # fmt: skip
    with pytest.raises(TypeError, match="cache must be the GRUCache returned by gru_forward"):
        rh.gru_backward(h, lstm_cache)


# --- initialisation and counting ----------------------------------------------------------------


def test_init_gru_params_shapes_range_and_seed():
    p = rh.init_gru_params(3, 4, 2, rng=np.random.default_rng(0))
    assert {k: v.shape for k, v in p.items()} == {
        "W_x": (12, 3), "W_h": (12, 4), "b": (12,), "W_hy": (2, 4), "b_y": (2,)
    }  # fmt: skip
    every = np.concatenate([v.ravel() for v in p.values()])
    assert np.all(np.abs(every) <= 0.5) and every.std() > 0.1  # uniform on ±1/√H = ±0.5
    again = rh.init_gru_params(3, 4, 2, rng=np.random.default_rng(0))
    assert all(np.array_equal(p[k], again[k]) for k in p)
    assert set(rh.init_gru_params(3, 4, rng=np.random.default_rng(0))) == {"W_x", "W_h", "b"}
    p32 = rh.init_gru_params(1, 2, rng=np.random.default_rng(0), dtype=np.float32)
    assert p32["b"].dtype == np.float32
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        rh.init_gru_params(1, 2, rng=0)
    with pytest.raises(ValueError, match="dtype must be a floating dtype"):
        rh.init_gru_params(1, 2, rng=np.random.default_rng(0), dtype=int)
    with pytest.raises(ValueError, match="H must be a positive"):
        rh.init_gru_params(1, 0, rng=np.random.default_rng(0))


@pytest.mark.parametrize(("D", "H", "expected"), [(1, 1, 9), (2, 16, 912), (10, 50, 9150)])
def test_count_gru_params_is_three_times_the_rnn_and_matches_the_arrays(D, H, expected):
    assert rh.count_gru_params(D, H) == expected
    p = rh.init_gru_params(D, H, rng=np.random.default_rng(0))
    assert sum(v.size for v in p.values()) == expected
    rnn = rh.init_rnn_params(D, H, rng=np.random.default_rng(0))
    assert expected == 3 * sum(v.size for v in rnn.values())
    assert expected == rh.count_lstm_params(D, H) * 3 // 4


# --- training -----------------------------------------------------------------------------------


def test_training_gradients_of_a_gru_match_finite_differences(rng):
    """loss_and_grads with GRU params, many-to-one cross-entropy and many-to-many MSE."""
    N, T, D, H, O = 3, 7, 2, 3, 4
    p = rh.init_gru_params(D, H, O, rng=rng)
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
        assert max(r.rel_error for r in report.rows) < TOL


def test_the_same_train_loop_trains_a_gru(rng):
    """Many-to-one memory task: output the first input after 8 steps. The GRU learns it."""
    N, T = 64, 8
    x = rng.normal(size=(N, T, 1))
    y = x[:, 0, :]
    p = rh.init_gru_params(1, 8, 1, rng=rng)
    before = loss_and_grads(p, x, y, mode="many-to-one")[0]
    result = train(p, x, y, steps=300, optimizer=Adam(0.02), mode="many-to-one", progress=False)
    after = loss_and_grads(p, x, y, mode="many-to-one")[0]
    assert after < 0.1 * before
    assert result.params is p and len(result.losses) == 300
    assert predict(p, x, mode="many-to-one").shape == (N, 1)


def test_truncated_bptt_carries_the_gru_state(rng):
    """With a window, h is carried from span to span: the loss equals the full forward's."""
    N, T, D, H, O = 2, 9, 2, 3, 2
    p = rh.init_gru_params(D, H, O, rng=rng)
    x, y = rng.normal(size=(N, T, D)), rng.normal(size=(N, T, O))
    full = loss_and_grads(p, x, y)[0]
    cut, _, h_T = loss_and_grads(p, x, y, window=4)
    assert cut == pytest.approx(full, rel=1e-12)
    h = rh.gru_forward(x, np.zeros((N, H)), p["W_x"], p["W_h"], p["b"])[0]
    assert np.allclose(h_T, h[:, -1])
    # many-to-one with a window: the early spans only carry the state
    y1 = rng.normal(size=(N, O))
    assert loss_and_grads(p, x, y1, mode="many-to-one", window=4)[0] == pytest.approx(
        loss_and_grads(p, x, y1, mode="many-to-one")[0], rel=1e-12
    )


def test_training_rejects_wrong_gru_params(rng):
    p = rh.init_gru_params(2, 3, 1, rng=rng)
    x, y = rng.normal(size=(2, 4, 2)), rng.normal(size=(2, 4, 1))
    with pytest.raises(
        ValueError, match=r"from init_gru_params\(D, H, O, rng=\.\.\.\)\), got unexpected"
    ):
        loss_and_grads(p | {"W_hh": np.zeros((3, 3))}, x, y)
    with pytest.raises(ValueError, match=r"params\['W_x'\] of shape \(3H, D\)"):
        loss_and_grads(p, rng.normal(size=(2, 4, 5)), y)
    with pytest.raises(
        ValueError, match=r"h0 must have shape \(N, H\) = \(2, 3\) to match x and params\['W_h'\]"
    ):
        loss_and_grads(p, x, y, h0=np.zeros((2, 4)))
    with pytest.raises(ValueError, match="with a GRU's params"):
        loss_and_grads(p, x, y, backward=rh.rnn_backward)
    with pytest.raises(ValueError, match="vanilla RNN only, got GRU params"):
        gradient_shares(p, x, y)
