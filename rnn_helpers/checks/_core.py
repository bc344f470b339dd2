"""The machinery behind every exercise check: run the learner's answer, compare, explain.

A check returns a `Verdict`, which is true only for a correct answer and which a notebook shows
as its text (so the check call is the last line of its cell, with no print and no ``;``):

- ``✅ Correct.`` and what was confirmed;
- ``❌ Not yet.`` with a hint aimed at the typical mistake it recognises (a transposed weight, a
  missing bias, a missing tanh, the wrong axis), or a general hint;
- ``⏳ Not done yet.`` only for an untouched stub (``...``, or a function whose own body still
  raises ``NotImplementedError``), so that Run All never breaks on an unfinished exercise.

How a check for a function exercise is built::

    call = call_learner(fn, x_t, h_prev, W_xh, W_hh, b_h,
                        name="my_rnn_step", fallback="rnn_helpers.rnn_step", error_hint=HINT)
    if not call.returned:          # a stub, a missing return, a crash, a stub it calls
        return call.verdict
    if call.changed:               # only where writing into an input is itself a mistake
        return call.modified_verdict()
    return compare_answer(call.value, expected, mistakes, what="my_rnn_step(...)")

`call_learner` hands the learner's function deep copies of every argument on every call, so an
answer that writes into its inputs cannot spoil the cases of later calls, and it reports which
arguments the function changed. Several values judged together (the gradients of a backward
pass) go through `compare_outputs`, which names the first wrong one; a hand-computed count goes
through `compare_count`, which accepts only whole numbers.
"""

from __future__ import annotations

import copy
import inspect
import os
import sysconfig
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

NOT_DONE = object()  # what a `Call` unpacks to for an untouched stub (the older pair form)


# ------------------------------------------------------------------ verdicts


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
    """True for a value the learner has not filled in yet (``...`` or NOT_DONE)."""
    return answer is ... or answer is NOT_DONE


# ------------------------------------------------------------------ calling the learner

MISSING_RETURN_HINT = (
    "a function without a `return` line gives back None; end it with `return` and the value."
)
MODIFIED_HINT = (
    "build new arrays (z = z - m, g * scale) instead of writing into the ones you were given "
    "(z -= m, g *= scale, a[...] = ...): the caller may still need them."
)
STUB_ELSEWHERE_HINT = (
    "finish that exercise first (its check tells you when it is right), or call the tested "
    "reference from rnn_helpers instead."
)


@dataclass(frozen=True)
class Call:
    """What happened when the learner's function was run once.

    Attributes
    ----------
    name : str
        The name used in messages (the function's own ``__name__`` where it has one).
    value : object
        What the function returned (None when it did not return).
    verdict : Verdict or None
        None when the function returned a value to judge; otherwise the verdict that the call
        alone decides: not done yet (an untouched stub), a missing ``return``, a stub of another
        exercise called from this one, a crash, or something that is not a function.
    error : str or None
        ``"ValueError: ..."`` when the function raised an exception (other than a stub's).
    calls_unfinished : str or None
        The name of another function of the learner's that still raises NotImplementedError
        (a stub of another exercise) when this one called it.
    changed : tuple of str
        The names of the arguments the function wrote into (it got copies; the check's own
        arrays are untouched).
    """

    name: str
    value: Any = None
    verdict: Verdict | None = None
    error: str | None = None
    calls_unfinished: str | None = None
    changed: tuple[str, ...] = ()

    @property
    def returned(self) -> bool:
        """True when the function returned a value for the check to judge."""
        return self.verdict is None

    def modified_verdict(self, hint: str | None = None) -> Verdict | None:
        """A wrong verdict naming the arguments the function changed (None if it changed none).

        Use it where changing an input is itself a mistake.
        """
        if not self.changed:
            return None
        return verdict(
            "wrong",
            f"{self.name} changed its input {_names(self.changed)} in place.",
            hint or MODIFIED_HINT,
        )

    def __iter__(self) -> Iterator[Any]:
        """The older pair form ``result, error = call_learner(...)``: NOT_DONE for a stub."""
        todo = self.verdict is not None and self.verdict.status == "todo"
        return iter((NOT_DONE if todo else self.value, self.error))


