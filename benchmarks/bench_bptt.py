"""Benchmark rnn_forward + rnn_backward against this machine's matmul peak and the naive loops.

Run from the repository root::

    python benchmarks/bench_bptt.py            # about 10-20 s
    python benchmarks/bench_bptt.py --quick    # a few seconds, fewer repeats
    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_bptt.py --clock cpu   # on a busy machine

See benchmarks/README.md for what is measured and how to read the table.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled
import rnn_helpers as rh
from rnn_helpers.naive import rnn_backward_naive, rnn_forward_naive

N, T, D, H = 32, 50, 65, 128  # char-RNN sized: batch 32, 50 steps, 65-symbol vocabulary, 128 units
TARGET = 0.45  # wanted fraction of the matmul peak, in both dtypes
CLOCK = time.perf_counter  # wall time; --clock cpu switches to this process's CPU time


def rnn_flops(N: int, T: int, D: int, H: int) -> int:
    """Matmul FLOPs of one forward + backward (2 per multiply-add; elementwise work not counted).

    forward : input projection 2NTDH + recurrent 2NTHH
    backward: recurrent 2NTHH + dx 2NTHD + dW_xh 2NTHD + dW_hh 2NTHH
    total   : 6NTH(D + H)
    """
    return 2 * N * T * (D * H + H * H) + 2 * N * T * (H * H + H * D + H * D + H * H)


def timeit(fn, repeats: int, warmup: int = 1) -> list[float]:
    """Seconds per call of `fn()`, `repeats` times, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    return times


def page_faults() -> int:
    """Minor page faults of this process so far (0 where the `resource` module is missing)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def matmul_peak(dtype, n: int, repeats: int) -> float:
    """Best GFLOP/s of an (n, n) @ (n, n) product: the practical BLAS peak of this machine."""
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(n, n)).astype(dtype), rng.normal(size=(n, n)).astype(dtype)
    out = np.empty((n, n), dtype)
    best = min(timeit(lambda: np.matmul(a, b, out=out), repeats))
    return 2 * n**3 / best / 1e9


def make_problem(dtype):
    """Random inputs, parameters and upstream gradient dh at the benchmark size."""
    rng = np.random.default_rng(0)
    p = rh.init_rnn_params(D, H, rng=rng, dtype=dtype)
    x = rng.normal(size=(N, T, D)).astype(dtype)
    h0 = np.zeros((N, H), dtype)
    dh = rng.normal(size=(N, T, H)).astype(dtype)
    return (x, h0, p["W_xh"], p["W_hh"], p["b_h"]), dh


def forward_backward(forward, backward, args, dh):
    h, cache = forward(*args)
    return (h, *backward(dh, cache))


def blas_threads() -> str:
    """OpenBLAS's own thread count, asked through ctypes of the library numpy loaded (Linux)."""
    try:
        maps = Path("/proc/self/maps").read_text().split("\n")
        path = next(line.split()[-1] for line in maps if "openblas" in line.lower())
        lib = ctypes.CDLL(path)
        for name in (
            "scipy_openblas_get_num_threads64_",
            "openblas_get_num_threads64_",
            "openblas_get_num_threads",
        ):
            if hasattr(lib, name):
                return str(getattr(lib, name)())
    except (OSError, StopIteration):
        pass
    return "unknown"


