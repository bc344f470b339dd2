"""Notebook 06's exercise checks reject every typical wrong answer, each with its own hint."""

import numpy as np
import pytest

from rnn_helpers.checks.forecast import check_make_windows, check_recursive_forecast


# ------------------------------------------------------------------ Exercise 6.1: windows
def _windows(series, window, horizon, start_shift=0, target_shift=0, n_shift=0, width=None):
    """A make_windows variant: targets `target_shift` steps off, windows shifted, ..."""
    width = window if width is None else width
    N = len(series) - window - horizon + 1 + n_shift
    X = np.array([series[i + start_shift : i + start_shift + width] for i in range(N)])
    y = np.array([series[i + window + horizon - 1 + target_shift] for i in range(N)])
    return X, y


def right(s, L, h=1):
    return _windows(s, L, h)


def peeks_shifted_window(s, L, h=1):  # the window ends at the target
    X, y = _windows(s, L, h)
    return np.array([s[i + h : i + h + L] for i in range(len(y))]), y


def peeks_extra_value(s, L, h=1):  # L + 1 values: the window includes its target
    X, y = _windows(s, L, h)
    return np.array([s[i + h - 1 : i + h + L] for i in range(len(y))]), y


def target_one_late(s, L, h=1):
    X, y = _windows(s, L, h, n_shift=-1)
    return X, np.array([s[i + L + h] for i in range(len(y))])


def target_one_early(s, L, h=1):  # for h = 1 this is the window's own last value
    X, y = _windows(s, L, h)
    return X, np.array([s[i + L + h - 2] for i in range(len(y))])


def ignores_horizon(s, L, h=1):
    return _windows(s, L, 1, n_shift=1 - h)


def drops_last_pair(s, L, h=1):
    X, y = _windows(s, L, h)
    return X[:-1], y[:-1]


def transposed(s, L, h=1):
    X, y = _windows(s, L, h)
    return X.T, y


def column_targets(s, L, h=1):
    X, y = _windows(s, L, h)
    return X, y[:, None]


def stride_two(s, L, h=1):
    X, y = _windows(s, L, h)
    return X[::2], y[::2]


def not_contiguous(s, L, h=1):
    X, y = _windows(s, L, h)
    return X[:, ::-1], y


def mutates(s, L, h=1):
    X, y = _windows(s, L, h)
    s[0] = -1.0
    return X, y


def swapped_pair(s, L, h=1):
    X, y = _windows(s, L, h)
    return y, X


def scales_the_series(s, L, h=1):  # standardises inside the windowing
    return _windows((s - s.mean()) / s.std(), L, h)


def fixed_window_of_3(s, L, h=1):  # right for the first case only
    return _windows(s, 3, h)


def no_return(s, L, h=1):
    _windows(s, L, h)


def index_past_the_end(s, L, h=1):  # N = T - L: the last targets lie beyond the series
    N = len(s) - L
    return np.array([s[i : i + L] for i in range(N)]), np.array(
        [s[i + L + h - 1] for i in range(N)]
    )


def crashes(s, L, h=1):
    return s[:, None] @ s


@pytest.mark.parametrize(
    ("fn", "fragment"),
    [
        (peeks_shifted_window, "target is inside its own window"),
        (peeks_extra_value, "peeks at the answer"),
        (target_one_late, "off by one"),
        (target_one_early, "target is inside its own window"),
        (ignores_horizon, "use the horizon argument"),
        (drops_last_pair, "the last pair is missing"),
        (transposed, "X looks transposed"),
        (column_targets, "not a column"),
        (stride_two, "a stride of 1"),
        (not_contiguous, "oldest value first"),
        (swapped_pair, "they are swapped"),
        (scales_the_series, "without scaling"),
        (fixed_window_of_3, "window=4"),
        (index_past_the_end, "N = T - L - h + 1"),
        (mutates, "never write into `series`"),
        (no_return, "did you forget `return`?"),
        (crashes, "raised ValueError"),
    ],
    ids=lambda v: v.__name__ if callable(v) else "",
)
def test_window_mistakes_are_rejected_with_their_hint(fn, fragment):
    v = check_make_windows(fn)
    assert not v and v.status == "wrong", str(v)
    assert fragment in str(v), str(v)


