"""The stored seed sweep data/charmodel_seeds.json (notebook 08: the LSTM against the RNN on
notebook 07's characters) and the LSTM checkpoint data/charmodel_lstm.npz: hash-checked,
consistent with themselves, and reproduced by re-running the start of two of the runs."""

import shutil

import numpy as np
import pytest

from rnn_helpers import charmodel as cm
from rnn_helpers import train_charmodel as tc
from rnn_helpers.data import DataFileError, build_vocab, encode, load_shakespeare, split_by_position

FULL = tc.DEFAULTS["steps"]


@pytest.fixture(scope="module")
def result():
    return tc.load_seeds()


def test_the_file_is_hash_checked(tmp_path, monkeypatch):
    source = next(d for d in tc.data_dirs() if (d / tc.SEEDS_FILE).is_file()) / tc.SEEDS_FILE
    copy = tmp_path / tc.SEEDS_FILE
    shutil.copyfile(source, copy)
    copy.write_text(copy.read_text().replace('"seed":1', '"seed":7', 1))
    monkeypatch.setenv("RNN_COURSE_DATA", str(tmp_path))  # looked at first
    with pytest.raises(DataFileError, match=r"charmodel_seeds\.json at .* is damaged or edited"):
        tc.load_seeds()


def test_every_record_is_consistent(result):
    assert result["models"] == {
        "rnn": {"H": 256, "params": 99_137},
        "lstm": {"H": 122, "params": 99_739},
    }
    for r in result["runs"]:
        hp, h = r["hyperparameters"], r["history"]
        assert (hp["model"], hp["H"], hp["seed"]) == (r["model"], r["H"], r["seed"])
        assert {k: hp[k] for k in ("streams", "window", "clip", "dtype", "steps")} == {
            k: result["recipe"][k] for k in ("streams", "window", "clip", "dtype", "steps")
        }  # the learning rate is the one setting that the search changes
        assert min(h["val_bits"]) == pytest.approx(r["val_bits"], abs=1e-4)
        assert h["step"][int(np.argmin(h["val_bits"]))] == r["best_step"]
        assert len(r["first_losses_bits"]) == tc.FIRST_LOSSES
    for model in tc.MODELS:  # seeds 0-4 of each model with 07's full recipe (lr 0.002) ...
        assert [r["seed"] for r in tc.seed_runs(result, model, FULL)] == [0, 1, 2, 3, 4]
        best = tc.best_lr(result, model, FULL)  # ... and at the rate that seed 0 found best
        assert [r["seed"] for r in tc.seed_runs(result, model, FULL, best)] == [0, 1, 2, 3, 4]
        rates = list(tc.lr_search(result, model, FULL))
        assert rates[0] < best < rates[-1]  # the searched rates bracket the best one
    assert tc.lr_search(result, "rnn", FULL).keys() == {0.002, 0.005, 0.01}
    assert tc.lr_search(result, "lstm", FULL).keys() == {0.002, 0.005, 0.01, 0.02}
    assert len(result["runs"]) == 10 + 2 + 3 + 4 + 4
    assert result["recipe"] == {
        k: v for k, v in tc.DEFAULTS.items() if k not in ("model", "H", "seed")
    }


def test_the_rnn_seed_0_run_reproduces_notebook_07s_checkpoint(result):
    rnn = tc.seed_runs(result, "rnn", FULL)[0]
    _, meta = cm.load_checkpoint()
    assert rnn["test_bits"] == pytest.approx(meta["test_bits"], abs=1e-6)
    assert rnn["history"]["val_bits"] == pytest.approx(meta["history"]["val_bits"], abs=1e-6)


@pytest.mark.parametrize(("model", "lr"), [("rnn", None), ("lstm", None), ("lstm", 0.01)])
def test_a_short_rerun_reproduces_the_stored_start(result, model, lr):
    """The first 30 updates of seed 1: the same training losses as stored."""
    (run,) = [r for r in tc.seed_runs(result, model, FULL, lr) if r["seed"] == 1]
    again = tc.first_losses(run["hyperparameters"], 30)
    np.testing.assert_allclose(again, run["first_losses_bits"][:30], rtol=1e-5)
    assert again[-1] < again[0] - 0.5  # it is learning, so the comparison is not of constants


def test_the_lstm_checkpoint_scores_what_it_claims(result):
    text = load_shakespeare()
    vocab = build_vocab(text)
    params, meta = cm.load_checkpoint(vocab=vocab, model="lstm")
    assert meta["model"] == "lstm" and meta["H"] == 122 and meta["params"] == 99_739
    assert sum(p.size for p in params.values()) == 99_739
    assert all(p.dtype == np.float32 for p in params.values())
    lstm = tc.seed_runs(result, "lstm", FULL)[0]
    assert (
        lstm["seed"] == 0
        and meta["test_bits"] == lstm["test_bits"]
        and meta["history"] == lstm["history"]
    )
    test = encode(split_by_position(text)[2], vocab)
    assert cm.bits_per_char(params, test) == pytest.approx(meta["test_bits"], abs=1e-4)
