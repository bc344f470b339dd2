"""`python -m rnn_helpers.train_charmodel`, run tiny: it trains, stores what it says, and loads."""

import numpy as np
import pytest

from rnn_helpers import charmodel as cm
from rnn_helpers import train_charmodel as tc


def test_training_script_writes_a_checkpoint_that_loads(tmp_path, capsys):
    out = tmp_path / "tiny.npz"
    tc.main(["--H", "8", "--steps", "6", "--eval-every", "3", "--decay-at", "3", "--out", str(out)])
    printed = capsys.readouterr().out
    assert "validation" in printed and "bits/char" in printed and "wall time" in printed
    params, meta = cm.load_checkpoint(out)
    assert meta["H"] == 8 and params["W_hh"].shape == (8, 8) and meta["dtype"] == "float32"
    assert meta["history"]["step"] == [3, 6] and meta["history"]["lr"] == [0.001, 0.001]
    assert meta["hyperparameters"]["steps"] == 6 and meta["updates"] == 6
    assert meta["test_bits"] == pytest.approx(
        -np.mean(cm.text_log2_probs(params, _test_idx(meta["vocab"]))), abs=1e-6
    )
    ref = tmp_path / "with_reference.npz"
    tc.main(["--H", "8", "--steps", "3", "--eval-every", "3", "--out", str(ref),
             "--reference", str(out)])  # fmt: skip
    assert cm.load_checkpoint(ref)[1]["reference_run"]["test_bits"] == meta["test_bits"]


def _test_idx(vocab):
    from rnn_helpers.data import encode, load_shakespeare, split_by_position

    return encode(split_by_position(load_shakespeare())[2], vocab)
