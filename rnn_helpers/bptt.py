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

from ._validate import as_array, check_shape
from .rnn import RNNCache, activation_derivative


def _check_backward_args(dh: object, cache: object) -> np.ndarray:
    """Check `cache` is an RNNCache and `dh` matches its h; return dh in h's dtype."""
    if not isinstance(cache, RNNCache):
        raise TypeError(
            f"cache must be the RNNCache returned by rnn_forward, got {type(cache).__name__}"
        )
    h = cache.h
    dh = as_array("dh", dh)
    check_shape("dh", dh, "(N, T, H)", h.shape, "the cached h")
    return dh.astype(h.dtype, copy=False)


def rnn_backward(
    dh: np.ndarray, cache: RNNCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time for `rnn_forward`.

    Only the recurrent gradient runs step by step; dx, dW_xh, dW_hh and db_h are each one matrix
    product (or sum) over all steps after the loop. The loop works in place on a time-major copy
    ``g`` (T, N, H) of dh: step t turns g_t into da_t, then adds W_hh^T da_t to g_{t-1}.

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
    N, T, H = h.shape
    D = x.shape[2]
    h_tm = np.ascontiguousarray(h.transpose(1, 0, 2))  # time-major (T, N, H); free from forward
    x_tm = np.ascontiguousarray(x.transpose(1, 0, 2))  # (T, N, D); free from forward

    fprime = activation_derivative(h_tm, activation)  # f'(a_t) for every t at once
    g = dh.transpose(1, 0, 2).copy()  # g[t] = dh_t now; the total gradient at h_t once t is reached
    from_next = np.empty((N, H), dtype=h.dtype)
    for t in range(T - 1, 0, -1):
        g[t] *= fprime[t]  # da_t = g_t * f'(a_t), written over g_t
        np.matmul(g[t], W_hh, out=from_next)  # W_hh^T da_t, row by row
        g[t - 1] += from_next  # g_{t-1} = dh_{t-1} + W_hh^T da_t
    g[0] *= fprime[0]
    da = g  # da[t] = da_t, time-major
    dh0 = da[0] @ W_hh

    da_2d = da.reshape(T * N, H)
    dx = (da_2d @ W_xh).reshape(T, N, D).transpose(1, 0, 2)
    dW_xh = da_2d.T @ x_tm.reshape(T * N, D)
    # dW_hh = sum_t da_t h_{t-1}^T: steps 2 ... T pair with h_1 ... h_{T-1}, step 1 with h_0
    dW_hh = da[1:].reshape(-1, H).T @ h_tm[:-1].reshape(-1, H) + da[0].T @ h0
    db_h = da_2d.sum(axis=0)
    return dx, dh0, dW_xh, dW_hh, db_h
