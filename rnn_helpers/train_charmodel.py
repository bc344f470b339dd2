"""Train notebook 07's character RNN (or notebook 08's LSTM) on Tiny Shakespeare.

    python -m rnn_helpers.train_charmodel                 # the RNN, into data/charmodel.npz
    python -m rnn_helpers.train_charmodel --steps 200 --out /tmp/quick.npz   # a quick try
    python -m rnn_helpers.train_charmodel --model lstm --seeds 0,1,2,3,4 --runs DIR
    python -m rnn_helpers.train_charmodel --collect DIR   # data/charmodel_seeds.json (+ LSTM)

``--model lstm`` trains an LSTM with H = 122 units, which has the parameter count closest to
the RNN's with H = 256 (99,739 against 99,137, output layer included), with the same recipe.
``--seeds`` runs the recipe once per seed and writes each run's record (and checkpoint) into
the folder ``--runs``; ``--collect`` gathers the records of one or more such folders into
``data/charmodel_seeds.json`` and copies the LSTM's seed-0 checkpoint of the full recipe to
``data/charmodel_lstm.npz``. Run training with ``OPENBLAS_NUM_THREADS=1``. How the stored file
was made (both models, seeds 0-4, the full recipe) is in data/README.md.

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
import json
import platform
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import __version__
from ._validate import check_positive_int
from .charmodel import (
    CHECKPOINT_FILE,
    LN2,
    LSTM_CHECKPOINT_FILE,
    EarlyStopping,
    char_streams,
    load_checkpoint,
    save_checkpoint,
    text_log2_probs,
)
from .data import (
    build_vocab,
    data_dirs,
    data_path,
    encode,
    load_shakespeare,
    sha256_of,
    speaker_line_mask,
    split_by_position,
)
from .lstm import init_lstm_params
from .optim import Adam
from .rnn import init_rnn_params
from .training import copy_params, train

MODELS = ("rnn", "lstm")
FIRST_LOSSES = 50  # the training loss of the first updates is stored, for a quick re-run test
HIDDEN = {"rnn": 256, "lstm": 122}  # the same parameter count, within 0.6 % (`count_params`)
DEFAULTS = {
    "model": "rnn",
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


def count_params(model: str, V: int, H: int) -> int:
    """Weights and biases of a character model, output layer included.

    RNN: H·V + H² + H + V·H + V. LSTM: 4(H·V + H² + H) + V·H + V.
    """
    recurrent = H * V + H * H + H
    return (4 if model == "lstm" else 1) * recurrent + V * H + V


def init_params(model: str, V: int, H: int, *, rng: np.random.Generator, dtype) -> dict:
    """PyTorch-style initial parameters: `init_rnn_params`, or `init_lstm_params` with the
    forget-gate bias at 1 (as in notebook 08)."""
    if model == "lstm":
        return init_lstm_params(V, H, V, rng=rng, forget_bias=1.0, dtype=dtype)
    if model != "rnn":
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    return init_rnn_params(V, H, V, rng=rng, dtype=dtype)


def score_parts(params, vocab: str, text: str, part: str) -> dict:
    """Bits/char of `part` (a substring of the corpus), overall and on speaker-name lines."""
    log2_p = text_log2_probs(params, encode(part, vocab))
    names = speaker_line_mask(part)[1:]
    return {
        "bits": float(-log2_p.mean()),
        "bits_speaker_lines": float(-log2_p[names].mean()),
        "bits_other_lines": float(-log2_p[~names].mean()),
    }


def _setup(config: dict):
    """The corpus, its vocabulary and three parts, the training streams x, y and the initial
    parameters of `config` (``model``, ``H``, ``streams``, ``seed``, ``dtype``)."""
    text = load_shakespeare()
    vocab = build_vocab(text)
    parts = split_by_position(text)
    x, y = char_streams(encode(parts[0], vocab), len(vocab), config["streams"])
    rng = np.random.default_rng(config["seed"])
    dtype = np.dtype(config["dtype"])
    params = init_params(config["model"], len(vocab), config["H"], rng=rng, dtype=dtype)
    return text, vocab, parts, x, y, params


def _train_start(config: dict, steps: int, prepared=None):
    """The first `steps` updates of a run of `config`, without validation; the TrainResult.

    `prepared` is what `_setup(config)` returned, to time several starts without repeating it.
    """
    _, _, _, x, y, params = prepared if prepared is not None else _setup(config)
    return train(
        copy_params(params),
        x,
        y,
        steps=steps,
        optimizer=Adam(lr=config["lr"]),
        loss="cross_entropy",
        window=config["window"],
        clip=config["clip"],
        progress=False,
    )


def first_losses(config: dict, steps: int) -> list[float]:
    """The training loss, in bits/char, of the first `steps` updates of a run of `config`.

    The same training as `train_charmodel` without its validation calls (the first comes
    after ``eval_every`` updates), so that a test can re-run the start of a stored run cheaply
    and compare with its ``first_losses_bits``.
    """
    return [float(v / LN2) for v in _train_start(config, steps).losses]


def seconds_per_update(model: str, steps: int = 20, repeats: int = 3) -> float:
    """Wall time of one update of `model` ("rnn" or "lstm") with 07's recipe, on this machine.

    `steps` updates from seed 0 are timed by `train`'s own clock (the data preparation excluded),
    `repeats` times; the fastest of the repeats, divided by `steps`, is returned, so that a burst
    of other work on a shared machine does not decide the result.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    steps, repeats = check_positive_int("steps", steps), check_positive_int("repeats", repeats)
    config = DEFAULTS | {"model": model, "H": HIDDEN[model]}
    prepared = _setup(config)
    return min(_train_start(config, steps, prepared).seconds for _ in range(repeats)) / steps


