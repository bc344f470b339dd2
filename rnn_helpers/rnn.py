"""The vanilla RNN forward pass and its output layer.

Course notation (column vectors, weights stored as written)::

    h_t = f(W_xh x_t + W_hh h_{t-1} + b_h)      f = tanh (default) or relu
    ŷ_t = W_hy h_t + b_y

Arrays are batch-first: ``x`` (N, T, D), ``h0`` (N, H), ``h`` (N, T, H). Row by row,
``x_t @ W_xh.T + h_prev @ W_hh.T + b_h`` is W_xh x_t + W_hh h_{t-1} + b_h.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import (
    as_array,
    check_activation,
    check_cell_weights,
    check_ndim,
    check_positive_int,
    check_rng,
    check_sequence_and_state,
    check_shape,
    check_step_inputs,
    float_dtype,
)


class RNNCache(NamedTuple):
    """What `rnn_forward` keeps for `rnn_backward`.

    Attributes
    ----------
    x : ndarray of shape (N, T, D)
        The inputs.
    h0 : ndarray of shape (N, H)
        The initial hidden state.
    h : ndarray of shape (N, T, H)
        Every hidden state h_1 ... h_T.
    W_xh : ndarray of shape (H, D)
    W_hh : ndarray of shape (H, H)
    activation : str
        ``"tanh"`` or ``"relu"``.
    """

    x: np.ndarray
    h0: np.ndarray
    h: np.ndarray
    W_xh: np.ndarray
    W_hh: np.ndarray
    activation: str


def activate(a: np.ndarray, activation: str = "tanh", out: np.ndarray | None = None) -> np.ndarray:
    """Apply the hidden nonlinearity f elementwise: tanh(a) or relu(a) = max(a, 0).

    With ``out=a`` the result overwrites `a` (no new array).
    """
    if check_activation(activation) == "tanh":
        return np.tanh(a, out=out)
    return np.maximum(a, 0, out=out)


def activation_derivative(h: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """f'(a) written in terms of the output h = f(a): 1 - h^2 for tanh, [h > 0] for relu."""
    return 1 - h * h if check_activation(activation) == "tanh" else (h > 0).astype(h.dtype)


def _recur(a_x: np.ndarray, h_prev: np.ndarray, W_hh: np.ndarray, activation: str) -> np.ndarray:
    """h_t = f(a_x + W_hh h_{t-1}), where a_x = W_xh x_t + b_h is the input's share."""
    return activate(a_x + h_prev @ W_hh.T, activation)


def rnn_step(
    x_t: np.ndarray,
    h_prev: np.ndarray,
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b_h: np.ndarray,
    activation: str = "tanh",
) -> np.ndarray:
    """One step of the recurrence: h_t = f(W_xh x_t + W_hh h_{t-1} + b_h).

    Parameters
    ----------
    x_t : ndarray of shape (N, D), or (D,) for one example
        Input at step t.
    h_prev : ndarray of shape (N, H), or (H,) for one example
        Hidden state h_{t-1} from the step before.
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
    h_t : ndarray of shape (N, H), or (H,) for one example
        The new hidden state, in the floating dtype of the inputs.

    Examples
    --------
    >>> import numpy as np
    >>> rnn_step(np.array([1.0]), np.array([0.5]), np.array([[0.5]]), np.array([[1.0]]),
    ...          np.array([0.0])).round(4)
    array([0.7616])
    """
    activation = check_activation(activation)
    x_t, h_prev = check_step_inputs(x_t, h_prev)
    H, D = h_prev.shape[-1], x_t.shape[-1]
    W_xh, W_hh, b_h = check_cell_weights(
        {"W_xh": W_xh, "W_hh": W_hh, "b_h": b_h}, 1, H, D, "h_prev", "x_t"
    )
    dt = float_dtype(x_t, h_prev, W_xh, W_hh, b_h)
    x_t, h_prev, W_xh, W_hh, b_h = (
        a.astype(dt, copy=False) for a in (x_t, h_prev, W_xh, W_hh, b_h)
    )
    return _recur(x_t @ W_xh.T + b_h, h_prev, W_hh, activation)


