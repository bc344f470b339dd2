"""How gradients travel back through time: Jacobian products, their norms, and initialisations.

For h_t = f(a_t), a_t = W_xh x_t + W_hh h_{t-1} + b_h, one step back multiplies by the Jacobian::

    ∂h_t/∂h_{t-1} = diag(f'(a_t)) W_hh          (= diag(1 - h_t^2) W_hh for tanh)

and k steps back by the product of k of them::

    ∂h_T/∂h_{T-k} = J_T J_{T-1} ... J_{T-k+1},   J_s = diag(f'(a_s)) W_hh.

Because ‖diag(f')‖ ≤ γ (γ = 1 for tanh and relu, 1/4 for the sigmoid), the norm obeys
‖∂h_T/∂h_{T-k}‖ ≤ (γ ‖W_hh‖₂)^k, the bound of Pascanu, Mikolov & Bengio (2013).

Sequences here are single, unbatched: ``h`` has shape (T, H) (``h[n]`` of an `rnn_forward` result),
and ``h[s - 1]`` is h_s.
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    as_array,
    check_ndim,
    check_positive_int,
    check_rng,
    check_shape,
    float_dtype,
)
from .memory import fit_decay_rate, spectral_norms
from .rnn import activation_derivative, rnn_forward

# sup |f'|: the γ of Pascanu et al.'s bound.
GAMMA = {"tanh": 1.0, "relu": 1.0, "sigmoid": 0.25}


def _check_square(name: str, W: np.ndarray) -> np.ndarray:
    W = as_array(name, W)
    check_ndim(name, W, (2,), "(H, H)")
    check_shape(name, W, "(H, H)", (W.shape[0], W.shape[0]), "itself (it must be square)")
    return W


# ------------------------------------------------------------------ matrices and initialisations


def largest_singular_value(W: np.ndarray) -> float:
    """‖W‖₂, the largest singular value: the most any vector can be stretched by W.

    Parameters
    ----------
    W : ndarray of shape (H, H)

    Returns
    -------
    float
    """
    return float(np.linalg.norm(_check_square("W", W), 2))


def spectral_radius(W: np.ndarray) -> float:
    """ρ(W) = max |λ_i(W)|, the largest eigenvalue modulus (≤ ‖W‖₂, equal for normal W).

    Parameters
    ----------
    W : ndarray of shape (H, H)

    Returns
    -------
    float
    """
    return float(np.abs(np.linalg.eigvals(_check_square("W", W))).max())


def orthogonal(H: int, *, rng: np.random.Generator) -> np.ndarray:
    """A random orthogonal matrix Q (Q^T Q = I), uniform (Haar) over the orthogonal group.

    Parameters
    ----------
    H : int
        Size.
    rng : numpy.random.Generator

    Returns
    -------
    Q : ndarray of shape (H, H)
        Every singular value and every |eigenvalue| is 1.
    """
    H = check_positive_int("H", H)
    check_rng(rng)
    Q, R = np.linalg.qr(rng.normal(size=(H, H)))
    return Q * np.sign(np.diag(R))  # the sign fix makes the distribution uniform


def scaled_orthogonal(H: int, g: float, *, rng: np.random.Generator) -> np.ndarray:
    """W_hh = g Q with Q random orthogonal: its spectral radius and ‖W_hh‖₂ are both exactly g.

    Parameters
    ----------
    H : int
        Hidden size.
    g : float
        The gain.
    rng : numpy.random.Generator
        Draws Q (see `orthogonal`).

    Returns
    -------
    W_hh : ndarray of shape (H, H)
    """
    return g * orthogonal(H, rng=rng)


def scaled_gaussian(H: int, radius: float, *, rng: np.random.Generator) -> np.ndarray:
    """A Gaussian matrix rescaled to spectral radius `radius` (non-normal: ‖W‖₂ ≈ 2 × radius).

    Parameters
    ----------
    H : int
        Hidden size.
    radius : float
        The spectral radius of the result.
    rng : numpy.random.Generator
        Draws the H × H standard normal entries.

    Returns
    -------
    W_hh : ndarray of shape (H, H)
    """
    H = check_positive_int("H", H)
    check_rng(rng)
    W = rng.normal(size=(H, H))
    return W * (radius / spectral_radius(W))


def identity_init(H: int, scale: float = 1.0) -> np.ndarray:
    """W_hh = scale · I, the IRNN initialisation of Le, Jaitly & Hinton (2015).

    Parameters
    ----------
    H : int
        Hidden size.
    scale : float

    Returns
    -------
    W_hh : ndarray of shape (H, H)
    """
    return scale * np.eye(check_positive_int("H", H))


# ------------------------------------------------------------------ Jacobians through time


def _derivative(h: np.ndarray, activation: str) -> np.ndarray:
    """f'(a) from the output h = f(a): tanh 1 - h^2, relu [h > 0], sigmoid h (1 - h)."""
    if not isinstance(activation, str) or activation not in GAMMA:
        raise ValueError(f"activation must be one of {tuple(GAMMA)}, got {activation!r}")
    if activation == "sigmoid":
        return h * (1 - h)
    return activation_derivative(h, activation)


