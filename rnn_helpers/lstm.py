"""The LSTM cell: forward over a sequence, backpropagation through time, initialisation.

Course notation (column vectors, weights stored as written). The four gate pre-activations are
stacked in one vector of length 4H, in the order (input, forget, candidate, output)::

    a_t = W_x x_t + W_h h_{t-1} + b                 W_x (4H, D), W_h (4H, H), b (4H,)
    i_t = σ(a_t[0:H])        input gate: how much of the candidate to write
    f_t = σ(a_t[H:2H])       forget gate: how much of the old cell to keep
    g_t = tanh(a_t[2H:3H])   candidate: the value that could be written
    o_t = σ(a_t[3H:4H])      output gate: how much of the cell to show
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

σ is the logistic sigmoid 1 / (1 + e^{-a}). Along the cell path, ∂c_t/∂c_{t-1} = diag(f_t):
no recurrent weight matrix and no squashing, which is why the gradient can survive many steps.

Arrays are batch-first: ``x`` (N, T, D), ``h0`` and ``c0`` (N, H), ``h`` (N, T, H). This is the
layout of PyTorch's ``nn.LSTM`` (``weight_ih_l0`` is W_x, ``weight_hh_l0`` is W_h, and its two
biases add up to b), except that PyTorch names the candidate gate "g" and orders (i, f, g, o) too.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from ._validate import (
    as_array,
    check_cache_and_dh,
    check_cell_weights,
    check_positive_int,
    check_sequence_and_state,
    check_shape,
    check_step_inputs,
    float_dtype,
)
from .bptt import products_after_the_loop, rnn_backward
from .memory import pulse_response
from .rnn import init_rnn_params, rnn_forward, uniform_cell_params

GATES = ("input", "forget", "candidate", "output")


class LSTMCache(NamedTuple):
    """What `lstm_forward` keeps for `lstm_backward`.

    Attributes
    ----------
    x : ndarray of shape (N, T, D)
    h0, c0 : ndarray of shape (N, H)
    h, c : ndarray of shape (N, T, H)
        Every hidden state h_1 ... h_T and cell state c_1 ... c_T.
    tanh_c : ndarray of shape (N, T, H)
        tanh(c_t) for every t.
    gates : ndarray of shape (N, T, 4H)
        The gate values (i_t, f_t, g_t, o_t) after their nonlinearities, stacked.
    W_x : ndarray of shape (4H, D)
    W_h : ndarray of shape (4H, H)
    """

    x: np.ndarray
    h0: np.ndarray
    c0: np.ndarray
    h: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray
    gates: np.ndarray
    W_x: np.ndarray
    W_h: np.ndarray


def sigmoid(a: np.ndarray) -> np.ndarray:
    """The logistic function σ(a) = 1 / (1 + e^{-a}) = (1 + tanh(a/2)) / 2 (no overflow)."""
    return 0.5 + 0.5 * np.tanh(0.5 * a)


def _split(z: np.ndarray) -> tuple[np.ndarray, ...]:
    """The four quarters (i, f, g, o) of a stacked array (..., 4H), as views."""
    H = z.shape[-1] // 4
    return z[..., :H], z[..., H : 2 * H], z[..., 2 * H : 3 * H], z[..., 3 * H :]


def _gate_scale(H: int, dtype) -> np.ndarray:
    """(1/2, 1/2, 1, 1/2), each repeated H times: the tanh argument's scale for each quarter."""
    scale = np.full(4 * H, 0.5, dtype=dtype)
    scale[2 * H : 3 * H] = 1
    return scale