def rnn_forward(
    x: np.ndarray,
    h0: np.ndarray,
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b_h: np.ndarray,
    activation: str = "tanh",
) -> tuple[np.ndarray, RNNCache]:
    """Run the recurrence h_t = f(W_xh x_t + W_hh h_{t-1} + b_h) over a whole sequence.

    All input projections W_xh x_t + b_h are computed in one matrix product; only the recurrent
    product and the nonlinearity run step by step, in place, in a time-major array whose step t
    ``a[t]`` (N, H) is one contiguous block: it starts as W_xh x_t + b_h, gains W_hh h_{t-1} and
    is turned into h_t by f. The returned ``h`` is a batch-first view of that array.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
        Inputs, batch-first. For one sequence of shape (T, D) pass ``x[None]``.
    h0 : ndarray of shape (N, H)
        Initial hidden state h_0 (often zeros).
    W_xh : ndarray of shape (H, D)
        Input-to-hidden weights.
    W_hh : ndarray of shape (H, H)
        Hidden-to-hidden (recurrent) weights, the same at every step.
    b_h : ndarray of shape (H,)
        Hidden bias.
    activation : {"tanh", "relu"}
        The nonlinearity f.

    Returns
    -------
    h : ndarray of shape (N, T, H)
        Hidden states h_1 ... h_T; ``h[:, t]`` is the state after reading ``x[:, t]``.
    cache : RNNCache
        What `rnn_backward` needs.
    """
    activation = check_activation(activation)
    x, h0 = check_sequence_and_state(x, h0)
    (N, T, D), H = x.shape, h0.shape[1]
    W_xh, W_hh, b_h = check_cell_weights(
        {"W_xh": W_xh, "W_hh": W_hh, "b_h": b_h}, 1, H, D, "h0", "x"
    )
    dt = float_dtype(x, h0, W_xh, W_hh, b_h)
    x, h0, W_xh, W_hh, b_h = (a.astype(dt, copy=False) for a in (x, h0, W_xh, W_hh, b_h))

    x_tm = np.ascontiguousarray(x.transpose(1, 0, 2))  # time-major (T, N, D): x_tm[t] is x_t
    a = (x_tm.reshape(T * N, D) @ W_xh.T + b_h).reshape(T, N, H)  # every W_xh x_t + b_h at once
    W_hh_T = np.ascontiguousarray(W_hh.T)  # h_prev @ W_hh_T is W_hh h_{t-1}, row by row
    recurrent = np.empty((N, H), dtype=dt)
    h_prev = h0
    for t in range(T):
        np.matmul(h_prev, W_hh_T, out=recurrent)  # W_hh h_{t-1}
        a[t] += recurrent  # a_t = W_xh x_t + b_h + W_hh h_{t-1}
        h_prev = activate(a[t], activation, out=a[t])  # h_t = f(a_t), written over a_t
    h = a.transpose(1, 0, 2)  # batch-first view (N, T, H); a now holds h_1 ... h_T
    return h, RNNCache(x_tm.transpose(1, 0, 2), h0, h, W_xh, W_hh, activation)


def _check_output_layer(h, W_hy):
    """Check h (..., H) and W_hy (O, H)."""
    h, W_hy = as_array("h", h), as_array("W_hy", W_hy)
    check_ndim("h", h, (1, 2, 3), "(H,), (N, H) or (N, T, H)")
    check_ndim("W_hy", W_hy, (2,), "(O, H)")
    check_shape("W_hy", W_hy, "(O, H)", (W_hy.shape[0], h.shape[-1]), "h")
    return h, W_hy


def output_forward(h: np.ndarray, W_hy: np.ndarray, b_y: np.ndarray) -> np.ndarray:
    """The output layer ŷ_t = W_hy h_t + b_y, applied at every step given.

    Pass all states ``h`` (N, T, H) for many-to-many, or only the last one ``h[:, -1]`` (N, H)
    for many-to-one.

    Parameters
    ----------
    h : ndarray of shape (N, T, H), (N, H) or (H,)
        Hidden states.
    W_hy : ndarray of shape (O, H)
        Hidden-to-output weights.
    b_y : ndarray of shape (O,)
        Output bias.

    Returns
    -------
    y : ndarray of shape (N, T, O), (N, O) or (O,)
        Outputs (logits for classification), same leading shape as `h`.
    """
    h, W_hy = _check_output_layer(h, W_hy)
    b_y = as_array("b_y", b_y)
    check_shape("b_y", b_y, "(O,)", (W_hy.shape[0],), "W_hy")
    dt = float_dtype(h, W_hy, b_y)
    h, W_hy, b_y = (a.astype(dt, copy=False) for a in (h, W_hy, b_y))
    H = h.shape[-1]
    return (h.reshape(-1, H) @ W_hy.T + b_y).reshape(*h.shape[:-1], W_hy.shape[0])


