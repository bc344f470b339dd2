"""Train notebook 07's character RNN on Tiny Shakespeare and write ``data/charmodel.npz``.

    python -m rnn_helpers.train_charmodel                 # the full run (a few minutes)
    python -m rnn_helpers.train_charmodel --steps 200 --out /tmp/quick.npz   # a quick try

The recipe: the training part cut into N parallel streams; truncated BPTT with windows of k
characters and the state carried from window to window (`rnn_helpers.train` with ``window=k``);
gradients clipped by their global norm; Adam. Every `eval_every` updates the validation part is
scored (`EarlyStopping`): the best parameters are kept, the learning rate is halved at the
scheduled steps `decay_at` and whenever validation stops improving, and training stops after a
few halvings without progress. The best
parameters are scored on the test part and saved with their metadata.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from . import __version__
from .charmodel import (
    CHECKPOINT_FILE,
    LN2,
    EarlyStopping,
    char_streams,
    load_checkpoint,
    save_checkpoint,
    text_log2_probs,
)
from .data import build_vocab, encode, load_shakespeare, speaker_line_mask, split_by_position
from .optim import Adam
from .rnn import init_rnn_params
from .training import train

DEFAULTS = {
    "H": 256,
    "streams": 32,
    "window": 50,
    "lr": 2e-3,
    "clip": 5.0,
    "steps": 5000,
    "eval_every": 250,
    "patience": 2,
    "lr_decay": 0.5,
    "stop_after": 2,
    "decay_at": "3000,4000",
    "seed": 0,
    "dtype": "float32",
}


def score_parts(params, vocab: str, text: str, part: str) -> dict:
    """Bits/char of `part` (a substring of the corpus), overall and on speaker-name lines."""
    log2_p = text_log2_probs(params, encode(part, vocab))
    names = speaker_line_mask(part)[1:]
    return {
        "bits": float(-log2_p.mean()),
        "bits_speaker_lines": float(-log2_p[names].mean()),
        "bits_other_lines": float(-log2_p[~names].mean()),
    }


def train_charmodel(
    config: dict, out: Path | None, verbose: bool = True, reference: Path | None = None
) -> tuple[dict, dict]:
    """Train with `config` (keys of DEFAULTS), save to `out` (unless None); (params, meta).

    With `reference`, an earlier checkpoint's settings, bits/char and curves are stored under
    ``meta["reference_run"]``, so that the notebook can compare the two runs.
    """
    start = time.perf_counter()
    text = load_shakespeare()
    vocab = build_vocab(text)
    train_text, val_text, test_text = split_by_position(text)
    V, H, dtype = len(vocab), config["H"], np.dtype(config["dtype"])
    x, y = char_streams(encode(train_text, vocab), V, config["streams"])
    val_idx = encode(val_text, vocab)
    params = init_rnn_params(V, H, V, rng=np.random.default_rng(config["seed"]), dtype=dtype)
    optimizer = Adam(lr=config["lr"])
    stopper = EarlyStopping(
        val_idx,
        optimizer,
        patience=config["patience"],
        lr_decay=config["lr_decay"],
        stop_after=config["stop_after"],
        verbose=verbose,
        decay_at=[int(s) for s in config["decay_at"].split(",") if s.strip()],
    )
    if verbose:
        print(
            f"{len(train_text):,} training characters in {config['streams']} streams of "
            f"{x.shape[1]:,}; V = {V}, H = {H}, {dtype}; "
            f"{x.shape[1] // config['window']} updates per pass over the text",
            flush=True,
        )
    result = train(
        params,
        x,
        y,
        steps=config["steps"],
        optimizer=optimizer,
        loss="cross_entropy",
        window=config["window"],
        clip=config["clip"],
        progress=verbose,
        callback=stopper,
        callback_every=config["eval_every"],
    )
    seconds = time.perf_counter() - start
    best = stopper.best_params
    updates = int(result.logged_steps[-1])
    chars = updates * config["streams"] * config["window"]
    train_bits = [  # mean training loss of the windows between two validation scores, in bits
        float(result.losses[(result.logged_steps > a) & (result.logged_steps <= b)].mean() / LN2)
        for a, b in zip([0, *stopper.steps[:-1]], stopper.steps, strict=True)
    ]
    val = score_parts(best, vocab, text, val_text)
    test = score_parts(best, vocab, text, test_text)
    meta = {
        "vocab": vocab,
        "H": H,
        "hyperparameters": dict(config),
        "split": "first 90% train, next 5% validation, last 5% test, by position",
        "val_bits": val["bits"],
        "test_bits": test["bits"],
        "test_bits_speaker_lines": test["bits_speaker_lines"],
        "test_bits_other_lines": test["bits_other_lines"],
        "best_step": stopper.best_step,
        "updates": updates,
        "stopped_early": result.stopped_early,
        "train_seconds": round(seconds, 1),
        "chars_per_second": round(chars / (result.seconds - stopper.seconds)),
        "validation_seconds": round(stopper.seconds, 1),
        "history": {
            "step": stopper.steps,
            "train_bits": train_bits,
            "val_bits": stopper.val_bits,
            "lr": stopper.lrs,
        },
        "package_version": __version__,
        "numpy_version": np.__version__,
    }
    if reference is not None:  # an earlier run to compare with (e.g. without the decay)
        _, ref = load_checkpoint(reference)
        meta["reference_run"] = {
            k: ref[k] for k in ("hyperparameters", "val_bits", "test_bits", "best_step", "history")
        }
    if out is not None:
        save_checkpoint(out, best, meta)
    if verbose:
        print(
            f"best validation at update {stopper.best_step} of {updates}"
            f"{' (stopped early)' if result.stopped_early else ''}\n"
            f"validation {val['bits']:.4f} bits/char, test {test['bits']:.4f} bits/char "
            f"(speaker-name lines {test['bits_speaker_lines']:.3f}, other lines "
            f"{test['bits_other_lines']:.3f})\n"
            f"wall time {seconds:.0f} s ({seconds / 60:.1f} min), "
            f"{meta['chars_per_second']:,} training characters/s (validation scoring excluded, "
            f"{stopper.seconds:.0f} s)" + (f"; wrote {out}" if out else ""),
            flush=True,
        )
    return best, meta


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--out", type=Path, default=None, help=f"default data/{CHECKPOINT_FILE}")
    parser.add_argument("--reference", type=Path, default=None, help="a checkpoint to compare")
    opts = vars(parser.parse_args(argv))
    out, reference = opts.pop("out"), opts.pop("reference")
    if out is None:
        from .data import SHAKESPEARE_FILE, SHAKESPEARE_SHA256, data_path

        out = data_path(SHAKESPEARE_FILE, SHAKESPEARE_SHA256).parent / CHECKPOINT_FILE
    train_charmodel(opts, out, reference=reference)


if __name__ == "__main__":
    main()
