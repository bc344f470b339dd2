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
    if X.ndim == 1 and y.ndim == 2 and y.shape == (N, window):
        return verdict(
            "wrong",
            f"{call} returned X of shape {X.shape} and y of shape {y.shape}: they are swapped.",
            "return the windows first and the targets second: `return X, y`.",
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
    if not (np.allclose(pos_x, np.round(pos_x)) and np.allclose(pos_y, np.round(pos_y))):
        return verdict(
            "wrong",
            f"{call}: the first pair is X = {_fmt(X[0])}, y = {_fmt(y[0])}, values that are "
            "not in the series (it holds 100, 101, 102, ...).",
            "windowing only cuts the series into pairs: copy its own values into X and y, "
            "without scaling or otherwise changing them.",
        )
    starts = pos_x[:, 0]
    consecutive = np.allclose(pos_x, starts[:, None] + np.arange(window))
    if not consecutive and np.allclose(pos_x, starts[:, None] - np.arange(window)):
        return verdict(
            "wrong",
            f"{call}: the first row of X is {_fmt(X[0])}, newest value first.",
            "keep each window in the series' order, oldest value first, as the contiguous "
            "slice series[i : i + window] gives it.",
        )
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
            error_hint="build X from slices series[i : i + window] and y from single values, "
            "for the N = T - L - h + 1 positions i where both fit in the series.",
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
# A second case of other sizes, so that a fixed N, L or horizon cannot pass by luck.
HISTORY_2 = np.array(
    [
        [2.0, 0.0, 1.0, 3.0, -1.0, 4.0],
        [1.0, 1.0, 2.0, 3.0, 5.0, 8.0],
        [0.0, 3.0, -2.0, 1.0, 2.0, 0.5],
    ]
)  # (N, L) = (3, 6)
CASES = ((HISTORY, 3), (HISTORY_2, 5))  # (history, horizon)


def _recursion(history, horizon, slide):
    """Forecasts of the probe step, with `slide(w, history, y_next)` giving the next window."""
    step, w, out = _Step(history.shape[1]), history.copy(), []
    for _ in range(horizon):
        out.append(step(w))
        w = slide(w, history, out[-1][:, None])
    return np.stack(out, axis=1)


def _wrong_recursions(history, horizon):
    """(forecasts, hint) for each typical wrong way of sliding the window."""
    H_LATER = "the first step is right, the later ones are not: "
    slides = [
        (
            lambda w, h, y: w,
            "every step repeats the first forecast: after each step, append the forecast to "
            "the window, so the next step sees it as the newest value.",
        ),
        (
            lambda w, h, y: np.concatenate([y, w[:, :-1]], axis=1),
            "the forecast went in at the wrong end: windows are oldest first, so drop w[:, 0] "
            "and append the forecast as the last column.",
        ),
        (
            lambda w, h, y: np.concatenate([w[:, :-1], y], axis=1),
            H_LATER + "the window dropped its newest value; drop the oldest one, w[:, 0], and "
            "append the forecast after the rest.",
        ),
        (
            lambda w, h, y: np.concatenate([h[:, 1:], y], axis=1),
            H_LATER + "each new window is built from `history` again, so it holds only the "
            "latest forecast. Slide the current window, which keeps the earlier forecasts too.",
        ),
    ]
    return [(_recursion(history, horizon, slide), hint) for slide, hint in slides]


def _check_recursion_case(fn: Callable, history: np.ndarray, horizon: int) -> Verdict | None:
    """The verdict for one (history, horizon) case, or None when the learner's answer is right."""
    name = "my_recursive_forecast"
    L = history.shape[1]
    call = call_learner(
        fn,
        _Step(L),
        history,
        horizon,
        name=name,
        fallback="rnn_helpers.forecast.recursive_forecast",
        error_hint="read N and L from history.shape and use the horizon argument, rather than "
        "fixed numbers; step maps windows (N, L) to forecasts (N,).",
    )
    text = f"{name}(step, history of shape {history.shape}, horizon={horizon})"
    if call.error is not None and "step expects windows" in call.error:
        got = call.error.split(", got ")[-1]
        if len(got.strip("()").rstrip(",").split(",")) != 2:  # one window, not a batch
            hint = (
                "step is a one-step function for a batch: it takes all N windows at once, "
                "shape (N, L), and returns the N forecasts. Call it on the whole window array."
            )
        else:
            hint = (
                "keep the window length L = history.shape[1]: when you append the forecast, "
                "drop the oldest value (w[:, 1:]) so that the window slides instead of growing."
            )
        return verdict("wrong", f"{text}: step was given windows of shape {got}.", hint)
    if not call.returned:
        return call.verdict
    changed = call.modified_verdict(
        "work on a copy of `history` (w = history.copy()) or build new arrays."
    )
    if changed is not None:
        return changed
    a = _as_float(call.value)
    expected = recursive_forecast(_Step(L), history, horizon)
    if a is None:
        return verdict("wrong", f"{text} should return an array of numbers.")
    if a.shape == expected.T.shape:
        return verdict(
            "wrong",
            f"{text} has shape {a.shape}, expected (N, horizon) = {expected.shape}.",
            "one row per forecast origin, one column per step ahead: forecasts[:, k] is the "
            "(k + 1)-step forecast.",
        )
    if a.shape != expected.shape:
        if a.ndim == 2 and a.shape[0] == expected.shape[0]:
            hint = f"make exactly `horizon` = {horizon} forecasts, one column each."
        elif a.ndim == 2 and a.shape[1] == horizon:
            hint = "one row per forecast origin: read N from history.shape[0]."
        else:
            hint = "return all the steps, shape (N, horizon), not only the last one."
        return verdict("wrong", f"{text} has shape {a.shape}, expected {expected.shape}.", hint)
    if np.allclose(a, expected):
        return None
    if not np.allclose(a[:, 0], expected[:, 0]):
        hint = "the first forecast is already wrong: it is step(history), the window as given."
    else:
        known = [h for f, h in _wrong_recursions(history, horizon) if np.allclose(a, f)]
        hint = (
            known[0]
            if known
            else "the first step is right, the later ones are not: feed back your own forecast "
            "(the true future values are unknown when you forecast)."
        )
    return verdict(
        "wrong",
        f"{text} is not right: first row {_fmt(a[0])}, expected {_fmt(expected[0])}.",
        hint,
    )


def check_recursive_forecast(fn: Callable) -> Verdict:
    """Exercise 6.2: ``fn(step, history, horizon)`` must forecast recursively, like
    `recursive_forecast`: (N, horizon), each forecast fed back as the newest value of a window
    that keeps its length L.

    Run on history (2, 4) with horizon 3, then on (3, 6) with horizon 5.
    """
    for history, horizon in CASES:
        v = _check_recursion_case(fn, history, horizon)
        if v is not None:
            return v
    return verdict(
        "ok",
        "my_recursive_forecast matches recursive_forecast for windows of 4 and 6 values: each "
        "forecast goes back in as the newest value, and the window keeps its length.",
    )
