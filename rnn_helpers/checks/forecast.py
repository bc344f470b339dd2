"""Checks for notebook 06 (time-series prediction): windowing a series, recursive forecasting.

The probe series holds 100 + i at position i, so every value names its own position, and a
window or target taken from the wrong place can be recognised exactly.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..forecast import make_windows, recursive_forecast
from ._core import Verdict, _fmt, call_learner, verdict

PROBE = 100.0 + np.arange(12.0)  # PROBE[i] = 100 + i


def _as_float(value) -> np.ndarray | None:
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return a


def _diagnose_windows(X: np.ndarray, y: np.ndarray, window: int, horizon: int) -> Verdict | None:
    """A targeted verdict for (X, y) from the probe series, or None if they are right."""
    T = len(PROBE)
    N = T - window - horizon + 1
    name = "my_make_windows"
    call = f"{name}(series, window={window}, horizon={horizon})"
    if X.ndim == 2 and X.shape == (window, N) and N != window:
        return verdict(
            "wrong",
            f"{call}: X has shape {X.shape}, expected (N, L) = {(N, window)}.",
            "X looks transposed: one row per pair, the L values of its window across.",
        )
    if X.ndim == 2 and X.shape == (N, window + 1) and y.shape == (N,) and np.allclose(X[:, -1], y):
        return verdict(
            "wrong",
            f"{call}: each window holds {window + 1} values and its last one is the target.",
            "the window peeks at the answer: it must stop just before the target, so take "
            "series[i : i + window] (L values) as the input.",
        )
    if X.ndim != 2 or X.shape[1] != window:
        return verdict(
            "wrong",
            f"{call}: X has shape {X.shape}, expected (N, L) = {(N, window)}.",
            "each row of X is one window: the L = window consecutive values before the target.",
        )
    if y.shape == (X.shape[0], 1):
        return verdict(
            "wrong",
            f"{call}: y has shape {y.shape}, expected (N,) = {(N,)}.",
            "y holds one number per pair: a 1-D array of shape (N,), not a column.",
        )
    if y.ndim != 1 or len(y) != len(X):
        return verdict(
            "wrong",
            f"{call}: X has {len(X)} rows but y has shape {y.shape}.",
            "one target per window: y must have shape (N,) with the N of X.",
        )
    pos_x, pos_y = X - 100.0, y - 100.0  # the positions the values came from
    starts = pos_x[:, 0]
    consecutive = np.allclose(pos_x, starts[:, None] + np.arange(window))
    if not consecutive:
        return verdict(
            "wrong",
            f"{call}: the first row of X is {_fmt(X[0])}, not {window} consecutive values.",
            "take a contiguous slice series[i : i + window] for row i.",
        )
    gap = pos_y - (starts + window - 1)  # steps from the window's last value to the target
    if np.allclose(gap, gap[0]) and gap[0] != horizon:
        g = round(float(gap[0]))
        if g <= 0:
            hint = (
                "the target is inside its own window: the model would see the answer. The "
                "target lies h steps *after* the last value of the window."
            )
        elif g == horizon + 1 or g == horizon - 1:
            hint = (
                f"off by one: your target lies {g} step(s) after the window's last value, "
                f"it should lie h = {horizon}. For pair i the window ends at index i + L - 1."
            )
        else:
            hint = (
                f"your target lies {g} step(s) after the window's last value for horizon "
                f"h = {horizon}: use the horizon argument, target index i + L + h - 1."
            )
        return verdict(
            "wrong", f"{call}: the first pair is X = {_fmt(X[0])}, y = {y[0]:.0f}.", hint
        )
    if not np.allclose(starts, np.arange(len(starts))):
        return verdict(
            "wrong",
            f"{call}: the windows start at {_fmt(starts[:4])}..., expected 0, 1, 2, ...",
            "start one window at every position i = 0, 1, ..., N - 1 (a stride of 1).",
        )
    if len(X) != N:
        missing = "the last pair is missing" if len(X) == N - 1 else f"{len(X)} pairs"
        return verdict(
            "wrong",
            f"{call}: got {len(X)} pairs, expected N = T - L - h + 1 = {N} ({missing}).",
            "check the range of i: the last pair's target is the series' last value.",
        )
    return None


def check_make_windows(fn: Callable) -> Verdict:
    """Exercise 6.1: ``fn(series, window, horizon)`` must return `make_windows`' (X, y).

    It is run on the probe series (T = 12) with (window, horizon) = (3, 1), (4, 1) and (3, 3);
    a fresh copy of the series every time, which must come back unchanged.
    """
    name = "my_make_windows"
    for window, horizon in ((3, 1), (4, 1), (3, 3)):
        call = call_learner(
            fn,
            PROBE,
            window,
            horizon,
            name=name,
            fallback="rnn_helpers.forecast.make_windows",
            error_hint="build X from slices series[i : i + window] and y from single values.",
        )
        if not call.returned:
            return call.verdict
        changed = call.modified_verdict("build new arrays; never write into `series`.")
        if changed is not None:
            return changed
        result = call.value
        call_text = f"{name}(series, window={window}, horizon={horizon})"
        if not (isinstance(result, tuple) and len(result) == 2):
            return verdict(
                "wrong",
                f"{call_text} returned {type(result).__name__}, expected a pair (X, y).",
                "end with `return X, y`.",
            )
        X, y = (_as_float(r) for r in result)
        if X is None or y is None:
            return verdict("wrong", f"{call_text}: X and y should be arrays of numbers.")
        wrong = _diagnose_windows(X, y, window, horizon)
        if wrong is not None:
            return wrong
        X_ref, y_ref = make_windows(PROBE, window, horizon)
        if not (np.allclose(X, X_ref) and np.allclose(y, y_ref)):  # pragma: no cover
            return verdict("wrong", f"{call_text} differs from make_windows.")
    return verdict(
        "ok",
        f"{name} matches make_windows for (L, h) = (3, 1), (4, 1) and (3, 3): every target "
        "lies h steps after its window, never inside it.",
    )


# ------------------------------------------------------------------ Exercise 6.2
class _Step:
    """A one-step forecaster for the check: y_hat = 1 + 0.5 w_newest + 0.25 w_oldest.

    It refuses windows of any width but L (what a sliding window keeps). It holds no state, so
    the check can tell a changed `history` from a used `step`.
    """

    def __init__(self, L: int):
        self.L = L

    def __eq__(self, other) -> bool:  # how call_learner sees that its copy was not changed
        return isinstance(other, _Step) and other.L == self.L

    __hash__ = None

    def __call__(self, w):
        w = np.asarray(w, dtype=float)
        if w.ndim != 2 or w.shape[1] != self.L:
            raise ValueError(f"step expects windows of shape (N, {self.L}), got {w.shape}")
        return 1.0 + 0.5 * w[:, -1] + 0.25 * w[:, 0]


HISTORY = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, -1.0, 2.0, 5.0]])  # (N, L) = (2, 4)


def _no_feedback(history, horizon):
    return np.repeat(_Step(history.shape[1])(history)[:, None], horizon, axis=1)


def _newest_first(history, horizon):
    step, w, out = _Step(history.shape[1]), history.copy(), []
    for _ in range(horizon):
        out.append(step(w))
        w = np.concatenate([out[-1][:, None], w[:, :-1]], axis=1)
    return np.stack(out, axis=1)


def check_recursive_forecast(fn: Callable) -> Verdict:
    """Exercise 6.2: ``fn(step, history, horizon)`` must forecast recursively, like
    `recursive_forecast`: (N, horizon), each forecast fed back as the newest value of a window
    that keeps its length L.
    """
    name = "my_recursive_forecast"
    horizon = 3
    call = call_learner(
        fn,
        _Step(HISTORY.shape[1]),
        HISTORY,
        horizon,
        name=name,
        fallback="rnn_helpers.forecast.recursive_forecast",
    )
    text = f"{name}(step, history of shape {HISTORY.shape}, horizon={horizon})"
    if call.error is not None and "step expects windows" in call.error:
        return verdict(
            "wrong",
            f"{text}: step was given a window of another width ({call.error.split(', got ')[-1]}).",
            "keep the window length L: when you append the forecast, drop the oldest value "
            "(w[:, 1:]) so that the window slides instead of growing.",
        )
    if not call.returned:
        return call.verdict
    changed = call.modified_verdict(
        "work on a copy of `history` (w = history.copy()) or build new arrays."
    )
    if changed is not None:
        return changed
    result = call.value
    call = text
    a = _as_float(result)
    expected = recursive_forecast(_Step(4), HISTORY, horizon)
    if a is None:
        return verdict("wrong", f"{call} should return an array of numbers.")
    if a.shape == expected.T.shape:
        return verdict(
            "wrong",
            f"{call} has shape {a.shape}, expected (N, horizon) = {expected.shape}.",
            "one row per forecast origin, one column per step ahead: forecasts[:, k] is the "
            "(k + 1)-step forecast.",
        )
    if a.shape != expected.shape:
        hint = (
            f"make exactly `horizon` = {horizon} forecasts, one column each."
            if a.ndim == 2 and a.shape[0] == expected.shape[0]
            else "return all the steps, shape (N, horizon), not only the last one."
        )
        return verdict("wrong", f"{call} has shape {a.shape}, expected {expected.shape}.", hint)
    if np.allclose(a, expected):
        return verdict(
            "ok",
            f"{name} matches recursive_forecast: each forecast goes back in as the newest "
            f"value, and the window keeps its {HISTORY.shape[1]} values.",
        )
    if np.allclose(a, _no_feedback(HISTORY, horizon)):
        hint = (
            "every step repeats the first forecast: after each step, append the forecast to "
            "the window, so the next step sees it as the newest value."
        )
    elif np.allclose(a, _newest_first(HISTORY, horizon)):
        hint = (
            "the forecast went in at the wrong end: windows are oldest first, so drop w[:, 0] "
            "and append the forecast as the last column."
        )
    elif np.allclose(a[:, 0], expected[:, 0]):
        hint = (
            "the first step is right, the later ones are not: feed back your own forecast "
            "(the true future values are unknown when you forecast)."
        )
    else:
        hint = "the first forecast is already wrong: it is step(history), the window as given."
    return verdict(
        "wrong",
        f"{call} is not right: first row {_fmt(a[0])}, expected {_fmt(expected[0])}.",
        hint,
    )
