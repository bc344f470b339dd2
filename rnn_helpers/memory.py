"""What the hidden state remembers, measured (notebook 02).

Two experiments, each a few small functions:

- **One unit, one pulse.** h_t = tanh(w_hh h_{t-1} + w_xh x_t + b) with h_0 = 0 and an input that
  is ``pulse`` at t = 1 and 0 afterwards. The pulse's trace is the difference
  Δ_t = h_t(with the pulse) - h_t(without it). The **memory horizon** is the number of steps after
  the pulse until |Δ| drops below a threshold (0.01 by default) for good. For a linear unit
  Δ_{1+k} = w_xh · pulse · w_hh^k, which predicts a horizon of log(threshold / |Δ_1|) / log|w_hh|.
- **Many units: the influence of x_1 on h_t.** The Jacobian
  ∂h_t/∂x_1 = diag(1 - h_t²) W_hh ... diag(1 - h_2²) W_hh diag(1 - h_1²) W_xh, its norm over time,
  a finite-perturbation cross-check, and the per-step decay rate of a geometric fit.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import (
    as_array,
    check_activation,
    check_ndim,
    check_positive_int,
    check_positive_number,
    check_shape,
    float_dtype,
)
from .rnn import activation_derivative, rnn_forward

THRESHOLD = 0.01  # the course's memory-horizon threshold on |Δh_t| (tanh states live in (-1, 1))
PULSE_ACTIVATIONS = ("tanh", "linear")


def _real(name: str, value) -> np.ndarray:
    """A scalar or array of real numbers as a float64 (or float32) array; raise naming `name`."""
    a = as_array(name, np.asarray(value) if np.isscalar(value) else value)
    return a.astype(float_dtype(a), copy=False)


class PulseResponse(NamedTuple):
    """The states of a one-unit RNN with and without a pulse at t = 1.

    Attributes
    ----------
    h_pulse : ndarray of shape (..., T)
        h_1 ... h_T when x_1 = pulse and x_t = 0 for t > 1.
    h_base : ndarray of shape (..., T)
        h_1 ... h_T when every input is 0 (the same unit, no pulse).
    """

    h_pulse: np.ndarray
    h_base: np.ndarray

    @property
    def delta(self) -> np.ndarray:
        """Δ_t = h_t(pulse) - h_t(no pulse), of shape (..., T): what is left of the pulse at t."""
        return self.h_pulse - self.h_base


def pulse_response(w_hh, w_xh, pulse, T: int, b=0.0, activation: str = "tanh") -> PulseResponse:
    """Drive one unit h_t = f(w_hh h_{t-1} + w_xh x_t + b), h_0 = 0, with a single input pulse.

    The input is x_1 = `pulse` and x_t = 0 for t = 2 ... T. The same unit is also run with no
    pulse, so that ``result.delta`` is the pulse's trace. Scalars or arrays may be passed for
    `w_hh`, `w_xh`, `pulse` and `b`; they broadcast, so one call runs a whole grid of units.

    Parameters
    ----------
    w_hh, w_xh : float or ndarray (broadcastable)
        Recurrent and input weights of the unit.
    pulse : float or ndarray (broadcastable)
        Size of the input at t = 1.
    T : int
        Number of steps.
    b : float or ndarray (broadcastable)
        Bias.
    activation : {"tanh", "linear"}
        f = tanh, or the identity (a linear unit, for comparison).

    Returns
    -------
    PulseResponse
        ``h_pulse`` and ``h_base`` of shape broadcast(w_hh, w_xh, pulse, b).shape + (T,);
        ``delta`` = h_pulse - h_base.

    Examples
    --------
    >>> pulse_response(0.5, 1.0, 2.0, T=3, activation="linear").delta
    array([2. , 1. , 0.5])
    """
    T = check_positive_int("T", T)
    if not isinstance(activation, str) or activation not in PULSE_ACTIVATIONS:
        raise ValueError(f"activation must be one of {PULSE_ACTIVATIONS}, got {activation!r}")
    w_hh, w_xh, pulse, b = (
        _real(n, v) for n, v in (("w_hh", w_hh), ("w_xh", w_xh), ("pulse", pulse), ("b", b))
    )
    f = np.tanh if activation == "tanh" else (lambda a: a)
    shape = np.broadcast_shapes(w_hh.shape, w_xh.shape, pulse.shape, b.shape)
    dt = float_dtype(w_hh, w_xh, pulse, b)
    h_pulse, h_base = np.empty((*shape, T), dt), np.empty((*shape, T), dt)
    hp = f(w_xh * pulse + b)  # h_1, with h_0 = 0
    hb = f(np.zeros(shape, dt) + b)
    h_pulse[..., 0], h_base[..., 0] = hp, hb
    for t in range(1, T):
        hp, hb = f(w_hh * hp + b), f(w_hh * hb + b)
        h_pulse[..., t], h_base[..., t] = hp, hb
    return PulseResponse(h_pulse, h_base)


def memory_horizon(delta: np.ndarray, threshold: float = THRESHOLD):
    """Steps after the pulse until |Δ| stays below θ: K = min{k ≥ 0 : |Δ_{1+j}| < θ for all j ≥ k}.

    ``delta[..., 0]`` is Δ_1, at the pulse step, so |Δ_{1+K}| is the first value of the final run
    below the threshold. K = 0 means the pulse was never visible; K = inf means it is still
    visible at the last step (the horizon is longer than the trace).

    Parameters
    ----------
    delta : ndarray of shape (..., T)
        Traces Δ_1 ... Δ_T, e.g. ``pulse_response(...).delta``, or distances between two runs.
    threshold : float
        θ > 0, an absolute threshold on |Δ_t|.

    Returns
    -------
    horizon : float, or float ndarray of shape delta.shape[:-1]
        K for each trace (a whole number, or inf).

    Examples
    --------
    >>> memory_horizon(np.array([1.0, 0.5, 0.02, 0.005, 0.001]), threshold=0.01)
    3.0
    """
    delta = as_array("delta", delta)
    if delta.ndim == 0:
        raise ValueError("delta must have a time axis, shape (..., T), got a 0-D array")
    threshold = check_positive_number("threshold", threshold)
    T = delta.shape[-1]
    if T == 0:
        raise ValueError(f"delta must have at least one time step, got shape {delta.shape}")
    visible = np.abs(delta) >= threshold
    last = T - 1 - np.argmax(visible[..., ::-1], axis=-1)  # index of the last visible step
    horizon = np.where(visible.any(axis=-1), last + 1.0, 0.0)
    horizon = np.where(visible[..., -1], np.inf, horizon)
    return float(horizon) if horizon.ndim == 0 else horizon


def linear_horizon(w_hh, amplitude, threshold: float = THRESHOLD):
    """The linear prediction k* = log(θ / |Δ_1|) / log|w_hh| of the memory horizon.

    A linear unit's trace Δ_{1+k} = Δ_1 w_hh^k stays visible (|Δ| ≥ θ) exactly for the steps
    k ≤ k*, so its `memory_horizon` is ⌊k*⌋ + 1, or 0 when k* < 0 (|Δ_1| < θ: never visible).
    A tanh unit forgets at least as fast, because tanh is 1-Lipschitz (|tanh u - tanh v| ≤
    |u - v|): its horizon, with the same |Δ_1|, is at most ⌊k*⌋ + 1.

    Parameters
    ----------
    w_hh : float or ndarray
        Recurrent weight(s).
    amplitude : float or ndarray (broadcastable with `w_hh`)
        |Δ_1|, the size of the trace at the pulse step (|w_xh · pulse| for a linear unit).
    threshold : float
        θ > 0.

    Returns
    -------
    k : float or ndarray
        k*, not rounded. Limits: inf when the trace never falls below θ (|w_hh| ≥ 1 and
        |Δ_1| ≥ θ, or |w_hh| > 1 and |Δ_1| > 0); -inf when it is never visible at all
        (|Δ_1| = 0, or |Δ_1| < θ with |w_hh| ≤ 1 and k* not finite); k* = 0 for w_hh = 0.

    Examples
    --------
    >>> round(linear_horizon(0.5, 1.0), 3)  # 0.5^6 = 0.016 ≥ 0.01 > 0.5^7 = 0.008
    6.644
    """
    threshold = check_positive_number("threshold", threshold)
    w, amp = np.broadcast_arrays(np.abs(_real("w_hh", w_hh)), np.abs(_real("amplitude", amplitude)))
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.log(threshold / amp) / np.log(w)  # finite for 0 < |w| < 1 and amp > 0
    seen = amp >= threshold
    k = np.where(w == 0, np.where(seen, 0.0, -np.inf), k)
    k = np.where(w >= 1, np.where(seen | ((w > 1) & (amp > 0)), np.inf, -np.inf), k)
    k = np.where(amp == 0, -np.inf, k)
    return float(k) if k.ndim == 0 else k


def influence_of_x1(x, h0, W_xh, W_hh, b_h, activation: str = "tanh") -> np.ndarray:
    """The Jacobians J_t = ∂h_t/∂x_1 for t = 1 ... T: how much each h_t moves when x_1 moves.

    J_1 = diag(f'(a_1)) W_xh and J_t = diag(f'(a_t)) W_hh J_{t-1}, so
    J_t = diag(1 - h_t²) W_hh ... diag(1 - h_2²) W_hh diag(1 - h_1²) W_xh for tanh.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
        Inputs, batch-first.
    h0 : ndarray of shape (N, H)
        Initial state.
    W_xh : ndarray of shape (H, D)
    W_hh : ndarray of shape (H, H)
    b_h : ndarray of shape (H,)
    activation : {"tanh", "relu"}

    Returns
    -------
    J : ndarray of shape (N, T, H, D)
        ``J[n, t - 1]`` is ∂h_t/∂x_1 for sequence n.
    """
    activation = check_activation(activation)
    h, cache = rnn_forward(x, h0, W_xh, W_hh, b_h, activation)  # validates every argument
    slope = activation_derivative(h, activation)  # f'(a_t), (N, T, H)
    W_xh, W_hh = cache.W_xh, cache.W_hh
    N, T, H = h.shape
    J = np.empty((N, T, H, W_xh.shape[1]), dtype=h.dtype)
    J[:, 0] = slope[:, 0, :, None] * W_xh
    for t in range(1, T):
        J[:, t] = slope[:, t, :, None] * (W_hh @ J[:, t - 1])
    return J


def perturbation_response(x, h0, W_xh, W_hh, b_h, dx1, activation: str = "tanh") -> np.ndarray:
    """Δh_t = h_t(x_1 + dx1, x_2, ..., x_T) - h_t(x_1, ..., x_T): change x_1 only and rerun.

    For a small `dx1` this is close to J_t dx1 (see `influence_of_x1`); for a large one it is
    the exact effect of a different first input.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H)
    W_xh : ndarray of shape (H, D)
    W_hh : ndarray of shape (H, H)
    b_h : ndarray of shape (H,)
    dx1 : ndarray of shape (N, D)
        The change to the first input of each sequence.
    activation : {"tanh", "relu"}

    Returns
    -------
    dh : ndarray of shape (N, T, H)
    """
    h, _ = rnn_forward(x, h0, W_xh, W_hh, b_h, activation)
    dx1 = as_array("dx1", dx1)
    check_shape("dx1", dx1, "(N, D)", (x.shape[0], x.shape[2]), "x")
    x_moved = np.array(x, dtype=h.dtype)
    x_moved[:, 0] += dx1
    h_moved, _ = rnn_forward(x_moved, h0, W_xh, W_hh, b_h, activation)
    return h_moved - h


class CrossCheck(NamedTuple):
    """The Jacobian's prediction of a small change of x_1, and the change measured by a rerun.

    Attributes
    ----------
    predicted : ndarray of shape (N, T, H)
        J_t u, the change of h_t per unit of x_1 along u that the Jacobian predicts.
    measured : ndarray of shape (N, T, H)
        (h_t(x_1 + δu) - h_t(x_1)) / δ, from rerunning the network.
    rel_error : ndarray of shape (T,)
        max over sequences of ‖measured_t - predicted_t‖ / ‖predicted_t‖, at every step.
    """

    predicted: np.ndarray
    measured: np.ndarray
    rel_error: np.ndarray


def jacobian_crosscheck(
    x, h0, W_xh, W_hh, b_h, u, delta: float = 1e-6, activation: str = "tanh"
) -> CrossCheck:
    """Compare J_t u (from `influence_of_x1`) with a rerun that moves x_1 by δu, at every step.

    The relative error is small (about δ plus rounding / δ) while the change of h_t is well above
    float rounding; once the signal ‖J_t u‖ δ shrinks towards the rounding of h_t (about 1e-16),
    rounding dominates the measured change and the relative error grows.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H)
    W_xh : ndarray of shape (H, D)
    W_hh : ndarray of shape (H, H)
    b_h : ndarray of shape (H,)
    u : ndarray of shape (N, D)
        The direction in which x_1 of each sequence is moved.
    delta : float
        δ > 0, the size of the move.
    activation : {"tanh", "relu"}

    Returns
    -------
    CrossCheck
        ``predicted`` and ``measured`` of shape (N, T, H), ``rel_error`` of shape (T,).
    """
    delta = check_positive_number("delta", delta)
    J = influence_of_x1(x, h0, W_xh, W_hh, b_h, activation)  # validates x, h0, weights
    u = as_array("u", u)
    check_shape("u", u, "(N, D)", (J.shape[0], J.shape[3]), "x")
    predicted = np.einsum("nthd,nd->nth", J, u)
    measured = perturbation_response(x, h0, W_xh, W_hh, b_h, delta * u, activation) / delta
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.linalg.norm(measured - predicted, axis=-1) / np.linalg.norm(predicted, axis=-1)
    return CrossCheck(predicted, measured, ratio.max(axis=0))


def spectral_norms(J: np.ndarray) -> np.ndarray:
    """‖J‖₂, the largest singular value of each matrix: the most a unit change can be stretched.

    Parameters
    ----------
    J : ndarray of shape (..., H, D)
        A stack of matrices, e.g. the Jacobians from `influence_of_x1`.

    Returns
    -------
    norms : ndarray of shape J.shape[:-2]
    """
    J = as_array("J", J)
    if J.ndim < 2:
        raise ValueError(f"J must be a stack of matrices, shape (..., H, D), got shape {J.shape}")
    return np.linalg.norm(J, ord=2, axis=(-2, -1))


def fit_decay_rate(values: np.ndarray, t: np.ndarray | None = None) -> float:
    """The per-step factor r of the least-squares fit log v_t ≈ c + t log r (so v_t ≈ C r^t).

    Parameters
    ----------
    values : ndarray of shape (T,)
        Positive values, e.g. the median of ‖∂h_t/∂x_1‖ over sequences.
    t : ndarray of shape (T,), optional
        The steps of `values` (default 1, 2, ..., T).

    Returns
    -------
    r : float
        r < 1 for a decaying series; v shrinks by the factor r per step.

    Examples
    --------
    >>> round(fit_decay_rate(3.0 * 0.5 ** np.arange(1, 6)), 6)
    0.5
    """
    values = as_array("values", values)
    check_ndim("values", values, (1,), "(T,)")
    if values.shape[0] < 2:
        raise ValueError(f"values must hold at least 2 points to fit a rate, got {values.shape[0]}")
    if not np.all(np.isfinite(values) & (values > 0)):
        raise ValueError(
            "values must be positive and finite (their logarithm is fitted), "
            f"got minimum {values.min()!r}"
        )
    t = np.arange(1, values.shape[0] + 1) if t is None else as_array("t", t)
    check_shape("t", t, "(T,)", values.shape, "values")
    slope = np.polyfit(np.asarray(t, dtype=float), np.log(values.astype(float)), 1)[0]
    return float(np.exp(slope))


def state_distance(h_a: np.ndarray, h_b: np.ndarray) -> np.ndarray:
    """max_i |h_a[..., i] - h_b[..., i]|: the largest difference over hidden units, at every step.

    Parameters
    ----------
    h_a, h_b : ndarray of shape (N, T, H)
        Hidden states of two runs.

    Returns
    -------
    distance : ndarray of shape (N, T)
    """
    h_a, h_b = as_array("h_a", h_a), as_array("h_b", h_b)
    check_ndim("h_a", h_a, (3,), "(N, T, H)")
    check_shape("h_b", h_b, "(N, T, H)", h_a.shape, "h_a")
    return np.abs(h_a - h_b).max(axis=-1)


def quantile_band(values: np.ndarray, lo: float = 0.1, hi: float = 0.9) -> np.ndarray:
    """The `lo` quantile, the median and the `hi` quantile over sequences, at every step.

    Parameters
    ----------
    values : ndarray of shape (N, T)
        One row per sequence, e.g. ``spectral_norms(J)`` or ``state_distance(h_a, h_b)``.
    lo, hi : float
        Quantiles in [0, 1], lo ≤ hi.

    Returns
    -------
    band : ndarray of shape (3, T)
        Rows: low quantile, median, high quantile.
    """
    values = as_array("values", values)
    check_ndim("values", values, (2,), "(N, T)")
    if not 0 <= lo <= hi <= 1:
        raise ValueError(f"lo and hi must satisfy 0 <= lo <= hi <= 1, got lo={lo!r}, hi={hi!r}")
    return np.quantile(values, [lo, 0.5, hi], axis=0)


class DecayStudy(NamedTuple):
    """Notebook 02's two memory measurements for one random network (see `decay_study`).

    Attributes
    ----------
    rate : float
        Fitted per-step decay factor of the median ‖∂h_t/∂x_1‖ (t = 2 ... T).
    radius : float
        Spectral radius of W_hh, max |λ_i|.
    sigma_max : float
        Largest singular value of W_hh, ‖W_hh‖₂.
    horizon : float
        Median over the sequences of the steps until two histories that differ only in x_1
        agree to 1e-6 in every unit.
    """

    rate: float
    radius: float
    sigma_max: float
    horizon: float


def decay_study(
    rng: np.random.Generator, *, D: int = 4, H: int = 32, N: int = 64, T: int = 30, T_long: int = 80
) -> DecayStudy:
    """Draw a default-initialised tanh RNN and inputs from `rng`, and measure how fast it forgets.

    In this order from `rng`: the weights (`init_rnn_params(D, H)`), x (N, T, D) ~ N(0, 1),
    x_long (N, T_long, D), and a new first input for every sequence of x_long.

    Returns
    -------
    DecayStudy
    """
    from .rnn import init_rnn_params

    p = init_rnn_params(D, H, rng=rng)
    weights = (p["W_xh"], p["W_hh"], p["b_h"])
    x = rng.normal(size=(N, T, D))
    x_long = rng.normal(size=(N, T_long, D))
    x_other = x_long.copy()
    x_other[:, 0] = rng.normal(size=(N, D))
    h0 = np.zeros((N, H))
    norms = spectral_norms(influence_of_x1(x, h0, *weights))
    rate = fit_decay_rate(np.median(norms, axis=0)[1:], np.arange(2, T + 1))
    dist = state_distance(
        rnn_forward(x_long, h0, *weights)[0], rnn_forward(x_other, h0, *weights)[0]
    )
    return DecayStudy(
        rate,
        float(np.abs(np.linalg.eigvals(p["W_hh"])).max()),
        float(np.linalg.norm(p["W_hh"], 2)),
        float(np.median(memory_horizon(dist, threshold=1e-6))),
    )
