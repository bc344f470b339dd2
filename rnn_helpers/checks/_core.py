"""The machinery behind every exercise check: run the learner's answer, compare, explain.

A check returns a `Verdict`, which is true only for a correct answer and which a notebook shows
as its text (so the check call is the last line of its cell, with no print and no ``;``):

- ``✅ Correct.`` and what was confirmed;
- ``❌ Not yet.`` with a hint aimed at the typical mistake it recognises (a transposed weight, a
  missing bias, a missing tanh, the wrong axis), or a general hint;
- ``⏳ Not done yet.`` when the stub is untouched (``...`` or ``NotImplementedError``), so that
  Run All never breaks on an unfinished exercise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

NOT_DONE = object()  # what `call_learner` returns for a stub that raises NotImplementedError


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: ``status`` is "ok", "wrong" or "todo"; true only when "ok"."""

    status: str
    text: str
    hint: str | None = None

    def __bool__(self) -> bool:
        return self.status == "ok"

    def __str__(self) -> str:
        head = {"ok": "✅ Correct.", "wrong": "❌ Not yet.", "todo": "⏳ Not done yet."}[
            self.status
        ]
        return f"{head} {self.text}" + (f"\n   Hint: {self.hint}" if self.hint else "")

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:  # how IPython shows it as a cell's result
        p.text(str(self))


def verdict(status: str, text: str, hint: str | None = None) -> Verdict:
    """Make a `Verdict` ("ok", "wrong" or "todo") with an optional hint."""
    if status not in ("ok", "wrong", "todo"):
        raise ValueError(f"status must be 'ok', 'wrong' or 'todo', got {status!r}")
    return Verdict(status, text, hint)


def not_done(name: str, fallback: str | None = None) -> Verdict:
    """The "not done yet" verdict for an untouched stub of the exercise function `name`.

    `fallback` names the reference implementation that the rest of the notebook uses meanwhile
    (left out of the text when None).
    """
    text = f"Implement {name} in the cell above and run this cell again."
    if fallback is not None:
        text += f" Until then the notebook uses {fallback}."
    return verdict("todo", text)


def unfinished(answer: Any) -> bool:
    """True for an answer the learner has not filled in yet (``...``, None or NOT_DONE)."""
    return answer is ... or answer is None or answer is NOT_DONE


def call_learner(fn: Callable, *args, **kwargs) -> tuple[Any, str | None]:
    """Run the learner's function: (result, None), (NOT_DONE, None) for a stub, or (None, error)."""
    if not callable(fn):
        return None, f"expected a function, got {type(fn).__name__}"
    try:
        return fn(*args, **kwargs), None
    except NotImplementedError:
        return NOT_DONE, None
    except Exception as e:  # the learner's bug is reported, never raised into Run All
        return None, f"{type(e).__name__}: {e}"


def _fmt(a) -> str:
    return np.array2string(np.asarray(a, dtype=float), precision=4, suppress_small=True)


def compare_answer(
    answer: Any,
    expected: np.ndarray,
    mistakes: Iterable[tuple[Any, str]] = (),
    *,
    what: str = "your answer",
    todo: str = "Fill in your answer and run this cell again",
    hint: str = "recompute it step by step and compare the shapes and signs of each term",
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> Verdict:
    """Judge a numeric answer against `expected`, recognising typical mistakes.

    Parameters
    ----------
    answer : array-like or ... (not done)
        The learner's value (or a function's output).
    expected : ndarray
        The right value.
    mistakes : iterable of (value, hint)
        Values that a typical mistake produces, each with the hint to give when it matches.
    what : str
        How to name the answer in the verdict.
    todo : str
        What to tell a learner who has not started.
    hint : str
        The hint when the answer is wrong in an unrecognised way.

    Returns
    -------
    Verdict
        True when `answer` matches `expected`.
    """
    if unfinished(answer):
        return verdict("todo", todo)
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return verdict("wrong", f"{what} should be numbers, got {type(answer).__name__}.", hint)
    expected = np.asarray(expected, dtype=float)
    if a.shape != expected.shape:
        for value, mistake_hint in mistakes:
            if np.shape(value) == a.shape and np.allclose(a, value, rtol=rtol, atol=atol):
                return verdict(
                    "wrong", f"{what} has shape {a.shape}, expected {expected.shape}.", mistake_hint
                )
        return verdict("wrong", f"{what} has shape {a.shape}, expected {expected.shape}.", hint)
    if not np.all(np.isfinite(a)):
        return verdict("wrong", f"{what} contains nan or inf: {_fmt(a)}.", hint)
    if np.allclose(a, expected, rtol=rtol, atol=atol):
        return verdict("ok", f"{what} = {_fmt(a)} matches the reference.")
    for value, mistake_hint in mistakes:
        if np.shape(value) == a.shape and np.allclose(a, value, rtol=rtol, atol=atol):
            return verdict("wrong", f"{what} = {_fmt(a)} is not right.", mistake_hint)
    return verdict("wrong", f"{what} = {_fmt(a)} is not right.", hint)
