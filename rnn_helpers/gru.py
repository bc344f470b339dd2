"""The GRU cell: forward over a sequence, backpropagation through time, initialisation.

Course notation (column vectors, weights stored as written). The three gate blocks are stacked
in vectors of length 3H, in the order (update, reset, candidate)::

    a_t = W_x x_t + b           W_x (3H, D), b (3H,)     the input part, all steps at once
    u_t = W_h h_{t-1}           W_h (3H, H)              the recurrent part
    z_t = σ(a_t[0:H] + u_t[0:H])              update gate: how much of the old state to keep
    r_t = σ(a_t[H:2H] + u_t[H:2H])            reset gate: how much of W_hn h_{t-1} to use
    n_t = tanh(a_t[2H:3H] + r_t ⊙ u_t[2H:3H])  candidate: the proposed new state
    h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}

σ is the logistic sigmoid. Along the direct path, ∂h_t/∂h_{t-1} contains diag(z_t): with
z_t near 1 the state, and the gradient, pass through a step almost unchanged.

This is the "reset after the product" form used by PyTorch's ``nn.GRU`` (and cuDNN): the reset
gate multiplies W_hn h_{t-1}. Cho et al. (2014) apply it before: n_t = tanh(W_xn x_t +
W_hn (r_t ⊙ h_{t-1})); the two forms are different functions of the same weights.
Differences from ``nn.GRU``: PyTorch stacks its gates (r, z, n), not (z, r, n), and has two
biases, b_ih and b_hh; its b_hn sits inside the reset product, r_t ⊙ (W_hn h_{t-1} + b_hn).
Here there is one bias b, outside the product: b equals PyTorch's b_ih + b_hh for z and r and
its b_in for n, with b_hn = 0.

Arrays are batch-first: ``x`` (N, T, D), ``h0`` (N, H), ``h`` (N, T, H).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import (
    check_cache_and_dh,
    check_cell_weights,
    check_positive_int,
    check_sequence_and_state,
    check_step_inputs,
    float_dtype,
)
from .bptt import products_after_the_loop
from .lstm import sigmoid
from .rnn import uniform_cell_params

GATES = ("update", "reset", "candidate")


class GRUCache(NamedTuple):
    """What `gru_forward` keeps for `gru_backward`.

    Attributes
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H)
    h : ndarray of shape (N, T, H)
        Every hidden state h_1 ... h_T.
    gates : ndarray of shape (N, T, 3H)
        (z_t, r_t, n_t) after their nonlinearities, stacked.
    u_n : ndarray of shape (N, T, H)
        W_hn h_{t-1}, the recurrent part of the candidate before the reset gate.
    W_x : ndarray of shape (3H, D)
    W_h : ndarray of shape (3H, H)
    """

    x: np.ndarray
    h0: np.ndarray
    h: np.ndarray
    gates: np.ndarray
    u_n: np.ndarray
    W_x: np.ndarray
    W_h: np.ndarray


def _cell(a_t: np.ndarray, u_t: np.ndarray, h_prev: np.ndarray):
    """One step from the input part a_t (..., 3H) and recurrent part u_t (..., 3H).

    Returns h_t (..., H) and the stacked gates (z_t, r_t, n_t) (..., 3H).
    """
    H = h_prev.shape[-1]
    zr = sigmoid(a_t[..., : 2 * H] + u_t[..., : 2 * H])
    z, r = zr[..., :H], zr[..., H:]
    n = np.tanh(a_t[..., 2 * H :] + r * u_t[..., 2 * H :])
    h_t = (1 - z) * n + z * h_prev
    return h_t, np.concatenate([zr, n], axis=-1)


def gru_step(
    x_t: np.ndarray,
    h_prev: np.ndarray,
    W_x: np.ndarray,
    W_h: np.ndarray,
    b: np.ndarray,
) -> np.ndarray:
    """One GRU step: h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1} (see the module for z, r, n).

    Parameters
    ----------
    x_t : ndarray of shape (N, D), or (D,) for one example
        Input at step t.
    h_prev : ndarray of shape (N, H), or (H,) for one example
        Hidden state h_{t-1}.
    W_x : ndarray of shape (3H, D)
        Input weights of the three gates, stacked (update, reset, candidate).
    W_h : ndarray of shape (3H, H)
        Recurrent weights, stacked the same way.
    b : ndarray of shape (3H,)
        Biases of the three gates.

    Returns
    -------
    h_t : ndarray, same shape as `h_prev`

    Examples
    --------
    >>> import numpy as np
    >>> h = gru_step(np.array([1.0]), np.array([0.5]), np.zeros((3, 1)), np.zeros((3, 1)),
    ...              np.array([50.0, 0, 0]))
    >>> float(h[0])                              # z = 1 keeps the old state
    0.5
    """
    x_t, h_prev = check_step_inputs(x_t, h_prev)
    H, D = h_prev.shape[-1], x_t.shape[-1]
    W_x, W_h, b = check_cell_weights({"W_x": W_x, "W_h": W_h, "b": b}, 3, H, D, "h_prev", "x_t")
    dt = float_dtype(x_t, h_prev, W_x, W_h, b)
    x_t, h_prev, W_x, W_h, b = (a.astype(dt, copy=False) for a in (x_t, h_prev, W_x, W_h, b))
    return _cell(x_t @ W_x.T + b, h_prev @ W_h.T, h_prev)[0]


def gru_forward(
    x: np.ndarray,
    h0: np.ndarray,
    W_x: np.ndarray,
    W_h: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, GRUCache]:
    """Run the GRU over a whole sequence (see the module docstring for the equations).

    All input parts W_x x_t + b are computed in one matrix product; only the recurrent product
    W_h h_{t-1}, the gates and the state update run step by step.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
        Inputs, batch-first. For one sequence of shape (T, D) pass ``x[None]``.
    h0 : ndarray of shape (N, H)
        Initial hidden state h_0 (often zeros).
    W_x : ndarray of shape (3H, D)
        Input weights, gates stacked (update, reset, candidate).
    W_h : ndarray of shape (3H, H)
        Recurrent weights, stacked the same way.
    b : ndarray of shape (3H,)
        Gate biases.

    Returns
    -------
    h : ndarray of shape (N, T, H)
        Hidden states h_1 ... h_T; ``h[:, t]`` is the state after reading ``x[:, t]``.
    cache : GRUCache
        What `gru_backward` needs.
    """
    x, h0 = check_sequence_and_state(x, h0)
    (N, T, D), H = x.shape, h0.shape[1]
    W_x, W_h, b = check_cell_weights({"W_x": W_x, "W_h": W_h, "b": b}, 3, H, D, "h0", "x")
    dt = float_dtype(x, h0, W_x, W_h, b)
    x, h0, W_x, W_h, b = (a.astype(dt, copy=False) for a in (x, h0, W_x, W_h, b))

    a = (x.reshape(N * T, D) @ W_x.T + b).reshape(N, T, 3 * H)  # every W_x x_t + b at once
    h, u_n = np.empty((N, T, H), dtype=dt), np.empty((N, T, H), dtype=dt)
    gates = np.empty((N, T, 3 * H), dtype=dt)
    h_prev = h0
    for t in range(T):
        u_t = h_prev @ W_h.T
        u_n[:, t] = u_t[:, 2 * H :]
        h_prev, gates[:, t] = _cell(a[:, t], u_t, h_prev)
        h[:, t] = h_prev
    return h, GRUCache(x, h0, h, gates, u_n, W_x, W_h)


def _step_backward(g_h, gates_t, u_n_t, h_prev):
    """One step back: from the total gradient g_h at h_t, the gradients of a_t and of u_t.

    Returns da_t (N, 3H), the gradient of W_x x_t + b, and du_t (N, 3H), that of W_h h_{t-1}
    (they differ only in the candidate block, where du = da ⊙ r).
    """
    H = h_prev.shape[-1]
    z, r, n = gates_t[:, :H], gates_t[:, H : 2 * H], gates_t[:, 2 * H :]
    ds_n = g_h * (1 - z) * (1 - n * n)  # through h_t = (1 - z) n + z h_{t-1}, then tanh'
    ds_z = g_h * (h_prev - n) * z * (1 - z)  # ∂h_t/∂z = h_{t-1} - n, then σ'
    ds_r = ds_n * u_n_t * r * (1 - r)  # the candidate's argument holds r ⊙ W_hn h_{t-1}
    da_t = np.concatenate([ds_z, ds_r, ds_n], axis=-1)
    du_t = np.concatenate([ds_z, ds_r, ds_n * r], axis=-1)
    return da_t, du_t


def gru_backward(
    dh: np.ndarray, cache: GRUCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time for `gru_forward`.

    Runs t = T ... 1 with the total gradient at h_t, g_t = dh_t + g_{t+1} ⊙ z_{t+1}
    + W_h^T du_{t+1}. With s the gates' arguments: ds_n = g_t ⊙ (1 - z_t) ⊙ (1 - n_t²),
    ds_z = g_t ⊙ (h_{t-1} - n_t) ⊙ z_t(1 - z_t), ds_r = ds_n ⊙ W_hn h_{t-1} ⊙ r_t(1 - r_t).
    da_t = (ds_z, ds_r, ds_n) is the gradient of W_x x_t + b and du_t = (ds_z, ds_r, ds_n ⊙ r_t)
    that of W_h h_{t-1}. Then dx_t = W_x^T da_t, dW_x = Σ_t da_t x_t^T, db = Σ_t da_t and
    dW_h = Σ_t du_t h_{t-1}^T, each one matrix product (or sum) over all steps.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H)
        dLoss/dh_t reaching each hidden state directly from the loss (zeros where a step has no
        output).
    cache : GRUCache
        The second value returned by `gru_forward`.

    Returns
    -------
    dx : ndarray of shape (N, T, D)
    dh0 : ndarray of shape (N, H)
    dW_x : ndarray of shape (3H, D)
    dW_h : ndarray of shape (3H, H)
    db : ndarray of shape (3H,)
    """
    dh = check_cache_and_dh(dh, cache, GRUCache, "gru_forward")
    x, h0, h, gates, u_n, W_x, W_h = cache
    T, H = h.shape[1], h.shape[2]

    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)  # h_{t-1} for every t
    da, du = np.empty_like(gates), np.empty_like(gates)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        g_h = dh[:, t] + dh_next
        da[:, t], du[:, t] = _step_backward(g_h, gates[:, t], u_n[:, t], h_prev[:, t])
        dh_next = g_h * gates[:, t, :H] + du[:, t] @ W_h  # direct path z, and through W_h

    dx, dW_x, dW_h, db = products_after_the_loop(da, x, h0, h, W_x, da_rec=du)
    return dx, dh_next, dW_x, dW_h, db


def init_gru_params(
    D: int,
    H: int,
    O: int | None = None,
    *,
    rng: np.random.Generator,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """Draw GRU parameters as PyTorch's ``nn.GRU`` does: every entry uniform on ±1/sqrt(H).

    Parameters
    ----------
    D, H : int
        Input and hidden sizes.
    O : int, optional
        Output size; when given, ``W_hy`` (O, H) and ``b_y`` (O,) are included.
    rng : numpy.random.Generator
    dtype : numpy float dtype

    Returns
    -------
    params : dict of str to ndarray
        ``W_x`` (3H, D), ``W_h`` (3H, H), ``b`` (3H,) and, with `O`, ``W_hy`` (O, H), ``b_y`` (O,).
    """
    return uniform_cell_params(("W_x", "W_h", "b"), 3, D, H, O, rng=rng, dtype=dtype)


def count_gru_params(D: int, H: int) -> int:
    """Number of GRU weights and biases here: 3 (H·D + H·H + H), three times the vanilla RNN's.

    PyTorch's ``nn.GRU`` has 3H more (its second bias vector): 3 (H·D + H·H + 2H).
    """
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    return 3 * (H * D + H * H + H)
