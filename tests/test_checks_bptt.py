"""Notebook 04's checks: the right answer passes, a stub is "not done yet", and every typical
mistake of the backward pass gets its own hint. Each buggy version below is written by hand."""

import numpy as np
import pytest

from rnn_helpers import output_backward, rnn_backward
from rnn_helpers.checks.bptt import (
    check_output_backward,
    check_rnn_backward,
    check_rnn_step_backward,
)
from rnn_helpers.stepwise import rnn_step_backward


# ---------------------------------------------------------------- Exercise 4.1
def step(deriv="h", W_hh_T=False, uses_h_t=False, dW_T=False, db_sum=True, mean=False):
    def fn(dh_t, x_t, h_prev, h_t, W_xh, W_hh):
        if deriv == "h":
            da = dh_t * (1 - h_t**2)
        elif deriv == "none":
            da = dh_t
        elif deriv == "a":
            a = np.arctanh(h_t)
            da = dh_t * (1 - a**2)
        elif deriv == "sigmoid":
            da = dh_t * h_t * (1 - h_t)
        elif deriv == "no_square":
            da = dh_t * (1 - h_t)
        elif deriv == "h_prev":
            da = dh_t * (1 - h_prev**2)
        else:
            da = dh_t * (1 - np.tanh(h_t) ** 2)
        dh_prev = da @ W_hh.T if W_hh_T else da @ W_hh
        pair = h_t if uses_h_t else h_prev
        if dW_T:
            dW_xh, dW_hh = x_t.T @ da, pair.T @ da
        else:
            dW_xh, dW_hh = da.T @ x_t, da.T @ pair
        db = da.sum(axis=0) if db_sum else da
        if mean:
            dW_xh, dW_hh, db = dW_xh / len(da), dW_hh / len(da), db / len(da)
        return da @ W_xh, dh_prev, dW_xh, dW_hh, db

    return fn


def test_step_right_answer_passes():
    v = check_rnn_step_backward(step())
    assert v and "finite differences" in v.text


def test_step_reference_passes():
    assert check_rnn_step_backward(rnn_step_backward)


STEP_CATALOGUE = [
    ("no (1 - h^2)", {"deriv": "none"}, "Every output is wrong", "pass through tanh"),
    ("pre-activation", {"deriv": "a"}, "Every output is wrong", "not the derivative"),
    ("tanh(h)", {"deriv": "tanh"}, "Every output is wrong", "applies tanh a second time"),
    ("sigmoid's derivative", {"deriv": "sigmoid"}, "Every output is wrong", "of the sigmoid"),
    ("1 - h", {"deriv": "no_square"}, "Every output is wrong", "(squared)"),
    ("1 - h_prev^2", {"deriv": "h_prev"}, "Every output is wrong", "not 1 - h_prev**2"),
    ("W_hh transposed", {"W_hh_T": True}, "dh_prev is not right", "not da_t @ W_hh.T"),
    ("h_t in dW_hh", {"uses_h_t": True}, "dW_hh is not right", "not with h_t"),
    ("dW transposed", {"dW_T": True}, "dW_xh is not right", "x_t.T @ da_t is its transpose"),
    ("db not summed", {"db_sum": False}, "db_h is not right", "over the batch"),
    ("averaged over N", {"mean": True}, "dW_xh is not right", "without dividing by N"),
]


@pytest.mark.parametrize(
    ("mistake", "text_start", "hint_fragment"),
    [(m, t, h) for _, m, t, h in STEP_CATALOGUE],
    ids=[name for name, *_ in STEP_CATALOGUE],
)
def test_step_catalogue_of_wrong_answers(mistake, text_start, hint_fragment):
    v = check_rnn_step_backward(step(**mistake))
    assert not v and v.status == "wrong", str(v)
    assert v.text.startswith(text_start), str(v)
    assert hint_fragment in v.hint, str(v)


def test_step_outputs_in_the_wrong_order():
    def weights_first(*args):
        dx, dh_prev, dW_xh, dW_hh, db = step()(*args)
        return dW_xh, dW_hh, db, dx, dh_prev

    v = check_rnn_step_backward(weights_first)
    assert v.status == "wrong" and "in the wrong order" in v.text, str(v)
    assert "dx_t, dh_prev, dW_xh, dW_hh, db_h" in v.hint


def test_step_wrong_derivative_names_da_t():
    v = check_rnn_step_backward(step(deriv="none"))
    assert "the first wrong quantity is da_t" in v.text


