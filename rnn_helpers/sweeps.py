"""Sweeps too slow for a notebook: run from fixed seeds, stored in small JSON files in ``data/``.

Each sweep runs one experiment of notebooks 04 and 05 over seeds, budgets and settings, and
writes every seed's raw numbers, the configuration and the package version to
``data/sweep_<name>.json``. The notebooks load the file with `load` (which checks its SHA-256)
and re-run one cheap cell live; ``tests/test_sweeps.py`` re-runs a small subset of every sweep
and matches the file. To rebuild a file (one at a time: each takes minutes)::

    OPENBLAS_NUM_THREADS=1 python -m rnn_helpers.sweeps adding
    python -m rnn_helpers.sweeps --hashes      # then copy the hashes into SHA256 and data/README.md

The sweeps:

``adding``      notebook 05 §7: tanh and ReLU RNNs (and the IRNN at T = 40) on the adding
                problem, T = 10, 20, 40, test MSE every 100 updates up to 1000, 2000, 3000.
``remedies``    notebook 05 §8: the IRNN at T = 40 with and without clipping, for Adam's
                β₂ = 0.999 and 0.9; the IRNN at T = 80; tanh with an orthogonal W_hh at T = 40.
``truncation``  notebook 04 §7: delayed echo (d = 2, 4), every window length k from 1 to d + 1,
                2d and full BPTT; and the best linear readout of the untrained network.
``cliff``       notebook 05 §6: success rate of gradient descent on the one-unit cliff against
                the budget, the clipping threshold θ and the learning rate.
``clipping``    notebook 04 §6: SGD at lr = 1 on the many-to-many sine task with clipping
                thresholds θ from 0.03 to 10, and without clipping.
``optimizers``  notebook 04 §6: SGD, Adagrad and Adam on the same task, 300 updates.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from . import __version__, cliff, longrange
from .data import data_dirs, data_path, sha256_of
from .experiments import Curve, SeedSummary, above, below, summarize
from .optim import SGD, Adagrad, Adam
from .rnn import init_rnn_params
from .tasks import delayed_echo, last_value_mse, noisy_sine
from .training import NonFiniteError, echo_window_trial, evaluate, readout_mse, train

SEEDS = tuple(range(6))

CONFIGS: dict[str, dict] = {
    "adding": {
        "seeds": SEEDS,
        "cells": [  # (model, T, updates)
            ("tanh", 10, 1000),
            ("tanh", 20, 2000),
            ("tanh", 40, 3000),
            ("relu", 10, 1000),
            ("relu", 20, 2000),
            ("relu", 40, 3000),
            ("irnn", 40, 3000),
        ],
        "every": 100,
        "H": 16,
        "lr": 0.01,
        "clip": 1.0,
        "batch_size": 32,
        "n_train": 2000,
        "n_test": 500,
    },
    "remedies": {
        "seeds": SEEDS,
        "arms": [  # (name, model, T, clip, beta2, updates)
            ("IRNN, T = 40, clip 1, β₂ = 0.999", "irnn", 40, 1.0, 0.999, 1000),
            ("IRNN, T = 40, no clipping, β₂ = 0.999", "irnn", 40, None, 0.999, 1000),
            ("IRNN, T = 40, no clipping, β₂ = 0.9", "irnn", 40, None, 0.9, 1000),
            ("IRNN, T = 40, clip 1, β₂ = 0.9", "irnn", 40, 1.0, 0.9, 1000),
            ("IRNN, T = 80, clip 1, β₂ = 0.999", "irnn", 80, 1.0, 0.999, 1000),
            ("tanh, orthogonal W_hh, T = 40, clip 1", "tanh-orthogonal", 40, 1.0, 0.999, 1000),
        ],
        "every": 100,
        "H": 16,
        "lr": 0.01,
        "batch_size": 32,
        "n_train": 2000,
        "n_test": 500,
    },
    "truncation": {
        "seeds": tuple(range(8)),
        "delays": {"2": [1, 2, 3, 4, 32], "4": [1, 2, 3, 4, 5, 8, 32]},
        "T": 32,
        "H": 16,
        "n_train": 32,
        "n_test": 256,
        "passes": 100,
        "lr": 0.01,
        "readout_delays": [1, 2, 3, 4, 5, 6, 8],
    },
    "cliff": {
        "seeds": tuple(range(10)),
        "starts_per_seed": 100,
        "lrs": [0.1, 0.5],
        "thetas": [None, 0.1, 0.3, 1.0, 3.0, 5.0],
        "steps": 1000,
        "budgets": [100, 300, 1000],
        "tol": 1e-3,
    },
    "clipping": {
        "seeds": SEEDS,
        "lr": 1.0,
        "thetas": [None, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0],
        "reference_lr": 0.3,
        "steps": 300,
        "N": 32,
        "T": 40,
        "H": 16,
        "n_test": 500,
    },
    "optimizers": {
        "seeds": SEEDS,
        "optimizers": [("SGD", 0.3), ("Adagrad", 0.05), ("Adam", 0.01)],
        "steps": 300,
        "N": 32,
        "T": 40,
        "H": 16,
        "n_test": 500,
    },
}

# SHA-256 of each stored file (also listed in data/README.md); `load` refuses any other bytes
SHA256 = {
    "adding": "2d17b4270caadbe4f325b982fc49689a9c487246dc723674eede2e9f78285134",
    "remedies": "2c2f6e8f9b3d558c4886c93e6ba73527af28e204a6e635124fbe2577b53c1d0c",
    "truncation": "928415837f99e57da05d280d15d5455ae6f461d27275157e3925e798c48783c5",
    "cliff": "1eab6081c4b91071e121c61451e591529f44398ae34e2a25d6f820f0239dbec2",
    "clipping": "8457e2b2481f115309582430a5aabdde9ca4993182926d7e6f3fedd8fa6aa70b",
    "optimizers": "aec6b400919f620c53415eb637157e0ccab5b5b368dad069ba6ad4fd57f7c8d4",
}


def _floats(a) -> list:
    """A JSON-ready list of floats (nan stays nan, which Python's json writes as NaN)."""
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


# ------------------------------------------------------------------ the sweeps


def adding_record(model: str, T: int, updates: int, seed: int, config: dict) -> dict:
    """One seed of one cell of the ``adding`` sweep (also used by ``remedies``)."""
    keys = ("H", "lr", "batch_size", "n_train", "n_test")
    run = longrange.adding_curve(
        T,
        np.random.default_rng(seed),
        model=model,
        steps=updates,
        every=config["every"],
        clip=config.get("clip", 1.0),
        beta2=config.get("beta2", 0.999),
        **{k: config[k] for k in keys},
    )
    return {
        "model": model,
        "T": T,
        "seed": seed,
        "steps": [int(s) for s in run.steps],
        "test_mse": _floats(run.test_mse),
        "sensitivity": _floats(run.sensitivity),
        "grad_norm_max": _floats(run.grad_norm_max),
        "diverged": bool(run.diverged),
    }


def sweep_adding(config: dict) -> list[dict]:
    """Every (model, T, updates) cell of the config, for every seed."""
    return [
        adding_record(model, T, updates, seed, config)
        for model, T, updates in config["cells"]
        for seed in config["seeds"]
    ]


def remedies_record(arm, seed: int, config: dict) -> dict:
    """One seed of one arm of the ``remedies`` sweep."""
    name, model, T, clip, beta2, updates = arm
    record = adding_record(model, T, updates, seed, config | {"clip": clip, "beta2": beta2})
    return {"arm": name, "clip": clip, "beta2": beta2} | record


def sweep_remedies(config: dict) -> list[dict]:
    """Every arm of the config, for every seed."""
    return [
        remedies_record(arm, seed, config) for arm in config["arms"] for seed in config["seeds"]
    ]


def truncation_record(delay: int, windows, seed: int, config: dict) -> dict:
    """One seed of the ``truncation`` sweep at one delay: every window's test-loss curve."""
    keys = ("T", "H", "n_train", "n_test", "passes", "lr")
    runs = echo_window_trial(
        np.random.default_rng(seed),
        delay=delay,
        window_lengths=windows,
        **{k: config[k] for k in keys},
    )
    return {
        "delay": delay,
        "seed": seed,
        "windows": [r.window for r in runs],
        "updates": [r.updates for r in runs],
        "eval_losses": [_floats(r.eval_losses) for r in runs],
        "settled_loss": [r.settled_loss for r in runs],
    }


def readout_record(delay: int, seed: int, config: dict) -> dict:
    """Best linear readout of the *untrained* network of `truncation_record` for one delay.

    The generator is used as in `echo_window_trial`, so the weights are those the trial starts
    from (for that delay); the readout is fitted on its training sequences (the first `delay`
    steps, whose targets are 0, left out) and scored on its test sequences.
    """
    rng = np.random.default_rng(seed)
    x, y = delayed_echo(config["n_train"], config["T"], delay, rng=rng)
    x_test, y_test = delayed_echo(config["n_test"], config["T"], delay, rng=rng)
    params = init_rnn_params(1, config["H"], 1, rng=rng)
    mse = readout_mse(params, x, y, x_test, y_test, skip=delay)
    return {"delay": delay, "seed": seed, "readout_mse": mse}


def sweep_truncation(config: dict) -> dict:
    """Window trials for every delay and seed, and readouts for every readout delay and seed."""
    trials = [
        truncation_record(int(d), windows, seed, config)
        for d, windows in config["delays"].items()
        for seed in config["seeds"]
    ]
    readouts = [
        readout_record(d, seed, config)
        for d in config["readout_delays"]
        for seed in config["seeds"]
    ]
    return {"trials": trials, "readouts": readouts}


def cliff_record(lr: float, theta, config: dict) -> dict:
    """Success rate of every seed's starts, at every budget, for one (lr, θ)."""
    w0, b0 = [], []
    for seed in config["seeds"]:
        w, b = cliff.starts_below_cliff(config["starts_per_seed"], rng=np.random.default_rng(seed))
        w0.append(w)
        b0.append(b)
    run = cliff.gradient_descent(
        np.concatenate(w0), np.concatenate(b0), lr=lr, steps=config["steps"], clip=theta
    )
    per_seed = run.errors.reshape(run.errors.shape[0], len(config["seeds"]), -1)
    rates = {
        str(budget): _floats(np.mean(per_seed[budget] < config["tol"], axis=-1))
        for budget in config["budgets"]
    }
    longest = run.step_norms.reshape(run.step_norms.shape[0], len(config["seeds"]), -1).max(
        axis=(0, 2)
    )
    return {"lr": lr, "theta": theta, "success_rate": rates, "longest_step": _floats(longest)}


def sweep_cliff(config: dict) -> list[dict]:
    """`cliff_record` for every learning rate and threshold."""
    return [cliff_record(lr, theta, config) for lr in config["lrs"] for theta in config["thetas"]]


def _sine_setup(seed: int, config: dict):
    """From ``default_rng(seed)``: N training and n_test test sequences, then the weights."""
    rng = np.random.default_rng(seed)
    x, y = noisy_sine(config["N"], config["T"], rng=rng)
    x_test, y_test = noisy_sine(config["n_test"], config["T"], rng=rng)
    return init_rnn_params(1, config["H"], 1, rng=rng), x, y, x_test, y_test


def clipping_record(seed: int, lr: float, theta, config: dict) -> dict:
    """SGD on notebook 04's many-to-many sine task, one seed: test MSE, clipped updates, overflow.

    From ``np.random.default_rng(seed)``: N training sequences, `n_test` test sequences
    (`noisy_sine`, T steps), then the initial weights (`init_rnn_params(1, H, 1)`).
    """
    params, x, y, x_test, y_test = _sine_setup(seed, config)
    record = {"seed": seed, "lr": lr, "theta": theta}
    try:
        run = train(params, x, y, steps=config["steps"], optimizer=SGD(lr), clip=theta,
                    progress=False)  # fmt: skip
    except NonFiniteError as error:
        return record | {"test_mse": float("nan"), "n_clipped": None, "overflow_step": error.step,
                         "cause": error.cause}  # fmt: skip
    test = evaluate(run.params, x_test, y_test)
    return record | {"test_mse": test, "n_clipped": run.n_clipped, "overflow_step": None,
                     "cause": None}  # fmt: skip


def sweep_clipping(config: dict) -> list[dict]:
    """SGD at lr for every θ (None: no clipping), and the reference lr without clipping."""
    arms = [(config["lr"], theta) for theta in config["thetas"]]
    arms.append((config["reference_lr"], None))
    return [
        clipping_record(seed, lr, theta, config) for lr, theta in arms for seed in config["seeds"]
    ]


def optimizers_record(seed: int, name: str, lr: float, config: dict) -> dict:
    """Notebook 04's optimizer comparison for one seed: the data and start of `clipping_record`.

    Records the training loss after 10 and after `steps` updates, the test MSE, and the test MSE
    of repeating the last value (the baseline for that seed's test set).
    """
    params, x, y, x_test, y_test = _sine_setup(seed, config)
    optimizer = {"SGD": SGD, "Adagrad": Adagrad, "Adam": Adam}[name](lr)
    run = train(params, x, y, steps=config["steps"], optimizer=optimizer, progress=False)
    return {
        "seed": seed,
        "optimizer": name,
        "lr": lr,
        "loss_10": float(run.losses[9]),
        "loss_end": float(run.losses[-1]),
        "test_mse": evaluate(run.params, x_test, y_test),
        "last_value_mse": last_value_mse(x_test, y_test),
    }


def sweep_optimizers(config: dict) -> list[dict]:
    """Every optimizer of the config, for every seed."""
    return [
        optimizers_record(seed, name, lr, config)
        for name, lr in config["optimizers"]
        for seed in config["seeds"]
    ]


SWEEPS = {
    "adding": sweep_adding,
    "remedies": sweep_remedies,
    "truncation": sweep_truncation,
    "cliff": sweep_cliff,
    "clipping": sweep_clipping,
    "optimizers": sweep_optimizers,
}


# ------------------------------------------------------------------ reading the results

ECHO_LEARNED = 0.05  # settled test MSE below this: the echo is learned (notebook 04's threshold)
CLIP_LEARNED = 0.05  # test MSE below this on the sine task (repeat-the-last-value scores ~0.087)


def adding_summary(result: dict, *, budget: int, arm: str | None = None, **where) -> SeedSummary:
    """Test MSE after `budget` updates, over the seeds of one cell of ``adding`` or ``remedies``.

    Parameters
    ----------
    result : dict
        From `load` (or `run_sweep`).
    budget : int
        Updates; must be one of the measured steps.
    arm : str, optional
        The arm's name (``remedies`` only).
    **where
        Fields that select the records, e.g. ``model="tanh", T=20``.

    Returns
    -------
    SeedSummary
        Criterion: test MSE < `rnn_helpers.longrange.LEARNED` (0.08, about half of 1/6).
    """
    if arm is not None:
        where["arm"] = arm
    records = _select(result, **where)
    curves = [Curve(r["steps"], r["test_mse"]) for r in records]
    summary = summarize(
        [c.values[-1] for c in curves],
        [r["seed"] for r in records],
        below(longrange.LEARNED, "test MSE"),
        curves,
    )
    return summary.at(budget)


def adding_table(result: dict, rows: dict, budgets, *, peak: bool = False) -> str:
    """A text table of ``adding`` or ``remedies``: per row, m/k learned (median, range) per budget.

    Parameters
    ----------
    result : dict
        From `load` (or `run_sweep`).
    rows : dict of str to dict
        Row label to the fields that select its records, e.g.
        ``{"tanh, T = 10": {"model": "tanh", "T": 10}}`` or ``{arm: {"arm": arm}}``.
    budgets : sequence of int
        Updates (columns). A row's cell is blank where its runs stopped before that budget.
    peak : bool
        Add a last column: the median over seeds of each run's largest gradient norm.

    Returns
    -------
    str
        One line per row under a header, e.g. ``tanh, T = 10   6/6 (0.035, 0.028–0.048) ...``,
        criterion as in `adding_summary` (test MSE < 0.08).
    """
    width, cell = max(len(label) for label in rows), 28
    header = f"{'updates:':>{width}s}" + "".join(f"{b:>{cell}d}" for b in budgets)
    title = f"m/k learned (test MSE < {longrange.LEARNED:g}), median and range of the test MSE"
    if peak:
        title += "; last column: median over seeds of the largest ‖∇L‖"
    lines = [title, header + ("   largest ‖∇L‖" if peak else "")]
    for label, where in rows.items():
        last = _select(result, **where)[0]["steps"][-1]
        line = f"{label:<{width}s}"
        for b in budgets:
            if b > last:
                line += " " * cell
                continue
            s = adding_summary(result, budget=b, **where)
            text = f"{s.m}/{s.k} ({s.median:.3f}, {s.spread[0]:.3f}–{s.spread[1]:.3f})"
            line += f"{text:>{cell}s}"
        if peak:
            largest = field_by_seed(result, "grad_norm_max", **where).max(axis=1)
            line += f"   {np.median(largest):12.1e}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def _select(result: dict, **where) -> list[dict]:
    records = result["results"]
    records = records["trials"] if isinstance(records, dict) else records
    chosen = [r for r in records if all(r.get(k) == v for k, v in where.items())]
    if not chosen:
        raise ValueError(f"no records of sweep {result['sweep']!r} match {where}")
    return chosen


def field_by_seed(result: dict, field: str, **where) -> np.ndarray:
    """One field of the selected records as an array with one row per seed (e.g. curves)."""
    return np.array([r[field] for r in _select(result, **where)], dtype=float)


def truncation_summary(result: dict, *, delay: int, window: int) -> SeedSummary:
    """Settled test MSE of one window length at one delay, over the seeds."""
    records = _select(result, delay=delay)
    values = [r["settled_loss"][r["windows"].index(window)] for r in records]
    curves = [
        Curve(np.arange(len(r["eval_losses"][0])), r["eval_losses"][r["windows"].index(window)])
        for r in records
    ]
    return summarize(
        values, [r["seed"] for r in records], below(ECHO_LEARNED, "settled test MSE"), curves
    )


def readout_summary(result: dict, *, delay: int) -> SeedSummary:
    """Test MSE of the best linear readout of the untrained network, over the seeds."""
    records = [r for r in result["results"]["readouts"] if r["delay"] == delay]
    return summarize(
        [r["readout_mse"] for r in records],
        [r["seed"] for r in records],
        below(ECHO_LEARNED, "readout test MSE"),
    )


def cliff_summary(result: dict, *, lr: float, theta, budget: int) -> SeedSummary:
    """Per-seed success rate (100 starts per seed) after `budget` steps, for one (lr, θ)."""
    (record,) = _select(result, lr=lr, theta=theta)
    return summarize(
        record["success_rate"][str(budget)],
        result["config"]["seeds"],
        above(0.5, "success rate"),
    )


def clipping_summary(result: dict, *, lr: float, theta) -> SeedSummary:
    """Test MSE of SGD at `lr` with clipping threshold `theta` (None: none), over the seeds."""
    records = _select(result, lr=lr, theta=theta)
    return summarize(
        [r["test_mse"] for r in records],
        [r["seed"] for r in records],
        below(CLIP_LEARNED, "test MSE"),
    )


def clipping_arms(result: dict) -> dict[str, SeedSummary]:
    """Every arm of the ``clipping`` sweep, by the label notebook 04's figure gives it.

    Parameters
    ----------
    result : dict
        From ``load("clipping")``.

    Returns
    -------
    dict of str to SeedSummary
        ``"none"`` (no clipping) and one label per threshold θ (``"0.03"`` … ``"10"``), all at
        the sweep's lr; then the reference lr without clipping (``"lr 0.3, none"``).
    """
    config = result["config"]
    arms = {
        "none" if theta is None else f"{theta:g}": clipping_summary(
            result, lr=config["lr"], theta=theta
        )
        for theta in config["thetas"]
    }
    reference = config["reference_lr"]
    arms[f"lr {reference:g}, none"] = clipping_summary(result, lr=reference, theta=None)
    return arms


def optimizers_by_seed(result: dict, field: str) -> dict[str, np.ndarray]:
    """One field of the ``optimizers`` sweep for every optimizer, seeds in the same order.

    Parameters
    ----------
    result : dict
        From ``load("optimizers")``.
    field : str
        ``"loss_10"``, ``"loss_end"``, ``"test_mse"`` or ``"last_value_mse"``.

    Returns
    -------
    dict of str to float ndarray of shape (k,)
        Optimizer name (``"SGD"``, ``"Adagrad"``, ``"Adam"``) -> the field, one entry per seed
        in increasing seed order, so that the arrays compare seed by seed.
    """
    by_name = {}
    for name, _ in result["config"]["optimizers"]:
        records = sorted(_select(result, optimizer=name), key=lambda r: r["seed"])
        if [r["seed"] for r in records] != sorted(result["config"]["seeds"]):
            raise ValueError(f"the optimizers sweep does not hold every seed for {name}")
        by_name[name] = np.array([r[field] for r in records], dtype=float)
    return by_name


def truncation_table(result: dict) -> dict[tuple[int, int], SeedSummary]:
    """`truncation_summary` for every (delay d, window k) of the ``truncation`` sweep.

    Returns
    -------
    dict of (int, int) to SeedSummary
        Keys in the order of the config: d = 2 with its windows, then d = 4 with its windows.
    """
    return {
        (int(d), k): truncation_summary(result, delay=int(d), window=k)
        for d, ks in result["config"]["delays"].items()
        for k in ks
    }


# ------------------------------------------------------------------ files


def file_name(name: str) -> str:
    """``sweep_<name>.json``."""
    _check_name(name)
    return f"sweep_{name}.json"


def _check_name(name: object) -> str:
    if name not in SWEEPS:
        raise ValueError(f"name must be one of {tuple(SWEEPS)}, got {name!r}")
    return name


def run_sweep(name: str) -> dict:
    """Run sweep `name` with its stored configuration; the result is what the file holds."""
    config = CONFIGS[_check_name(name)]
    return {
        "sweep": name,
        "config": json.loads(json.dumps(config)),
        "rnn_helpers_version": __version__,
        "numpy_version": np.__version__,
        "results": SWEEPS[name](config),
    }


def save(result: dict, folder: str | Path) -> Path:
    """Write `result` (from `run_sweep`) to ``folder/sweep_<name>.json``; return the path."""
    path = Path(folder) / file_name(result["sweep"])
    path.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


def load(name: str) -> dict:
    """The stored results of sweep `name`, after checking the file's SHA-256.

    Returns
    -------
    dict
        ``sweep``, ``config``, ``rnn_helpers_version``, ``numpy_version`` and ``results`` (the
        raw per-seed records; see the ``*_record`` functions for their fields).
    """
    path = data_path(file_name(name), SHA256[name])
    return json.loads(path.read_text())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", choices=sorted(SWEEPS))
    parser.add_argument("--out", help="folder to write to (default: the course's data/)")
    parser.add_argument("--hashes", action="store_true", help="print each file's SHA-256")
    args = parser.parse_args(argv)
    folder = Path(args.out) if args.out else next(d for d in data_dirs() if d.is_dir())
    if args.name:
        path = save(run_sweep(args.name), folder)
        print(f"wrote {path}")  # noqa: T201 (command-line output)
    if args.hashes:
        for name in SWEEPS:
            path = folder / file_name(name)
            print(f"{name}: {sha256_of(path) if path.is_file() else 'missing'}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
