"""The convolution experiment of notebook 08: a CNN and a conv + RNN on the far-mark task, 5 seeds.

Writes ``data/conv_rnn.json`` (test accuracy, loss curve and effective receptive field per seed,
the configuration and the package version). About 15 seconds of one core:

    OPENBLAS_NUM_THREADS=1 .venv/bin/python tools/sweep_conv_rnn.py

Then record its SHA-256 in data/README.md and in `rnn_helpers.conv.SWEEP_SHA256`.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np

import rnn_helpers
from rnn_helpers import conv

OUT = Path(__file__).resolve().parent.parent / "data" / conv.SWEEP_FILE


def main() -> None:
    runs = [conv.sweep_record(kind, seed) for kind in conv.SWEEP_KINDS for seed in conv.SWEEP_SEEDS]
    result = {
        "description": "Far-mark task (notebook 08): CNN vs conv + RNN, test accuracy per seed",
        "config": {
            **conv.SWEEP_CONFIG,
            "kinds": list(conv.SWEEP_KINDS),
            "seeds": list(conv.SWEEP_SEEDS),
            "erf_images_seed": conv.ERF_IMAGES_SEED,
            "optimizer": "Adam",
        },
        "rnn_helpers_version": rnn_helpers.__version__,
        "numpy_version": np.__version__,
        "python": platform.python_version(),
        "runs": runs,
    }
    OUT.write_text(json.dumps(result, indent=0) + "\n")
    for r in runs:
        print(f"{r['kind']} seed={r['seed']} accuracy={r['test_accuracy']:.3f}")


if __name__ == "__main__":
    main()
