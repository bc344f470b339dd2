"""Checks for notebook 09: moving an RNN's arrays from PyTorch's layout to the course's."""

from __future__ import annotations

import numpy as np

from ..pytorch import from_torch_rnn
from ._core import Verdict, call_learner, calls_function, compare_answer, verdict

# Every size different, so that a wrong axis shows up as a wrong shape or wrong values; a
# second case of other sizes, so that numbers written in for the first cannot pass by luck.
T, N, D, H = 5, 3, 2, 4
SIZES_2 = (4, 2, 3, 5)  # (T, N, D, H)
NAMES = ("x", "h0", "W_xh", "W_hh", "b_h")
FIXED_SIZES = (
    "right for T = 5, N = 3, D = 2, H = 4 but not for other sizes: read the sizes from the "
    "arrays' shapes (input.shape, h_0.shape) rather than writing numbers in."
)
TWO_BIASES = (
    "PyTorch adds two biases, b_ih and b_hh, at every step; the course has one, b_h, which "
    "must do the work of both."
)


def torch_exercise_arrays(
    seed: int = 0, sizes: tuple[int, int, int, int] = (T, N, D, H)
) -> dict[str, np.ndarray]:
    """The arrays of one ``torch.nn.RNN`` layer in PyTorch's layout, as plain numpy arrays.

    `sizes` is (T, N, D, H): the exercise's case by default.
    """
    T, N, D, H = sizes
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
    T, N, D = a["input"].shape
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
            (
                a["input"].T,
                ".T reverses the order of all three axes, (D, N, T); only time and batch trade "
                "places, and D stays last.",
            ),
            (
                a["input"].transpose(1, 0, 2)[:, ::-1],
                "the time steps are reversed: x[:, 0] is the first step, input[0].",
            ),
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
            (
                np.stack([a["bias_ih"], a["bias_hh"]]),
                "b_h is one vector of H numbers. " + TWO_BIASES,
            ),
            (
                np.concatenate([a["bias_ih"], a["bias_hh"]]),
                "b_h is one vector of H numbers. " + TWO_BIASES,
            ),
            (
                (a["bias_ih"] + a["bias_hh"]) / 2,
                "both biases are added in full at every step: their sum, not their mean.",
            ),
        ],
    }


# When an output has the right shape but other numbers, what to look at.
VALUE_HINTS = {
    "x": "x[n, t] must be input[t, n]: move the axes, keep every number and the order of time.",
    "h0": "h0 is the initial state that h_0 holds for its one layer: use those numbers.",
    "W_xh": "W_xh is PyTorch's input-to-hidden matrix itself.",
    "W_hh": "W_hh is PyTorch's hidden-to-hidden matrix itself.",
    "b_h": TWO_BIASES,
}


def _same(value, expected: np.ndarray) -> bool:
    try:
        v = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return v.shape == expected.shape and bool(np.allclose(v, expected, rtol=1e-12, atol=1e-12))


def _check_case(fn, a: dict[str, np.ndarray], first: bool) -> Verdict | None:
    """The verdict for one set of PyTorch arrays, or None when every output is right."""
    call = call_learner(
        fn,
        *a.values(),  # call_learner hands the function fresh copies
        name="my_from_torch",
        fallback="rnn_helpers.pytorch.from_torch_rnn",
        error_hint=(
            "return the five arrays (x, h0, W_xh, W_hh, b_h); read the shapes in the "
            "docstring of the stub."
            if first
            else FIXED_SIZES
        ),
    )
    if not call.returned:
        return call.verdict
    changed = call.modified_verdict(
        "build new arrays (a sum, a moved view) instead of writing into the ones you were given "
        "(bias_ih += ...): the PyTorch layer still owns them."
    )
    if changed is not None:
        return changed
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
    order = [next((n for n in NAMES if _same(r, expected[n])), None) for r in result]
    weights_only = order[2:4] == ["W_hh", "W_xh"] and order[:2] + order[4:] == ["x", "h0", "b_h"]
    if (
        None not in order
        and sorted(order) == sorted(NAMES)
        and order != list(NAMES)
        and not weights_only  # told below which weight is which
    ):
        return verdict(
            "wrong",
            f"my_from_torch returns the right arrays in the wrong order: {', '.join(order)}.",
            "return them in the order rnn_forward takes them: x, h0, W_xh, W_hh, b_h.",
        )
    mistakes = _mistakes(a)
    sizes = "T = {}, N = {}, D = {}, H = {}".format(*a["input"].shape, a["weight_hh"].shape[0])
    for name, value in zip(NAMES, result):
        same_shape = np.shape(value) == expected[name].shape
        general = (
            VALUE_HINTS[name]
            if same_shape
            else (f"compare the shape of your {name} with the shape rnn_forward expects.")
        )
        v = compare_answer(
            value,
            expected[name],
            mistakes[name],
            what=name if first else f"{name} (with {sizes})",
            rtol=1e-12,
            atol=1e-12,
            hint=general if first else FIXED_SIZES,
        )
        if not v:
            return v
    return None


def check_from_torch(fn) -> Verdict:
    """Exercise 9.2: ``fn(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh)`` returns
    ``(x, h0, W_xh, W_hh, b_h)`` such that `rnn_forward` computes what ``torch.nn.RNN`` does.

    Run on the exercise's arrays (T, N, D, H) = (5, 3, 2, 4), then on (4, 2, 3, 5).
    """
    for seed, sizes in ((0, (T, N, D, H)), (1, SIZES_2)):
        v = _check_case(fn, torch_exercise_arrays(seed, sizes), first=seed == 0)
        if v is not None:
            return v
    if calls_function(fn, "from_torch_rnn"):
        return verdict(
            "wrong",
            "my_from_torch calls rnn_helpers.pytorch.from_torch_rnn instead of converting.",
            "the exercise is to write that conversion yourself, from the two layouts in the "
            "stub's comments.",
        )
    return verdict(
        "ok",
        "rnn_forward on your arrays gives PyTorch's output for every step, transposed to "
        "(N, T, H), for (T, N, D, H) = (5, 3, 2, 4) and (4, 2, 3, 5).",
    )
