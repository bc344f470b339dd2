"""The adding-problem sweep of notebook 08: tanh RNN, IRNN and LSTM at several T, 5 seeds each.

Writes ``data/lstm_adding.json`` (raw per-seed numbers, the configuration, the package version),
after every run, so an interrupted sweep keeps what it finished. It took 350 s of CPU time (6
minutes of one core; 27 minutes of wall time on a shared machine). Run it with one BLAS thread:

    OPENBLAS_NUM_THREADS=1 .venv/bin/python tools/sweep_lstm_adding.py
    OPENBLAS_NUM_THREADS=1 .venv/bin/python tools/sweep_lstm_adding.py --long   # budget check

``--long`` runs only `longrange.LONG_RUNS` (the LSTM at T = 160 with 3000 updates, seeds 0-4)
into ``data/lstm_adding_long.json``, to tell a plateau from a budget that ran out (about 10
minutes of one core).

Every run uses `rnn_helpers.longrange.run_adding`, the protocol of notebook 05 (H = 16 units,
Adam lr = 0.01, clipping at global norm 1, batches of 32 drawn from 2000 training sequences,
test MSE on 1000 fresh sequences), with a longer budget (`SWEEP_CONFIG`). Record each file's
SHA-256 in data/README.md and in `rnn_helpers.longrange` (`SWEEP_SHA256`, `LONG_SHA256`). The
files hold each run's wall-clock seconds, so a rebuilt file has the same results but a new hash.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

import rnn_helpers
from rnn_helpers import longrange

OUT = Path(__file__).resolve().parent.parent / "data" / longrange.SWEEP_FILE


def run_and_save(description: str, config: dict, jobs: list, out: Path) -> None:
    """Run `longrange.sweep_record` for every (model, T, seed, steps) in `jobs`; save after each."""
    result = {
        "description": description,
        "config": {
            **longrange.SWEEP_CONFIG,
            **config,
            "curve_block": longrange.SWEEP_BLOCK,
            "n_test": 1000,
            "optimizer": "Adam",
        },
        "rnn_helpers_version": rnn_helpers.__version__,
        "numpy_version": np.__version__,
        "python": platform.python_version(),
        "runs": [],
    }
    start = time.process_time()
    for label, T, seed, steps in jobs:
        r = longrange.sweep_record(label, T, seed, steps=steps)
        result["runs"].append(r)
        result["cpu_seconds"] = round(time.process_time() - start, 1)
        out.write_text(json.dumps(result, indent=0) + "\n")
        print(f"{label} T={T} seed={seed} mse={r['test_mse']} {r['seconds']} s", flush=True)
    print(f"done in {time.process_time() - start:.0f} s of CPU", file=sys.stderr)


def main_long() -> None:
    spec = longrange.LONG_RUNS
    jobs = [(spec["model"], spec["T"], s, spec["steps"]) for s in longrange.SWEEP_SEEDS]
    description = "Adding problem (notebook 08): the LSTM at T = 160 with a longer budget"
    config = {**spec, "seeds": list(longrange.SWEEP_SEEDS)}
    run_and_save(description, config, jobs, OUT.parent / longrange.LONG_FILE)


def main() -> None:
    seeds = list(longrange.SWEEP_SEEDS)
    config = {"Ts": list(longrange.SWEEP_TS), "seeds": seeds, "models": longrange.SWEEP_MODELS}
    jobs = [
        (label, T, seed, None)
        for T in longrange.SWEEP_TS
        for label in longrange.SWEEP_MODELS
        for seed in longrange.SWEEP_SEEDS
    ]
    description = "Adding problem (notebook 08): test MSE per seed for tanh RNN, IRNN, LSTM"
    run_and_save(description, config, jobs, OUT)


if __name__ == "__main__":
    main_long() if "--long" in sys.argv[1:] else main()
