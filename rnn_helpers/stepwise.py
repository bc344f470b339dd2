"""Backpropagation through time one step at a time: the teaching form of `rnn_backward`.

`rnn_step_backward` is the backward pass of *one* step h_t = f(W_xh x_t + W_hh h_{t-1} + b_h).
Looping it from t = T down to 1, adding each step's weight gradients and passing dh_prev on to the
step before, reproduces `rnn_backward` (the tests check this). The fast path never calls it:
`rnn_backward` runs only the recurrent part step by step and does the rest in single matrix
products.

`gradient_by_step` keeps each step's share of dW_xh, dW_hh and db_h apart instead of summing
them, to show that the shared weights collect gradient from every step.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_array, check_activation, check_ndim, check_shape, float_dtype
from .bptt import _check_backward_args
from .rnn import RNNCache, activation_derivative


def rnn_step_backward(
    dh_t: np.ndarray,
    x_t: np.ndarray,
    h_prev: np.ndarray,
    h_t: np.ndarray,
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    activation: str = "tanh",
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of one step h_t = f(a_t), a_t = W_xh x_t + W_hh h_{t-1} + b_h.

    da_t = dh_t * f'(a_t)  (for tanh f'(a_t) = 1 - h_t^2), then
    dx_t = W_xh^T da_t,  dh_{t-1} = W_hh^T da_t,  dW_xh = da_t x_t^T,  dW_hh = da_t h_{t-1}^T,
    db_h = da_t  (the weight gradients summed over the batch).

    Parameters
    ----------
    dh_t : ndarray of shape (N, H), or (H,) for one example
        The *total* gradient of the loss at h_t: from the output at step t plus from step t+1.
    x_t : ndarray of shape (N, D), or (D,)
        The input at step t.
    h_prev : ndarray of shape (N, H), or (H,)
        The state h_{t-1} that went into the step.
    h_t : ndarray of shape (N, H), or (H,)
        The state the step produced (f'(a_t) is computed from it).
    W_xh : ndarray of shape (H, D)
        Input-to-hidden weights.
    W_hh : ndarray of shape (H, H)
        Hidden-to-hidden (recurrent) weights.
    activation : {"tanh", "relu"}
        The nonlinearity f.

    Returns
    -------
    dx_t : ndarray of shape (N, D), or (D,)
    dh_prev : ndarray of shape (N, H), or (H,)
        The gradient passed on to h_{t-1}.
    dW_xh : ndarray of shape (H, D)
        This step's share of dW_xh.
    dW_hh : ndarray of shape (H, H)
        This step's share of dW_hh.
    db_h : ndarray of shape (H,)
        This step's share of db_h.

    Examples
    --------
    One unit: x_t = 1, h_prev = 0.5, W_xh = W_hh = 0.5 and b_h = -0.25 give a_t = 0.5.

    >>> h_t = np.tanh(np.array([0.5]))
    >>> out = rnn_step_backward(np.array([1.0]), np.array([1.0]), np.array([0.5]), h_t,
    ...                         np.array([[0.5]]), np.array([[0.5]]))
    >>> [round(float(np.ravel(g)[0]), 4) for g in out]  # da = 1 - tanh(0.5)^2 = 0.7864
    [0.3932, 0.3932, 0.7864, 0.3932, 0.7864]
    """
    activation = check_activation(activation)
    dh_t, x_t = as_array("dh_t", dh_t), as_array("x_t", x_t)
    h_prev, h_t = as_array("h_prev", h_prev), as_array("h_t", h_t)
    W_xh, W_hh = as_array("W_xh", W_xh), as_array("W_hh", W_hh)
    check_ndim("x_t", x_t, (1, 2), "(N, D) or (D,)")
    layout = "(N, H)" if x_t.ndim == 2 else "(H,)"
    check_ndim("h_t", h_t, (x_t.ndim,), f"{layout} to match x_t")
    H, D = h_t.shape[-1], x_t.shape[-1]
    for name, a in (("dh_t", dh_t), ("h_prev", h_prev)):
        check_shape(name, a, layout, h_t.shape, "h_t")
    if x_t.ndim == 2:
        check_shape("x_t", x_t, "(N, D)", (h_t.shape[0], D), "h_t")
    check_shape("W_xh", W_xh, "(H, D)", (H, D), "h_t and x_t")
    check_shape("W_hh", W_hh, "(H, H)", (H, H), "h_t")
    dt = float_dtype(dh_t, x_t, h_prev, h_t, W_xh, W_hh)
    dh_t, x_t, h_prev, h_t, W_xh, W_hh = (
        np.atleast_2d(a).astype(dt, copy=False) for a in (dh_t, x_t, h_prev, h_t, W_xh, W_hh)
    )

    da_t = dh_t * activation_derivative(h_t, activation)  # through the nonlinearity
    grads = (da_t @ W_xh, da_t @ W_hh, da_t.T @ x_t, da_t.T @ h_prev, da_t.sum(axis=0))
    if layout == "(H,)":  # one example in, one example out
        return grads[0][0], grads[1][0], *grads[2:]
    return grads


def gradient_by_step(dh: np.ndarray, cache: RNNCache) -> dict[str, np.ndarray]:
    """Each time step's share of dW_xh, dW_hh and db_h; summed over t they give `rnn_backward`'s.

    Runs `rnn_step_backward` from t = T down to 1, passing dh_prev back, and keeps every step's
    weight gradients instead of adding them up.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H)
        dLoss/dh_t reaching each state directly from the loss.
    cache : RNNCache
        The second value returned by `rnn_forward`.

    Returns
    -------
    dict with
        ``"dW_xh"`` ndarray of shape (T, H, D), ``"dW_hh"`` (T, H, H), ``"db_h"`` (T, H): entry t
        is da_t x_t^T, da_t h_{t-1}^T and da_t, summed over the batch.
    """
    dh = _check_backward_args(dh, cache)  # the reference's checks and messages
    x, h0, h, W_xh, W_hh, activation = cache
    T = h.shape[1]
    out = {
        "dW_xh": np.empty((T, *W_xh.shape), h.dtype),
        "dW_hh": np.empty((T, *W_hh.shape), h.dtype),
        "db_h": np.empty((T, W_hh.shape[0]), h.dtype),
    }
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = h[:, t - 1] if t > 0 else h0
        _, dh_next, out["dW_xh"][t], out["dW_hh"][t], out["db_h"][t] = rnn_step_backward(
            dh[:, t] + dh_next, x[:, t], h_prev, h[:, t], W_xh, W_hh, activation
        )
    return out
