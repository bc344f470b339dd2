"""Gradient clipping and the optimizers of the course: SGD, Adagrad and Adam.

Parameters and gradients travel as dicts of arrays with the same keys (``W_xh``, ``W_hh``, ``b_h``,
``W_hy``, ``b_y``, ...). Every optimizer updates the parameter arrays *in place*, one equation per
`step`, and keeps its own state (running sums and averages) per key::

    SGD      p <- p - lr g
    Adagrad  G <- G + g^2;                    p <- p - lr g / (sqrt(G) + eps)
    Adam     m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;  k <- k + 1
             p <- p - lr m_hat / (sqrt(v_hat) + eps)
             with m_hat = m / (1 - b1^k), v_hat = v / (1 - b2^k)

Clipping by global norm (Pascanu et al. 2013) rescales *all* gradients together, which keeps the
direction of the update and only shortens it::

    ||g|| = sqrt(sum over every array of sum g^2);   g <- g * max_norm / ||g||  if ||g|| > max_norm
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._validate import as_array, check_positive_number


def _check_grads(grads: object, name: str = "grads") -> dict[str, np.ndarray]:
    """Return `grads` as a dict of numpy arrays, or raise an error naming the bad entry."""
    if not isinstance(grads, Mapping):
        raise TypeError(f"{name} must be a dict of name -> ndarray, got {type(grads).__name__}")
    if len(grads) == 0:
        raise ValueError(f"{name} must hold at least one array, got an empty dict")
    # float arrays pass straight through (the common case, once per update); anything else gets
    # as_array's check and its error message
    return {
        k: g if type(g) is np.ndarray and g.dtype.kind == "f" else as_array(f"{name}[{k!r}]", g)
        for k, g in grads.items()
    }


def _check_fraction(name: str, value: object) -> float:
    """Return `value` as a float if 0 <= value < 1, else raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__} {value!r}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


def global_norm(grads: Mapping[str, np.ndarray]) -> float:
    """The Euclidean norm of all gradients taken together: sqrt(sum_k sum_i g_ki^2).

    Parameters
    ----------
    grads : dict of str to ndarray
        Gradients of any shapes, e.g. ``{"W_xh": dW_xh, "W_hh": dW_hh, ...}``.

    Returns
    -------
    norm : float
        The norm of the single long vector made of every entry of every array (nan or inf if an
        entry is).
    """
    return _global_norm(_check_grads(grads))


