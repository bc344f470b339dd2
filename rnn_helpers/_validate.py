"""Input checks shared by the public functions.

Every check raises an error whose message names the argument, what was expected and what came,
so that a learner never meets a bare numpy broadcasting error or a silently wrong result.
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS = ("tanh", "relu")


def as_array(name: str, a: object) -> np.ndarray:
    """Return `a` if it is a real-valued numpy array, else raise a TypeError naming `name`."""
    if not isinstance(a, np.ndarray):
        hint = " Wrap it with np.array(...)." if isinstance(a, (list, tuple, int, float)) else ""
        raise TypeError(f"{name} must be a numpy array, got {type(a).__name__}.{hint}")
    if a.dtype == bool or not np.issubdtype(a.dtype, np.number) or np.iscomplexobj(a):
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {a.dtype}")
    return a


def float_dtype(*arrays: np.ndarray) -> np.dtype:
    """The float dtype a computation on `arrays` keeps: float32 stays float32, ints -> float64."""
    dtype = np.result_type(*arrays)
    return dtype if np.issubdtype(dtype, np.floating) else np.dtype(np.float64)


def check_ndim(name: str, a: np.ndarray, ndims: tuple[int, ...], layout: str) -> None:
    """Raise a ValueError unless `a.ndim` is in `ndims`; `layout` describes the expected shape."""
    if a.ndim not in ndims:
        ranks = [f"{d}-D" for d in ndims]
        ranks = " or ".join([", ".join(ranks[:-1]), ranks[-1]] if len(ranks) > 1 else ranks)
        raise ValueError(
            f"{name} must be a {ranks} array of shape {layout}, "
            f"got a {a.ndim}-D array of shape {a.shape}"
        )


def check_shape(
    name: str, a: np.ndarray, symbols: str, expected: tuple[int, ...], source: str
) -> None:
    """Raise a ValueError unless `a.shape == expected`.

    The message reads, for example,
    ``W_hh must have shape (H, H) = (5, 5) to match h_prev, got (5, 4)``.
    """
    if a.shape != tuple(expected):
        raise ValueError(
            f"{name} must have shape {symbols} = {tuple(expected)} to match {source}, got {a.shape}"
        )


def check_activation(activation: object) -> str:
    """Return `activation` if it is a known activation name, else raise."""
    if not isinstance(activation, str):
        raise TypeError(f"activation must be a string, one of {ACTIVATIONS}, got {activation!r}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    return activation


def check_positive_int(name: str, n: object, minimum: int = 1) -> int:
    """Return `n` as an int if it is an integer (not a bool) >= `minimum`, else raise naming `name`.

    A non-integer raises a TypeError, an integer below `minimum` a ValueError.
    """
    want = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"{name} must be {want}, got {type(n).__name__} {n!r}")
    if n < minimum:
        raise ValueError(f"{name} must be {want}, got {n}")
    return int(n)


def check_rng(rng: object) -> np.random.Generator:
    """Return `rng` if it is a numpy Generator, else raise a TypeError saying how to make one."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}; "
            "use np.random.default_rng(seed)"
        )
    return rng


def check_class_indices(
    name: str, a: np.ndarray, n: int, *, symbol: str = "V", source: str = "", hint: str = ""
) -> np.ndarray:
    """Return `a` if it holds integers in [0, n), else raise naming `name`.

    `symbol` names n in the message (V for a vocabulary, O for outputs), `source` says where n
    comes from ("logits"), and `hint` replaces the default advice for a non-integer dtype.
    """
    if not np.issubdtype(a.dtype, np.integer):
        raise ValueError(
            f"{name} must hold integer class indices (an int array), got dtype {a.dtype}; "
            + (hint or f"if the values are whole numbers use {name}.astype(int)")
        )
    if a.size and (a.min() < 0 or a.max() >= n):
        where = f" to match {source}" if source else ""
        raise ValueError(
            f"{name} must be class indices in [0, {symbol}) = [0, {n}){where}, "
            f"got values from {a.min()} to {a.max()}"
        )
    return a


def check_positive_number(name: str, value: object) -> float:
    """Return `value` as a float if it is a finite number > 0 (not a bool), else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__} {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def check_sequence_and_state(x: object, h0: object) -> tuple[np.ndarray, np.ndarray]:
    """Check a forward pass's inputs x (N, T, D), T >= 1, and initial state h0 (N, H)."""
    x, h0 = as_array("x", x), as_array("h0", h0)
    check_ndim("x", x, (3,), "(N, T, D) (for one sequence of shape (T, D) pass x[None])")
    if x.shape[1] == 0:
        raise ValueError(f"x must have at least one time step, got shape {x.shape} with T = 0")
    check_ndim("h0", h0, (2,), "(N, H)")
    check_shape("h0", h0, "(N, H)", (x.shape[0], h0.shape[1]), "x")
    return x, h0


def check_cache_and_dh(dh: object, cache: object, cache_type: type, forward: str) -> np.ndarray:
    """Check `cache` is the `cache_type` made by `forward` and dh matches its h; dh in h's dtype."""
    if not isinstance(cache, cache_type):
        raise TypeError(
            f"cache must be the {cache_type.__name__} returned by {forward}, "
            f"got {type(cache).__name__}"
        )
    dh = as_array("dh", dh)
    check_shape("dh", dh, "(N, T, H)", cache.h.shape, "the cached h")
    return dh.astype(cache.h.dtype, copy=False)


def check_step_inputs(x_t: object, h_prev: object) -> tuple[np.ndarray, np.ndarray]:
    """Check one step's input x_t (N, D) or (D,) and state h_prev (N, H) or (H,) to match."""
    x_t, h_prev = as_array("x_t", x_t), as_array("h_prev", h_prev)
    check_ndim("x_t", x_t, (1, 2), "(N, D) or (D,)")
    layout = "(H,)" if x_t.ndim == 1 else "(N, H)"
    check_ndim("h_prev", h_prev, (x_t.ndim,), f"{layout} to match x_t")
    if x_t.ndim == 2:
        check_shape("h_prev", h_prev, "(N, H)", (x_t.shape[0], h_prev.shape[1]), "x_t")
    return x_t, h_prev


def check_cell_weights(
    weights: dict[str, object], gates: int, H: int, D: int, h_name: str, x_name: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check a cell's input weights (KH, D), recurrent weights (KH, H) and bias (KH,), K = `gates`.

    `weights` maps the three names, in that order, to the arrays (e.g. W_xh, W_hh, b_h for the
    vanilla RNN, K = 1; W_x, W_h, b for the LSTM, K = 4). H is read from `h_name`, D from `x_name`.
    """
    (n_in, W_in), (n_rec, W_rec), (n_b, b) = weights.items()
    W_in, W_rec, b = as_array(n_in, W_in), as_array(n_rec, W_rec), as_array(n_b, b)
    K = "H" if gates == 1 else f"{gates}H"
    check_shape(n_in, W_in, f"({K}, D)", (gates * H, D), f"{h_name} and {x_name}")
    check_shape(n_rec, W_rec, f"({K}, H)", (gates * H, H), h_name)
    check_shape(n_b, b, f"({K},)", (gates * H,), h_name)
    return W_in, W_rec, b
