"""Notebook 04's checks: the right answer passes, a stub is "not done yet", and every typical
mistake of the backward pass gets its own hint. Each buggy version below is written by hand."""

import numpy as np
import pytest

from rnn_helpers import rnn_backward
from rnn_helpers.checks.bptt import check_rnn_backward, check_rnn_step_backward
from rnn_helpers.stepwise import rnn_step_backward


# ---------------------------------------------------------------- Exercise 4.1
def step(deriv="h", W_hh_T=False, uses_h_t=False, dW_T=False, db_sum=True):
    def fn(dh_t, x_t, h_prev, h_t, W_xh, W_hh):
        if deriv == "h":
            da = dh_t * (1 - h_t**2)
        elif deriv == "none":
            da = dh_t
        elif deriv == "a":
            a = np.arctanh(h_t)
            da = dh_t * (1 - a**2)
        else:
            da = dh_t * (1 - np.tanh(h_t) ** 2)
        dh_prev = da @ W_hh.T if W_hh_T else da @ W_hh
        pair = h_t if uses_h_t else h_prev
        if dW_T:
            dW_xh, dW_hh = x_t.T @ da, pair.T @ da
        else:
            dW_xh, dW_hh = da.T @ x_t, da.T @ pair
        return da @ W_xh, dh_prev, dW_xh, dW_hh, da.sum(axis=0) if db_sum else da

    return fn


def test_step_right_answer_passes():
    v = check_rnn_step_backward(step())
    assert v and "finite differences" in v.text


def test_step_reference_passes():
    assert check_rnn_step_backward(rnn_step_backward)


@pytest.mark.parametrize(
    ("mistake", "wrong_first", "hint_fragment"),
    [
        ({"deriv": "none"}, "dx_t", "pass through tanh"),
        ({"deriv": "a"}, "dx_t", "not the derivative"),
        ({"deriv": "tanh"}, "dx_t", "applies tanh a second time"),
        ({"W_hh_T": True}, "dh_prev", "not da_t @ W_hh.T"),
        ({"uses_h_t": True}, "dW_hh", "not with h_t"),
        ({"dW_T": True}, "dW_xh", "x_t.T @ da_t is its transpose"),
        ({"db_sum": False}, "db_h", "over the batch"),
    ],
    ids=[
        "no (1 - h^2)",
        "pre-activation",
        "tanh(h)",
        "W_hh transposed",
        "h_t in dW_hh",
        "dW transposed",
        "db not summed",
    ],
)
def test_step_mistakes_get_targeted_hints(mistake, wrong_first, hint_fragment):
    v = check_rnn_step_backward(step(**mistake))
    assert not v and v.status == "wrong"
    assert v.text.startswith(f"{wrong_first} is not right")
    assert hint_fragment in v.hint


def test_step_only_dh_prev_wrong_says_which_are_right():
    v = check_rnn_step_backward(step(W_hh_T=True))
    assert "(dx_t, dW_xh, dW_hh, db_h are right)" in v.text


def test_step_unrecognised_mistake_gets_the_formula():
    def off_by_two(*args):
        dx, dh_prev, dW_xh, dW_hh, db = step()(*args)
        return dx, dh_prev, dW_xh, 2 * dW_hh, db

    v = check_rnn_step_backward(off_by_two)
    assert not v and "da_t.T @ h_prev" in v.hint


def test_step_stub_is_not_done():
    def stub(*args):
        raise NotImplementedError("Exercise 4.1")

    v = check_rnn_step_backward(stub)
    assert v.status == "todo" and "rnn_step_backward" in v.text


def test_step_crash_is_reported_not_raised():
    v = check_rnn_step_backward(lambda dh_t, x_t, h_prev, h_t, W_xh, W_hh: W_xh @ dh_t)
    assert v.status == "wrong" and "raised ValueError" in v.text and "shapes" in v.hint


def test_step_wrong_number_of_outputs():
    v = check_rnn_step_backward(lambda *a: step()(*a)[:4])
    assert v.status == "wrong" and "should return 5 arrays" in v.text
    assert "got tuple of length 4" in v.text


# ---------------------------------------------------------------- Exercise 4.2
def sequence(future=True, accumulate="sum", reverse=True, dh0_zero=False, **step_mistake):
    step_fn = step(**step_mistake)

    def fn(dh, cache):
        x, h0, h, W_xh, W_hh, _ = cache
        T = h.shape[1]
        dx = np.zeros_like(x)
        dW_xh = dW_hh = db_h = None
        dh_next = np.zeros_like(h0)
        for t in reversed(range(T)) if reverse else range(T):
            h_prev = h[:, t - 1] if t > 0 else h0
            g = dh[:, t] + dh_next if future else dh[:, t]
            dx[:, t], dh_next, a, b, c = step_fn(g, x[:, t], h_prev, h[:, t], W_xh, W_hh)
            if accumulate == "overwrite" or dW_xh is None:
                dW_xh, dW_hh, db_h = a, b, c
            elif accumulate == "sum":
                dW_xh, dW_hh, db_h = dW_xh + a, dW_hh + b, db_h + c
        return dx, np.zeros_like(h0) if dh0_zero else dh_next, dW_xh, dW_hh, db_h

    return fn


def test_sequence_right_answer_and_reference_pass():
    assert check_rnn_backward(sequence())
    assert check_rnn_backward(rnn_backward)


@pytest.mark.parametrize(
    ("mistake", "hint_fragment"),
    [
        ({"future": False}, "dh_next (= W_hh^T da_{t+1}) coming back from step t+1"),
        ({"accumulate": "overwrite"}, "must be summed over all time steps"),
        ({"accumulate": "first_only"}, "must be summed over all time steps"),
        ({"reverse": False}, "run the loop backwards"),
        ({"dh0_zero": True}, "dh0 is the gradient that leaves the first step"),
        ({"deriv": "none"}, "pass through tanh"),
        ({"deriv": "a"}, "not the derivative"),
        ({"W_hh_T": True}, "not da_t @ W_hh.T"),
        ({"uses_h_t": True}, "not with h_t"),
    ],
    ids=[
        "no future gradient",
        "dW overwritten",
        "dW from one step",
        "forward loop",
        "dh0 zero",
        "no (1 - h^2)",
        "pre-activation",
        "W_hh transposed",
        "h_t in dW_hh",
    ],
)
def test_sequence_mistakes_get_targeted_hints(mistake, hint_fragment):
    v = check_rnn_backward(sequence(**mistake))
    assert not v and v.status == "wrong"
    assert hint_fragment in v.hint


def test_sequence_stub_is_not_done():
    def stub(dh, cache):
        raise NotImplementedError("Exercise 4.2")

    assert check_rnn_backward(stub).status == "todo"


def test_sequence_crash_is_reported():
    v = check_rnn_backward(lambda dh, cache: cache.not_a_field)
    assert v.status == "wrong" and "AttributeError" in v.text and "unpack the cache" in v.hint
