"""Synthetic sequence tasks, each drawn from a seeded generator, and the baselines they must beat.

=================  ==========================  ===========================  =====================
task               input x                     target y                     baseline
=================  ==========================  ===========================  =====================
`noisy_sine`       s_0 ... s_{T-1}  (N, T, 1)  next values s_1 ... s_T      repeat the last value
`delayed_echo`     random values    (N, T, 1)  x_{t - delay} (0 before)     predict 0
`adding_problem`   value, marker    (N, T, 2)  sum of the 2 marked values   predict 1 (MSE 1/6)
`copy_task`        one-hot symbols  (N, T+20, 10)  the 10 symbols, later    10 ln 8 / (T + 20)
=================  ==========================  ===========================  =====================
"""

from __future__ import annotations

import numpy as np

from ._validate import as_array, check_ndim, check_positive_int, check_rng, check_shape

MODES = ("many-to-many", "many-to-one")


def check_mode(mode: object) -> str:
    """Return `mode` if it is "many-to-many" or "many-to-one", else raise a ValueError."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    return mode


def noisy_sine(
    N: int,
    T: int,
    *,
    rng: np.random.Generator,
    noise: float = 0.1,
    period: tuple[float, float] = (12.0, 24.0),
    mode: str = "many-to-many",
) -> tuple[np.ndarray, np.ndarray]:
    """Next-value prediction on noisy sine waves.

    Each sequence is s_t = sin(2 pi t / P + phi) + noise * e_t for t = 0 ... T, with its own period
    P ~ U(period), phase phi ~ U(0, 2 pi) and e_t ~ N(0, 1). The model reads s_0 ... s_{T-1}.

    Parameters
    ----------
    N, T : int
        Number of sequences and of input steps.
    rng : numpy.random.Generator
        Source of randomness, e.g. ``np.random.default_rng(0)``.
    noise : float
        Standard deviation of the noise (>= 0).
    period : (float, float)
        Range of the period P, in time steps.
    mode : {"many-to-many", "many-to-one"}
        Predict the next value at every step, or only after the last one.

    Returns
    -------
    x : ndarray of shape (N, T, 1)
        s_0 ... s_{T-1}.
    y : ndarray of shape (N, T, 1) for many-to-many, (N, 1) for many-to-one
        s_1 ... s_T, or only s_T.
    """
    N, T, rng, mode = (
        check_positive_int("N", N),
        check_positive_int("T", T),
        check_rng(rng),
        check_mode(mode),
    )
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    lo, hi = period
    if not 0 < lo <= hi:
        raise ValueError(f"period must be a range (low, high) with 0 < low <= high, got {period!r}")
    P = rng.uniform(lo, hi, size=(N, 1))
    phi = rng.uniform(0, 2 * np.pi, size=(N, 1))
    s = np.sin(2 * np.pi * np.arange(T + 1) / P + phi) + noise * rng.normal(size=(N, T + 1))
    x, y = s[:, :-1, None], s[:, 1:, None]
    return (x, y) if mode == "many-to-many" else (x, y[:, -1])


def delayed_echo(
    N: int, T: int, delay: int, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Repeat the input `delay` steps later: y_t = x_{t - delay}, and y_t = 0 for t < delay.

    The inputs are independent N(0, 1) values, so nothing but memory helps: predicting 0 scores
    MSE (T - delay) / T on average, and a model that remembers exactly scores 0.

    Parameters
    ----------
    N, T : int
        Number of sequences and of steps.
    delay : int
        How many steps back the target looks (0 <= delay < T).
    rng : numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (N, T, 1)
    y : ndarray of shape (N, T, 1)
    """
    N, T, rng = check_positive_int("N", N), check_positive_int("T", T), check_rng(rng)
    delay = check_positive_int("delay", delay, minimum=0)
    if delay >= T:
        raise ValueError(f"delay must be smaller than T = {T}, got {delay}")
    x = rng.normal(size=(N, T, 1))
    y = np.zeros_like(x)
    y[:, delay:] = x[:, : T - delay]
    return x, y


