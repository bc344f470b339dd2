"""Notebook 08's checks: each typical mistake in one LSTM step or the parameter count gets its hint."""

import numpy as np
import pytest

import rnn_helpers as rh
from rnn_helpers.checks.lstm import (
    COUNT_SIZES,
    STEP_CASE,
    STEP_CASE_2,
    check_lstm_param_count,
    check_lstm_step,
)

# ------------------------------------------------------------------ Exercise 8.1: lstm_step


def _sig(a):
    return 1 / (1 + np.exp(-a))


def _quarters(x_t, h_prev, W_x, W_h, b):
    return np.split(x_t @ W_x.T + h_prev @ W_h.T + b, 4, axis=1)


def step_right(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, af, ag, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    c = _sig(af) * c_prev + _sig(ai) * np.tanh(ag)
    return _sig(ao) * np.tanh(c), c


def step_if_swapped(x_t, h_prev, c_prev, W_x, W_h, b):
    af, ai, ag, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    c = _sig(af) * c_prev + _sig(ai) * np.tanh(ag)
    return _sig(ao) * np.tanh(c), c


def step_go_swapped(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, af, ao, ag = _quarters(x_t, h_prev, W_x, W_h, b)
    c = _sig(af) * c_prev + _sig(ai) * np.tanh(ag)
    return _sig(ao) * np.tanh(c), c


def step_tf_order(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, ag, af, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    c = _sig(af) * c_prev + _sig(ai) * np.tanh(ag)
    return _sig(ao) * np.tanh(c), c


def step_forget_on_h(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, af, ag, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    c = _sig(af) * h_prev + _sig(ai) * np.tanh(ag)
    return _sig(ao) * np.tanh(c), c


def step_no_tanh_on_c(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, af, ag, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    c = _sig(af) * c_prev + _sig(ai) * np.tanh(ag)
    return _sig(ao) * c, c


def step_sigmoid_candidate(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, af, ag, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    c = _sig(af) * c_prev + _sig(ai) * _sig(ag)
    return _sig(ao) * np.tanh(c), c


def step_tanh_gates(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, af, ag, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    c = np.tanh(af) * c_prev + np.tanh(ai) * np.tanh(ag)
    return np.tanh(ao) * np.tanh(c), c


def step_returns_c_h(x_t, h_prev, c_prev, W_x, W_h, b):
    h, c = step_right(x_t, h_prev, c_prev, W_x, W_h, b)
    return c, h


def step_no_bias(x_t, h_prev, c_prev, W_x, W_h, b):
    return step_right(x_t, h_prev, c_prev, W_x, W_h, 0 * b)


def step_no_return(x_t, h_prev, c_prev, W_x, W_h, b):
    step_right(x_t, h_prev, c_prev, W_x, W_h, b)


def step_only_h(x_t, h_prev, c_prev, W_x, W_h, b):
    return step_right(x_t, h_prev, c_prev, W_x, W_h, b)[0]


def step_crashes(x_t, h_prev, c_prev, W_x, W_h, b):
    return x_t @ W_x, c_prev  # W_x not transposed: shapes do not fit


def step_old_cell_out(x_t, h_prev, c_prev, W_x, W_h, b):
    h, _ = step_right(x_t, h_prev, c_prev, W_x, W_h, b)
    return h, c_prev  # forgot to return the new cell


def step_stub(*args):
    raise NotImplementedError("Exercise 8.1")


def _step_parts(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, af, ag, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    return _sig(ai), _sig(af), np.tanh(ag), _sig(ao)


def step_no_input_gate(x_t, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = _step_parts(x_t, h_prev, c_prev, W_x, W_h, b)
    c = f * c_prev + g
    return o * np.tanh(c), c


def step_coupled_gates(x_t, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = _step_parts(x_t, h_prev, c_prev, W_x, W_h, b)
    c = f * c_prev + (1 - f) * g
    return o * np.tanh(c), c


def step_h_from_old_cell(x_t, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = _step_parts(x_t, h_prev, c_prev, W_x, W_h, b)
    return o * np.tanh(c_prev), f * c_prev + i * g


def step_tanh_outside(x_t, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = _step_parts(x_t, h_prev, c_prev, W_x, W_h, b)
    c = f * c_prev + i * g
    return np.tanh(o * c), c


def step_sigmoid_sign(x_t, h_prev, c_prev, W_x, W_h, b):
    ai, af, ag, ao = _quarters(x_t, h_prev, W_x, W_h, b)
    s = lambda a: 1 / (1 + np.exp(a))  # noqa: E731
    c = s(af) * c_prev + s(ai) * np.tanh(ag)
    return s(ao) * np.tanh(c), c


def step_interleaved(x_t, h_prev, c_prev, W_x, W_h, b):
    a = x_t @ W_x.T + h_prev @ W_h.T + b
    ai, af, ag, ao = (a[:, k::4] for k in range(4))
    c = _sig(af) * c_prev + _sig(ai) * np.tanh(ag)
    return _sig(ao) * np.tanh(c), c


def step_fixed_H(x_t, h_prev, c_prev, W_x, W_h, b):  # H = 4, the first case's
    a = x_t @ W_x.T + h_prev @ W_h.T + b
    ai, af, ag, ao = a[:, :4], a[:, 4:8], a[:, 8:12], a[:, 12:16]
    c = _sig(af) * c_prev + _sig(ai) * np.tanh(ag)
    return _sig(ao) * np.tanh(c), c


def step_in_place(x_t, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = _step_parts(x_t, h_prev, c_prev, W_x, W_h, b)
    c_prev *= f
    c_prev += i * g
    return o * np.tanh(c_prev), c_prev


def step_calls_reference(x_t, h_prev, c_prev, W_x, W_h, b):
    return rh.lstm_step(x_t, h_prev, c_prev, W_x, W_h, b)


@pytest.mark.parametrize(
    ("fn", "status", "fragment"),
    [
        (step_right, "ok", "match rh.lstm_step"),
        (step_if_swapped, "wrong", "input and forget gates are swapped"),
        (step_go_swapped, "wrong", "candidate and output gate are swapped"),
        (step_tf_order, "wrong", "another library's order"),
        (step_forget_on_h, "wrong", "multiplies the old cell state c_prev"),
        (step_no_tanh_on_c, "wrong", "tanh on the cell state is missing"),
        (step_sigmoid_candidate, "wrong", "candidate g uses tanh"),
        (step_tanh_gates, "wrong", "use the sigmoid"),
        (step_returns_c_h, "wrong", "wrong order"),
        (step_no_bias, "wrong", "bias b is missing"),
        (step_no_return, "wrong", "did you forget `return"),
        (step_only_h, "wrong", "return two arrays"),
        (step_crashes, "wrong", "raised ValueError"),
        (step_old_cell_out, "wrong", "not the one you were given"),
        (step_stub, "todo", "Implement my_lstm_step"),
        (step_no_input_gate, "wrong", "input gate is missing"),
        (step_coupled_gates, "wrong", "(1 - f) * g"),
        (step_h_from_old_cell, "wrong", "not c_prev"),
        (step_tanh_outside, "wrong", "not tanh(o * c_t)"),
        (step_sigmoid_sign, "wrong", "with exp(+a)"),
        (step_interleaved, "wrong", "not every fourth column"),
        (step_fixed_H, "wrong", "read H from the arrays"),
        (step_in_place, "wrong", "changed its input `c_prev` in place"),
        (step_calls_reference, "wrong", "calls rh.lstm_step"),
    ],
)
def test_check_lstm_step_names_each_mistake(fn, status, fragment):
    v = check_lstm_step(fn)
    assert v.status == status, str(v)
    assert fragment in str(v), str(v)
    assert bool(v) == (status == "ok")


def test_each_mistake_gets_its_own_hint():
    hints = [check_lstm_step(fn).hint for fn in (step_if_swapped, step_go_swapped, step_tf_order,
             step_forget_on_h, step_no_tanh_on_c, step_sigmoid_candidate, step_tanh_gates,
             step_returns_c_h, step_no_bias, step_no_input_gate, step_coupled_gates,
             step_h_from_old_cell, step_tanh_outside, step_sigmoid_sign, step_interleaved,
             step_fixed_H, step_in_place, step_calls_reference)]  # fmt: skip
    assert len(set(hints)) == len(hints)


def test_the_check_passes_fresh_copies_and_the_cases_are_the_reference():
    before = [[a.copy() for a in case[0]] for case in (STEP_CASE, STEP_CASE_2)]

    def vandal(x_t, h_prev, c_prev, W_x, W_h, b):
        out = step_right(x_t, h_prev, c_prev, W_x, W_h, b)
        for a in (x_t, h_prev, c_prev, W_x, W_h, b):
            a[...] = 0
        return out

    v = check_lstm_step(vandal)
    assert not v and "in place" in v.text
    assert check_lstm_step(step_right)
    for (args, right, mistakes), saved in zip((STEP_CASE, STEP_CASE_2), before):
        assert all(np.array_equal(a, b) for a, b in zip(args, saved))
        h, c = rh.lstm_step(*args)
        assert np.allclose(h, right[0]) and np.allclose(c, right[1])
        for outputs, _ in mistakes:  # every typical mistake changes h_t or c_t
            assert not all(np.allclose(r, o) for r, o in zip(right, outputs))


# ------------------------------------------------------------------ Exercise 8.2: counting

D, H, O = COUNT_SIZES["D"], COUNT_SIZES["H"], COUNT_SIZES["O"]


@pytest.mark.parametrize(
    ("answer", "status", "fragment"),
    [
        (25307, "ok", "is right"),
        (np.int64(4 * (H * D + H * H + H) + O * H + O), "ok", "is right"),
        (H * D + H * H + H + O * H + O, "wrong", "vanilla RNN's count"),
        (4 * (H * D + H * H) + O * H + O, "wrong", "bias b (4H numbers) is missing"),
        (4 * (H * D + H * H + H), "wrong", "output layer W_hy"),
        (4 * (H * D + H * H + H + O * H + O), "wrong", "counted once"),
        (4 * (H * D + H) + O * H + O, "wrong", "W_h (4H × H) are missing"),
        (25307 + 4 * H, "wrong", "PyTorch stores two"),
        (25307 - O, "wrong", "output bias b_y"),
        (3 * (H * D + H * H + H) + O * H + O, "wrong", "GRU's count"),
        (4 * (H * D + H * H) + O * H, "wrong", "both biases are missing"),
        (25307 + 2 * H, "wrong", "not weights the model learns"),
        (12345, "wrong", "count each array"),
        ("25307", "wrong", "not a number"),
        (25307.0, "wrong", "not a whole number"),
        (..., "todo", "Replace the ..."),
    ],
)
def test_check_lstm_param_count_names_each_mistake(answer, status, fragment):
    v = check_lstm_param_count(answer)
    assert v.status == status, str(v)
    assert fragment in str(v), str(v)


def test_the_count_is_what_init_lstm_params_allocates():
    p = rh.init_lstm_params(D, H, O, rng=np.random.default_rng(0))
    assert sum(a.size for a in p.values()) == 25307