def _check_states(h: np.ndarray, W_hh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, W_hh = as_array("h", h), _check_square("W_hh", W_hh)
    check_ndim("h", h, (2,), "(T, H) (one sequence: pass h[n] of an (N, T, H) batch)")
    check_shape("W_hh", W_hh, "(H, H)", (h.shape[1],) * 2, "h")
    return h, W_hh


def jacobian_products(h: np.ndarray, W_hh: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """Every ∂h_T/∂h_{T-k}, k = 0 ... T, as a product of one-step Jacobians.

    P_0 = I and P_k = P_{k-1} J_{T-k+1}, so P_k = J_T J_{T-1} ... J_{T-k+1}.

    Parameters
    ----------
    h : ndarray of shape (T, H)
        States h_1 ... h_T of one sequence.
    W_hh : ndarray of shape (H, H)
    activation : {"tanh", "relu", "sigmoid"}

    Returns
    -------
    P : ndarray of shape (T + 1, H, H)
        ``P[k] = ∂h_T/∂h_{T-k}``; ``P[T]`` is ∂h_T/∂h_0.
    """
    h, W_hh = _check_states(h, W_hh)
    T, H = h.shape
    dt = float_dtype(h, W_hh)
    h, W_hh = h.astype(dt, copy=False), W_hh.astype(dt, copy=False)
    f_prime = _derivative(h, activation)  # row s - 1 holds f'(a_s)
    P = np.empty((T + 1, H, H), dtype=dt)
    P[0] = np.eye(H)
    for k in range(1, T + 1):
        P[k] = (P[k - 1] * f_prime[T - k]) @ W_hh  # P_{k-1} diag(f'(a_{T-k+1})) W_hh
    return P


def jacobian_norms(h: np.ndarray, W_hh: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """‖∂h_T/∂h_{T-k}‖_2 (largest singular value) for k = 0 ... T.

    Parameters
    ----------
    h : ndarray of shape (T, H)
        The states h_1 ... h_T of one sequence (see `jacobian_products`).
    W_hh : ndarray of shape (H, H)
    activation : {"tanh", "relu", "sigmoid"}

    Returns
    -------
    norms : ndarray of shape (T + 1,)
        ``norms[k]`` = ‖∂h_T/∂h_{T-k}‖₂ (``norms[0]`` = 1).
    """
    return spectral_norms(jacobian_products(h, W_hh, activation))


def finite_difference_jacobian(f, h_s: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """The Jacobian of a vector function by central differences, one column per input entry.

    J[:, j] ≈ (f(h_s + eps e_j) - f(h_s - eps e_j)) / (2 eps)

    Parameters
    ----------
    f : callable mapping an ndarray of shape (H,) to an ndarray of shape (M,)
        E.g. "run the RNN on from state h_s and return h_T".
    h_s : float64 ndarray of shape (H,)
    eps : float

    Returns
    -------
    J : ndarray of shape (M, H)
    """
    h_s = as_array("h_s", h_s)
    check_ndim("h_s", h_s, (1,), "(H,)")
    if h_s.dtype != np.float64:
        raise ValueError(f"h_s must be float64 for a finite-difference check, got {h_s.dtype}")
    columns = []
    for j in range(h_s.size):
        e = np.zeros_like(h_s)
        e[j] = eps
        columns.append((np.asarray(f(h_s + e)) - np.asarray(f(h_s - e))) / (2 * eps))
    return np.stack(columns, axis=1)


def vanishing_bound(W_hh: np.ndarray, lags: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """(γ ‖W_hh‖₂)^k, the upper bound on ‖∂h_T/∂h_{T-k}‖ for each lag k in `lags`.

    Parameters
    ----------
    W_hh : ndarray of shape (H, H)
    lags : array of shape (K,)
        The lags k.
    activation : {"tanh", "relu", "sigmoid"}
        Sets γ, the largest value of f' (1, 1 and 1/4).

    Returns
    -------
    bound : ndarray of shape (K,)
    """
    if activation not in GAMMA:
        raise ValueError(f"activation must be one of {tuple(GAMMA)}, got {activation!r}")
    return (GAMMA[activation] * largest_singular_value(W_hh)) ** np.asarray(lags, dtype=float)


def log_norm_slope(norms: np.ndarray) -> float:
    """The least-squares slope of ln norms[k] against k over k ≥ 1 (nats per step).

    Negative: the norm shrinks by a factor e^slope per step back (vanishing); positive: explodes.

    Parameters
    ----------
    norms : ndarray of shape (K,)
        E.g. from `jacobian_norms`; ``norms[1:]`` must be positive, K ≥ 3.

    Returns
    -------
    float
    """
    norms = as_array("norms", norms)
    check_ndim("norms", norms, (1,), "(K,) with K ≥ 3")
    if norms.size < 3 or not np.all(norms[1:] > 0):
        raise ValueError(
            f"norms must hold at least 3 positive values, got {norms.size} values "
            f"with minimum {norms.min() if norms.size else None}"
        )
    return float(np.log(fit_decay_rate(norms[1:])))  # the fit of ln norms[k] ≈ c + k ln r


# ------------------------------------------------------------------ experiments


def driven_states(
    W_hh: np.ndarray,
    T: int,
    *,
    input_std: float,
    rng: np.random.Generator,
    activation: str = "tanh",
    h0_std: float = 0.5,
    burn_in: int = 20,
) -> np.ndarray:
    """Run h_t = f(W_hh h_{t-1} + u_t) with random drive u_t ~ N(0, input_std^2 I).

    The network starts from h_0 ~ N(0, h0_std^2 I) and runs `burn_in` steps first, so that
    the states kept are typical of the driven (or, with ``input_std = 0``, the free) dynamics.

    Parameters
    ----------
    W_hh : ndarray of shape (H, H)
    T : int
        Number of states returned.
    input_std : float
        Standard deviation of the drive each unit receives at each step (0: no input).
    rng : numpy.random.Generator
    activation : {"tanh", "relu"}
    h0_std : float
    burn_in : int

    Returns
    -------
    h : ndarray of shape (T, H)
    """
    W_hh = _check_square("W_hh", W_hh)
    T = check_positive_int("T", T)
    check_rng(rng)
    H = W_hh.shape[0]
    h0 = h0_std * rng.normal(size=(1, H))
    u = rng.normal(size=(1, burn_in + T, H))
    h, _ = rnn_forward(u, h0, input_std * np.eye(H), W_hh, np.zeros(H), activation)
    return h[0, burn_in:]


def driven_norms(
    W_hh: np.ndarray,
    T: int,
    *,
    input_std: float,
    rng: np.random.Generator,
    activation: str = "tanh",
) -> tuple[np.ndarray, np.ndarray]:
    """Drive the network with `driven_states`, then measure ‖∂h_T/∂h_{T-k}‖ along that run.

    Parameters
    ----------
    W_hh : ndarray of shape (H, H)
    T : int
    input_std : float
    rng : numpy.random.Generator
    activation : {"tanh", "relu"}

    Returns
    -------
    h : ndarray of shape (T, H)
        The driven states.
    norms : ndarray of shape (T + 1,)
        ``jacobian_norms(h, W_hh, activation)``.
    """
    h = driven_states(W_hh, T, input_std=input_std, rng=rng, activation=activation)
    return h, jacobian_norms(h, W_hh, activation)


def measured_slope(
    W_hh: np.ndarray,
    T: int = 50,
    *,
    input_std: float = 0.5,
    rng: np.random.Generator,
    activation: str = "tanh",
) -> float:
    """The slope (nats per step) of ln ‖∂h_T/∂h_{T-k}‖ in a network driven by N(0, input_std²).

    `log_norm_slope` of the norms from `driven_norms`: negative when gradients vanish along the
    driven run, positive when they explode.

    Parameters
    ----------
    W_hh : ndarray of shape (H, H)
    T : int
        Number of driven states (the longest lag measured).
    input_std : float
        Standard deviation of the random drive.
    rng : numpy.random.Generator
        Draws the initial state and the drive.
    activation : {"tanh", "relu"}

    Returns
    -------
    slope : float
        Nats per step back; the norm changes by the factor e^slope per step.
    """
    _, norms = driven_norms(W_hh, T, input_std=input_std, rng=rng, activation=activation)
    return log_norm_slope(norms)


def slopes_vs_scale(
    gains,
    *,
    H: int,
    T: int,
    input_std: float,
    seeds: int,
    activation: str = "tanh",
    init: str = "orthogonal",
) -> np.ndarray:
    """The log-norm slope of ‖∂h_T/∂h_{T-k}‖ for W_hh scaled to each gain g, over several seeds.

    Seed s draws W_hh (g Q with Q orthogonal, or Gaussian rescaled to spectral radius g) and the
    drive from ``np.random.default_rng(s)``, so every g sees the same random matrices up to scale.

    Parameters
    ----------
    gains : sequence of G floats
    H, T : int
        Hidden size and sequence length.
    input_std : float
        Standard deviation of the drive (0: no input).
    seeds : int
        Number of seeds, 0 ... seeds - 1.
    activation : {"tanh", "relu", "sigmoid"}
    init : {"orthogonal", "gaussian"}

    Returns
    -------
    slopes : ndarray of shape (len(gains), seeds)
    """
    make = {"orthogonal": scaled_orthogonal, "gaussian": scaled_gaussian}
    if init not in make:
        raise ValueError(f"init must be one of {tuple(make)}, got {init!r}")
    out = np.empty((len(gains), seeds))
    for i, g in enumerate(gains):
        for s in range(seeds):
            rng = np.random.default_rng(s)
            W_hh = make[init](H, g, rng=rng)
            out[i, s] = measured_slope(W_hh, T, input_std=input_std, rng=rng, activation=activation)
    return out


def zero_crossing(x: np.ndarray, y: np.ndarray) -> float:
    """The x where y first changes sign from negative to positive, by linear interpolation.

    Parameters
    ----------
    x, y : ndarray of shape (K,)

    Returns
    -------
    float
        nan when y never crosses zero upwards.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"y must have the same 1-D shape as x, {x.shape}, got {y.shape}")
    up = np.flatnonzero((y[:-1] < 0) & (y[1:] >= 0))
    if up.size == 0:
        return float("nan")
    i = up[0]
    return float(x[i] - y[i] * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))