def call_learner(
    fn: Callable,
    *args: Any,
    name: str | None = None,
    fallback: str | None = None,
    error_hint: str | None = None,
    kwargs: Mapping[str, Any] | None = None,
) -> Call:
    """Run the learner's function on deep copies of `args`, and say what happened.

    Parameters
    ----------
    fn : callable
        The learner's function (or whatever the exercise cell left in its place).
    *args
        The arguments. `fn` gets a fresh deep copy of each, so `args` are never changed.
    name : str, optional
        The exercise function's name, e.g. "my_rnn_step" (default: ``fn.__name__``).
    fallback : str, optional
        The reference the notebook uses while the exercise is not done (for "not done yet").
    error_hint : str, optional
        The hint to give when `fn` raises (default: a general one).
    kwargs : mapping, optional
        Keyword arguments for `fn`, copied like `args`.

    Returns
    -------
    Call
        ``call.returned`` is true when there is a value to judge (``call.value``); otherwise
        ``call.verdict`` says why not. ``call.changed`` names the arguments `fn` wrote into.
        numpy's overflow and invalid-value warnings are silenced during the call: the verdict
        reports a nan or inf result instead.
    """
    exercise = name or getattr(fn, "__name__", None) or "your function"
    who = _own_name(fn) or exercise
    if fn is ... or fn is NOT_DONE:
        return Call(exercise, verdict=verdict("todo", f"Define {exercise} in the cell above."))
    if not callable(fn):
        return Call(
            who,
            verdict=verdict(
                "wrong",
                f"{exercise} should be a function, got {type(fn).__name__}.",
                f"define it with def {exercise}(...): and run that cell again.",
            ),
        )
    kwargs = dict(kwargs or {})
    given_args, given_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    try:
        with np.errstate(all="ignore"):
            value = fn(*given_args, **given_kwargs)
    except NotImplementedError as e:
        raiser = _raising_function(e, fn)
        if raiser is None:  # the learner's own function still holds the stub's raise
            return Call(who, verdict=not_done(exercise, fallback))
        if raiser != "":  # learner code elsewhere, such as another exercise's stub
            return Call(
                who,
                calls_unfinished=raiser,
                verdict=verdict(
                    "wrong",
                    f"{who} calls {raiser}, which is not done yet (it raises NotImplementedError).",
                    f"{raiser} still needs doing: " + STUB_ELSEWHERE_HINT,
                ),
            )
        return _raised(who, e, error_hint)
    except Exception as e:  # the learner's bug is reported, never raised into Run All
        return _raised(who, e, error_hint)
    changed = _changed(fn, args, given_args, kwargs, given_kwargs)
    if value is ...:
        return Call(who, value, not_done(exercise, fallback), changed=changed)
    if value is None:
        return Call(
            who,
            value,
            verdict("wrong", f"{who} returned None: did you forget `return`?", MISSING_RETURN_HINT),
            changed=changed,
        )
    return Call(who, value, changed=changed)


def calls_function(fn: Callable, name: str) -> bool:
    """True when the learner's `fn` names `name` in its own code (``rh.name`` or ``name``).

    For an exercise that asks to write what a package function does, calling it is no answer.
    """
    code = getattr(inspect.unwrap(fn), "__code__", None)
    return code is not None and name in code.co_names


def _raised(who: str, e: Exception, error_hint: str | None) -> Call:
    error = f"{type(e).__name__}: {e}"
    hint = error_hint or "read the error above: it names the line and the operation that failed."
    return Call(who, error=error, verdict=verdict("wrong", f"{who} raised {error}", hint))


def _own_name(fn: Any) -> str | None:
    """The function's own name, if it has a usable one (not a lambda's ``<lambda>``)."""
    n = getattr(fn, "__name__", None)
    return n if isinstance(n, str) and n.isidentifier() else None


_LIBRARY_DIRS = tuple(
    os.path.realpath(p)
    for p in {
        sysconfig.get_paths()["stdlib"],
        sysconfig.get_paths()["purelib"],
        sysconfig.get_paths()["platlib"],
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),  # rnn_helpers itself
        os.path.dirname(np.__file__),
    }
)


def _raising_function(e: BaseException, fn: Callable) -> str | None:
    """Where a NotImplementedError came from.

    None: the learner's function `fn` itself raised it (an untouched stub). A name: another
    function of the learner's raised it (a stub of another exercise). "": a library raised it.
    """
    tb = e.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return ""
    code = tb.tb_frame.f_code
    own = getattr(inspect.unwrap(fn), "__code__", None) if callable(fn) else None
    if own is None and not inspect.isroutine(fn):  # a callable object: its __call__ method
        own = getattr(type(fn).__call__, "__code__", None)
    if code is own:
        return None
    path = os.path.realpath(code.co_filename)
    if path.startswith(_LIBRARY_DIRS):
        return ""
    return code.co_name