def output_backward(
    dy: np.ndarray, h: np.ndarray, W_hy: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of ŷ_t = W_hy h_t + b_y.

    dh_t = W_hy^T dy_t, dW_hy = sum_t dy_t h_t^T, db_y = sum_t dy_t (summed over batch too).

    Parameters
    ----------
    dy : ndarray of shape (N, T, O), (N, O) or (O,)
        Gradient of the loss with respect to the outputs y.
    h : ndarray of shape (N, T, H), (N, H) or (H,)
        The hidden states that were passed to `output_forward`.
    W_hy : ndarray of shape (O, H)
        Hidden-to-output weights.

    Returns
    -------
    dh : ndarray, same shape as `h`
    dW_hy : ndarray of shape (O, H)
    db_y : ndarray of shape (O,)
    """
    dy = as_array("dy", dy)
    h, W_hy = _check_output_layer(h, W_hy)
    O, H = W_hy.shape
    check_shape("dy", dy, "h.shape[:-1] + (O,)", (*h.shape[:-1], O), "h and W_hy")
    dt = float_dtype(dy, h, W_hy)
    dy2, h2 = dy.astype(dt, copy=False).reshape(-1, O), h.astype(dt, copy=False).reshape(-1, H)
    dh = (dy2 @ W_hy.astype(dt, copy=False)).reshape(h.shape)
    return dh, dy2.T @ h2, dy2.sum(axis=0)


def init_rnn_params(
    D: int, H: int, O: int | None = None, *, rng: np.random.Generator, dtype=np.float64
) -> dict[str, np.ndarray]:
    """Draw RNN parameters the way PyTorch's ``nn.RNN`` and ``nn.Linear`` do.

    Every entry is uniform on (-1/sqrt(H), 1/sqrt(H)).

    Parameters
    ----------
    D, H : int
        Input and hidden sizes.
    O : int, optional
        Output size; when given, ``W_hy`` (O, H) and ``b_y`` (O,) are included.
    rng : numpy.random.Generator
        Source of randomness, e.g. ``np.random.default_rng(0)``.
    dtype : numpy float dtype
        float64 (default) or float32; an integer dtype raises a ValueError.

    Returns
    -------
    params : dict of str to ndarray
        ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H,) and, with `O`, ``W_hy`` (O, H), ``b_y`` (O,).
    """
    return uniform_cell_params(("W_xh", "W_hh", "b_h"), 1, D, H, O, rng=rng, dtype=dtype)


def uniform_cell_params(
    names: tuple[str, str, str],
    gates: int,
    D: int,
    H: int,
    O: int | None,
    *,
    rng: np.random.Generator,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """A cell's arrays, every entry uniform on (-1/sqrt(H), 1/sqrt(H)) (PyTorch's default).

    `names` are the input weights (K, D), recurrent weights (K, H) and bias (K,) with
    K = `gates` · H (1 for the vanilla RNN, 4 for the LSTM, 3 for the GRU); with `O` also
    ``W_hy`` (O, H) and ``b_y`` (O,). Drawn in that order.
    """
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    O = None if O is None else check_positive_int("O", O)
    check_rng(rng)
    if not np.issubdtype(np.dtype(dtype), np.floating):
        raise ValueError(f"dtype must be a floating dtype such as np.float64, got {dtype!r}")
    k, K = 1 / np.sqrt(H), gates * H
    n_in, n_rec, n_b = names
    shapes = {n_in: (K, D), n_rec: (K, H), n_b: (K,)}
    if O is not None:
        shapes |= {"W_hy": (O, H), "b_y": (O,)}
    return {name: rng.uniform(-k, k, size=s).astype(dtype) for name, s in shapes.items()}