def adding_problem(N: int, T: int, *, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem (as in Le et al. 2015 and Arjovsky et al. 2016): sum two marked values.

    Channel 0 holds values ~ U(0, 1); channel 1 marks one step in the first half and one in the
    second half. The target is the sum of the two marked values, so predicting 1 scores MSE 1/6.

    Parameters
    ----------
    N, T : int
        Number of sequences and steps (T >= 2).
    rng : numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (N, T, 2)
    y : ndarray of shape (N, 1)
    """
    N, T, rng = check_positive_int("N", N), check_positive_int("T", T, minimum=2), check_rng(rng)
    x = np.zeros((N, T, 2))
    x[:, :, 0] = rng.uniform(0, 1, size=(N, T))
    rows = np.arange(N)
    first = rng.integers(0, T // 2, size=N)
    second = rng.integers(T // 2, T, size=N)
    x[rows, first, 1] = x[rows, second, 1] = 1.0
    y = (x[rows, first, 0] + x[rows, second, 0])[:, None]
    return x, y


def copy_task(
    N: int, T: int, *, rng: np.random.Generator, n_symbols: int = 8, length: int = 10
) -> tuple[np.ndarray, np.ndarray]:
    """The copy task (Arjovsky et al. 2016): read `length` symbols, wait T steps, write them back.

    Symbols 0 ... n_symbols - 1 are data, n_symbols is the blank and n_symbols + 1 the delimiter.
    Input: `length` data symbols, T - 1 blanks, the delimiter, `length` blanks (T + 2 length steps).
    Target: T + length blanks, then the data symbols. A model without memory scores the
    cross-entropy ``length * ln(n_symbols) / (T + 2 length)`` at best.

    Parameters
    ----------
    N, T : int
        Number of sequences and the waiting time.
    rng : numpy.random.Generator
    n_symbols, length : int
        Alphabet size and how many symbols to copy.

    Returns
    -------
    x : ndarray of shape (N, T + 2 length, n_symbols + 2)
        One-hot inputs.
    y : int ndarray of shape (N, T + 2 length)
        Target classes.
    """
    N, T, rng = check_positive_int("N", N), check_positive_int("T", T), check_rng(rng)
    n_symbols, length = (
        check_positive_int("n_symbols", n_symbols),
        check_positive_int("length", length),
    )
    blank, delim = n_symbols, n_symbols + 1
    data = rng.integers(0, n_symbols, size=(N, length))
    tokens = np.full((N, T + 2 * length), blank)
    tokens[:, :length] = data
    tokens[:, length + T - 1] = delim
    y = np.full_like(tokens, blank)
    y[:, T + length :] = data
    return np.eye(n_symbols + 2)[tokens], y


def copy_baseline(T: int, n_symbols: int = 8, length: int = 10) -> float:
    """Cross-entropy of the best memoryless copy model: length ln(n_symbols) / (T + 2 length)."""
    return length * np.log(n_symbols) / (T + 2 * length)


def _mse(pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((pred - y) ** 2))


def last_value_mse(x: np.ndarray, y: np.ndarray) -> float:
    """MSE of the persistence forecast "the next value equals the last one seen": y_hat = x_t.

    Parameters
    ----------
    x : ndarray of shape (N, T, 1)
        Inputs of a next-value task such as `noisy_sine`.
    y : ndarray of shape (N, T, 1) (many-to-many) or (N, 1) (many-to-one)
        The next values.

    Returns
    -------
    float
    """
    x, y = as_array("x", x), as_array("y", y)
    check_ndim("x", x, (3,), "(N, T, 1)")
    check_shape("x", x, "(N, T, 1)", (*x.shape[:2], 1), "a one-dimensional series")
    if y.ndim == 3:
        check_shape("y", y, "(N, T, 1)", x.shape, "x")
        return _mse(x, y)
    check_shape("y", y, "(N, 1)", (x.shape[0], 1), "x")
    return _mse(x[:, -1], y)


def constant_mse(y: np.ndarray, value: float | None = None) -> float:
    """MSE of predicting one constant everywhere: `value`, or the mean of `y` (the best constant).

    Parameters
    ----------
    y : ndarray of any shape
        Targets.
    value : float, optional
        The constant; default ``y.mean()``.

    Returns
    -------
    float
    """
    y = as_array("y", y)
    return _mse(np.full_like(y, y.mean() if value is None else value, dtype=float), y)
