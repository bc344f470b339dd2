"""Checks for notebook 08: one LSTM step (Exercise 8.1) and counting LSTM parameters (8.2).

The step's test case has every size different (N = 3, D = 2, H = 4) and biases that push each gate
to a different value, so that each typical mistake gives a different (h_t, c_t) and can be named:
gates taken in the wrong order, the forget gate applied to h_{t-1} instead of c_{t-1}, tanh missing
on the cell output, a sigmoid on the candidate, the bias missing, and more. (The checks core
itself names two results returned in the wrong order.) A second case of other sizes
(N, D, H) = (2, 3, 5) catches sizes written in; an answer that writes into its inputs is reported.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..lstm import count_lstm_params, lstm_step
from ._core import (
    Verdict,
    call_learner,
    calls_function,
    compare_count,
    compare_outputs,
    verdict,
)

# ------------------------------------------------------------------ Exercise 8.1: lstm_step
STEP_HINT = (
    "a = x_t @ W_x.T + h_prev @ W_h.T + b has 4H columns: its quarters are, in order, the input "
    "gate i, the forget gate f, the candidate g and the output gate o (sigmoid for the gates, "
    "tanh for g). Compare each line with the cell's equations for c_t and h_t in section 1."
)
H_RETURNS_OLD_CELL = (
    "the c_t you returned is c_prev, unchanged: return the new cell state, not the one you were "
    "given."
)
H_ORDER_IF = "the input and forget gates are swapped: the first quarter of a is i, the second f."
H_ORDER_GO = "the candidate and output gate are swapped: the third quarter of a is g, the last o."
H_ORDER_TF = (
    "the gates are in another library's order (i, g, f, o); this course stacks them as "
    "(input, forget, candidate, output)."
)
H_F_ON_H = "the forget gate multiplies the old cell state c_prev, not the hidden state h_prev."
H_NO_TANH_C = "h_t is o * tanh(c_t): the tanh on the cell state is missing."
H_SIGMOID_G = "the candidate g uses tanh (values in (-1, 1)), not the sigmoid."
H_TANH_GATES = "the gates i, f and o use the sigmoid σ(a) = 1 / (1 + exp(-a)), not tanh."
H_NO_BIAS = "the bias b is missing from the pre-activation a."
H_NOT_PAIR = "return two arrays, (h_t, c_t), e.g. `return h_t, c_t`."
H_NO_INPUT_GATE = "the input gate is missing: the candidate enters the cell as i * g."
H_COUPLED = (
    "the input gate has its own quarter of a, and it scales the candidate: i * g, not "
    "(1 - f) * g (that coupling belongs to another model)."
)
H_OLD_CELL = "h_t shows the new cell state: o * tanh(c_t), with the c_t of this step, not c_prev."
H_TANH_OUTSIDE = "the output gate scales tanh(c_t): o * tanh(c_t), not tanh(o * c_t)."
H_SIGMOID_SIGN = "the sigmoid is 1 / (1 + exp(-a)): with exp(+a) every gate is 1 - σ(a)."
H_INTERLEAVED = (
    "the gates are four consecutive blocks of H columns (i = a[:, :H], then f, g, o), "
    "not every fourth column."
)
H_FIXED_SIZE = (
    "read H from the arrays (h_prev.shape[1]) rather than writing a number in: the second case "
    "has other sizes."
)
H_MODIFIED_STEP = (
    "build new arrays instead of writing into c_prev or h_prev (such as c_prev *= f): the "
    "caller still needs the old state."
)
H_REFERENCE = "write the step yourself with np.exp and np.tanh, as the exercise asks."


def _sig(a):
    return 1 / (1 + np.exp(-a))


def _step_variants(x_t, h_prev, c_prev, W_x, W_h, b):
    """(h_t, c_t) for the right step and for each typical mistake, by name."""
    a = x_t @ W_x.T + h_prev @ W_h.T + b
    q = np.split(a, 4, axis=1)  # pre-activations of i, f, g, o

    def step(ai, af, ag, ao, *, on=c_prev, g_fn=np.tanh, gate=_sig, out=np.tanh, write=None):
        i, f, g, o = gate(ai), gate(af), g_fn(ag), gate(ao)
        c = f * on + (i if write is None else write(i, f)) * g
        return o * out(c), c

    right = step(*q)
    nob = np.split(a - b, 4, axis=1)
    i, f, g, o = _sig(q[0]), _sig(q[1]), np.tanh(q[2]), _sig(q[3])
    c_t = f * c_prev + i * g
    return right, [
        (step(q[1], q[0], q[2], q[3]), H_ORDER_IF),
        (step(q[0], q[1], q[3], q[2]), H_ORDER_GO),
        (step(q[0], q[2], q[1], q[3]), H_ORDER_TF),
        (step(*q, on=h_prev), H_F_ON_H),
        (step(*q, out=lambda c: c), H_NO_TANH_C),
        (step(*q, g_fn=_sig), H_SIGMOID_G),
        (step(*q, gate=np.tanh), H_TANH_GATES),
        (step(*nob), H_NO_BIAS),
        (step(*q, write=lambda i, f: 1.0), H_NO_INPUT_GATE),
        (step(*q, write=lambda i, f: 1 - f), H_COUPLED),
        ((o * np.tanh(c_prev), c_t), H_OLD_CELL),
        ((np.tanh(o * c_t), c_t), H_TANH_OUTSIDE),
        (step(*q, gate=lambda z: 1 / (1 + np.exp(z))), H_SIGMOID_SIGN),
        (step(*(a[:, k::4] for k in range(4))), H_INTERLEAVED),
        ((right[0], c_prev), H_RETURNS_OLD_CELL),
    ]


def step_case(N: int = 3, D: int = 2, H: int = 4, seed: int = 8):
    """Arguments for the learner's lstm_step, the right (h_t, c_t), and the typical wrong ones."""
    rng = np.random.default_rng(seed)
    W_x, W_h = rng.normal(0, 0.7, size=(4 * H, D)), rng.normal(0, 0.7, size=(4 * H, H))
    b = np.concatenate([np.full(H, -0.5), np.full(H, 1.5), np.full(H, 0.3), np.full(H, 0.8)])
    b = b + rng.uniform(-0.2, 0.2, size=4 * H)
    x_t, h_prev = rng.normal(size=(N, D)), rng.uniform(-0.9, 0.9, size=(N, H))
    c_prev = rng.normal(0, 1.5, size=(N, H))
    args = (x_t, h_prev, c_prev, W_x, W_h, b)
    right, mistakes = _step_variants(*args)
    assert all(np.allclose(r, e) for r, e in zip(right, lstm_step(*args)))
    return args, right, mistakes