def test_step_missing_return_and_in_place():
    def no_return(dh_t, x_t, h_prev, h_t, W_xh, W_hh):
        step()(dh_t, x_t, h_prev, h_t, W_xh, W_hh)

    def in_place(dh_t, x_t, h_prev, h_t, W_xh, W_hh):
        dh_t *= 1 - h_t**2  # writes into the caller's dh_t
        return step(deriv="none")(dh_t, x_t, h_prev, h_t, W_xh, W_hh)

    assert "returned None: did you forget `return`?" in check_rnn_step_backward(no_return).text
    v = check_rnn_step_backward(in_place)
    assert v.status == "wrong" and "changed its input `dh_t`" in v.text, str(v)


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
def sequence(
    future=True, accumulate="sum", reverse=True, dh0_zero=False, wrap=False, **step_mistake
):
    step_fn = step(**step_mistake)

    def fn(dh, cache):
        x, h0, h, W_xh, W_hh, _ = cache
        T = h.shape[1]
        dx = np.zeros_like(x)
        dW_xh = dW_hh = db_h = None
        dh_next = np.zeros_like(h0)
        for t in reversed(range(T)) if reverse else range(T):
            h_prev = h[:, t - 1] if t > 0 or wrap else h0  # wrap: h[:, -1] at t = 0
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


SEQUENCE_CATALOGUE = [
    ("no future gradient", {"future": False}, "dh_next (= W_hh^T da_{t+1}) coming back"),
    ("dW overwritten", {"accumulate": "overwrite"}, "must be summed over all time steps"),
    ("dW from one step", {"accumulate": "first_only"}, "must be summed over all time steps"),
    ("forward loop", {"reverse": False}, "run the loop backwards"),
    ("dh0 zero", {"dh0_zero": True}, "dh0 is the gradient that leaves the first step"),
    ("h[:, t-1] at t = 0", {"wrap": True}, "h[:, -1], the *last* state h_T"),
    ("no (1 - h^2)", {"deriv": "none"}, "pass through tanh"),
    ("pre-activation", {"deriv": "a"}, "not the derivative"),
    ("sigmoid's derivative", {"deriv": "sigmoid"}, "of the sigmoid"),
    ("W_hh transposed", {"W_hh_T": True}, "not da_t @ W_hh.T"),
    ("h_t in dW_hh", {"uses_h_t": True}, "not with h_t"),
    ("averaged over N", {"mean": True}, "without dividing by N"),
]


@pytest.mark.parametrize(
    ("mistake", "hint_fragment"),
    [(m, h) for _, m, h in SEQUENCE_CATALOGUE],
    ids=[name for name, *_ in SEQUENCE_CATALOGUE],
)
def test_sequence_catalogue_of_wrong_answers(mistake, hint_fragment):
    v = check_rnn_backward(sequence(**mistake))
    assert not v and v.status == "wrong", str(v)
    assert hint_fragment in v.hint, str(v)


def test_sequence_wrap_around_names_dW_hh_only():
    v = check_rnn_backward(sequence(wrap=True))
    assert v.text.startswith("dW_hh is not right (dx, dh0, dW_xh, db_h are right)"), str(v)


def test_sequence_writing_into_dh_is_reported_and_harmless():
    def adds_into_dh(dh, cache):
        x, h0, h, W_xh, W_hh, _ = cache
        dx, dh_next = np.zeros_like(x), np.zeros_like(h0)
        grads = [0, 0, 0]
        for t in reversed(range(h.shape[1])):
            dh[:, t] += dh_next  # writes into the caller's dh
            h_prev = h[:, t - 1] if t > 0 else h0
            dx[:, t], dh_next, *g = rnn_step_backward(
                dh[:, t], x[:, t], h_prev, h[:, t], W_xh, W_hh
            )
            grads = [a + b for a, b in zip(grads, g, strict=True)]
        return dx, dh_next, *grads

    v = check_rnn_backward(adds_into_dh)
    assert v.status == "wrong" and "dh_t = dh[:, t] + dh_next" in v.hint, str(v)
    assert check_rnn_backward(sequence())  # the next check still sees the original dh


def test_sequence_calling_the_unfinished_step_names_it():
    def my_rnn_step_backward(dh_t, x_t, h_prev, h_t, W_xh, W_hh):
        raise NotImplementedError("Exercise 4.1: implement my_rnn_step_backward")

    def my_rnn_backward(dh, cache):
        x, h0, h, W_xh, W_hh, _ = cache
        return my_rnn_step_backward(dh[:, -1], x[:, -1], h[:, -2], h[:, -1], W_xh, W_hh)

    v = check_rnn_backward(my_rnn_backward)
    assert v.status == "wrong" and "calls my_rnn_step_backward" in v.text, str(v)