def _gates(a: np.ndarray) -> np.ndarray:
    """(i, f, g, o) from the stacked pre-activations a (..., 4H): σ, σ, tanh, σ.

    One tanh for all four quarters, using σ(a) = (1 + tanh(a/2)) / 2 on the sigmoid ones.
    """
    s = np.tanh(a * _gate_scale(a.shape[-1] // 4, a.dtype))
    i, f, _, o = _split(s)
    for gate in (i, f, o):
        gate *= 0.5
        gate += 0.5
    return s


def cell_update(i, f, g, o, c_prev):
    """The cell's equations for given gates: c_t = f ⊙ c_{t-1} + i ⊙ g, h_t = o ⊙ tanh(c_t).

    Parameters
    ----------
    i, f, g, o : float or ndarray of shape (..., H)
        Input gate, forget gate, candidate and output gate (after their nonlinearities).
    c_prev : float or ndarray of shape (..., H)
        The cell state c_{t-1}.

    Returns
    -------
    h_t, c_t, tanh_c : the new hidden state, cell state and tanh(c_t) (reused by the backward pass).
    """
    c_t = f * c_prev + i * g
    tanh_c = np.tanh(c_t)
    return o * tanh_c, c_t, tanh_c


def _cell(gates: np.ndarray, c_prev: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`cell_update` from the stacked gates (..., 4H)."""
    return cell_update(*_split(gates), c_prev)


def lstm_step(
    x_t: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    W_x: np.ndarray,
    W_h: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step: c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t, h_t = o_t ⊙ tanh(c_t).

    The gates come from a_t = W_x x_t + W_h h_{t-1} + b (stacked input, forget, candidate,
    output): i_t, f_t, o_t = σ(.) and g_t = tanh(.) of their quarter of a_t.

    Parameters
    ----------
    x_t : ndarray of shape (N, D), or (D,) for one example
        Input at step t.
    h_prev : ndarray of shape (N, H), or (H,) for one example
        Hidden state h_{t-1}.
    c_prev : ndarray, same shape as `h_prev`
        Cell state c_{t-1}.
    W_x : ndarray of shape (4H, D)
        Input weights of the four gates, stacked (input, forget, candidate, output).
    W_h : ndarray of shape (4H, H)
        Recurrent weights of the four gates, stacked the same way.
    b : ndarray of shape (4H,)
        Biases of the four gates.

    Returns
    -------
    h_t : ndarray, same shape as `h_prev`
    c_t : ndarray, same shape as `h_prev`

    Examples
    --------
    >>> import numpy as np
    >>> h, c = lstm_step(np.array([1.0]), np.zeros(1), np.array([2.0]),
    ...                  np.zeros((4, 1)), np.zeros((4, 1)), np.array([0, 50.0, 0, 0]))
    >>> float(c[0]), round(float(h[0]), 4)      # f = 1 keeps the cell; i·g = 0.5 · 0 adds nothing
    (2.0, 0.482)
    """
    (x_t, h_prev), c_prev = check_step_inputs(x_t, h_prev), as_array("c_prev", c_prev)
    layout = "(H,)" if h_prev.ndim == 1 else "(N, H)"
    check_shape("c_prev", c_prev, layout, h_prev.shape, "h_prev")
    H, D = h_prev.shape[-1], x_t.shape[-1]
    W_x, W_h, b = check_cell_weights({"W_x": W_x, "W_h": W_h, "b": b}, 4, H, D, "h_prev", "x_t")
    dt = float_dtype(x_t, h_prev, c_prev, W_x, W_h, b)
    x_t, h_prev, c_prev, W_x, W_h, b = (
        a.astype(dt, copy=False) for a in (x_t, h_prev, c_prev, W_x, W_h, b)
    )
    return _cell(_gates(x_t @ W_x.T + h_prev @ W_h.T + b), c_prev)[:2]


def lstm_forward(
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    W_x: np.ndarray,
    W_h: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, LSTMCache]:
    """Run the LSTM over a whole sequence (see `lstm_step` for the equations).

    All input projections W_x x_t + b are computed in one matrix product; only the recurrent
    product W_h h_{t-1}, the gates and the cell update run step by step.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
        Inputs, batch-first. For one sequence of shape (T, D) pass ``x[None]``.
    h0 : ndarray of shape (N, H)
        Initial hidden state h_0 (often zeros).
    c0 : ndarray of shape (N, H)
        Initial cell state c_0 (often zeros).
    W_x : ndarray of shape (4H, D)
        Input weights, gates stacked (input, forget, candidate, output).
    W_h : ndarray of shape (4H, H)
        Recurrent weights, stacked the same way.
    b : ndarray of shape (4H,)
        Gate biases.

    Returns
    -------
    h : ndarray of shape (N, T, H)
        Hidden states h_1 ... h_T; ``h[:, t]`` is the state after reading ``x[:, t]``.
    cache : LSTMCache
        What `lstm_backward` needs; ``cache.c`` (N, T, H) holds the cell states c_1 ... c_T.
    """
    (x, h0), c0 = check_sequence_and_state(x, h0), as_array("c0", c0)
    (N, T, D), H = x.shape, h0.shape[1]
    check_shape("c0", c0, "(N, H)", (N, H), "h0")
    W_x, W_h, b = check_cell_weights({"W_x": W_x, "W_h": W_h, "b": b}, 4, H, D, "h0", "x")
    dt = float_dtype(x, h0, c0, W_x, W_h, b)
    x, h0, c0, W_x, W_h, b = (a.astype(dt, copy=False) for a in (x, h0, c0, W_x, W_h, b))

    a_x = (x.reshape(N * T, D) @ W_x.T + b).reshape(N, T, 4 * H)  # every W_x x_t + b at once
    h, c, tanh_c = (np.empty((N, T, H), dtype=dt) for _ in range(3))
    gates = np.empty((N, T, 4 * H), dtype=dt)
    h_prev, c_prev = h0, c0
    for t in range(T):
        gates[:, t] = _gates(a_x[:, t] + h_prev @ W_h.T)
        h_prev, c_prev, tanh_c[:, t] = _cell(gates[:, t], c_prev)
        h[:, t], c[:, t] = h_prev, c_prev
    return h, LSTMCache(x, h0, c0, h, c, tanh_c, gates, W_x, W_h)


def _step_backward(g_h, dc_next, gates_t, deriv_t, tanh_c, c_prev):
    """One step back through the cell.

    From the total gradient g_h at h_t and dc_next arriving at c_t from step t+1, return the
    gradient of the stacked pre-activations da_t (N, 4H) and the gradient passed on to c_{t-1}.
    `deriv_t` holds each gate's derivative: σ' = σ(1 - σ) for i, f, o and tanh' = 1 - g².
    """
    i, f, g, o = _split(gates_t)
    dc = dc_next + g_h * o * (1 - tanh_c * tanh_c)  # h_t = o ⊙ tanh(c_t), plus the cell path
    dgates = np.concatenate([dc * g, dc * c_prev, dc * i, g_h * tanh_c], axis=-1)  # di df dg do
    return dgates * deriv_t, dc * f  # ∂c_t/∂c_{t-1} = diag(f_t)


def lstm_backward(
    dh: np.ndarray, cache: LSTMCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time for `lstm_forward`.

    Runs t = T ... 1 with the total gradient at h_t, g_t = dh_t + W_h^T da_{t+1}, and at c_t,
    dc_t = dc_{t+1} ⊙ f_{t+1} + g_t ⊙ o_t ⊙ (1 - tanh²(c_t)). The gate gradients are
    di = dc ⊙ g, df = dc ⊙ c_{t-1}, dg = dc ⊙ i, do = g_t ⊙ tanh(c_t), each times its
    nonlinearity's derivative, stacked into da_t. Then dx, dW_x, dW_h and db are each one matrix
    product (or sum) over all steps: dW_x = Σ_t da_t x_t^T, dW_h = Σ_t da_t h_{t-1}^T,
    db = Σ_t da_t, dx_t = W_x^T da_t.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H)
        dLoss/dh_t reaching each hidden state directly from the loss (zeros where a step has no
        output).
    cache : LSTMCache
        The second value returned by `lstm_forward`.

    Returns
    -------
    dx : ndarray of shape (N, T, D)
    dh0 : ndarray of shape (N, H)
    dc0 : ndarray of shape (N, H)
    dW_x : ndarray of shape (4H, D)
    dW_h : ndarray of shape (4H, H)
    db : ndarray of shape (4H,)
    """
    dh = check_cache_and_dh(dh, cache, LSTMCache, "lstm_forward")
    x, h0, c0, h, c, tanh_c, gates, W_x, W_h = cache
    T = h.shape[1]

    deriv = gates * (1 - gates)  # σ' = σ(1 - σ) for i, f, o ...
    _split(deriv)[2][...] = 1 - _split(gates)[2] ** 2  # ... and tanh' = 1 - g² for the candidate
    c_prev = np.concatenate([c0[:, None], c[:, :-1]], axis=1)  # c_{t-1} for every t
    da = np.empty_like(gates)
    dh_next, dc_next = np.zeros_like(h0), np.zeros_like(c0)
    for t in reversed(range(T)):
        da[:, t], dc_next = _step_backward(
            dh[:, t] + dh_next, dc_next, gates[:, t], deriv[:, t], tanh_c[:, t], c_prev[:, t]
        )
        dh_next = da[:, t] @ W_h

    dx, dW_x, dW_h, db = products_after_the_loop(da, x, h0, h, W_x)
    return dx, dh_next, dc_next, dW_x, dW_h, db


def init_lstm_params(
    D: int,
    H: int,
    O: int | None = None,
    *,
    rng: np.random.Generator,
    forget_bias: float | None = 1.0,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """Draw LSTM parameters as PyTorch's ``nn.LSTM`` does, with the forget-gate bias set.

    Every entry is uniform on (-1/sqrt(H), 1/sqrt(H)); then the forget gate's quarter of b,
    ``b[H:2H]``, is set to `forget_bias`. Jozefowicz, Zaremba & Sutskever (2015) recommend 1:
    f_t = σ(1) ≈ 0.73 at the start, so the cell keeps most of its value and the gradient along
    the cell path does not vanish before training has begun.

    Parameters
    ----------
    D, H : int
        Input and hidden sizes.
    O : int, optional
        Output size; when given, ``W_hy`` (O, H) and ``b_y`` (O,) are included.
    rng : numpy.random.Generator
    forget_bias : float or None
        Value of the forget-gate biases; None keeps them random like the rest.
    dtype : numpy float dtype

    Returns
    -------
    params : dict of str to ndarray
        ``W_x`` (4H, D), ``W_h`` (4H, H), ``b`` (4H,) and, with `O`, ``W_hy`` (O, H), ``b_y`` (O,).
    """
    params = uniform_cell_params(("W_x", "W_h", "b"), 4, D, H, O, rng=rng, dtype=dtype)
    if forget_bias is not None and (isinstance(forget_bias, bool) or not np.isfinite(forget_bias)):
        raise ValueError(f"forget_bias must be a finite number or None, got {forget_bias!r}")
    if forget_bias is not None:
        params["b"][H : 2 * H] = forget_bias
    return params


def count_lstm_params(D: int, H: int) -> int:
    """Number of LSTM weights and biases: 4 (H·D + H·H + H), four times the vanilla RNN's."""
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    return 4 * (H * D + H * H + H)


def unit_by_hand(
    i: float, f: float, o: float, w_hh: float, forget_at: int | None = None, T: int = 30
) -> dict[str, np.ndarray]:
    """One LSTM unit with its gates set by hand, next to one tanh RNN unit, after one pulse.

    At step 1 the LSTM's candidate is g = 1 (a value to write) and the RNN's input is x_1 = 1;
    afterwards both inputs are 0. The LSTM's gates are the constants i, f, o, except that the
    forget gate drops to 0 at step `forget_at` (None: never), which erases the cell. The RNN unit
    is notebook 02's h_t = tanh(w_hh h_{t-1} + x_t).

    Returns
    -------
    dict with ``c``, ``h_lstm``, ``h_rnn`` : ndarray of shape (T,), the states at t = 1 ... T.
    """
    T = check_positive_int("T", T)
    c, h_lstm = np.zeros(T), np.zeros(T)
    c_prev = 0.0
    for t in range(1, T + 1):
        f_t = 0.0 if forget_at is not None and t == forget_at else f
        h_lstm[t - 1], c_prev, _ = cell_update(i, f_t, 1.0 if t == 1 else 0.0, o, c_prev)
        c[t - 1] = c_prev
    return {"c": c, "h_lstm": h_lstm, "h_rnn": pulse_response(w_hh, 1.0, 1.0, T).h_pulse}


def measure_costs(
    N: int = 32,
    T: int = 100,
    D: int = 2,
    H: int = 16,
    *,
    rng: np.random.Generator,
    repeats: int = 5,
) -> dict[str, dict[str, float]]:
    """What an LSTM costs next to a tanh RNN of the same H: parameters, time, memory.

    Time is the best of `repeats` forward + backward passes over (N, T, D) inputs in CPU time,
    divided by T (seconds per time step); memory is the bytes of the arrays each forward pass
    keeps for its backward pass (its cache, inputs and weights excluded).

    Parameters
    ----------
    N, T, D, H : int
        Batch size, time steps, input size and hidden size.
    rng : np.random.Generator
        Draws the inputs x (N, T, D), then the RNN's and the LSTM's weights.
    repeats : int
        Forward + backward passes timed per model (the best counts).

    Returns
    -------
    dict
        ``{"rnn": {...}, "lstm": {...}}``, each with ``params``, ``seconds_per_step`` and
        ``cache_bytes``.
    """
    x, z = rng.normal(size=(N, T, D)), np.zeros((N, H))
    p_rnn, p_lstm = init_rnn_params(D, H, rng=rng), init_lstm_params(D, H, rng=rng)
    runs = {
        "rnn": (
            lambda: rnn_forward(x, z, p_rnn["W_xh"], p_rnn["W_hh"], p_rnn["b_h"]),
            rnn_backward,
            p_rnn,
            ("h",),
        ),
        "lstm": (
            lambda: lstm_forward(x, z, z, p_lstm["W_x"], p_lstm["W_h"], p_lstm["b"]),
            lstm_backward,
            p_lstm,
            ("h", "c", "tanh_c", "gates"),
        ),
    }
    best, caches = dict.fromkeys(runs, np.inf), {}
    for _ in range(repeats):
        for name, (forward, backward, _, _) in runs.items():  # alternating: load hits both alike
            start = time.process_time()  # CPU time: less disturbed by other programs
            h, caches[name] = forward()
            backward(np.ones_like(h), caches[name])
            best[name] = min(best[name], time.process_time() - start)
    return {
        name: {
            "params": sum(p.size for p in params.values()),
            "seconds_per_step": best[name] / T,
            "cache_bytes": sum(getattr(caches[name], k).nbytes for k in kept),
        }
        for name, (_, _, params, kept) in runs.items()
    }