def _changed(fn: Callable, args, given_args, kwargs, given_kwargs) -> tuple[str, ...]:
    """The names of the arguments whose copy `fn` changed."""
    try:
        params = [
            p.name
            for p in inspect.signature(fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        params = []
    names = [params[i] if i < len(params) else f"argument {i + 1}" for i in range(len(args))]
    changed = [n for n, a, b in zip(names, args, given_args, strict=True) if not _same(a, b)]
    changed += [k for k in kwargs if not _same(kwargs[k], given_kwargs[k])]
    return tuple(changed)


def _same(a: Any, b: Any) -> bool:
    """True when `b` still equals `a` exactly: arrays, dicts, lists, tuples and plain values."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        )
    if isinstance(a, Mapping):
        return isinstance(b, Mapping) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(_same(x, y) for x, y in zip(a, b, strict=True))
        )
    try:
        return bool(a == b)
    except Exception:  # an object without a usable ==: treat it as unchanged
        return True


def _names(names: Sequence[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


# ------------------------------------------------------------------ comparing answers


def _fmt(a) -> str:
    return np.array2string(np.asarray(a, dtype=float), precision=4, suppress_small=True)


def _matches(a: np.ndarray, value: Any, rtol: float, atol: float) -> bool:
    try:
        v = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return v.shape == a.shape and bool(np.allclose(a, v, rtol=rtol, atol=atol))


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
    decimals: int | None = None,
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
        The first match wins, so list the more specific mistakes first.
    what : str
        How to name the answer in the verdict.
    todo : str
        What to tell a learner who has not started.
    hint : str
        The hint when the answer is wrong in an unrecognised way.
    rtol, atol : float
        The tolerance of the comparison (ignored when `decimals` is given).
    decimals : int, optional
        For a hand-computed answer given to this many decimals: every number may differ from
        the exact value by up to one unit in the last decimal (rounded or cut off). Mistakes are
        recognised at the same precision, and an answer right to fewer decimals is told so.

    Returns
    -------
    Verdict
        True when `answer` matches `expected`.
    """
    if unfinished(answer):
        return verdict("todo", todo)
    if answer is None:
        return verdict("wrong", f"{what} is None.", hint)
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return verdict("wrong", f"{what} should be numbers, got {type(answer).__name__}.", hint)
    if decimals is not None:
        rtol, atol = 0.0, 10.0**-decimals * (1 + 1e-9)
    expected = np.asarray(expected, dtype=float)
    mistakes = list(mistakes)
    if a.shape != expected.shape:
        for value, mistake_hint in mistakes:
            if _matches(a, value, rtol, atol):
                return verdict(
                    "wrong", f"{what} has shape {a.shape}, expected {expected.shape}.", mistake_hint
                )
        return verdict("wrong", f"{what} has shape {a.shape}, expected {expected.shape}.", hint)
    if not np.all(np.isfinite(a)):
        return verdict("wrong", f"{what} contains nan or inf: {_fmt(a)}.", hint)
    if np.allclose(a, expected, rtol=rtol, atol=atol):
        to = f" to {decimals} decimals" if decimals is not None else ""
        return verdict("ok", f"{what} = {_fmt(a)} matches the reference{to}.")
    for value, mistake_hint in mistakes:
        if _matches(a, value, rtol, atol):
            return verdict("wrong", f"{what} = {_fmt(a)} is not right.", mistake_hint)
    if decimals is not None and np.allclose(a, expected, rtol=0, atol=10.0 ** (1 - decimals)):
        return verdict(
            "wrong",
            f"{what} = {_fmt(a)} is close, but not to {decimals} decimals.",
            f"give every number to {decimals} decimals (round only at the very end).",
        )
    return verdict("wrong", f"{what} = {_fmt(a)} is not right.", hint)


def compare_count(
    answer: Any,
    expected: int,
    mistakes: Iterable[tuple[int, str]] = (),
    *,
    what: str = "your count",
    todo: str = "Replace the ... with a whole number.",
    hint: str = "count again, one term at a time.",
) -> Verdict:
    """Judge a count: it must be a whole number (a Python or numpy integer), equal to `expected`.

    A string such as ``'5277'``, a float such as ``5277.0`` and a bool are not counts, and are
    told so before their value is looked at.

    Parameters
    ----------
    answer : int or ... (not done)
        The learner's count.
    expected : int
        The right count.
    mistakes : iterable of (int, hint)
        Counts that a typical mistake produces, each with its hint.
    what, todo, hint : str
        How to name the answer, what to tell a learner who has not started, and the hint for an
        unrecognised wrong count.

    Returns
    -------
    Verdict
        True when `answer` is an integer equal to `expected`.
    """
    if unfinished(answer):
        return verdict("todo", todo)
    if isinstance(answer, str):
        return verdict(
            "wrong",
            f"{what} is the text {answer!r}, not a number.",
            "write the number without quotes.",
        )
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, np.integer)):
        kind = "a float" if isinstance(answer, (float, np.floating)) else type(answer).__name__
        return verdict(
            "wrong",
            f"{what} = {answer!r} is {kind}, not a whole number.",
            "a count is a whole number: write it as an integer, without a decimal point "
            "(use // rather than / if you divide).",
        )
    if int(answer) == expected:
        return verdict("ok", f"{what} = {int(answer)} is right.")
    for value, mistake_hint in mistakes:
        if int(answer) == value:
            return verdict("wrong", f"{what} = {int(answer)} is not right.", mistake_hint)
    return verdict("wrong", f"{what} = {int(answer)} is not right.", hint)


