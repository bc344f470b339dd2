"""Time the full callback of every explorer of notebooks 00-03 and 08, as a learner triggers it.

Run from the repository root with the course environment::

    python benchmarks/bench_widgets.py            # about 10 s
    python benchmarks/bench_widgets.py --reps 9   # more repeats

For each explorer the script builds the widget, then moves one control to a new value and times
``control.value = new`` until it returns. That is the whole callback: the maths, the matplotlib
figure, its PNG rendering (``widgets._core.figure_png``) and the ``display`` call, because the
script runs inside an IPython shell, as a notebook does (the displayed PNGs are captured and
dropped). It checks that ``state`` changed, so nothing is timed that did not happen.

It prints, per explorer, the median, the best and the worst of ``--reps`` callbacks (after one
warm-up change) in wall time, and the median in CPU time of this process. On a shared machine
wall time includes waiting for a core; the CPU time does not, so compare the two and the printed
load average. The course's target is "well under 100 ms" per callback.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import matplotlib

matplotlib.use("Agg")  # the inline backend of a notebook renders with Agg too

import matplotlib.pyplot as plt
import numpy as np
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from rnn_helpers import forecast as fc
from rnn_helpers.charmodel import load_checkpoint
from rnn_helpers.data import build_vocab
from rnn_helpers.optim import Adam
from rnn_helpers.plots import use_course_style
from rnn_helpers.rnn import init_rnn_params
from rnn_helpers.tasks import delayed_echo
from rnn_helpers.training import compare_windows
from rnn_helpers.widgets.charmodel import next_char_predictor
from rnn_helpers.widgets.claims import reach_explorer
from rnn_helpers.widgets.dynamics import jacobian_explorer
from rnn_helpers.widgets.feedforward import param_count_explorer
from rnn_helpers.widgets.forecast import forecast_explorer
from rnn_helpers.widgets.lstm import unit_by_hand_explorer
from rnn_helpers.widgets.memory import pulse_memory_explorer
from rnn_helpers.widgets.output import next_char_explorer
from rnn_helpers.widgets.start import one_unit_step_explorer
from rnn_helpers.widgets.training import truncation_explorer

TARGET_MS = 100

# Notebook 03's text and snippets (the opening of A Tale of Two Cities, public domain)
TEXT = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
    "incredulity, it was the season of Light, it was the season of Darkness, it was the "
    "spring of hope, it was the winter of despair, we had everything before us, we had "
    "nothing before us, we were all going direct to Heaven, we were all going direct the "
    "other way"
)
SNIPPETS = ["the age of wisdom", "It was the best", "we had everything", "season of Light"]


def truncation_setup():
    """04's truncation explorer on a small delayed-echo comparison (as the notebook's, smaller)."""
    rng = np.random.default_rng(0)
    x, y = delayed_echo(N=32, T=32, delay=4, rng=rng)
    params = init_rnn_params(1, 8, 1, rng=rng)
    runs = compare_windows(params, x, y, [2, 4, 8, 32], passes=5, make_optimizer=lambda: Adam(0.01))
    return truncation_explorer(runs, delay=4, window=2)


def forecast_setup():
    """06's forecast explorer with a briefly trained many-to-many RNN (as tests/ do)."""
    months, y, n_train, n_test, step = fc.quick_rnn_setup(20, rng=np.random.default_rng(0))
    return forecast_explorer(y, months, n_train, n_test, step)


def predictor_setup():
    """07's predictor on the committed checkpoint."""
    params, meta = load_checkpoint()
    return next_char_predictor(params, meta["vocab"])


def controls(ui) -> dict:
    """The explorer's controls by description (all rows but the last, which is the figure)."""
    return {c.description: c for row in ui.children[:-1] for c in row.children}


# (notebook, explorer, builder, control description, values to cycle through)
CASES = [
    ("00", "one_unit_step_explorer", one_unit_step_explorer, "input x_t", [-2.0, 0.5, 2.5]),
    ("01", "param_count_explorer", param_count_explorer, "hidden size H", [64, 256, 128]),
    (
        "02",
        "pulse_memory_explorer",
        pulse_memory_explorer,
        "recurrent weight w_hh",
        [0.9, -0.8, 1.2],
    ),
    (
        "03",
        "next_char_explorer (seed)",
        lambda: next_char_explorer(build_vocab(TEXT), SNIPPETS, H=64),
        "model seed",
        [3, 7, 1],
    ),
    (
        "03",
        "next_char_explorer (scale)",
        lambda: next_char_explorer(build_vocab(TEXT), SNIPPETS, H=64),
        "initial weight scale",
        [8.0, 2.0, 4.0],
    ),
    (
        "03",
        "next_char_explorer (text)",
        lambda: next_char_explorer(build_vocab(TEXT), SNIPPETS, H=64),
        "input text",
        SNIPPETS[1:],
    ),
    ("04", "truncation_explorer", truncation_setup, "window k", [4, 8, 2]),
    ("05", "jacobian_explorer", jacobian_explorer, "gain g = ‖W_hh‖₂", [0.8, 1.5, 1.0]),
    ("06", "forecast_explorer", forecast_setup, "horizon h (months)", [12, 3, 6]),
    (
        "07",
        "next_char_predictor",
        predictor_setup,
        "prefix",
        ["JULIET:\nAy me", "KING RICHARD", "ROMEO:\nWhat light"],
    ),
    ("08", "unit_by_hand_explorer", unit_by_hand_explorer, "forget gate f", [0.5, 0.9, 1.0]),
    ("09", "reach_explorer", reach_explorer, "output position p", [4, 28, 16]),
]


def time_explorer(build, description: str, values: list, reps: int) -> tuple[list, list]:
    """Wall and CPU seconds of `reps` callbacks, after one warm-up change."""
    ui, state = build()
    control = controls(ui)[description]
    wall, cpu = [], []
    cycle = itertools.cycle(values)
    for i in range(reps + 1):
        new = next(cycle)
        before = dict(state)
        w0, c0 = time.perf_counter(), time.process_time()
        control.value = new
        w1, c1 = time.perf_counter(), time.process_time()
        assert (
            state
            and state.keys() == before.keys()
            and any(state[k] is not before[k] for k in state)
        ), f"{description} = {new!r} did not update the state"
        if i:  # the first change warms caches (fonts, colormaps)
            wall.append(w1 - w0)
            cpu.append(c1 - c0)
    plt.close("all")
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="timed callbacks per explorer")
    args = parser.parse_args()

    InteractiveShell.instance()  # so that the widgets display their PNG, as in a notebook
    use_course_style()
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
        f"median of {args.reps} callbacks after a warm-up"
    )
    print(
        f"{'nb':<3} {'explorer':<27} {'control':<22} {'wall median':>11} {'wall min':>9} "
        f"{'wall max':>9} {'CPU median':>10}"
    )
    worst = 0.0
    for nb, name, build, description, values in CASES:
        with capture_output():
            wall, cpu = time_explorer(build, description, values, args.reps)
        median = 1000 * statistics.median(wall)
        worst = max(worst, median)
        print(
            f"{nb:<3} {name:<27} {description:<22} {median:>8.1f} ms {1000 * min(wall):>6.1f} ms"
            f" {1000 * max(wall):>6.1f} ms {1000 * statistics.median(cpu):>7.1f} ms"
        )
    verdict = "under" if worst < TARGET_MS else "OVER"
    print(f"slowest median {worst:.1f} ms: {verdict} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()
