"""Losses: softmax cross-entropy for next-token prediction, mean squared error for regression.

Both return the mean loss and its gradient with respect to the model's output, ready for
`output_backward`.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_array, check_class_indices, check_ndim, check_shape, float_dtype


def softmax(logits: np.ndarray) -> np.ndarray:
    """p_i = exp(z_i - max z) / sum_j exp(z_j - max z) over the last axis.

    Subtracting the maximum changes nothing mathematically and keeps exp from overflowing.

    Parameters
    ----------
    logits : ndarray of shape (..., V)

    Returns
    -------
    p : ndarray of shape (..., V)
        Probabilities; each row sums to 1.
    """
    logits = as_array("logits", logits)
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log p_i = (z_i - max z) - log sum_j exp(z_j - max z) over the last axis, without overflow."""
    logits = as_array("logits", logits)
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _check_targets(targets: np.ndarray, logits: np.ndarray) -> np.ndarray:
    targets = as_array("targets", targets)
    check_class_indices("targets", targets, logits.shape[-1], source="logits")
    layout = "(N,)" if logits.ndim == 2 else "(N, T)"
    check_shape("targets", targets, layout, logits.shape[:-1], "logits")
    return targets


def softmax_cross_entropy(logits: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy L = -(1/M) sum log softmax(z)[target] over all M positions, and dL/dz.

    Parameters
    ----------
    logits : ndarray of shape (N, V) or (N, T, V)
        Unnormalised scores z (the outputs y of `output_forward`).
    targets : int ndarray of shape (N,) or (N, T)
        The correct class at each position, in [0, V).

    Returns
    -------
    loss : float
        The mean over the M = N (or N * T) positions. An untrained model that spreads
        probability evenly scores ln V.
    dlogits : ndarray, same shape and dtype as `logits`
        dL/dz = (softmax(z) - onehot(target)) / M.
    """
    logits = as_array("logits", logits)
    check_ndim("logits", logits, (2, 3), "(N, V) or (N, T, V)")
    targets = _check_targets(targets, logits)
    logits = logits.astype(float_dtype(logits), copy=False)
    V = logits.shape[-1]
    z, t = logits.reshape(-1, V), targets.reshape(-1)
    M = t.size
    rows = np.arange(M)
    logp = log_softmax(z)
    loss = -logp[rows, t].mean()
    dz = np.exp(logp)  # softmax(z), from the same log_softmax
    dz[rows, t] -= 1
    return float(loss), (dz / M).reshape(logits.shape)


def mse_loss(pred: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean squared error L = (1/M) sum (pred - target)^2 over all M entries, and dL/dpred.

    Parameters
    ----------
    pred : ndarray of any shape
        Predictions.
    target : ndarray, same shape as `pred`
        Targets. Shapes must match exactly: no broadcasting.

    Returns
    -------
    loss : float
    dpred : ndarray, same shape and dtype as `pred`
        2 (pred - target) / M.
    """
    pred, target = as_array("pred", pred), as_array("target", target)
    check_shape("target", target, "pred.shape", pred.shape, "pred")
    if pred.size == 0:
        raise ValueError(f"pred must not be empty, got shape {pred.shape}")
    diff = (pred - target).astype(float_dtype(pred), copy=False)  # the dtype of pred is kept
    return float(np.mean(diff * diff)), 2 * diff / diff.size
