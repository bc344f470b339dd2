"""Backpropagation through time for the vanilla RNN.

With a_t = W_xh x_t + W_hh h_{t-1} + b_h and h_t = f(a_t), and dh_t the gradient of the loss that
reaches h_t directly (from the output at step t), the backward pass runs t = T ... 1::

    g_t   = dh_t + W_hh^T da_{t+1}        total gradient at h_t (direct + from step t+1)
    da_t  = g_t * f'(a_t)                 through the nonlinearity
    dW_hh = sum_t da_t h_{t-1}^T          the same W_hh collects gradient from every step
    dW_xh = sum_t da_t x_t^T,  db_h = sum_t da_t,  dx_t = W_xh^T da_t,  dh_0 = W_hh^T da_1
"""

from __future__ import annotations

import numpy as np

from ._validate import check_cache_and_dh
from .rnn import RNNCache, activation_derivative


def _step_backward(g_t: np.ndarray, h_t: np.ndarray, W_hh: np.ndarray, activation: str):
    """Return da_t = g_t * f'(a_t) and the gradient W_hh^T da_t passed on to h_{t-1}."""
    da_t = g_t * activation_derivative(h_t, activation)
    return da_t, da_t @ W_hh


def products_after_the_loop(da, x, h0, h, W_in, da_rec=None):
    """dx and the weight gradients as one matrix product each, from every step's da_t.

    With da (N, T, K) the gradients of the pre-activations a_t = W_in x_t + W_rec h_{t-1} + b:
    dx_t = W_in^T da_t, dW_in = Σ_t da_t x_t^T, dW_rec = Σ_t da_t h_{t-1}^T, db = Σ_t da_t
    (sums over the batch too). K is H for the vanilla RNN, 4H for the LSTM and 3H for the GRU.
    `da_rec` (N, T, K), when given, replaces da in dW_rec: the GRU's gradients of W_rec h_{t-1},
    which differ from those of W_in x_t + b where the reset gate multiplies W_hn h_{t-1}.

    Returns
    -------
    dx (N, T, D), dW_in (K, D), dW_rec (K, H), db (K,)
    """
    N, T, K = da.shape
    D, H = x.shape[2], h.shape[2]
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)  # h_{t-1} for every t
    da_2d = da.reshape(N * T, K)
    da_rec_2d = da_2d if da_rec is None else da_rec.reshape(N * T, K)
    dx = (da_2d @ W_in).reshape(N, T, D)
    dW_rec = da_rec_2d.T @ h_prev.reshape(N * T, H)
    return dx, da_2d.T @ x.reshape(N * T, D), dW_rec, da_2d.sum(axis=0)


def _check_backward_args(dh: object, cache: object) -> np.ndarray:
    """Check `cache` is an RNNCache and `dh` matches its h; return dh in h's dtype."""
    return check_cache_and_dh(dh, cache, RNNCache, "rnn_forward")


def rnn_backward(
    dh: np.ndarray, cache: RNNCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time for `rnn_forward`.

    Only the recurrent gradient runs step by step; dx, dW_xh, dW_hh and db_h are each one matrix
    product (or sum) over all steps after the loop.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H)
        dLoss/dh_t reaching each hidden state directly from the loss (zeros where a step has no
        output, e.g. all but the last step for many-to-one).
    cache : RNNCache
        The second value returned by `rnn_forward`.

    Returns
    -------
    dx : ndarray of shape (N, T, D)
    dh0 : ndarray of shape (N, H)
    dW_xh : ndarray of shape (H, D)
    dW_hh : ndarray of shape (H, H)
    db_h : ndarray of shape (H,)
    """
    dh = _check_backward_args(dh, cache)
    x, h0, h, W_xh, W_hh, activation = cache
    T = h.shape[1]

    da = np.empty_like(h)
    dh_next = np.zeros_like(h0)  # gradient arriving at h_t from step t+1; none after the last step
    for t in reversed(range(T)):
        da[:, t], dh_next = _step_backward(dh[:, t] + dh_next, h[:, t], W_hh, activation)

    dx, dW_xh, dW_hh, db_h = products_after_the_loop(da, x, h0, h, W_xh)
    return dx, dh_next, dW_xh, dW_hh, db_h
