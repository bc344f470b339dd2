"""The loss cliff of Pascanu, Mikolov & Bengio (2013), §2.3 and Fig. 6: one unit, no input.

The model (their eq. 8) iterates a single sigmoid unit for T = 50 steps from u_0 = 0.5::

    u_t = w σ(u_{t-1}) + b,        σ(z) = 1 / (1 + e^{-z})   (logistic sigmoid)
    E(w, b) = (σ(u_T) - 0.7)^2

For w > 1/σ'(u_0) = 4.2553 the map z -> w σ(z) + b has an unstable fixed point that separates two
basins of attraction. When that fixed point sits exactly at u_0, i.e. on the line
b_c(w) = u_0 - w σ(u_0), the final state jumps from the low attractor to the high one, and the
error surface has a wall ("cliff") there. Everything here is vectorised over arrays of (w, b).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import as_array, check_positive_int, check_positive_number, check_rng

U0 = 0.5  # initial state u_0
TARGET = 0.7  # wanted value of σ(u_T)
STEPS = 50  # T


def sigmoid(z):
    """σ(z) = 1 / (1 + exp(-z)), elementwise.

    Parameters
    ----------
    z : float or array_like of shape S

    Returns
    -------
    ndarray of shape S (float64)
    """
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def cliff_states(w, b, steps: int = STEPS, u0: float = U0) -> np.ndarray:
    """Iterate u_t = w σ(u_{t-1}) + b from u_0 for `steps` steps.

    Parameters
    ----------
    w, b : float or ndarray (broadcastable to a common shape S)
        Recurrent weight and bias.
    steps : int
        T, the number of steps.
    u0 : float
        The initial state u_0.

    Returns
    -------
    u : ndarray of shape (T + 1, *S)
        u_0, u_1, ..., u_T.
    """
    steps = check_positive_int("steps", steps)
    w, b = np.broadcast_arrays(np.asarray(w, dtype=float), np.asarray(b, dtype=float))
    u = np.empty((steps + 1, *w.shape))
    u[0] = u0
    for t in range(1, steps + 1):
        u[t] = w * sigmoid(u[t - 1]) + b
    return u


def cliff_error(w, b, steps: int = STEPS, u0: float = U0, target: float = TARGET) -> np.ndarray:
    """E(w, b) = (σ(u_T) - target)^2 for the one-unit model.

    Parameters
    ----------
    w, b : float or ndarray (broadcastable to a common shape S)
        Recurrent weight and bias.
    steps : int
        T, the number of steps.
    u0 : float
        The initial state u_0.
    target : float
        The wanted value of σ(u_T).

    Returns
    -------
    E : ndarray of shape S
    """
    return (sigmoid(cliff_states(w, b, steps, u0)[-1]) - target) ** 2


def cliff_gradient(w, b, steps: int = STEPS, u0: float = U0, target: float = TARGET):
    """E and its exact gradient (dE/dw, dE/db), by forward-mode differentiation through time.

    With s_t = σ(u_t) and s'_t = s_t (1 - s_t)::

        du_t/dw = s_{t-1} + w s'_{t-1} du_{t-1}/dw,     du_0/dw = 0
        du_t/db = 1       + w s'_{t-1} du_{t-1}/db,     du_0/db = 0
        dE/dθ   = 2 (s_T - target) s'_T du_T/dθ

    Parameters
    ----------
    w, b : float or ndarray (broadcastable to a common shape S)

    Returns
    -------
    E, dE_dw, dE_db : ndarrays of shape S
    """
    steps = check_positive_int("steps", steps)
    w, b = np.broadcast_arrays(np.asarray(w, dtype=float), np.asarray(b, dtype=float))
    u, du_dw, du_db = np.full(w.shape, float(u0)), np.zeros(w.shape), np.zeros(w.shape)
    for _ in range(steps):
        s = sigmoid(u)
        slope = w * s * (1 - s)  # ∂u_t/∂u_{t-1}
        du_dw, du_db = s + slope * du_dw, 1 + slope * du_db
        u = w * s + b
    s = sigmoid(u)
    dE_du = 2 * (s - target) * s * (1 - s)
    return (s - target) ** 2, dE_du * du_dw, dE_du * du_db


def gradient_norm(w, b, steps: int = STEPS) -> np.ndarray:
    """‖∇E(w, b)‖ = sqrt((dE/dw)^2 + (dE/db)^2), from `cliff_gradient`.

    Parameters
    ----------
    w, b : float or ndarray (broadcastable to a common shape S)
        Recurrent weight and bias.
    steps : int
        T, the number of steps.

    Returns
    -------
    norm : ndarray of shape S
    """
    _, dE_dw, dE_db = cliff_gradient(w, b, steps)
    return np.hypot(dE_dw, dE_db)


def state_derivatives(w, b, steps: int = STEPS, u0: float = U0) -> np.ndarray:
    """|∂u_T/∂u_{T-k}| for k = 0 ... T: the product of the one-step factors |w σ'(u_{t-1})|.

    Parameters
    ----------
    w, b : float
        One parameter pair.

    Returns
    -------
    d : ndarray of shape (T + 1,)
        ``d[k] = |∂u_T/∂u_{T-k}|``; ``d[0] = 1``.
    """
    u = cliff_states(float(w), float(b), steps, u0)
    s = sigmoid(u[:-1])  # σ(u_{t-1}) for t = 1 ... T
    factors = np.abs(w * s * (1 - s))[::-1]  # t = T, T-1, ..., 1
    return np.concatenate([[1.0], np.cumprod(factors)])


def cliff_line(w, u0: float = U0):
    """b_c(w) = u_0 - w σ(u_0): the bias at which u_0 is a fixed point (the wall, if w > 4.2553).

    Parameters
    ----------
    w : float or array_like of shape S
    u0 : float
        The initial state u_0.

    Returns
    -------
    b_c : ndarray of shape S
    """
    return u0 - np.asarray(w, dtype=float) * sigmoid(u0)


def cliff_threshold(u0: float = U0) -> float:
    """1/σ'(u_0): the smallest w making a fixed point at u_0 unstable (4.2553 for u_0 = 0.5).

    Parameters
    ----------
    u0 : float
        The initial state u_0.

    Returns
    -------
    float
    """
    s = float(sigmoid(u0))
    return 1.0 / (s * (1 - s))


def saddle_node_biases(w: float) -> tuple[float, float]:
    """The two biases (b_1, b_2) between which the map u -> w σ(u) + b has three fixed points.

    At a saddle-node bifurcation the curve touches the diagonal: w σ'(u) = 1, i.e.
    σ(u) = (1 ± sqrt(1 - 4/w)) / 2, and b = u - w σ(u). Only exists for w > 4 (sup σ' = 1/4).

    Parameters
    ----------
    w : float
        Recurrent weight, > 4.

    Returns
    -------
    (b_1, b_2) : tuple of float, b_1 < b_2
    """
    if not w > 4:
        raise ValueError(f"w must be > 4 for the map to have three fixed points, got {w!r}")
    root = np.sqrt(1 - 4 / w)
    s = np.array([(1 + root) / 2, (1 - root) / 2])
    u = np.log(s / (1 - s))
    b = u - w * s
    return float(b.min()), float(b.max())


def fixed_points(w: float, b: float, lo: float = -50.0, hi: float = 50.0) -> np.ndarray:
    """All fixed points u* = w σ(u*) + b in [lo, hi], sorted, found by bisection on a fine grid.

    Parameters
    ----------
    w, b : float
        Recurrent weight and bias.
    lo, hi : float
        The interval searched.

    Returns
    -------
    u_star : ndarray of shape (K,)
        K = 1 or 3 for w > 0 (2 exactly at a saddle-node bifurcation).
    """

    def g(u):
        return w * sigmoid(u) + b - u

    grid = np.linspace(lo, hi, 20001)
    values = g(grid)
    roots = list(grid[values == 0])
    for i in np.flatnonzero(values[:-1] * values[1:] < 0):
        a, c = grid[i], grid[i + 1]
        for _ in range(60):
            m = (a + c) / 2
            a, c = (m, c) if np.sign(g(m)) == np.sign(g(a)) else (a, m)
        roots.append((a + c) / 2)
    return np.sort(np.array(roots))


def error_surface(w_values: np.ndarray, b_values: np.ndarray, steps: int = STEPS) -> np.ndarray:
    """E on the grid of every (w, b) pair.

    Parameters
    ----------
    w_values : ndarray of shape (W,)
    b_values : ndarray of shape (B,)

    Returns
    -------
    E : ndarray of shape (B, W)
        ``E[i, j] = E(w_values[j], b_values[i])`` (rows are b, ready for ``imshow``).
    """
    w_values, b_values = as_array("w_values", w_values), as_array("b_values", b_values)
    return cliff_error(w_values[None, :], b_values[:, None], steps)


def largest_jump(w: float, b_values: np.ndarray, steps: int = STEPS) -> tuple[float, float]:
    """Where along a line of constant w the error jumps most between neighbouring grid points.

    Parameters
    ----------
    w : float
        Recurrent weight.
    b_values : ndarray of shape (B,)
        A grid of biases, B ≥ 2.
    steps : int
        T, the number of steps.

    Returns
    -------
    (b_mid, jump) : the midpoint of the two b values with the largest |ΔE|, and that |ΔE|.
    """
    b_values = as_array("b_values", b_values)
    dE = np.abs(np.diff(cliff_error(w, b_values, steps)))
    i = int(np.argmax(dE))
    return float((b_values[i] + b_values[i + 1]) / 2), float(dE[i])


def clip_rows(g: np.ndarray, max_norm: float) -> np.ndarray:
    """Rescale each row g_i to norm max_norm if ‖g_i‖ > max_norm (Pascanu et al.'s Algorithm 1).

    Parameters
    ----------
    g : ndarray of shape (S, P)
        One gradient per row.
    max_norm : float
        The threshold θ > 0.

    Returns
    -------
    g_clipped : ndarray of shape (S, P)
    """
    max_norm = check_positive_number("max_norm", max_norm)
    norm = np.linalg.norm(g, axis=-1, keepdims=True)
    return g * np.minimum(1.0, max_norm / np.maximum(norm, 1e-300))


class DescentResult(NamedTuple):
    """Trajectories of `gradient_descent` from S starting points.

    Attributes
    ----------
    path : ndarray of shape (steps + 1, S, 2)
        (w, b) after each step, starting with the start.
    errors : ndarray of shape (steps + 1, S)
        E at each point of the path.
    step_norms : ndarray of shape (steps, S)
        ‖Δ(w, b)‖ of each step actually taken.
    """

    path: np.ndarray
    errors: np.ndarray
    step_norms: np.ndarray


def gradient_descent(w0, b0, *, lr: float, steps: int, clip: float | None = None) -> DescentResult:
    """Plain gradient descent on E(w, b), from many starts at once, optionally with norm clipping.

    (w, b) <- (w, b) - lr * g, with g = ∇E rescaled to norm `clip` when ‖∇E‖ > clip.

    Parameters
    ----------
    w0, b0 : ndarray of shape (S,)
        Starting points.
    lr : float
        Learning rate.
    steps : int
        Number of updates.
    clip : float, optional
        The clipping threshold θ; None for no clipping.

    Returns
    -------
    DescentResult
    """
    w0, b0 = np.atleast_1d(np.asarray(w0, float)), np.atleast_1d(np.asarray(b0, float))
    if w0.shape != b0.shape or w0.ndim != 1:
        raise ValueError(f"b0 must have the same 1-D shape as w0, {w0.shape}, got {b0.shape}")
    lr = check_positive_number("lr", lr)
    steps = check_positive_int("steps", steps)
    path = np.empty((steps + 1, w0.size, 2))
    errors = np.empty((steps + 1, w0.size))
    path[0] = np.stack([w0, b0], axis=1)
    for i in range(steps):
        E, dw, db = cliff_gradient(path[i, :, 0], path[i, :, 1])
        errors[i] = E
        g = np.stack([dw, db], axis=1)
        if clip is not None:
            g = clip_rows(g, clip)
        path[i + 1] = path[i] - lr * g
    errors[-1] = cliff_error(path[-1, :, 0], path[-1, :, 1])
    return DescentResult(path, errors, np.linalg.norm(np.diff(path, axis=0), axis=-1))


def starts_below_cliff(
    n: int, *, rng: np.random.Generator, w_range=(4.5, 7.0), depth=(0.05, 1.0)
) -> tuple[np.ndarray, np.ndarray]:
    """n random starts just below the wall: w ~ U(w_range), b = b_c(w) - U(depth).

    Parameters
    ----------
    n : int
        Number of starts.
    rng : numpy.random.Generator
        Draws the n values of w, then the n depths.
    w_range, depth : (float, float)
        Ranges of the uniform draws.

    Returns
    -------
    w0, b0 : ndarrays of shape (n,)
    """
    n = check_positive_int("n", n)
    check_rng(rng)
    w0 = rng.uniform(*w_range, size=n)
    return w0, cliff_line(w0) - rng.uniform(*depth, size=n)


def success_rate(final_errors: np.ndarray, tol: float = 1e-3) -> float:
    """The fraction of runs whose final error is below `tol`.

    Parameters
    ----------
    final_errors : array_like of shape (R,)
    tol : float

    Returns
    -------
    float
        In [0, 1].
    """
    return float(np.mean(np.asarray(final_errors) < tol))