def test_sequence_stub_is_not_done():
    def stub(dh, cache):
        raise NotImplementedError("Exercise 4.2")

    assert check_rnn_backward(stub).status == "todo"


def test_sequence_crash_is_reported():
    v = check_rnn_backward(lambda dh, cache: cache.not_a_field)
    assert v.status == "wrong" and "AttributeError" in v.text and "unpack the cache" in v.hint


# ---------------------------------------------------------------- Exercise 4.3
def output_right(dy, h, W_hy):
    O, H = W_hy.shape
    dy2, h2 = dy.reshape(-1, O), h.reshape(-1, H)
    return dy @ W_hy, dy2.T @ h2, dy2.sum(axis=0)


def test_output_right_answer_and_reference_pass():
    v = check_output_backward(output_right)
    assert v and "many-to-many and many-to-one" in v.text
    assert check_output_backward(output_backward)


def output_transposed(dy, h, W_hy):
    dh, dW, db = output_right(dy, h, W_hy)
    return dh, dW.T, db


def output_db_batch_only(dy, h, W_hy):
    dh, dW, _ = output_right(dy, h, W_hy)
    return dh, dW, dy.sum(axis=0)


def output_last_step_only(dy, h, W_hy):  # the many-to-one formula used for many-to-many
    dh = dy @ W_hy
    if dy.ndim == 3:
        dy, h = dy[:, -1], h[:, -1]
    return dh, dy.T @ h, dy.sum(axis=0)


def output_averaged(dy, h, W_hy):
    dh, dW, db = output_right(dy, h, W_hy)
    n = dy.size // W_hy.shape[0]
    return dh, dW / n, db / n


def output_three_d_only(dy, h, W_hy):  # written for (N, T, ...) arrays only
    N, T, O = dy.shape
    dy2, h2 = dy.reshape(N * T, O), h.reshape(N * T, -1)
    return dy @ W_hy, dy2.T @ h2, dy2.sum(axis=0)


def output_two_d_only(dy, h, W_hy):  # written for many-to-one only: dy.T transposes all axes
    return dy @ W_hy, (dy.T @ h).reshape(W_hy.shape), dy.sum(axis=0)


def output_dh_transposed(dy, h, W_hy):
    _, dW, db = output_right(dy, h, W_hy)
    return dy @ W_hy.T, dW, db


OUTPUT_CATALOGUE = [
    (output_transposed, "many-to-many case: dW_hy is not right", "h.T @ dy is its transpose"),
    (output_db_batch_only, "many-to-many case: db_y is not right", "not over the batch alone"),
    (output_last_step_only, "many-to-many case: dW_hy", "not only the last step's"),
    (output_averaged, "many-to-many case: dW_hy", "without dividing"),
    (output_three_d_only, "raised ValueError", "in the many-to-one case there is no time axis"),
    (output_two_d_only, "raised ValueError", "in the many-to-many case dy is (N, T, O)"),
    (output_dh_transposed, "raised ValueError", "dh = dy @ W_hy"),
]


@pytest.mark.parametrize(
    ("fn", "text_fragment", "hint_fragment"),
    OUTPUT_CATALOGUE,
    ids=[c[0].__name__ for c in OUTPUT_CATALOGUE],
)
def test_output_catalogue_of_wrong_answers(fn, text_fragment, hint_fragment):
    v = check_output_backward(fn)
    assert v.status == "wrong", str(v)
    assert text_fragment in v.text and hint_fragment in (v.hint or ""), str(v)


def test_output_missing_return_stub_and_fresh_inputs():
    def no_return(dy, h, W_hy):
        output_right(dy, h, W_hy)

    def stub(dy, h, W_hy):
        raise NotImplementedError("Exercise 4.3: implement my_output_backward")

    def scales_dy(dy, h, W_hy):  # writes into dy, then answers rightly for the scaled dy
        dy *= 2
        return output_right(dy, h, W_hy)

    assert "returned None: did you forget `return`?" in check_output_backward(no_return).text
    assert check_output_backward(stub).status == "todo"
    assert not check_output_backward(scales_dy)
    assert check_output_backward(output_right)  # the earlier call spoilt nothing
