"""Benchmark the training loop: updates per second, and the cost of truncated BPTT per pass.

Run from the repository root::

    python benchmarks/bench_training.py            # a few seconds
    python benchmarks/bench_training.py --quick    # about a second

Two sizes: notebook 04's delayed-echo model (N=32, T=32, D=1, H=16, where per-update Python
overhead dominates) and a char-RNN-sized model (N=32, T=50, D=65, H=128, where the matrix
products dominate). For each, one pass over the batch is timed with full BPTT and with windows of
k steps (ceil(T/k) updates per pass), and compared with a bare rnn_forward + rnn_backward of the
same pass (the arithmetic that every variant shares).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled
import rnn_helpers as rh
from rnn_helpers.optim import Adam
from rnn_helpers.training import train, windows

SIZES = {"notebook 04 echo": (32, 32, 1, 16, 1), "char-RNN": (32, 50, 65, 128, 65)}
WINDOWS = (None, 16, 8, 4, 2)


def median_seconds(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    repeats = 3 if parser.parse_args().quick else 15
    print(
        f"numpy {np.__version__}; median of {repeats} runs after 1 warm-up; one pass = every "
        "sequence of the batch once, forward and backward\n"
    )
    for name, (N, T, D, H, O) in SIZES.items():
        rng = np.random.default_rng(0)
        x, y = rng.normal(size=(N, T, D)), rng.normal(size=(N, T, O))
        p0 = rh.init_rnn_params(D, H, O, rng=rng)
        dh, h0 = rng.normal(size=(N, T, H)), np.zeros((N, H))

        def bare(p=p0, x=x, h0=h0, dh=dh):
            _, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
            rh.rnn_backward(dh, cache)

        t_bare = median_seconds(bare, repeats)
        print(
            f"{name}: N={N} T={T} D={D} H={H} O={O}; bare rnn_forward + rnn_backward "
            f"{t_bare * 1e3:.2f} ms per pass"
        )
        print(
            f"  {'window':>8} {'updates/pass':>12} {'ms/pass':>8} {'ms/update':>9} "
            f"{'updates/s':>9} {'pass / bare':>11}"
        )
        for k in WINDOWS:
            n = sum(u for *_, u in windows(T, k))
            p = {key: v.copy() for key, v in p0.items()}
            opt = Adam(1e-3)
            t = median_seconds(
                lambda p=p, x=x, y=y, k=k, n=n, opt=opt: train(
                    p, x, y, steps=n, optimizer=opt, window=k, progress=False
                ),
                repeats,
            )
            print(
                f"  {('full' if k is None else k)!s:>8} {n:>12} {t * 1e3:8.2f} "
                f"{t / n * 1e3:9.3f} {n / t:9.0f} {t / t_bare:10.1f}x"
            )
        print()
    print(
        "pass / bare > 1 is the price of the output layer, the loss, the optimizer and the "
        "per-update\nbookkeeping; truncation adds updates, so at small sizes it costs time."
    )


if __name__ == "__main__":
    main()