def train_charmodel(
    config: dict, out: Path | None, verbose: bool = True, reference: Path | None = None
) -> tuple[dict, dict]:
    """Train with `config` (keys of DEFAULTS), save to `out` (unless None); (params, meta).

    With `reference`, an earlier checkpoint's settings, bits/char and curves are stored under
    ``meta["reference_run"]``, so that the notebook can compare the two runs.
    """
    start = time.perf_counter()
    text, vocab, (train_text, val_text, test_text), x, y, params = _setup(config)
    V, H, dtype, model = len(vocab), config["H"], np.dtype(config["dtype"]), config["model"]
    val_idx = encode(val_text, vocab)
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
            f"{x.shape[1]:,}; {model}, V = {V}, H = {H}, {count_params(model, V, H):,} "
            f"parameters, {dtype}; "
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
        "params": count_params(model, V, H),
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
        "first_losses_bits": [float(v / LN2) for v in result.losses[:FIRST_LOSSES]],
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


# ---------------------------------------------------------------- the seed sweep (notebook 08)
SEEDS_FILE = "charmodel_seeds.json"  # in data/, written by --collect
SEEDS_SHA256 = "6f7b57d6ea36d2348f1f4302850be61daeb567020cf39411fb55a523fb180c47"  # data/README.md


def run_record(config: dict, runs: Path, verbose: bool = True) -> dict:
    """Train once with `config`; write ``runs/<model>_seed<k>.json`` and ``.npz``; the record.

    The record is the checkpoint's metadata without the vocabulary, plus ``model`` and ``seed``.
    """
    runs = Path(runs)
    runs.mkdir(parents=True, exist_ok=True)
    stem = runs / f"{config['model']}_seed{config['seed']}"
    _, meta = train_charmodel(config, stem.with_suffix(".npz"), verbose=verbose)
    record = {"model": config["model"], "seed": config["seed"]} | {
        k: v for k, v in meta.items() if k != "vocab"
    }
    stem.with_suffix(".json").write_text(json.dumps(record) + "\n")
    return record


def _order(record: dict) -> tuple:
    """Records sorted by budget (longest first), model (as in MODELS), learning rate, seed."""
    hyper = record["hyperparameters"]
    return (-hyper["steps"], MODELS.index(record["model"]), hyper["lr"], record["seed"])