def compare_outputs(
    result: Any,
    expected: Sequence[np.ndarray],
    names: Sequence[str],
    *,
    fn_name: str,
    variants: Iterable[tuple[Sequence[Any], str]] = (),
    hints: Mapping[str, str] | None = None,
    all_wrong: str | None = None,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    done: str | None = None,
) -> Verdict:
    """Judge a tuple of named outputs (such as the gradients of a backward pass).

    The verdict names the first wrong output and which ones are right, and gives the hint of the
    first typical mistake whose outputs it matches: a mistake that produces every output the
    learner gave is preferred to one that only explains the first wrong output.

    Parameters
    ----------
    result : tuple or list
        What the learner's function returned.
    expected : sequence of ndarray
        The right outputs, in order.
    names : sequence of str
        Their names, e.g. ("dx_t", "dh_prev", "dW_xh", "dW_hh", "db_h").
    fn_name : str
        The function's name, for the messages.
    variants : iterable of (outputs, hint)
        What each typical mistake produces (all outputs, in order), with its hint.
    hints : mapping of str to str, optional
        A general hint per output name, for a wrong output no mistake explains.
    all_wrong : str, optional
        The quantity that every output is computed from (e.g. "da_t"): when every output is
        wrong, the text says that this is the first wrong quantity.
    rtol, atol : float
        Tolerance: outputs match if ``|r - e| <= atol * max(1, max|e|) + rtol * |e|``.
    done : str, optional
        The text of the correct verdict.

    Returns
    -------
    Verdict
    """
    hints = dict(hints or {})
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        got = type(result).__name__ + (
            f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""
        )
        return verdict(
            "wrong",
            f"{fn_name} should return {len(names)} arrays ({', '.join(names)}), got {got}.",
            "end the function with return " + ", ".join(names),
        )
    try:
        result = [np.asarray(r, dtype=float) for r in result]
    except (TypeError, ValueError):
        return verdict("wrong", f"{fn_name} should return arrays of numbers.", hints.get(names[0]))

    def close(a, b) -> bool:
        b = np.asarray(b, dtype=float)
        return a.shape == b.shape and bool(
            np.allclose(a, b, rtol=rtol, atol=atol * max(1.0, float(np.abs(b).max(initial=0))))
        )

    wrong = [i for i, (r, e) in enumerate(zip(result, expected, strict=True)) if not close(r, e)]
    if not wrong:
        return verdict("ok", done or f"{', '.join(names)} all match the reference.")
    order = [next((j for j, e in enumerate(expected) if close(r, e)), None) for r in result]
    if None not in order and sorted(order) == list(range(len(names))):
        return verdict(
            "wrong",
            f"{fn_name} returns the right arrays in the wrong order: "
            f"{', '.join(names[j] for j in order)}.",
            "return them in this order: " + ", ".join(names) + ".",
        )
    i = wrong[0]
    right = [names[j] for j in range(len(names)) if j not in wrong]
    e_i = np.asarray(expected[i])
    shape_note = (
        f" It has shape {result[i].shape}, expected {e_i.shape}."
        if result[i].shape != e_i.shape
        else ""
    )
    if all_wrong is not None and len(wrong) == len(names) and len(names) > 1:
        text = (
            f"Every output is wrong ({', '.join(names)}), so the first wrong quantity is "
            f"{all_wrong}, which they are all computed from.{shape_note}"
        )
    else:
        text = (
            f"{names[i]} is not right{' (' + ', '.join(right) + ' are right)' if right else ''}."
            f"{shape_note}"
        )
    variants = list(variants)
    for outputs, hint in variants:  # a mistake that explains everything the learner returned
        if all(close(r, o) for r, o in zip(result, outputs, strict=True)):
            return verdict("wrong", text, hint)
    for outputs, hint in variants:  # else one that explains the first wrong output
        if close(result[i], outputs[i]):
            return verdict("wrong", text, hint)
    return verdict("wrong", text, hints.get(names[i]))
