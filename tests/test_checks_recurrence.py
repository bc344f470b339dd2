"""Notebook 02's checks: each typical mistake in rnn_step / rnn_forward gets its targeted hint."""

import numpy as np
import pytest

from rnn_helpers import rnn_forward, rnn_step
from rnn_helpers.checks.recurrence import (
    FORWARD_CASE,
    STEP_CASE,
    check_rnn_forward,
    check_rnn_step,
)

# ------------------------------------------------------------------ Exercise 2.1: rnn_step


def step_right(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh.T + h_prev @ W_hh.T + b_h)


def step_no_tanh(x_t, h_prev, W_xh, W_hh, b_h):
    return x_t @ W_xh.T + h_prev @ W_hh.T + b_h


def step_no_bias(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh.T + h_prev @ W_hh.T)


def step_W_hh_transposed(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh.T + h_prev @ W_hh + b_h)


def step_W_xh_transposed(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh + h_prev @ W_hh.T + b_h)  # crashes unless D == H


def step_both_transposed(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh + h_prev @ W_hh + b_h)


def step_column_formula(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(W_xh @ x_t + W_hh @ h_prev + b_h)  # the textbook formula on a batch


def step_no_recurrence(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh.T + b_h)


def step_relu(x_t, h_prev, W_xh, W_hh, b_h):
    return np.maximum(x_t @ W_xh.T + h_prev @ W_hh.T + b_h, 0)


def step_sigmoid(x_t, h_prev, W_xh, W_hh, b_h):
    return 1 / (1 + np.exp(-(x_t @ W_xh.T + h_prev @ W_hh.T + b_h)))


def step_tanh_outside_recurrence(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh.T + b_h) + h_prev @ W_hh.T


def step_tanh_per_term(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh.T) + np.tanh(h_prev @ W_hh.T) + b_h


def step_no_return(x_t, h_prev, W_xh, W_hh, b_h):
    h_t = np.tanh(x_t @ W_xh.T + h_prev @ W_hh.T + b_h)  # noqa: F841 (the mistake)


def step_in_place(x_t, h_prev, W_xh, W_hh, b_h):
    h_prev[:] = np.tanh(x_t @ W_xh.T + h_prev @ W_hh.T + b_h)  # overwrites the caller's state
    return h_prev


def step_unbatched_loop(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(W_xh @ x_t[0] + W_hh @ h_prev[0] + b_h)  # the first example only


@pytest.mark.parametrize(
    ("fn", "status", "fragment"),
    [
        (step_tanh_outside_recurrence, "wrong", "the tanh must wrap the whole sum"),
        (step_tanh_per_term, "wrong", "the tanh must wrap the whole sum"),
        (step_no_return, "wrong", "`return`"),
        (step_in_place, "wrong", "wrote into an array it was given"),
        (step_unbatched_loop, "wrong", "becomes v @ W.T"),
        (step_no_tanh, "wrong", "the tanh is missing"),
        (step_no_bias, "wrong", "the bias b_h is missing"),
        (step_W_hh_transposed, "wrong", "W_hh is used transposed"),
        (step_W_xh_transposed, "wrong", "W_xh is used transposed"),
        (step_both_transposed, "wrong", "W_hh is transposed too"),
        (step_column_formula, "wrong", "a shape error"),
        (step_no_recurrence, "wrong", "the recurrent term is missing"),
        (step_relu, "wrong", "that is relu"),
        (step_sigmoid, "wrong", "for every row"),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_step_mistakes_get_targeted_hints(fn, status, fragment):
    v = check_rnn_step(fn)
    assert not v and v.status == status, str(v)
    assert fragment in v.hint, str(v)


def test_step_transposed_W_xh_reports_the_crash_and_the_cause():
    v = check_rnn_step(step_W_xh_transposed)
    assert "raised ValueError" in v.text and "matmul" in v.text


def test_step_right_answer_passes_and_reference_passes():
    assert check_rnn_step(step_right)
    assert check_rnn_step(rnn_step)
    assert str(check_rnn_step(step_right)).startswith("✅")


def test_step_stub_and_non_functions():
    def stub(*args):
        raise NotImplementedError("Exercise 2.1: implement my_rnn_step")

    assert check_rnn_step(stub).status == "todo"
    assert "rnn_helpers.rnn_step" in check_rnn_step(stub).text
    assert check_rnn_step(...).status == "todo"
    assert check_rnn_step(42).status == "wrong"


def test_step_case_has_distinguishable_sizes():
    x_t, h_prev, W_xh, W_hh, b_h = STEP_CASE.args
    N, D = x_t.shape
    H = h_prev.shape[1]
    assert len({N, D, H}) == 3
    assert np.all(np.abs(b_h) > 0.1)
    assert not np.allclose(W_hh, W_hh.T)


def test_step_wrong_values_message_is_short():
    v = check_rnn_step(lambda *a: step_right(*a) + 0.5)
    assert "right shape (3, 4)" in v.text and "\n" not in v.text


# ------------------------------------------------------------------ Exercise 2.2: rnn_forward


def forward_right(x, h0, W_xh, W_hh, b_h):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    h_prev = h0
    for t in range(T):
        h_prev = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
        h[:, t] = h_prev
    return h


def forward_list(x, h0, W_xh, W_hh, b_h):
    states, h_prev = [], h0
    for t in range(x.shape[1]):
        h_prev = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
        states.append(h_prev)
    return np.stack(states, axis=1)


def forward_time_first(x, h0, W_xh, W_hh, b_h):
    return forward_right(x, h0, W_xh, W_hh, b_h).transpose(1, 0, 2)  # (T, N, H)


def forward_stack_axis0(x, h0, W_xh, W_hh, b_h):
    states, h_prev = [], h0
    for t in range(x.shape[1]):
        h_prev = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
        states.append(h_prev)
    return np.stack(states)  # (T, N, H)


def forward_iterate_axis0(x, h0, W_xh, W_hh, b_h):
    states, h_prev = [], h0
    for t in range(x.shape[0]):
        h_prev = rnn_step(x[t], h_prev, W_xh, W_hh, b_h)  # x[t] is sequence t, not step t
        states.append(h_prev)
    return np.stack(states, axis=1)


def forward_iterate_axis0_fill(x, h0, W_xh, W_hh, b_h):
    h = np.zeros((x.shape[0], x.shape[1], h0.shape[1]))
    h_prev = h0
    for t in range(x.shape[0]):
        h_prev = rnn_step(x[t], h_prev, W_xh, W_hh, b_h)
        h[t] = h_prev
    return h


def forward_loop_over_N(x, h0, W_xh, W_hh, b_h):
    h = np.zeros((x.shape[0], x.shape[1], h0.shape[1]))
    h_prev = h0
    for t in range(x.shape[0]):  # should be x.shape[1]
        h_prev = h[:, t] = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
    return h


def forward_from_h0_every_step(x, h0, W_xh, W_hh, b_h):
    h = np.zeros((x.shape[0], x.shape[1], h0.shape[1]))
    for t in range(x.shape[1]):
        h[:, t] = rnn_step(x[:, t], h0, W_xh, W_hh, b_h)
    return h


def forward_store_before_update(x, h0, W_xh, W_hh, b_h):
    h = np.zeros((x.shape[0], x.shape[1], h0.shape[1]))
    h_prev = h0
    for t in range(x.shape[1]):
        h[:, t] = h_prev
        h_prev = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
    return h


def forward_with_h0(x, h0, W_xh, W_hh, b_h):
    return np.concatenate([h0[:, None], forward_right(x, h0, W_xh, W_hh, b_h)], axis=1)


def forward_last_only(x, h0, W_xh, W_hh, b_h):
    return forward_right(x, h0, W_xh, W_hh, b_h)[:, -1]


def forward_linear(x, h0, W_xh, W_hh, b_h):
    states, h_prev = [], h0
    for t in range(x.shape[1]):
        h_prev = x[:, t] @ W_xh.T + h_prev @ W_hh.T + b_h
        states.append(h_prev)
    return np.stack(states, axis=1)


def forward_from_zeros(x, h0, W_xh, W_hh, b_h):
    return forward_right(x, np.zeros_like(h0), W_xh, W_hh, b_h)


def forward_one_step_short(x, h0, W_xh, W_hh, b_h):
    h = np.zeros((x.shape[0], x.shape[1], h0.shape[1]))
    h_prev = h0
    for t in range(x.shape[1] - 1):
        h_prev = h[:, t] = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
    return h


def forward_zeros_like_x(x, h0, W_xh, W_hh, b_h):
    h = np.zeros_like(x)  # (N, T, D): no room for H numbers per step
    h_prev = h0
    for t in range(x.shape[1]):
        h_prev = h[:, t] = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
    return h


def forward_returns_list(x, h0, W_xh, W_hh, b_h):
    states, h_prev = [], h0
    for t in range(x.shape[1]):
        h_prev = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
        states.append(h_prev)
    return states  # a list of T arrays (N, H): read as (T, N, H)


def forward_no_return(x, h0, W_xh, W_hh, b_h):
    forward_right(x, h0, W_xh, W_hh, b_h)


def forward_writes_h0(x, h0, W_xh, W_hh, b_h):
    h = np.zeros((x.shape[0], x.shape[1], h0.shape[1]))
    for t in range(x.shape[1]):
        h0[:] = rnn_step(x[:, t], h0, W_xh, W_hh, b_h)  # the caller's h0 is overwritten
        h[:, t] = h0
    return h


@pytest.mark.parametrize(
    ("fn", "fragment"),
    [
        (forward_zeros_like_x, "np.zeros_like(x) is (N, T, D)"),
        (forward_returns_list, "the axes are (T, N, H)"),
        (forward_from_zeros, "not from zeros"),
        (forward_one_step_short, "loop over every time step"),
        (forward_no_return, "`return`"),
        (forward_writes_h0, "wrote into an array it was given"),
        (forward_time_first, "the axes are (T, N, H)"),
        (forward_stack_axis0, "the axes are (T, N, H)"),
        (forward_iterate_axis0, "the input at step t is x[:, t-1] (shape (N, D)), not x[t-1]"),
        (forward_iterate_axis0_fill, "the input at step t is x[:, t-1] (shape (N, D)), not x[t-1]"),
        (forward_loop_over_N, "loop over every time step"),
        (forward_from_h0_every_step, "the state is not carried"),
        (forward_store_before_update, "shifted by one step"),
        (forward_with_h0, "without h_0 in front"),
        (forward_last_only, "only the last state"),
        (forward_linear, "not squashed by tanh"),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_forward_mistakes_get_targeted_hints(fn, fragment):
    v = check_rnn_forward(fn)
    assert not v and v.status == "wrong", str(v)
    assert fragment in v.hint, str(v)


@pytest.mark.parametrize("fn", [forward_right, forward_list], ids=["fill h", "stack a list"])
def test_forward_right_answers_pass(fn):
    v = check_rnn_forward(fn)
    assert v and str(v).startswith("✅"), str(v)


def test_forward_accepts_the_packages_h_cache_pair():
    assert check_rnn_forward(rnn_forward)


def test_forward_unknown_crash_gets_the_batch_first_hint():
    def crash(x, h0, W_xh, W_hh, b_h):
        raise IndexError("index 7 is out of bounds")

    v = check_rnn_forward(crash)
    assert v.status == "wrong" and "IndexError" in v.text and "batch-first" in v.hint


def test_forward_stub_is_not_done():
    def stub(*args):
        raise NotImplementedError("Exercise 2.2: implement my_rnn_forward")

    v = check_rnn_forward(stub)
    assert v.status == "todo" and "rnn_helpers.rnn_forward" in v.text


def test_forward_case_has_distinguishable_sizes():
    x, h0, W_xh, W_hh, b_h = FORWARD_CASE.args
    N, T, D = x.shape
    assert len({N, T, D, h0.shape[1]}) == 4
    assert np.all(np.abs(b_h) > 0.1) and np.all(h0 != 0)


def test_forward_calling_the_unfinished_step_names_it():
    def my_rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
        raise NotImplementedError("Exercise 2.1: implement my_rnn_step")

    def my_rnn_forward(x, h0, W_xh, W_hh, b_h):
        h_prev, states = h0, []
        for t in range(x.shape[1]):
            h_prev = my_rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
            states.append(h_prev)
        return np.stack(states, axis=1)

    v = check_rnn_forward(my_rnn_forward)
    assert v.status == "wrong" and "my_rnn_forward calls my_rnn_step" in v.text, str(v)
    assert "my_rnn_step still needs doing" in v.hint


def test_missing_return_message_names_the_function():
    assert str(check_rnn_step(step_no_return)).startswith(
        "❌ Not yet. step_no_return returned None: did you forget `return`?"
    )


def test_checks_leave_their_cases_untouched():
    before = [a.copy() for a in FORWARD_CASE.args]
    check_rnn_forward(forward_writes_h0)
    check_rnn_step(step_in_place)
    for a, b in zip(before, FORWARD_CASE.args, strict=True):
        np.testing.assert_array_equal(a, b)
    assert check_rnn_forward(forward_right)
