"""Time one adding-problem training run per sequence length, to size notebook 05's experiment.

Run from the repository root::

    python benchmarks/bench_longrange.py

Prints seconds per run (H = 16, 400 updates of 32 sequences, Adam, clipping at 1) for tanh and
ReLU, and the cost per time step and update. Notebook 05 trains 2 seeds x 2 activations x
T in (10, 20, 40), plus 4 runs at T = 40 or 80 (about 4 s together on a quiet 2-core
machine); the whole notebook must stay well under 20 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled
from rnn_helpers import longrange

STEPS = 400


def main() -> None:
    print(f"{'T':>4} {'tanh s':>8} {'relu s':>8} {'tanh µs per time step per update':>34}")
    total = 0.0
    for T in (5, 10, 20, 40, 80):
        seconds = {}
        for activation in ("tanh", "relu"):
            start = time.perf_counter()
            longrange.run_adding(
                T,
                activation=activation,
                rng=np.random.default_rng(0),
                test_rng=np.random.default_rng(10_000),
                steps=STEPS,
            )
            seconds[activation] = time.perf_counter() - start
        total += sum(seconds.values())
        per = 1e6 * seconds["tanh"] / (T * STEPS)
        print(f"{T:>4} {seconds['tanh']:>8.2f} {seconds['relu']:>8.2f} {per:>34.1f}")
    print(f"total {total:.1f} s for one seed of both activations")


if __name__ == "__main__":
    main()