def test_target_one_early_is_off_by_one_for_a_longer_horizon():
    """With h = 1 it peeks (checked first); the (3, 3) case alone would call it off by one."""
    from rnn_helpers.checks.forecast import PROBE, _diagnose_windows

    X, y = target_one_early(PROBE.copy(), 3, 3)
    assert "off by one" in str(_diagnose_windows(X, y, 3, 3))


def test_window_right_answer_passes_and_a_stub_is_not_done():
    assert check_make_windows(right)

    def stub(series, window, horizon=1):
        raise NotImplementedError

    assert check_make_windows(stub).status == "todo"


def test_window_check_hides_the_solution():
    for wrong in (target_one_late, peeks_shifted_window, ignores_horizon):
        text = str(check_make_windows(wrong))
        assert "i + window + horizon - 1]" not in text and "for i in range" not in text


# ------------------------------------------------------------------ Exercise 6.2: recursion
def rec_right(step, history, horizon):
    w, out = history.copy(), []
    for _ in range(horizon):
        out.append(step(w))
        w = np.concatenate([w[:, 1:], out[-1][:, None]], axis=1)
    return np.stack(out, axis=1)


def rec_no_feedback(step, history, horizon):
    return np.stack([step(history) for _ in range(horizon)], axis=1)


def rec_growing_window(step, history, horizon):
    w, out = history.copy(), []
    for _ in range(horizon):
        out.append(step(w))
        w = np.concatenate([w, out[-1][:, None]], axis=1)
    return np.stack(out, axis=1)


def rec_newest_first(step, history, horizon):
    w, out = history.copy(), []
    for _ in range(horizon):
        out.append(step(w))
        w = np.concatenate([out[-1][:, None], w[:, :-1]], axis=1)
    return np.stack(out, axis=1)


def rec_in_place(step, history, horizon):
    out = []
    for _ in range(horizon):
        out.append(step(history))
        history[:, :-1] = history[:, 1:].copy()
        history[:, -1] = out[-1]
    return np.stack(out, axis=1)


def rec_transposed(step, history, horizon):
    return rec_right(step, history, horizon).T


def rec_last_only(step, history, horizon):
    return rec_right(step, history, horizon)[:, -1]


def rec_one_short(step, history, horizon):
    return rec_right(step, history, horizon - 1)


def rec_feeds_zero(step, history, horizon):
    w, out = history.copy(), []
    for _ in range(horizon):
        out.append(step(w))
        w = np.concatenate([w[:, 1:], np.zeros((len(w), 1))], axis=1)
    return np.stack(out, axis=1)


def rec_first_wrong(step, history, horizon):
    return rec_right(step, history, horizon) + 1.0


def rec_drops_newest(step, history, horizon):
    w, out = history.copy(), []
    for _ in range(horizon):
        out.append(step(w))
        w = np.concatenate([w[:, :-1], out[-1][:, None]], axis=1)
    return np.stack(out, axis=1)


def rec_rebuilds_from_history(step, history, horizon):  # keeps only the latest forecast
    w, out = history.copy(), []
    for _ in range(horizon):
        out.append(step(w))
        w = np.concatenate([history[:, 1:], out[-1][:, None]], axis=1)
    return np.stack(out, axis=1)


def rec_fixed_horizon(step, history, horizon):  # 3, the first case's horizon
    return rec_right(step, history, 3)


def rec_fixed_window(step, history, horizon):  # L = 4, the first case's window
    return rec_right(step, history[:, -4:], horizon)


