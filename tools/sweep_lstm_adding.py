"""The adding-problem sweep of notebook 08: tanh RNN, IRNN and LSTM at several T, 5 seeds each.

Writes ``data/lstm_adding.json`` (raw per-seed numbers, the configuration, the package version),
after every run, so an interrupted sweep keeps what it finished. Takes about 11 minutes of one
core; run it with one BLAS thread:

    OPENBLAS_NUM_THREADS=1 .venv/bin/python tools/sweep_lstm_adding.py
    OPENBLAS_NUM_THREADS=1 .venv/bin/python tools/sweep_lstm_adding.py --long   # budget check

``--long`` runs only `longrange.LONG_RUNS` (the LSTM at T = 160 with 3000 updates, seeds 0-4)
into ``data/lstm_adding_long.json``, to tell a plateau from a budget that ran out (about 10
minutes of one core).

Every run uses `rnn_helpers.longrange.run_adding`, the protocol of notebook 05 (H = 16 units,
Adam lr = 0.01, clipping at global norm 1, batches of 32 drawn from 2000 training sequences,
test MSE on 1000 fresh sequences), with a longer budget (`SWEEP_CONFIG`). Then record its SHA-256
in data/README.md and in `rnn_helpers.longrange.SWEEP_SHA256`.
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


def main_long() -> None:
    spec = longrange.LONG_RUNS
    out = OUT.parent / longrange.LONG_FILE
    result = {
        "description": "Adding problem (notebook 08): the LSTM at T = 160 with a longer budget",
        "config": {
            **longrange.SWEEP_CONFIG,
            **spec,
            "seeds": list(longrange.SWEEP_SEEDS),
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
    for seed in longrange.SWEEP_SEEDS:
        r = longrange.sweep_record(spec["model"], spec["T"], seed, steps=spec["steps"])
        result["runs"].append(r)
        result["cpu_seconds"] = round(time.process_time() - start, 1)
        out.write_text(json.dumps(result, indent=0) + "\n")
        print(f"long: seed={seed} mse={r['test_mse']} {r['seconds']} s", flush=True)


def main() -> None:
    result = {
        "description": "Adding problem (notebook 08): test MSE per seed for tanh RNN, IRNN, LSTM",
        "config": {
            **longrange.SWEEP_CONFIG,
            "Ts": list(longrange.SWEEP_TS),
            "seeds": list(longrange.SWEEP_SEEDS),
            "models": longrange.SWEEP_MODELS,
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
    for T in longrange.SWEEP_TS:
        for label in longrange.SWEEP_MODELS:
            for seed in longrange.SWEEP_SEEDS:
                r = longrange.sweep_record(label, T, seed)
                result["runs"].append(r)
                result["cpu_seconds"] = round(time.process_time() - start, 1)
                OUT.write_text(json.dumps(result, indent=0) + "\n")
                print(f"{label} T={T} seed={seed} mse={r['test_mse']} {r['seconds']} s", flush=True)
    print(f"done in {time.process_time() - start:.0f} s of CPU", file=sys.stderr)


if __name__ == "__main__":
    main_long() if "--long" in sys.argv[1:] else main()
