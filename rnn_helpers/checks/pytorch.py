"""Checks for notebook 09: moving an RNN's arrays from PyTorch's layout to the course's."""

from __future__ import annotations

import numpy as np

from ..pytorch import from_torch_rnn
from ._core import Verdict, call_learner, compare_answer, verdict

# Every size different, so that a wrong axis shows up as a wrong shape or wrong values.
T, N, D, H = 5, 3, 2, 4
NAMES = ("x", "h0", "W_xh", "W_hh", "b_h")
TWO_BIASES = (
    "PyTorch adds two biases, b_ih and b_hh, at every step; the course has one, b_h, which "
    "must do the work of both."
)


def torch_exercise_arrays(seed: int = 0) -> dict[str, np.ndarray]:
    """The arrays of one ``torch.nn.RNN`` layer in PyTorch's layout, as plain numpy arrays."""
    rng = np.random.default_rng(seed)
    k = 1 / np.sqrt(H)
    return {
        "input": rng.normal(size=(T, N, D)),
        "h_0": rng.normal(size=(1, N, H)) * 0.5,
        "weight_ih": rng.uniform(-k, k, size=(H, D)),
        "weight_hh": rng.uniform(-k, k, size=(H, H)),
        "bias_ih": rng.uniform(-k, k, size=H),
        "bias_hh": rng.uniform(-k, k, size=H),
    }


def _mistakes(a: dict[str, np.ndarray]) -> dict[str, list[tuple[np.ndarray, str]]]:
    """Per output, the value each typical mistake gives, with its hint."""
    time_first = (
        "PyTorch puts time first, input (T, N, D), unless batch_first=True; the course is "
        "batch-first, x (N, T, D)."
    )
    return {
        "x": [
            (
                a["input"].reshape(N, T, D),
                "reshape keeps the order of the numbers in memory, so it mixes time steps and "
                "sequences; swap the first two axes instead.",
            ),
            (a["input"], time_first),
        ],
        "h0": [
            (
                a["h_0"],
                "h_0 has a leading num_layers axis, (1, N, H); rnn_forward wants the one "
                "layer's state, (N, H).",
            )
        ],
        "W_xh": [
            (
                a["weight_ih"].T,
                "weight_ih is stored (H, D), just like W_xh: PyTorch's formula writes "
                "x_t W_ih^T, which is W_ih x_t for one column vector. No transpose.",
            ),
            (a["weight_hh"], "W_xh is the input-to-hidden matrix: weight_ih, not weight_hh."),
        ],
        "W_hh": [
            (a["weight_hh"].T, "weight_hh is stored (H, H) as W_hh is; no transpose."),
            (a["weight_ih"], "W_hh is the hidden-to-hidden matrix: weight_hh."),
        ],
        "b_h": [
            (
                a["bias_ih"],
                TWO_BIASES,
            ),
            (a["bias_hh"], TWO_BIASES),
            (a["bias_ih"] - a["bias_hh"], "the two biases are added, not subtracted."),
        ],
    }


def check_from_torch(fn) -> Verdict:
    """Exercise 9.2: ``fn(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh)`` returns
    ``(x, h0, W_xh, W_hh, b_h)`` such that `rnn_forward` computes what ``torch.nn.RNN`` does."""
    a = torch_exercise_arrays()
    call = call_learner(
        fn,
        *a.values(),  # call_learner hands the function fresh copies
        name="my_from_torch",
        fallback="rnn_helpers.pytorch.from_torch_rnn",
        error_hint=(
            "return the five arrays (x, h0, W_xh, W_hh, b_h); read the shapes in the "
            "docstring of the stub."
        ),
    )
    if not call.returned:
        return call.verdict
    result = call.value
    if not isinstance(result, (tuple, list)) or len(result) != len(NAMES):
        return verdict(
            "wrong",
            f"my_from_torch should return 5 arrays (x, h0, W_xh, W_hh, b_h), got "
            f"{type(result).__name__}"
            + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else "")
            + ".",
            "return x, h0, W_xh, W_hh, b_h, in the order rnn_forward takes them.",
        )
    expected = dict(zip(NAMES, from_torch_rnn(**a)))
    mistakes = _mistakes(a)
    for name, value in zip(NAMES, result):
        v = compare_answer(
            value,
            expected[name],
            mistakes[name],
            what=name,
            rtol=1e-12,
            atol=1e-12,
            hint=f"compare the shape of your {name} with the shape rnn_forward expects.",
        )
        if not v:
            return v
    return verdict(
        "ok",
        "rnn_forward on your arrays gives PyTorch's output for every step, transposed to "
        "(N, T, H).",
    )