STEP_CASE = step_case()
# A second case of other sizes (N, D, H) = (2, 3, 5), so that a fixed H cannot pass by luck.
STEP_CASE_2 = step_case(N=2, D=3, H=5, seed=9)


def check_lstm_step(fn: Callable) -> Verdict:
    """Exercise 8.1: the learner's ``my_lstm_step(x_t, h_prev, c_prev, W_x, W_h, b)``.

    Run on (N, D, H) = (3, 2, 4), then on (2, 3, 5); the inputs must come back unchanged.
    """
    for k, (args, right, mistakes) in enumerate((STEP_CASE, STEP_CASE_2)):
        call = call_learner(
            fn,
            *args,
            name="my_lstm_step",
            fallback="rh.lstm_step",
            error_hint=STEP_HINT if k == 0 else H_FIXED_SIZE,
        )
        if not call.returned:  # a stub, a missing return, a crash
            return call.verdict
        if not isinstance(call.value, tuple) or len(call.value) != 2:
            got = type(call.value).__name__
            return verdict("wrong", f"my_lstm_step returned {got}, not a pair.", H_NOT_PAIR)
        changed = call.modified_verdict(H_MODIFIED_STEP)
        if changed is not None:
            return changed
        v = compare_outputs(
            call.value,
            right,
            ("h_t", "c_t"),
            fn_name="my_lstm_step",
            variants=mistakes,
            hints={"h_t": STEP_HINT, "c_t": STEP_HINT} if k == 0 else None,
        )
        if not v:
            if k == 1 and v.hint is None:  # right for the first sizes, wrong for these
                shapes = "(N, D, H) = (2, 3, 5)"
                return verdict("wrong", f"With {shapes}: {v.text}", H_FIXED_SIZE)
            return v
    if calls_function(fn, "lstm_step"):
        return verdict(
            "wrong", "my_lstm_step calls rh.lstm_step instead of computing the step.", H_REFERENCE
        )
    return verdict("ok", "h_t and c_t match rh.lstm_step for (N, D, H) = (3, 2, 4) and (2, 3, 5).")


# ------------------------------------------------------------------ Exercise 8.2: counting
COUNT_SIZES = {"D": 27, "H": 64, "O": 27}  # a character model: 27 symbols in and out
COUNT_HINT = (
    "count each array: W_x is (4H, D), W_h is (4H, H), b is (4H,), and the output layer W_hy "
    "(O, H) with b_y (O,)."
)


def param_count_answer(D: int, H: int, O: int) -> int:
    """The LSTM's weights and biases plus the output layer's."""
    return count_lstm_params(D, H) + O * H + O


def check_lstm_param_count(answer) -> Verdict:
    """Exercise 8.2: the parameters of an LSTM (D = 27, H = 64) with an output layer (O = 27)."""
    D, H, O = COUNT_SIZES["D"], COUNT_SIZES["H"], COUNT_SIZES["O"]
    rnn = H * D + H * H + H
    out = O * H + O
    right = param_count_answer(D, H, O)
    mistakes = [
        (
            rnn + out,
            "that is the vanilla RNN's count: each of the four gates has its own weights and bias.",
        ),
        (4 * (H * D + H * H) + out, "the bias b (4H numbers) is missing."),
        (count_lstm_params(D, H), "the output layer W_hy (O × H) and b_y (O) are missing."),
        (
            4 * (rnn + out),
            "only the recurrent layer has four gates: the output layer is counted once.",
        ),
        (4 * (H * D + H) + out, "the recurrent weights W_h (4H × H) are missing."),
        (
            right + 4 * H,
            "the course's LSTM has one bias b of 4H; PyTorch stores two (b_ih and b_hh), "
            "which add 4H more.",
        ),
        (4 * (H * D + H * H + H) + O * H, "the output bias b_y (O numbers) is missing."),
        (
            3 * rnn + out,
            "three blocks is the GRU's count; the LSTM has four: input, forget, candidate and "
            "output.",
        ),
        (
            4 * (H * D + H * H) + O * H,
            "both biases are missing: b (4H numbers) and b_y (O numbers).",
        ),
        (
            right + 2 * H,
            "h_0 and c_0 are the states a sequence starts from, not weights the model learns: "
            "leave them out.",
        ),
    ]
    return compare_count(
        answer,
        right,
        mistakes,
        what="my_lstm_param_count",
        todo="Replace the ... with a whole number and run this cell again.",
        hint=COUNT_HINT,
    )