def print_environment() -> None:
    blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    env = {
        k: os.environ[k]
        for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
        if k in os.environ
    }
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()} {platform.processor() or ''}".rstrip()
    )
    print(
        f"BLAS: {blas.get('name', '?')} {blas.get('version', '')}; "
        f"{blas.get('openblas configuration', '')}".rstrip("; ")
    )
    print(
        f"CPUs: {os.cpu_count()}, BLAS threads: {blas_threads()}, thread env: {env or 'none set'}"
    )
    if hasattr(os, "getloadavg"):
        print(f"load average (1 min): {os.getloadavg()[0]:.2f} (a busy machine lowers all figures)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a few seconds)")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="cpu: time with this process's CPU time, which ignores waiting for a busy core "
        "(meaningful with one BLAS thread only)",
    )
    opts = parser.parse_args()
    if opts.clock == "cpu":
        global CLOCK
        CLOCK = time.process_time
        if blas_threads() != "1":
            print(
                "warning: --clock cpu adds up the CPU time of every BLAS thread; "
                "set OPENBLAS_NUM_THREADS=1"
            )
    repeats, naive_repeats, peak_repeats = (5, 1, 3) if opts.quick else (30, 3, 10)

    print_environment()
    print(f"clock: {'CPU time of this process' if opts.clock == 'cpu' else 'wall time'}")
    flops = rnn_flops(N, T, D, H)
    print(f"\nRNN  N={N} T={T} D={D} H={H}, tanh; forward + backward")
    print(
        f"FLOPs = 6·N·T·H·(D + H) = {flops / 1e9:.3f} GFLOP (matmuls only: forward 2NTDH + 2NTHH,"
        f" backward 2NTHH + 2·2NTHD + 2NTHH)"
    )
    print(
        f"vectorised: median of {repeats} runs after 1 warm-up; naive: median of "
        f"{naive_repeats} run(s) at full size after 1 warm-up; peak: best of {peak_repeats} "
        f"(1024 x 1024) @ (1024 x 1024)\n"
    )

    # Peaks first: once freed, their large arrays raise glibc's malloc trim/mmap thresholds, so
    # both dtypes then run with the allocator in the same warm state (see README, "faults").
    peaks = {dtype: matmul_peak(dtype, 1024, peak_repeats) for dtype in (np.float64, np.float32)}
    rows = []
    for dtype in (np.float64, np.float32):
        args, dh = make_problem(dtype)
        fast = forward_backward(rh.rnn_forward, rh.rnn_backward, args, dh)
        slow = forward_backward(rnn_forward_naive, rnn_backward_naive, args, dh)
        rtol = 1e-10 if dtype == np.float64 else 1e-3
        assert all(
            np.allclose(s, f, rtol=rtol, atol=rtol * np.abs(f).max())
            for s, f in zip(slow, fast, strict=True)
        ), f"naive != vectorised ({dtype})"

        faults = page_faults()
        times = timeit(
            lambda a=args, d=dh: forward_backward(rh.rnn_forward, rh.rnn_backward, a, d), repeats
        )
        faults = (page_faults() - faults) / (repeats + 1)
        t_fast = statistics.median(times)
        t_slow = statistics.median(
            timeit(
                lambda a=args, d=dh: forward_backward(rnn_forward_naive, rnn_backward_naive, a, d),
                naive_repeats,
            )
        )
        peak = peaks[dtype]
        rows.append(
            (np.dtype(dtype).name, t_fast, min(times), flops / t_fast / 1e9, peak, t_slow, faults)
        )

    peak64 = rows[0][4]
    print(
        f"{'dtype':8} {'ms median':>9} {'ms best':>7} {'GFLOP/s':>7} {'peak GFLOP/s':>12}"
        f" {'% of peak':>9} {'% f64 peak':>10} {'naive ms':>8} {'speed-up':>8} {'faults':>6}"
    )
    for name, t_fast, t_best, gflops, peak, t_slow, faults in rows:
        print(
            f"{name:8} {t_fast * 1e3:9.2f} {t_best * 1e3:7.2f} {gflops:7.1f} {peak:12.1f}"
            f" {gflops / peak:9.1%} {gflops / peak64:10.1%} {t_slow * 1e3:8.0f}"
            f" {t_slow / t_fast:7.1f}x {faults:6.0f}"
        )
    print(
        "GFLOP/s and % of peak use the median time; speed-up = naive / vectorised median;\n"
        "faults = minor page faults per vectorised forward+backward (fresh memory from the OS)."
    )
    for name, _, _, gflops, peak, _, _ in rows:
        verdict = "reached" if gflops / peak >= TARGET else "NOT reached"
        print(f"target: vectorised {name} at >= {TARGET:.0%} of the {name} matmul peak: {verdict}")


if __name__ == "__main__":
    main()