def _global_norm(grads: Mapping[str, np.ndarray]) -> float:
    """`global_norm` without the input checks (for the training loop)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.sqrt(sum(np.sum(np.square(g, dtype=np.float64)) for g in grads.values())))


def cosine_similarity(
    grads_a: Mapping[str, np.ndarray], grads_b: Mapping[str, np.ndarray]
) -> float:
    """cos(angle) between two sets of gradients, each taken as one long vector: <a, b> / (|a| |b|).

    1 means the same direction, 0 orthogonal, -1 opposite; used to compare a truncated gradient
    with the full one.

    Parameters
    ----------
    grads_a, grads_b : dict of str to ndarray
        Same keys and shapes.

    Returns
    -------
    float in [-1, 1]
        (0 if either is all zeros).
    """
    grads_a, grads_b = _check_grads(grads_a, "grads_a"), _check_grads(grads_b, "grads_b")
    if set(grads_a) != set(grads_b):
        raise ValueError(
            f"grads_b must have the same keys as grads_a, {sorted(grads_a)}, got {sorted(grads_b)}"
        )
    for k, a in grads_a.items():
        if grads_b[k].shape != a.shape:
            raise ValueError(
                f"grads_b[{k!r}] must have the shape of grads_a[{k!r}], {a.shape}, "
                f"got {grads_b[k].shape}"
            )
    dot = sum(float(np.sum(a * grads_b[k], dtype=np.float64)) for k, a in grads_a.items())
    scale = global_norm(grads_a) * global_norm(grads_b)
    return 0.0 if scale == 0 else float(np.clip(dot / scale, -1.0, 1.0))


def clip_by_global_norm(
    grads: Mapping[str, np.ndarray], max_norm: float
) -> tuple[dict[str, np.ndarray], float]:
    """Rescale all gradients together so that their global norm is at most `max_norm`.

    g <- g * max_norm / ||g|| when ||g|| > max_norm, for every array g; otherwise g is unchanged.
    The direction of the whole update is kept; only its length is capped.

    Parameters
    ----------
    grads : dict of str to ndarray
        Gradients, e.g. ``{"W_hh": dW_hh, ...}``. They are not modified.
    max_norm : float
        The threshold (> 0), often 1 or 5.

    Returns
    -------
    clipped : dict of str to ndarray
        New arrays (copies even when nothing is clipped), same keys, shapes and dtypes. If the norm
        is nan or inf, clipping cannot rescue the update and the copies are returned unscaled.
    norm : float
        The global norm *before* clipping.

    Examples
    --------
    >>> clipped, norm = clip_by_global_norm({"a": np.array([3.0]), "b": np.array([4.0])}, 1.0)
    >>> norm, clipped["a"], clipped["b"]
    (5.0, array([0.6]), array([0.8]))
    """
    grads = _check_grads(grads)
    max_norm = check_positive_number("max_norm", max_norm)
    norm = _global_norm(grads)
    return _rescale(grads, max_norm, norm), norm


def _rescale(grads: Mapping[str, np.ndarray], max_norm: float, norm: float) -> dict:
    """`clip_by_global_norm` for checked gradients whose global norm `norm` is already known."""
    if np.isfinite(norm) and norm > max_norm:
        scale = max_norm / norm
        return {k: (g * scale).astype(g.dtype, copy=False) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


class Optimizer:
    """Base class: checks that `params` and `grads` match, then calls `_update` for each key."""

    def __init__(self, lr: float):
        self.lr = check_positive_number("lr", lr)
        self.state: dict[str, dict[str, np.ndarray]] = {}

    def step(self, params: dict[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        """Update every array of `params` in place from the gradient with the same key.

        Parameters
        ----------
        params : dict of str to ndarray
            The parameters; each array is changed in place.
        grads : dict of str to ndarray
            dLoss/dparam for every key of `params`, with matching shapes.
        """
        params = _check_grads(params, "params")
        grads = _check_grads(grads)
        missing = [k for k in params if k not in grads]
        if missing:
            raise ValueError(f"grads must have an entry for every parameter, missing {missing}")
        for k, p in params.items():
            if grads[k].shape != p.shape:
                raise ValueError(
                    f"grads[{k!r}] must have the shape of params[{k!r}], "
                    f"{p.shape}, got {grads[k].shape}"
                )
            if p.dtype.kind != "f":  # a float array of any precision
                raise TypeError(
                    f"params[{k!r}] must be a float array to be updated in place, "
                    f"got dtype {p.dtype}"
                )
        for k, p in params.items():
            self._update(k, p, grads[k].astype(p.dtype, copy=False))

    def _update(self, name: str, p: np.ndarray, g: np.ndarray) -> None:  # pragma: no cover
        raise NotImplementedError

    def _slot(self, name: str, slot: str, like: np.ndarray) -> np.ndarray:
        """The running array `slot` (zeros at first) kept for parameter `name`."""
        slots = self.state.setdefault(name, {})
        if slot not in slots:
            slots[slot] = np.zeros_like(like)
        return slots[slot]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g})"


class SGD(Optimizer):
    """Plain (stochastic) gradient descent: p <- p - lr g.

    Parameters
    ----------
    lr : float
        The learning rate (> 0).
    """

    def _update(self, name, p, g):
        p -= self.lr * g


class Adagrad(Optimizer):
    """Adagrad (Duchi et al. 2011): each entry's step shrinks with its own gradient history.

    G <- G + g^2;  p <- p - lr g / (sqrt(G) + eps)

    Parameters
    ----------
    lr : float
        The learning rate (> 0). The first step of every entry has length about `lr`.
    eps : float
        Keeps the division finite where G is 0. The default 1e-10 is PyTorch's
        (``torch.optim.Adagrad``); Adam's default is 1e-8, as in PyTorch.
    """

    def __init__(self, lr: float, eps: float = 1e-10):
        super().__init__(lr)
        self.eps = check_positive_number("eps", eps)

    def _update(self, name, p, g):
        G = self._slot(name, "G", p)
        G += g * g
        p -= self.lr * g / (np.sqrt(G) + self.eps)


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015): momentum on g and a per-entry scale from the average of g^2.

    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;  k <- k + 1;
    p <- p - lr m_hat / (sqrt(v_hat) + eps)  with  m_hat = m / (1 - b1^k),  v_hat = v / (1 - b2^k).

    Parameters
    ----------
    lr : float
        The learning rate (> 0). Each entry typically moves by about `lr` or less per step, but
        not at most `lr`: Kingma & Ba (2015, §2.1) bound the step by
        lr (1 - beta1) / sqrt(1 - beta2) when 1 - beta1 > sqrt(1 - beta2), which is 3.16 lr for
        the defaults, and reached after a run of tiny gradients followed by a large one; by lr
        otherwise.
    beta1, beta2 : float in [0, 1)
        Decay rates of the running averages of g and g^2.
    eps : float
        Keeps the division finite where v is 0.
    """

    def __init__(
        self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ):
        super().__init__(lr)
        self.beta1 = _check_fraction("beta1", beta1)
        self.beta2 = _check_fraction("beta2", beta2)
        self.eps = check_positive_number("eps", eps)
        self.counts: dict[str, int] = {}  # k, the number of updates of each parameter so far

    def _update(self, name, p, g):
        m, v = self._slot(name, "m", p), self._slot(name, "v", p)
        k = self.counts[name] = self.counts.get(name, 0) + 1
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        m_hat, v_hat = m / (1 - self.beta1**k), v / (1 - self.beta2**k)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g})"