def rec_fixed_origins(step, history, horizon):  # N = 2, the first case's origins
    out, w = np.zeros((2, horizon)), history.copy()
    for k in range(horizon):
        out[:, k] = step(w)
        w = np.concatenate([w[:, 1:], out[:, k : k + 1]], axis=1)
    return out


def rec_one_window_at_a_time(step, history, horizon):  # calls step on 1-D windows
    rows = []
    for w in history.copy():
        row = []
        for _ in range(horizon):
            row.append(float(step(w)))
            w = np.append(w[1:], row[-1])
        rows.append(row)
    return np.array(rows)


def rec_no_return(step, history, horizon):
    rec_right(step, history, horizon)


@pytest.mark.parametrize(
    ("fn", "fragment"),
    [
        (rec_no_feedback, "repeats the first forecast"),
        (rec_growing_window, "drop the oldest value"),
        (rec_newest_first, "wrong end"),
        (rec_in_place, "work on a copy of `history`"),
        (rec_transposed, "one row per forecast origin"),
        (rec_last_only, "return all the steps"),
        (rec_one_short, "exactly `horizon` = 3 forecasts"),
        (rec_feeds_zero, "feed back your own forecast"),
        (rec_first_wrong, "first forecast is already wrong"),
        (rec_no_return, "did you forget `return`?"),
        (rec_drops_newest, "dropped its newest value"),
        (rec_rebuilds_from_history, "built from `history` again"),
        (rec_fixed_horizon, "exactly `horizon` = 5 forecasts"),
        (rec_fixed_window, "L = history.shape[1]"),
        (rec_fixed_origins, "read N and L from history.shape"),
        (rec_one_window_at_a_time, "takes all N windows at once"),
    ],
    ids=lambda v: v.__name__ if callable(v) else "",
)
def test_recursion_mistakes_are_rejected_with_their_hint(fn, fragment):
    v = check_recursive_forecast(fn)
    assert not v and v.status == "wrong", str(v)
    assert fragment in str(v), str(v)


def test_recursion_right_answer_passes_and_a_stub_is_not_done():
    assert check_recursive_forecast(rec_right)

    def stub(step, history, horizon):
        raise NotImplementedError

    assert check_recursive_forecast(stub).status == "todo"


def my_make_windows(series, window, horizon=1):  # Exercise 6.1 still untouched
    raise NotImplementedError("Exercise 6.1: build the windows and their targets")


def rec_uses_an_unfinished_exercise(step, history, horizon):
    my_make_windows(history[0], 2)
    return rec_right(step, history, horizon)


def test_a_stub_of_another_exercise_is_named_not_reported_as_not_done():
    v = check_recursive_forecast(rec_uses_an_unfinished_exercise)
    assert v.status == "wrong" and "my_make_windows" in str(v) and "not done yet" in str(v)


def test_the_check_never_changes_its_own_probes():
    from rnn_helpers.checks.forecast import HISTORY, HISTORY_2, PROBE

    before = PROBE.copy(), HISTORY.copy(), HISTORY_2.copy()
    check_make_windows(mutates)
    check_recursive_forecast(rec_in_place)
    np.testing.assert_array_equal(PROBE, before[0])
    np.testing.assert_array_equal(HISTORY, before[1])
    np.testing.assert_array_equal(HISTORY_2, before[2])


def test_the_second_recursion_case_tells_the_sliding_mistakes_apart():
    """Each wrong way of sliding gives its own forecasts in both cases, none the right ones."""
    from rnn_helpers.checks.forecast import CASES, _Step, _wrong_recursions
    from rnn_helpers.forecast import recursive_forecast

    for history, horizon in CASES:
        right_f = recursive_forecast(_Step(history.shape[1]), history, horizon)
        wrong = [f for f, _ in _wrong_recursions(history, horizon)]
        for i, f in enumerate(wrong):
            assert not np.allclose(f, right_f)
            assert not any(np.allclose(f, g) for g in wrong[i + 1 :])
