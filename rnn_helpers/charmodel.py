"""An untrained character model: what it predicts after each character, and how its loss
depends on the scale of its initial weights (notebook 03; notebook 07 trains one).

The model reads one-hot characters (D = V) and outputs logits over the same vocabulary (O = V).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Sequence

import numpy as np

from ._validate import check_positive_int, check_positive_number, check_rng
from .data import encode, one_hot
from .losses import log_softmax, softmax
from .lstm import _cell, _gates
from .rnn import init_rnn_params, output_forward, rnn_forward
from .training import (
    LSTM_PARAM_NAMES,
    PARAM_NAMES,
    _final_state,
    _forward,
    _is_lstm,
    _zero_state,
)


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


def untrained_params(
    V: int, H: int, scale: float = 1.0, *, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """PyTorch-style initial parameters of a character model (D = O = V), times `scale`.

    Parameters
    ----------
    V : int
        Vocabulary size (input and output size).
    H : int
        Hidden size.
    scale : float
        Factor for every weight and bias (1 = PyTorch's default).
    rng : np.random.Generator
        Draws the weights, as `init_rnn_params` does.

    Returns
    -------
    params : dict of str to ndarray
        ``W_xh`` (H, V), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (V, H), ``b_y`` (V,).
    """
    return scale_params(init_rnn_params(V, H, V, rng=rng), scale)


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
        One untrained model per seed, from ``np.random.default_rng(seed)``; results are averaged
        over them.

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
            r = next_char_probabilities(
                text, vocab, untrained_params(len(vocab), H, scale, rng=np.random.default_rng(seed))
            )
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


# ====================================================================== notebook 07: a trained
# character model. Training data as parallel streams, scoring in bits per character, early
# stopping on validation, a checkpoint, sampling, word completions, and a look at hidden units.
LN2 = float(np.log(2))
CHECKPOINT_FILE = "charmodel.npz"
LSTM_CHECKPOINT_FILE = "charmodel_lstm.npz"  # notebook 08: the LSTM of the same parameter count
# its SHA-256, also in data/README.md (checked by load_checkpoint(model="lstm"))
LSTM_CHECKPOINT_SHA256 = "08a82311b2ad4241552826b3a850f9eb312762e394255476d17d5c43a6665d90"


def char_streams(idx: np.ndarray, V: int, N: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut an encoded text into N consecutive streams for truncated BPTT.

    Stream n reads ``idx[n L : (n + 1) L]`` and predicts the character after each one, with
    L = (len(idx) - 1) // N; `train` with ``window=k`` walks all streams side by side, k steps
    per update, carrying each stream's state from window to window.

    Parameters
    ----------
    idx : int ndarray of shape (M,)
        The encoded training text.
    V : int
        Vocabulary size.
    N : int
        Number of streams (the batch size).

    Returns
    -------
    x : uint8 ndarray of shape (N, L, V)
        One-hot inputs (1 byte each; `rnn_forward` turns each window into the model's dtype).
    y : int64 ndarray of shape (N, L)
        Targets: ``y[n, t]`` is the character after ``x[n, t]``.
    """
    N = check_positive_int("N", N)
    idx = np.asarray(idx)
    L = (idx.size - 1) // N
    if L < 1:
        raise ValueError(f"N must be at most len(idx) - 1 = {idx.size - 1}, got {N}")
    starts = np.arange(N)[:, None] * L + np.arange(L)[None]  # (N, L)
    one_hot_bool = idx[starts][..., None] == np.arange(V)  # (N, L, V), as one_hot builds it
    return one_hot_bool.view(np.uint8), idx[starts + 1]


def _float64(params):
    """The parameters as float64: the sampling and prediction helpers below compute in float64,
    so that their printed numbers and samples do not depend on the BLAS build."""
    return {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}


def _param_names(params) -> tuple[str, ...]:
    """The five arrays of a character model: the RNN's, or the LSTM's (``W_x`` for ``W_xh``)."""
    return LSTM_PARAM_NAMES if _is_lstm(params) else PARAM_NAMES


def _check_model(params) -> None:
    """Raise a ValueError naming the arrays a character model (RNN or LSTM) lacks."""
    names = _param_names(params)
    missing = [k for k in names if k not in params]
    if missing:
        raise ValueError(f"params must hold {', '.join(names)}, missing {', '.join(missing)}")


def _zero_char_state(params):
    """h_0 = 0 (H,) in float64, or for an LSTM the pair (h_0, c_0) = (0, 0)."""
    state = _zero_state(_float64(params), 1)
    return (state[0][0], state[1][0]) if _is_lstm(params) else state[0]


def _char_step(params, state, i):
    """One step on a one-hot input i, which selects a column of the input weights.

    RNN: h_t = tanh(W_xh[:, i] + W_hh h_{t-1} + b_h). LSTM (`state` the pair (h, c)): the gates
    from a_t = W_x[:, i] + W_h h_{t-1} + b, then c_t and h_t as in `rnn_helpers.lstm.lstm_step`.
    """
    if _is_lstm(params):
        h, c = state
        h, c, _ = _cell(_gates(params["W_x"][:, i] + params["W_h"] @ h + params["b"]), c)
        return h, c
    return np.tanh(params["W_xh"][:, i] + params["W_hh"] @ state + params["b_h"])


def _logits(params, state):
    """W_hy h_t + b_y, with h_t the state (or, for an LSTM, the first of the pair (h, c))."""
    h = state[0] if isinstance(state, tuple) else state
    return params["W_hy"] @ h + params["b_y"]


def text_log2_probs(
    params: dict[str, np.ndarray], idx: np.ndarray, chunk: int = 2000, return_states: bool = False
):
    """log2 p(x_t | x_0 ... x_{t-1}) of every target t = 1 ... M - 1, reading from h_0 = 0.

    The text is read in chunks of `chunk` steps with the state carried across, which gives the
    same numbers as one pass over the whole text but with bounded memory.

    Parameters
    ----------
    params : dict
        A character model: an RNN, ``W_xh`` (H, V), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy``
        (V, H), ``b_y`` (V,); or an LSTM, ``W_x`` (4H, V), ``W_h`` (4H, H), ``b`` (4H,),
        ``W_hy`` (V, H), ``b_y`` (V,) (its cell state is carried across chunks as well).
    idx : int ndarray of shape (M,)
        The encoded text (M >= 2).
    chunk : int
    return_states : bool
        Also return every hidden state.

    Returns
    -------
    log2_p : ndarray of shape (M - 1,)
    h : ndarray of shape (M - 1, H), only with ``return_states=True``
        ``h[t]`` is the state after reading ``idx[t]``.
    """
    _check_model(params)
    V = params["W_hy"].shape[0]
    idx = np.asarray(idx)
    if idx.ndim != 1 or idx.size < 2:
        raise ValueError(f"idx must be a 1-D array of at least 2 indices, got shape {idx.shape}")
    state = _zero_state(params, 1)  # h_0, or the LSTM's (h_0, c_0), in the model's dtype
    dt = params["W_hy"].dtype
    out, states = [], []
    for begin in range(0, idx.size - 1, chunk):
        inputs = idx[begin : min(begin + chunk, idx.size - 1)]
        x = one_hot(inputs, V, dtype=dt)[None]
        logits, cache = _forward(params, x, state, "many-to-many", "tanh")
        logp = log_softmax(logits[0])
        targets = idx[begin + 1 : begin + 1 + inputs.size]
        out.append(logp[np.arange(targets.size), targets] / LN2)
        if return_states:
            states.append(cache.h[0])
        state = _final_state(cache)
    log2_p = np.concatenate(out).astype(np.float64)
    return (log2_p, np.concatenate(states)) if return_states else log2_p


def bits_per_char(params: dict[str, np.ndarray], idx: np.ndarray) -> float:
    """-mean log2 p of the targets idx[1:]: the model's cross-entropy in bits per character."""
    return float(-text_log2_probs(params, idx).mean())


class EarlyStopping:
    """A `train` callback: measure validation bits/char, keep the best parameters, stop late.

    Each call scores the validation text. A new best is copied into ``best_params``. After
    `patience` calls without improvement the learning rate is multiplied by `lr_decay`; after
    `stop_after` such decays without improvement, it asks `train` to stop.

    Parameters
    ----------
    val_idx : int ndarray of shape (M,)
        The encoded validation text.
    optimizer : Optimizer
        The optimizer of the run (its ``lr`` is lowered on a plateau).
    patience : int
        Calls without improvement before the learning rate is lowered.
    lr_decay : float
        Factor in (0, 1] for the learning rate; 1 disables the decay.
    stop_after : int
        Decays without improvement before training stops.
    verbose : bool
        Print a line at every call.
    decay_at : sequence of int
        Update steps (multiples of the calling interval) at which the learning rate is
        multiplied by `lr_decay` whatever validation does: a schedule that lowers it late in
        training.

    Attributes
    ----------
    steps, val_bits, lrs : list
        The update step, validation bits/char and learning rate at each call.
    best_bits : float
    best_step : int
    best_params : dict
    seconds : float
        Time spent scoring the validation text.
    """

    def __init__(
        self,
        val_idx,
        optimizer,
        patience=2,
        lr_decay=0.5,
        stop_after=3,
        verbose=False,
        decay_at=(),
    ):
        self.val_idx, self.optimizer = np.asarray(val_idx), optimizer
        self.decay_at = {int(s) for s in decay_at}
        self.patience, self.lr_decay = check_positive_int("patience", patience), lr_decay
        self.stop_after, self.verbose = check_positive_int("stop_after", stop_after), verbose
        self.steps, self.val_bits, self.lrs = [], [], []
        self.best_bits, self.best_step, self.best_params = float("inf"), 0, None
        self._since_best, self._decays, self.seconds = 0, 0, 0.0

    def __call__(self, step: int, params: dict[str, np.ndarray]) -> bool:
        if step in self.decay_at:  # a scheduled decay, late in training
            self.optimizer.lr *= self.lr_decay
        start = time.perf_counter()
        bits = bits_per_char(params, self.val_idx)
        self.seconds += time.perf_counter() - start
        self.steps.append(step)
        self.val_bits.append(bits)
        self.lrs.append(self.optimizer.lr)
        if bits < self.best_bits:
            self.best_bits, self.best_step = bits, step
            self.best_params = {k: v.copy() for k, v in params.items()}
            self._since_best = 0
        else:
            self._since_best += 1
        if self.verbose:
            print(
                f"  step {step}: validation {bits:.4f} bits/char (best {self.best_bits:.4f} at "
                f"step {self.best_step}), lr {self.optimizer.lr:.2g}",
                flush=True,
            )
        if self._since_best >= self.patience:
            if self._decays >= self.stop_after or self.lr_decay >= 1:
                return True
            self.optimizer.lr *= self.lr_decay
            self._decays += 1
            self._since_best = 0
        return False


# ---------------------------------------------------------------------------- checkpoint
def save_checkpoint(path, params: dict[str, np.ndarray], meta: dict) -> None:
    """Write the five parameter arrays and `meta` (as one JSON string) to an .npz file.

    `meta` must hold ``vocab`` (str) and ``H`` (int); ``model`` ("rnn" or "lstm", from the
    arrays' names), ``dtype`` and ``arrays`` are added.
    """
    import json

    _check_model(params)
    names = _param_names(params)
    params = {k: np.asarray(params[k]) for k in names}
    model = "lstm" if _is_lstm(params) else "rnn"
    meta = dict(meta, model=model, dtype=str(params["W_hy"].dtype), arrays=list(names))
    _expected_shapes(meta)  # refuse to write what load_checkpoint would refuse
    np.savez(path, meta=np.array(json.dumps(meta, sort_keys=True)), **params)


def _expected_shapes(meta: dict) -> dict[str, tuple[int, ...]]:
    """The arrays a checkpoint holds; ``model`` "lstm" or "rnn" (the default: older files)."""
    V, H = len(meta["vocab"]), int(meta["H"])
    model = meta.get("model", "rnn")
    if model == "lstm":
        return {"W_x": (4 * H, V), "W_h": (4 * H, H), "b": (4 * H,), "W_hy": (V, H), "b_y": (V,)}
    if model != "rnn":
        raise CheckpointError(f"checkpoint metadata model must be 'rnn' or 'lstm', got {model!r}")
    return {"W_xh": (H, V), "W_hh": (H, H), "b_h": (H,), "W_hy": (V, H), "b_y": (V,)}


class CheckpointError(ValueError):
    """A checkpoint file does not hold what its metadata (or the caller) says it should."""


def load_checkpoint(
    path=None, vocab: str | None = None, *, model: str = "rnn"
) -> tuple[dict[str, np.ndarray], dict]:
    """Read a character-model checkpoint, checking every array against its metadata.

    Parameters
    ----------
    path : path, optional
        The .npz file; by default the course's checkpoint of `model` (found like the data
        files): ``data/charmodel.npz`` for the RNN, ``data/charmodel_lstm.npz`` for the LSTM
        (whose SHA-256 is checked).
    vocab : str, optional
        The vocabulary the caller will encode text with; refused if the checkpoint's differs.
    model : {"rnn", "lstm"}
        Which of the course's checkpoints to read when `path` is None.

    Returns
    -------
    params : dict of str to ndarray
        RNN: ``W_xh`` (H, V), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (V, H), ``b_y`` (V,).
        LSTM: ``W_x`` (4H, V), ``W_h`` (4H, H), ``b`` (4H,), ``W_hy`` (V, H), ``b_y`` (V,).
    meta : dict
        ``vocab``, ``H``, ``dtype``, ``model`` (absent in older RNN files), hyperparameters,
        ``val_bits``, ``test_bits``, ``train_seconds``, ``package_version``, ...

    Raises
    ------
    CheckpointError
        An array is missing, unexpected, or has the wrong shape or dtype, or the vocabulary
        differs from `vocab`; the message says what differs.
    """
    import json

    from .data import DataFileError, data_dirs, data_path

    if path is None and model == "lstm":
        path = data_path(LSTM_CHECKPOINT_FILE, LSTM_CHECKPOINT_SHA256)
    elif path is None and model == "rnn":
        found = [d / CHECKPOINT_FILE for d in data_dirs() if (d / CHECKPOINT_FILE).is_file()]
        if not found:
            raise DataFileError(
                f"data file {CHECKPOINT_FILE} is missing. Restore it with `git checkout -- "
                f"data/{CHECKPOINT_FILE}` or retrain with `python -m rnn_helpers.train_charmodel`."
            )
        path = found[0]
    elif path is None:
        raise ValueError(f"model must be 'rnn' or 'lstm', got {model!r}")
    with np.load(path, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    if "meta" not in arrays:
        raise CheckpointError(f"{path} has no 'meta' entry: not a checkpoint of save_checkpoint")
    meta = json.loads(str(arrays.pop("meta")))
    expected = _expected_shapes(meta)
    missing = sorted(set(expected) - set(arrays))
    extra = sorted(set(arrays) - set(expected))
    if missing or extra:
        raise CheckpointError(
            f"checkpoint arrays differ from {list(expected)}: missing {missing}, unexpected {extra}"
        )
    for name, shape in expected.items():
        a = arrays[name]
        if a.shape != shape:
            raise CheckpointError(
                f"checkpoint array {name} has shape {a.shape}, but its metadata (V = "
                f"{len(meta['vocab'])}, H = {meta['H']}) says {shape}"
            )
        if str(a.dtype) != meta["dtype"]:
            raise CheckpointError(
                f"checkpoint array {name} has dtype {a.dtype}, but its metadata says "
                f"{meta['dtype']}"
            )
    if vocab is not None and vocab != meta["vocab"]:
        only_ckpt = "".join(sorted(set(meta["vocab"]) - set(vocab)))
        only_given = "".join(sorted(set(vocab) - set(meta["vocab"])))
        raise CheckpointError(
            f"vocab differs from the checkpoint's: {len(vocab)} characters given, "
            f"{len(meta['vocab'])} in the checkpoint; only in the checkpoint {only_ckpt!r}, only "
            f"given {only_given!r}" + ("" if only_ckpt or only_given else "; same set, other order")
        )
    return arrays, meta


# ---------------------------------------------------------------------------- using the model
def read_prefix(params: dict[str, np.ndarray], vocab: str, prefix: str):
    """The state after reading `prefix` from h_0 = 0 (zeros for an empty prefix), in float64.

    The hidden state h (H,) for an RNN; the pair (h, c) of hidden and cell state for an LSTM.
    """
    _check_model(params)
    params = _float64(params)
    state = _zero_char_state(params)
    for i in encode(prefix, vocab) if prefix else []:
        state = _char_step(params, state, i)
    return state


def next_char_distribution(params: dict[str, np.ndarray], vocab: str, prefix: str) -> np.ndarray:
    """p(next character | prefix), shape (V,), from the state after reading `prefix`."""
    return softmax(_logits(_float64(params), read_prefix(params, vocab, prefix)))


def temperature_probs(logits: np.ndarray, temperature: float) -> np.ndarray:
    """p = softmax(z / tau): tau < 1 sharpens the distribution, tau > 1 flattens it."""
    temperature = check_positive_number("temperature", temperature)
    return softmax(np.asarray(logits, dtype=np.float64) / temperature)


def sample_text(
    params: dict[str, np.ndarray],
    vocab: str,
    prefix: str,
    n: int,
    *,
    temperature: float | None,
    rng: np.random.Generator | None = None,
) -> str:
    """Continue `prefix` by n characters, feeding each generated character back in.

    Parameters
    ----------
    params : dict
        A character model, RNN or LSTM (see `text_log2_probs`).
    vocab : str of length V
    prefix : str
        Characters of `vocab` to read first (at least one).
    n : int
        Characters to generate.
    temperature : float or None
        None: greedy decoding (always the most likely character). A number tau > 0: draw from
        softmax(z / tau) with `rng`.
    rng : numpy.random.Generator
        Needed when sampling.

    Returns
    -------
    str
        The n generated characters (without the prefix).
    """
    n = check_positive_int("n", n)
    if temperature is not None:
        check_positive_number("temperature", temperature)
        check_rng(rng)
    if not prefix:
        raise ValueError("prefix must hold at least one character to start from, got ''")
    state = read_prefix(params, vocab, prefix[:-1])
    params = _float64(params)
    i = int(encode(prefix[-1], vocab)[0])
    out = []
    for _ in range(n):
        state = _char_step(params, state, i)
        z = _logits(params, state)
        if temperature is None:
            i = int(np.argmax(z))
        else:
            cdf = np.cumsum(temperature_probs(z, temperature))  # inverse-CDF sampling
            i = min(int(np.searchsorted(cdf, rng.random() * cdf[-1], side="right")), len(vocab) - 1)
        out.append(vocab[i])
    return "".join(out)


def word_completions(
    params: dict[str, np.ndarray], vocab: str, prefix: str, k: int = 5, max_len: int = 12
) -> list[tuple[str, float]]:
    """The k most likely ways to finish the word that `prefix` ends in, with their probabilities.

    A completion is letters (possibly none) followed by a character that is not a letter; its
    probability is the product of the model's next-character probabilities along it. The
    search keeps the 4k most likely partial words at each length (a beam search), so a very
    unlikely completion may be missed, never a likely one that the beam kept.

    Returns
    -------
    list of (completion, probability), most likely first
        ``completion`` is the letters added to the prefix (``""`` if the word ends here).
    """
    k, max_len = check_positive_int("k", k), check_positive_int("max_len", max_len)
    letters = np.array([c.isalpha() or c == "'" for c in vocab])
    state0 = read_prefix(params, vocab, prefix[:-1]) if prefix else None
    params = _float64(params)
    start = int(encode(prefix[-1], vocab)[0]) if prefix else None
    beam = [("", 1.0, state0, start)]  # (letters so far, probability, state before, last index)
    done: list[tuple[str, float]] = []
    for _ in range(max_len + 1):
        grown = []
        for word, p, state, i in beam:
            state = _char_step(params, state, i)
            q = softmax(_logits(params, state).astype(np.float64))
            done.append((word, p * float(q[~letters].sum())))
            for j in np.argsort(q * letters)[::-1][: 4 * k]:
                if letters[j] and q[j] > 0:
                    grown.append((word + vocab[j], p * float(q[j]), state, int(j)))
        beam = sorted(grown, key=lambda b: -b[1])[: 4 * k]
        if not beam or (
            len(done) >= k and beam[0][1] < sorted(done, key=lambda d: -d[1])[k - 1][1]
        ):
            break
    return sorted(done, key=lambda d: -d[1])[:k]


# ---------------------------------------------------------------------------- looking inside
def text_features(text: str) -> dict[str, np.ndarray]:
    """Per-character properties of `text` that a hidden unit might track, each (len(text),).

    - ``in_word``: 1 for a letter or apostrophe, else 0;
    - ``line_position``: characters since the last newline before it (0 at a line's first
      character, the line's length at its closing newline);
    - ``speaker_line``: 1 inside a speaker-name line (see `rnn_helpers.data.speaker_line_mask`);
    - ``vowel``: 1 for a, e, i, o, u (either case).
    """
    from .data import speaker_line_mask

    chars = np.array(list(text))
    newline = chars == "\n"
    last_nl = np.maximum.accumulate(np.where(newline, np.arange(len(text)), -1))
    before = np.concatenate([[-1], last_nl[:-1]])  # the last newline strictly before t
    return {
        "in_word": np.array([c.isalpha() or c == "'" for c in text], dtype=float),
        "line_position": (np.arange(len(text)) - before - 1).astype(float),
        "speaker_line": speaker_line_mask(text).astype(float),
        "vowel": np.isin(np.char.lower(chars), list("aeiou")).astype(float),
    }


def unit_correlations(h: np.ndarray, feature: np.ndarray) -> np.ndarray:
    """Pearson correlation of each hidden unit's activation with a feature, shape (H,).

    Parameters
    ----------
    h : ndarray of shape (T, H)
        Hidden states, ``h[t]`` after reading character t.
    feature : ndarray of shape (T,)
    """
    h = np.asarray(h)
    f = np.asarray(feature, dtype=np.float64)
    if h.ndim != 2 or f.shape != (h.shape[0],):
        raise ValueError(
            f"feature must have shape (T,) = ({h.shape[0]},) to match h (T, H), got {f.shape}"
        )
    T = h.shape[0]
    fc = f - f.mean()
    # sums in float64 without a (T, H) copy: cov_i = sum_t fc_t h_ti (fc sums to 0)
    cov = np.einsum("t,ti->i", fc, h, dtype=np.float64)
    mean = h.mean(axis=0, dtype=np.float64)
    var = np.einsum("ti,ti->i", h, h, dtype=np.float64) - T * mean**2  # sum_t (h_ti - mean_i)^2
    denom = np.sqrt(np.clip(var, 0, None) * (fc**2).sum())
    return np.divide(cov, denom, out=np.zeros(h.shape[1]), where=denom > 1e-12 * T)


def predictor(
    params: dict[str, np.ndarray],
    vocab: str,
    prefix: str,
    k: int = 8,
    n: int = 60,
    temperature: float = 1.0,
    *,
    rng: np.random.Generator,
) -> dict:
    """What the model predicts after `prefix`: the top-k next characters and a continuation.

    Characters of `prefix` that are not in `vocab` are dropped (and listed in ``ignored``); an
    empty prefix becomes a newline, the character that starts every speech.

    Parameters
    ----------
    params : dict of str to ndarray
        A character model: ``W_xh`` (H, V), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (V, H),
        ``b_y`` (V,); or an LSTM's five arrays (see `text_log2_probs`).
    vocab : str of length V
    prefix : str
        The text the model reads.
    k : int
        How many of the most likely next characters to list.
    n : int
        Characters in the continuation.
    temperature : float
        Sampling temperature of the continuation.
    rng : np.random.Generator
        Draws the continuation.

    Returns
    -------
    dict with
        ``prefix`` (the text read), ``ignored`` (str), ``probs`` (V,), ``top_chars`` (str of k),
        ``top_probs`` (k,), ``continuation`` (n characters sampled at `temperature` from
        `rng`).
    """
    k = min(check_positive_int("k", k), len(vocab))
    kept = "".join(c for c in prefix if c in vocab)
    ignored = "".join(sorted({c for c in prefix if c not in vocab}))
    kept = kept or "\n"
    probs = next_char_distribution(params, vocab, kept)
    top = np.argsort(probs)[::-1][:k]
    continuation = sample_text(params, vocab, kept, n, temperature=temperature, rng=rng)
    return {
        "prefix": kept,
        "ignored": ignored,
        "probs": probs,
        "top_chars": "".join(vocab[i] for i in top),
        "top_probs": probs[top],
        "continuation": continuation,
    }


class Snapshots:
    """A `train` callback that records validation bits/char and a sample at every call.

    Parameters
    ----------
    vocab : str
    val_idx : int ndarray
        The encoded validation text (a short piece is enough).
    prefix : str
        What each sample starts from.
    n : int
        Characters per sample.
    temperature : float
    rng : np.random.Generator
        Every sample draws from a copy of `rng` in its state at construction, so samples differ
        only through the model.

    Attributes
    ----------
    steps, val_bits, samples : list
    """

    def __init__(self, vocab, val_idx, prefix="\n", n=120, temperature=0.8, *, rng):
        self.vocab, self.val_idx, self.prefix, self.n = vocab, np.asarray(val_idx), prefix, n
        self.temperature, self._rng = temperature, copy.deepcopy(rng)
        self.steps, self.val_bits, self.samples = [], [], []

    def __call__(self, step: int, params: dict[str, np.ndarray]) -> bool:
        self.steps.append(step)
        self.val_bits.append(bits_per_char(params, self.val_idx))
        rng = copy.deepcopy(self._rng)
        self.samples.append(
            sample_text(
                params, self.vocab, self.prefix, self.n, temperature=self.temperature, rng=rng
            )
        )
        return False
