"""Training throughput of notebook 07's character RNN (and 08's LSTM), in characters per second.

Run from the repository root::

    python benchmarks/bench_charmodel.py            # about 1-2 min
    python benchmarks/bench_charmodel.py --quick    # fewer updates

It times `rnn_helpers.train` exactly as `python -m rnn_helpers.train_charmodel` calls it (V = 65
one-hot inputs, H = 256, 32 streams, windows of 50, Adam, clipping at 5), on the first part of
Tiny Shakespeare, in float32 and float64, and compares the matmul FLOP rate with this machine's
matmul peak measured in the same run (see benchmarks/README.md). Then it times notebook 08's
LSTM of the same parameter count (``--model lstm``, H = 122) in float32 the same way, and
prints the ratio of its time per update to the RNN's, both measured in this run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_bptt
from bench_bptt import blas_threads, matmul_peak, print_environment

import rnn_helpers as rh
from rnn_helpers.charmodel import char_streams
from rnn_helpers.data import build_vocab, encode, load_shakespeare
from rnn_helpers.train_charmodel import HIDDEN, count_params, init_params

V, H, N, WINDOW = 65, 256, 32, 50


def update_flops(N: int, T: int, V: int, H: int) -> int:
    """Matmul FLOPs of one update: the recurrent layer 6NTH(V + H) (as in bench_bptt, D = V)
    plus the output layer's forward and backward 3 * 2NTHV."""
    return 6 * N * T * H * (V + H) + 6 * N * T * H * V


def time_updates(dtype, x, y, steps: int, repeats: int, model: str = "rnn") -> list[float]:
    """Seconds per update of `train`, `repeats` times `steps` updates, after one warm-up run."""
    times = []
    for r in range(repeats + 1):
        params = init_params(model, V, HIDDEN[model], rng=np.random.default_rng(0), dtype=dtype)
        t0 = bench_bptt.CLOCK()
        rh.train(
            params,
            x,
            y,
            steps=steps,
            optimizer=rh.Adam(2e-3),
            loss="cross_entropy",
            window=WINDOW,
            clip=5.0,
            progress=False,
        )
        if r:
            times.append((bench_bptt.CLOCK() - t0) / steps)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="cpu: this process's CPU time (use with OPENBLAS_NUM_THREADS=1)",
    )
    opts = parser.parse_args()
    if opts.clock == "cpu":
        bench_bptt.CLOCK = time.process_time
        if blas_threads() != "1":
            print("warning: --clock cpu adds up every BLAS thread; set OPENBLAS_NUM_THREADS=1")
    steps, repeats, peak_repeats = (20, 2, 3) if opts.quick else (60, 3, 10)
    print_environment()
    print(f"clock: {'CPU time of this process' if opts.clock == 'cpu' else 'wall time'}")
    text = load_shakespeare()
    idx = encode(text[: N * WINDOW * steps + 1], build_vocab(text))
    x, y = char_streams(idx, V, N)
    flops = update_flops(N, WINDOW, V, H)
    print(
        f"\ntrain(): N={N} streams, window {WINDOW}, V={V}, H={H}, Adam, clip 5; "
        f"{flops / 1e9:.3f} GFLOP of matmuls per update; median of {repeats} x {steps} updates"
    )
    peaks = {d: matmul_peak(d, 1024, peak_repeats) for d in (np.float64, np.float32)}
    print(
        f"\n{'dtype':8} {'ms/update':>9} {'chars/s':>9} {'GFLOP/s':>8} {'peak':>7} {'% of peak':>9}"
    )
    per_update = {}
    for dtype in (np.float32, np.float64):
        t = per_update[dtype] = statistics.median(time_updates(dtype, x, y, steps, repeats))
        gflops = flops / t / 1e9
        print(
            f"{np.dtype(dtype).name:8} {t * 1e3:9.1f} {N * WINDOW / t:9,.0f} {gflops:8.1f} "
            f"{peaks[dtype]:7.1f} {gflops / peaks[dtype]:9.1%}"
        )
    t_lstm = statistics.median(time_updates(np.float32, x, y, steps, repeats, model="lstm"))
    t_rnn = per_update[np.float32]
    print(f"\nfloat32, the same parameter count (notebook 08), median of {repeats} x {steps}:")
    for model, t in (("rnn", t_rnn), ("lstm", t_lstm)):
        print(
            f"{model:5} H = {HIDDEN[model]:3d}, {count_params(model, V, HIDDEN[model]):,} "
            f"parameters: {t * 1e3:6.1f} ms/update, {N * WINDOW / t:7,.0f} chars/s"
        )
    print(f"LSTM / RNN time per update: {t_lstm / t_rnn:.2f}")


if __name__ == "__main__":
    main()