def collect(runs: list[Path], folder: Path) -> dict:
    """Gather the records ``*_seed*.json`` of the folders `runs` into
    ``folder/charmodel_seeds.json``, and copy the LSTM's seed-0 checkpoint of the full recipe
    (5000 updates) to ``folder/charmodel_lstm.npz``; print both SHA-256s; return the result."""
    records, checkpoint = [], None
    for run in map(Path, runs):
        for f in sorted(run.glob("*_seed*.json")):
            record = json.loads(f.read_text())
            records.append(record)
            hyper = record["hyperparameters"]
            full = (hyper["steps"], hyper["lr"]) == (DEFAULTS["steps"], DEFAULTS["lr"])
            if (record["model"], record["seed"], full) == ("lstm", 0, True):
                checkpoint = f.with_suffix(".npz")
    records.sort(key=_order)
    recipe = {k: v for k, v in DEFAULTS.items() if k not in ("model", "H", "seed")}
    result = {
        "description": "Notebook 08: the character RNN of notebook 07 against an LSTM with the "
        "same parameter count, on Tiny Shakespeare, one run per model, budget and seed",
        "recipe": recipe,
        "models": {m: {"H": HIDDEN[m], "params": count_params(m, 65, HIDDEN[m])} for m in MODELS},
        "rnn_helpers_version": __version__,
        "numpy_version": np.__version__,
        "python": platform.python_version(),
        "runs": records,
    }
    out = Path(folder) / SEEDS_FILE
    out.write_text(json.dumps(result, separators=(",", ":")) + "\n")
    print(f"wrote {out}: {len(records)} runs, SHA-256 {sha256_of(out)}")
    if checkpoint is not None:
        target = Path(folder) / LSTM_CHECKPOINT_FILE
        shutil.copyfile(checkpoint, target)
        print(f"wrote {target}: SHA-256 {sha256_of(target)}")
    return result


def load_seeds() -> dict:
    """The stored seed sweep (``data/charmodel_seeds.json``), after checking its SHA-256.

    Returns
    -------
    dict
        ``recipe`` (the shared settings), ``models`` (H and parameter count of each),
        ``rnn_helpers_version``, ``numpy_version``, ``python`` and ``runs``: one record per
        (model, seed) with ``val_bits``, ``test_bits``, ``test_bits_speaker_lines``,
        ``test_bits_other_lines``, ``best_step``, ``updates``, ``train_seconds``,
        ``chars_per_second``, ``hyperparameters``, ``history`` (``step``, ``train_bits``,
        ``val_bits``, ``lr`` at every validation) and ``first_losses_bits``.
    """
    return json.loads(data_path(SEEDS_FILE, SEEDS_SHA256).read_text())


def seed_runs(result: dict, model: str, steps: int, lr: float | None = None) -> list[dict]:
    """The records of `model` trained with `steps` updates at learning rate `lr` (default: the
    recipe's), by seed."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    lr = result["recipe"]["lr"] if lr is None else lr
    runs = [
        r
        for r in result["runs"]
        if r["model"] == model
        and r["hyperparameters"]["steps"] == steps
        and r["hyperparameters"]["lr"] == lr
    ]
    if not runs:
        stored = sorted(
            {(r["hyperparameters"]["steps"], r["hyperparameters"]["lr"]) for r in result["runs"]}
        )
        raise ValueError(
            f"(steps, lr) must be one of the stored (budget, learning rate) pairs {stored}, got "
            f"({steps!r}, {lr!r})"
        )
    return sorted(runs, key=lambda r: r["seed"])


def lr_search(result: dict, model: str, steps: int, seed: int = 0) -> dict[float, float]:
    """Best validation bits/char of `seed`'s run at every stored learning rate of `model`."""
    found = {
        r["hyperparameters"]["lr"]: r["val_bits"]
        for r in result["runs"]
        if r["model"] == model and r["hyperparameters"]["steps"] == steps and r["seed"] == seed
    }
    if not found:
        raise ValueError(f"no run of {model!r} with {steps} updates and seed {seed} is stored")
    return dict(sorted(found.items()))


def best_lr(result: dict, model: str, steps: int) -> float:
    """The learning rate whose seed-0 run scored best on validation (never on the test part)."""
    search = lr_search(result, model, steps)
    return min(search, key=search.get)


