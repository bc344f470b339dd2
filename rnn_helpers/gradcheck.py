"""Checking analytic gradients against finite differences.

The central difference D(eps) = (f(x + eps) - f(x - eps)) / (2 eps) has error
(eps^2 / 6) f^(3) from the Taylor series plus about machine epsilon * |f| / eps from rounding.
With eps = 1e-5 the first is around 1e-10 for a loss of order 1. That is too much when a gradient
entry is small because its terms cancel (1e-3, say): the relative error then exceeds the
course's pass mark of 1e-7 although the analytic gradient is right.

So `numerical_gradient` combines two central differences (Richardson extrapolation):
(4 D(eps/2) - D(eps)) / 3 cancels the eps^2 term, leaving an error of order eps^4 (1e-16 at
eps = 1e-4) plus rounding (about 1e-12). It is still a central difference, just a better one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ._validate import as_array

TOLERANCE = 1e-7


def _central_difference(f: Callable[[], float], x: np.ndarray, i: tuple, eps: float) -> float:
    """D(eps) = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), restoring x[i] afterwards."""
    old = x[i]
    try:
        x[i] = old + eps
        f_plus = float(f())
        x[i] = old - eps
        f_minus = float(f())
    finally:
        x[i] = old
    return (f_plus - f_minus) / (2 * eps)


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-4) -> np.ndarray:
    """Estimate df/dx by central differences, one entry of `x` at a time.

    df/dx_i ~ (4 D(eps/2) - D(eps)) / 3 with D(eps) = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps):
    a central difference with its eps^2 error cancelled (see the module docstring).

    Parameters
    ----------
    f : callable taking no arguments and returning a float
        The scalar function; it must read `x` (which is changed in place and then restored).
    x : float64 ndarray of any shape
        The array to differentiate with respect to.
    eps : float
        The step.

    Returns
    -------
    grad : ndarray, same shape as `x`
    """
    x = as_array("x", x)
    if x.dtype != np.float64:
        raise ValueError(
            f"x must be float64 for a finite-difference check, got {x.dtype}: "
            "float32 rounding error swamps the differences"
        )
    if not callable(f):
        raise TypeError(
            f"f must be a function of no arguments returning a float, got {type(f).__name__}"
        )
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        d_half = _central_difference(f, x, i, eps / 2)
        grad[i] = (4 * d_half - _central_difference(f, x, i, eps)) / 3
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||), the scale-free distance between two gradients (0 if both are 0).

    Parameters
    ----------
    a, b : ndarray, same shape

    Returns
    -------
    float in [0, 1]
    """
    a, b = as_array("a", a), as_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"b must have the same shape as a, {a.shape}, got {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


@dataclass(frozen=True)
class GradCheckRow:
    """One parameter's comparison of analytic and numerical gradients."""

    name: str
    shape: tuple[int, ...]
    shape_ok: bool
    max_abs_diff: float
    rel_error: float
    tol: float

    @property
    def ok(self) -> bool:
        return self.shape_ok and self.rel_error < self.tol


@dataclass(frozen=True)
class GradCheckReport:
    """The per-parameter results of `gradient_check`; ``str(report)`` is a table."""

    rows: tuple[GradCheckRow, ...]

    @property
    def passed(self) -> bool:
        return all(r.ok for r in self.rows)

    def __getitem__(self, name: str) -> GradCheckRow:
        return next(r for r in self.rows if r.name == name)

    def __str__(self) -> str:
        lines = [
            f"{'parameter':<10} {'shape':<12} {'shape ok':<9} {'max |diff|':>10} "
            f"{'rel. error':>10}  verdict"
        ]
        for r in self.rows:
            verdict = "ok" if r.ok else "WRONG"
            lines.append(
                f"{r.name:<10} {r.shape!s:<12} {'yes' if r.shape_ok else 'NO':<9} "
                f"{r.max_abs_diff:>10.1e} {r.rel_error:>10.1e}  {verdict}"
            )
        return "\n".join(lines)

    def summary(self) -> str:
        """One line per parameter, without machine-dependent digits (stable notebook output)."""
        tol = f"{self.rows[0].tol:.0e}" if self.rows else ""
        return "\n".join(
            f"{r.name}: "
            + (
                f"analytic and numerical gradients agree (relative error < {tol})"
                if r.ok
                else "MISMATCH"
            )
            for r in self.rows
        )


def gradient_check(
    f: Callable[[], float],
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    eps: float = 1e-4,
    tol: float = TOLERANCE,
) -> GradCheckReport:
    """Compare every analytic gradient in `grads` with a numerical gradient of `f`.

    Parameters
    ----------
    f : callable taking no arguments and returning a float
        The loss, computed from the arrays in `params` (they are perturbed in place).
    params : mapping of name to float64 ndarray
        The parameters (and/or inputs) to check.
    grads : mapping of name to ndarray
        The analytic gradient for each name in `params`.
    eps : float
        Finite-difference step.
    tol : float
        A parameter passes when its relative error is below `tol`.

    Returns
    -------
    GradCheckReport
        ``report.passed``, ``report["W_hh"].rel_error``, ``print(report)``.
    """
    missing = [name for name in params if name not in grads]
    if missing:
        raise ValueError(f"grads must have an entry for every parameter, missing {missing}")
    rows = []
    for name, p in params.items():
        numeric = numerical_gradient(f, p, eps)
        analytic = np.asarray(grads[name])
        shape_ok = analytic.shape == p.shape
        diff = np.abs(analytic - numeric).max() if shape_ok else np.nan
        err = relative_error(analytic, numeric) if shape_ok else np.inf
        rows.append(GradCheckRow(name, p.shape, shape_ok, float(diff), err, tol))
    return GradCheckReport(tuple(rows))
