"""The RNN forward and backward passes written the slow, obviously-correct way.

This is Karpathy's min-char-rnn loop: one example at a time, one time step at a time, with column
vectors, matrix-vector products and per-step outer products::

    h_t   = f(W_xh x_t + W_hh h_{t-1} + b_h)
    da_t  = (dh_t + W_hh^T da_{t+1}) * f'(a_t)
    dW_xh += da_t x_t^T,  dW_hh += da_t h_{t-1}^T,  db_h += da_t,  dx_t = W_xh^T da_t

It is the reference for `benchmarks/bench_bptt.py` and for checking the vectorised
`rnn_forward` / `rnn_backward` in the tests. It is internal (not exported from the package) and
does almost no input checking; use `rnn_forward` and `rnn_backward` for real work.
"""

from __future__ import annotations

import numpy as np

from ._validate import check_activation, float_dtype
from .rnn import RNNCache


def rnn_forward_naive(
    x: np.ndarray,
    h0: np.ndarray,
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b_h: np.ndarray,
    activation: str = "tanh",
) -> tuple[np.ndarray, RNNCache]:
    """Loop over examples n and steps t: h_t = f(W_xh x_t + W_hh h_{t-1} + b_h).

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
        Inputs, batch-first.
    h0 : ndarray of shape (N, H)
        Initial hidden state h_0.
    W_xh : ndarray of shape (H, D)
        Input-to-hidden weights.
    W_hh : ndarray of shape (H, H)
        Hidden-to-hidden (recurrent) weights.
    b_h : ndarray of shape (H,)
        Hidden bias.
    activation : {"tanh", "relu"}
        The nonlinearity f.

    Returns
    -------
    h : ndarray of shape (N, T, H)
        Hidden states h_1 ... h_T, in the floating dtype of the inputs.
    cache : RNNCache
        What `rnn_backward_naive` (or `rnn_backward`) needs.
    """
    activation = check_activation(activation)
    dt = float_dtype(x, h0, W_xh, W_hh, b_h)
    x, h0, W_xh, W_hh, b_h = (np.asarray(a, dtype=dt) for a in (x, h0, W_xh, W_hh, b_h))
    N, T, _ = x.shape
    h = np.empty((N, T, h0.shape[1]), dtype=dt)
    for n in range(N):
        h_prev = h0[n]  # (H,)
        for t in range(T):
            a = W_xh @ x[n, t] + W_hh @ h_prev + b_h  # (H,)
            h_prev = h[n, t] = np.tanh(a) if activation == "tanh" else np.maximum(a, 0)
    return h, RNNCache(x, h0, h, W_xh, W_hh, activation)


def rnn_backward_naive(
    dh: np.ndarray, cache: RNNCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time, one example and one step at a time (t = T ... 1).

    Parameters
    ----------
    dh : ndarray of shape (N, T, H)
        dLoss/dh_t reaching each hidden state directly from the loss.
    cache : RNNCache
        The second value returned by `rnn_forward_naive` or `rnn_forward`.

    Returns
    -------
    dx : ndarray of shape (N, T, D)
    dh0 : ndarray of shape (N, H)
    dW_xh : ndarray of shape (H, D)
    dW_hh : ndarray of shape (H, H)
    db_h : ndarray of shape (H,)
    """
    x, h0, h, W_xh, W_hh, activation = cache
    dh = np.asarray(dh, dtype=h.dtype)
    N, T, _ = h.shape
    dx, dh0 = np.zeros_like(x), np.zeros_like(h0)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros(W_hh.shape[0], h.dtype)
    for n in range(N):
        dh_next = np.zeros_like(h0[n])  # W_hh^T da_{t+1}: gradient reaching h_t from step t+1
        for t in reversed(range(T)):
            h_t, h_prev = h[n, t], (h[n, t - 1] if t > 0 else h0[n])
            da = (dh[n, t] + dh_next) * (1 - h_t * h_t if activation == "tanh" else h_t > 0)
            dW_xh += np.outer(da, x[n, t])
            dW_hh += np.outer(da, h_prev)
            db_h += da
            dx[n, t] = W_xh.T @ da
            dh_next = W_hh.T @ da
        dh0[n] = dh_next
    return dx, dh0, dW_xh, dW_hh, db_h