def seed_summary(result: dict, model: str, steps: int, lr: float | None = None) -> dict:
    """Median and range over the seeds of one model, budget and learning rate (default: the
    recipe's), of the test bits/char.

    Returns
    -------
    dict with
        ``seeds`` (list); ``val_bits``, ``test_bits``, ``speaker_bits`` and ``other_bits`` (per
        seed, ndarray: the validation part, the whole test part, its speaker-name lines, its
        other lines); for each of ``val``, ``test``, ``speaker`` and ``other`` the keys
        ``<name>_median``, ``<name>_lo``,
        ``<name>_hi``, with ``median``, ``lo``, ``hi`` short for the test part's; and the
        model's ``H`` and ``params``.
    """
    runs = seed_runs(result, model, steps, lr)
    fields = {
        "val": "val_bits",
        "test": "test_bits",
        "speaker": "test_bits_speaker_lines",
        "other": "test_bits_other_lines",
    }
    out = {"seeds": [r["seed"] for r in runs], **result["models"][model]}
    for name, field in fields.items():
        v = np.array([r[field] for r in runs])
        out |= {f"{name}_bits": v, f"{name}_median": float(np.median(v))}
        out |= {f"{name}_lo": float(v.min()), f"{name}_hi": float(v.max())}
    out |= {"median": out["test_median"], "lo": out["test_lo"], "hi": out["test_hi"]}
    return out


SUMMARY_COLUMNS = {
    "val": "validation",
    "test": "whole test part",
    "speaker": "speaker-name lines",
    "other": "other lines",
}


def format_seed_summaries(
    summaries: dict[str, dict], columns: Sequence[str] = ("test", "speaker", "other")
) -> str:
    """A text table of `seed_summary` results: one row per label, median [range] per column.

    Parameters
    ----------
    summaries : dict of label to dict
        From `seed_summary`, e.g. ``{"tanh RNN": ..., "LSTM": ...}``.
    columns : sequence of str
        Keys of SUMMARY_COLUMNS, in the order shown.
    """
    unknown = [c for c in columns if c not in SUMMARY_COLUMNS]
    if unknown:
        raise ValueError(f"columns must be among {tuple(SUMMARY_COLUMNS)}, got {unknown}")
    head = f"{'model':9s} {'H':>4s} {'params':>7s}   " + " ".join(
        f"{SUMMARY_COLUMNS[c]:20s}" for c in columns
    )
    rows = [
        f"{label:9s} {s['H']:4d} {s['params']:7,d}   "
        + " ".join(
            f"{s[c + '_median']:.3f} [{s[c + '_lo']:.3f}-{s[c + '_hi']:.3f}] " for c in columns
        )
        for label, s in summaries.items()
    ]
    return "\n".join([head.rstrip(), *(r.rstrip() for r in rows)])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for key, value in DEFAULTS.items():
        if key not in ("model", "H"):
            parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--model", choices=MODELS, default="rnn")
    parser.add_argument("--H", type=int, default=None, help=f"default {HIDDEN}")
    parser.add_argument("--out", type=Path, default=None, help=f"default data/{CHECKPOINT_FILE}")
    parser.add_argument("--reference", type=Path, default=None, help="a checkpoint to compare")
    parser.add_argument("--seeds", default=None, help="e.g. 0,1,2,3,4: one run per seed")
    parser.add_argument("--runs", type=Path, default=None, help="folder for --seeds records")
    parser.add_argument("--collect", type=Path, nargs="+", default=None, help="--runs folders")
    opts = vars(parser.parse_args(argv))
    out, reference = opts.pop("out"), opts.pop("reference")
    seeds, runs, gather = opts.pop("seeds"), opts.pop("runs"), opts.pop("collect")
    opts["H"] = opts["H"] or HIDDEN[opts["model"]]
    folder = next(d for d in data_dirs() if d.is_dir())
    if gather is not None:
        collect(gather, folder)
        return
    if seeds is not None:
        if runs is None:
            parser.error("--seeds needs --runs FOLDER for the records")
        for seed in [int(k) for k in seeds.split(",")]:
            run_record(opts | {"seed": seed}, runs)
        return
    if out is None:
        out = folder / (LSTM_CHECKPOINT_FILE if opts["model"] == "lstm" else CHECKPOINT_FILE)
    train_charmodel(opts, out, reference=reference)


if __name__ == "__main__":
    main()
