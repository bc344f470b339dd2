"""An untrained character model: what it predicts after each character, and how its loss
depends on the scale of its initial weights (notebook 03; notebook 07 trains one).

The model reads one-hot characters (D = V) and outputs logits over the same vocabulary (O = V).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validate import check_positive_number
from .data import encode, one_hot
from .losses import log_softmax, softmax
from .rnn import init_rnn_params, output_forward, rnn_forward
from .training import PARAM_NAMES


def scale_params(params: dict[str, np.ndarray], scale: float) -> dict[str, np.ndarray]:
    """Every parameter multiplied by `scale` (new arrays; `params` is unchanged)."""
    scale = check_positive_number("scale", scale)
    return {name: scale * value for name, value in params.items()}


def next_char_probabilities(text: str, vocab: str, params: dict[str, np.ndarray]) -> dict:
    """Read `text` one character at a time and predict the next: p_t = softmax(W_hy h_t + b_y).

    The inputs are one-hot characters ``text[:-1]`` (D = V), h_0 = 0, and the targets are
    ``text[1:]``.

    Parameters
    ----------
    text : str of length T + 1 (at least 2)
        Characters of `vocab`.
    vocab : str of length V
    params : dict
        ``W_xh`` (H, V), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (V, H), ``b_y`` (V,), e.g. from
        ``init_rnn_params(V, H, V, rng=rng)``.

    Returns
    -------
    dict with
        ``logits`` (T, V), ``probs`` (T, V); ``inputs``: str ``text[:-1]``; ``targets``: int
        (T,); ``step_loss`` (T,) = -ln p_t[target]; ``loss``: their mean (float); ``ln_V``.
    """
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        raise ValueError(f"params must hold {', '.join(PARAM_NAMES)}, missing {', '.join(missing)}")
    idx = encode(text, vocab)
    if idx.size < 2:
        raise ValueError(
            f"text must have at least 2 characters (one input, one target), got {text!r}"
        )
    V, H = len(vocab), params["W_hh"].shape[0]
    x = one_hot(idx[:-1], V)[None]  # (1, T, V)
    h, _ = rnn_forward(x, np.zeros((1, H)), params["W_xh"], params["W_hh"], params["b_h"])
    logits = output_forward(h, params["W_hy"], params["b_y"])[0]  # (T, V)
    targets = idx[1:]
    step_loss = -log_softmax(logits)[np.arange(targets.size), targets]
    return {
        "logits": logits,
        "probs": softmax(logits),
        "inputs": text[:-1],
        "targets": targets,
        "step_loss": step_loss,
        "loss": float(step_loss.mean()),
        "ln_V": float(np.log(V)),
    }


def untrained_params(V: int, H: int, scale: float = 1.0, seed: int = 0) -> dict[str, np.ndarray]:
    """PyTorch-style initial parameters of a character model (D = O = V), times `scale`."""
    return scale_params(init_rnn_params(V, H, V, rng=np.random.default_rng(seed)), scale)


def init_scale_sweep(
    text: str, vocab: str, H: int, scales: Sequence[float], seeds: Sequence[int]
) -> dict[str, np.ndarray]:
    """How untrained models score on `text` when their initial weights are multiplied by a scale.

    Parameters
    ----------
    text : str
        Characters of `vocab`, at least 2.
    vocab : str of length V
    H : int
        Hidden size.
    scales : sequence of S floats
        Factors for the PyTorch-style initial weights (1 = default).
    seeds : sequence of R ints
        One untrained model per seed; results are averaged over them.

    Returns
    -------
    dict with
        ``scale`` (S,); ``loss`` (S,) mean cross-entropy; ``loss_per_seed`` (S, R);
        ``confidence`` (S,) mean largest probability; ``p_target`` (S,) mean probability of the
        actual next character.
    """
    if len(scales) == 0 or len(seeds) == 0:
        raise ValueError(f"scales and seeds must not be empty, got {len(scales)} and {len(seeds)}")
    loss = np.empty((len(scales), len(seeds)))
    conf, p_t = np.empty_like(loss), np.empty_like(loss)
    for i, scale in enumerate(scales):
        for j, seed in enumerate(seeds):
            r = next_char_probabilities(text, vocab, untrained_params(len(vocab), H, scale, seed))
            loss[i, j] = r["loss"]
            conf[i, j] = r["probs"].max(axis=-1).mean()
            p_t[i, j] = r["probs"][np.arange(r["targets"].size), r["targets"]].mean()
    return {
        "scale": np.asarray(scales, dtype=float),
        "loss": loss.mean(axis=1),
        "loss_per_seed": loss,
        "confidence": conf.mean(axis=1),
        "p_target": p_t.mean(axis=1),
    }
