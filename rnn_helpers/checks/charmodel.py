"""Checks for notebook 07 (next-character prediction): temperature, and bits and perplexity."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..losses import softmax
from ._core import Verdict, _fmt, call_learner, compare_answer, verdict

TEMPERATURE_PROBE = np.random.default_rng(7).normal(scale=1.5, size=(3, 6))
# Logits of a character model, (N, T, V): "the last axis" is axis 2 here, not axis 1.
SEQUENCE_LOGITS = np.random.default_rng(8).normal(scale=1.5, size=(2, 3, 5))
LARGE_LOGITS = np.array([[100.0, 98.0, 90.0, 80.0], [-80.0, -85.0, -81.0, -100.0]])


def _temperature_mistakes(z, tau):
    p = softmax(z)
    e = np.exp(z / tau)
    e_row = np.exp(z / tau - (z / tau).max(axis=-1, keepdims=True))  # shifted row by row
    whole = (
        "you divided by the sum over the whole array, so all the rows together sum to 1; "
        "each row must: sum over the last axis (axis=-1, keepdims=True)."
    )
    return [
        (softmax(z * tau), "you multiplied the logits by the temperature; divide: z / tau."),
        (p, "the temperature has no effect in your answer: use softmax(z / tau)."),
        (p / tau, "the temperature goes on the logits, before softmax: softmax(z / tau)."),
        (
            p ** (1 / tau),
            "p^(1/tau) is right up to a factor: divide by its sum over the last axis.",
        ),
        (e, "missing normalisation: divide by the sum over the last axis."),
        (z / tau, "those are scaled logits; apply softmax to them."),
        (np.log(softmax(z / tau)), "those are log-probabilities; return softmax(z / tau) itself."),
        (
            e / e.sum(axis=0, keepdims=True),
            "wrong axis: each row's V scores must sum to 1, so normalise over axis=-1.",
        ),
        (e / e.sum(), whole),
        (e_row / e_row.sum(), whole),
        (
            e / e.sum(axis=1, keepdims=True),
            "axis=1 is the last axis only for 2-D logits; these are (N, T, V), so sum over "
            "axis=-1, which works for any number of axes.",
        ),
    ]


def check_temperature_probs(fn: Callable) -> Verdict:
    """Exercise 7.1: ``fn(logits, temperature)`` must be softmax(logits / temperature).

    Run on (3, 6) logits at temperatures 0.5 and 1.5, on (2, 3, 5) logits at 0.7 (a batch of
    sequences: the last axis is axis 2), then on logits up to 100 at temperature 0.1 (1000 after
    dividing), where an unstable softmax overflows. The logits must come back unchanged.
    """
    name = "my_temperature_probs"
    for z, tau in ((TEMPERATURE_PROBE, 0.5), (TEMPERATURE_PROBE, 1.5), (SEQUENCE_LOGITS, 0.7)):
        call = call_learner(
            fn,
            z,
            tau,
            name=name,
            fallback="rnn_helpers.charmodel.temperature_probs",
            error_hint="divide the logits by tau, then softmax over the last axis; keepdims=True "
            "keeps a row maximum or sum of shape (..., 1), which broadcasts against (..., V).",
        )
        if not call.returned:
            return call.verdict
        changed = call.modified_verdict(
            "compute z = logits / temperature as a new array: logits /= temperature changes "
            "the caller's logits, and the next call would divide them again."
        )
        if changed is not None:
            return changed
        result = call.value
        expected = softmax(z / tau)
        v = compare_answer(
            result,
            expected,
            _temperature_mistakes(z, tau),
            what=f"{name}(logits of shape {z.shape}, {tau:g})",
            hint="p = softmax(z / tau) over the last axis.",
        )
        if not v:
            return v
    call = call_learner(fn, LARGE_LOGITS, 0.1, name=name)
    p = np.asarray(call.value, dtype=float) if call.returned else None
    if p is None or p.shape != LARGE_LOGITS.shape or not np.all(np.isfinite(p)):
        return verdict(
            "wrong",
            f"{name} gives nan or inf (or fails) for logits of 100 at temperature 0.1: "
            "exp(1000) overflows.",
            "subtract each row's maximum of z / tau before exp (or call softmax).",
        )
    v = compare_answer(p, softmax(LARGE_LOGITS / 0.1), what=f"{name}(large logits, 0.1)")
    if not v:
        return v
    return verdict(
        "ok",
        f"{name} matches softmax(z / tau) at tau = 0.5 and 1.5, over the last axis of (N, T, V) "
        "logits too, and stays finite for logits of 100 at tau = 0.1.",
    )


def check_bits_and_perplexity(fn: Callable) -> Verdict:
    """Exercise 7.2: ``fn(loss_nats)`` must return (bits per character, perplexity).

    bits = loss / ln 2 and perplexity = e^loss = 2^bits; tried at loss 1.5 and 2.2.
    """
    name = "my_bits_and_perplexity"
    for loss in (1.5, 2.2):
        call = call_learner(fn, loss, name=name, error_hint="use np.log(2) and np.exp.")
        if not call.returned:
            return call.verdict
        result = call.value
        if isinstance(result, (tuple, list)) and any(isinstance(v, str) for v in result):
            return verdict(
                "wrong",
                f"{name}({loss}) returned text, {result!r}, not two numbers.",
                "return the numbers themselves (format them only when you print them).",
            )
        try:
            bits, ppl = (float(v) for v in result)
        except (TypeError, ValueError):
            return verdict(
                "wrong",
                f"{name}({loss}) returned {result!r}, expected two numbers.",
                "return a pair: return bits, perplexity",
            )
        want_bits, want_ppl = loss / np.log(2), np.exp(loss)
        rounded = (
            "close, but not exact: use np.log(2) and np.exp rather than rounded constants "
            "(0.693, 2.718), and do not round the result."
        )
        if np.isclose(bits, want_ppl) and np.isclose(ppl, want_bits):
            return verdict(
                "wrong",
                f"{name}({loss}) returned ({_fmt(bits)}, {_fmt(ppl)}): the two are swapped.",
                "return bits first, then perplexity.",
            )
        v = compare_answer(
            bits,
            want_bits,
            [
                (loss * np.log(2), "you multiplied by ln 2; log2 p = ln p / ln 2, so divide."),
                (loss / np.log(10), "that divides by ln 10 (decimal digits); bits need ln 2."),
                (loss, "the loss is in nats (natural log); convert it to bits first."),
                (np.log2(loss), "log2 of the loss is not a change of unit: divide by ln 2."),
                (
                    -want_bits,
                    "the loss is already positive (it is -mean ln p): changing its unit keeps "
                    "the sign.",
                ),
            ],
            what=f"bits for a loss of {loss} nats",
            hint=rounded if np.isclose(bits, want_bits, rtol=1e-2) else "bits = nats / ln 2.",
        )
        if not v:
            return v
        v = compare_answer(
            ppl,
            want_ppl,
            [
                (
                    2**loss,
                    "2^loss mixes units: the loss is in nats, so perplexity = e^loss (or 2^bits).",
                ),
                (np.exp(want_bits), "e^bits mixes units: perplexity = 2^bits = e^nats."),
                (1 / loss, "perplexity is e^loss, the number of equally likely choices."),
                (
                    np.exp(-loss),
                    "that is the geometric-mean probability; perplexity is its inverse, e^loss.",
                ),
            ],
            what=f"perplexity for a loss of {loss} nats",
            hint=rounded if np.isclose(ppl, want_ppl, rtol=1e-2) else "perplexity = e^loss.",
        )
        if not v:
            return v
    return verdict(
        "ok",
        f"{name} turns 1.5 nats into {1.5 / np.log(2):.3f} bits and perplexity "
        f"{np.exp(1.5):.2f}, and 2.2 nats into {2.2 / np.log(2):.3f} bits and "
        f"{np.exp(2.2):.2f}.",
    )
