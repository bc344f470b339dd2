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


def test_lstm_seeds_and_collect(tmp_path, capsys):
    """--model lstm --seeds writes a record and checkpoint per seed; collect gathers them."""
    runs = tmp_path / "runs"
    short = ["--H", "4", "--steps", "4", "--eval-every", "2", "--decay-at", ""]
    tc.main(["--model", "lstm", "--seeds", "0,1", "--runs", str(runs), *short])
    tc.main(["--model", "rnn", "--seeds", "0", "--runs", str(runs), *short])
    assert "lstm, V = 65, H = 4, 1,445 parameters" in capsys.readouterr().out
    params, meta = cm.load_checkpoint(runs / "lstm_seed1.npz")
    assert meta["model"] == "lstm" and params["W_x"].shape == (16, 65)
    assert meta["params"] == sum(p.size for p in params.values()) == tc.count_params("lstm", 65, 4)
    assert meta["hyperparameters"]["seed"] == 1 and len(meta["first_losses_bits"]) == 4
    result = tc.collect([runs], tmp_path)
    assert [(r["model"], r["seed"]) for r in result["runs"]] == [
        ("rnn", 0),
        ("lstm", 0),
        ("lstm", 1),
    ]
    assert not (tmp_path / cm.LSTM_CHECKPOINT_FILE).exists()  # only the full recipe's seed 0
    summary = tc.seed_summary(result, "lstm", 4)
    assert summary["seeds"] == [0, 1] and summary["lo"] <= summary["median"] <= summary["hi"]
    assert summary["H"] == 122  # the model of the stored sweep, not of this tiny run
    with pytest.raises(ValueError, match=r"pairs \[\(4, 0.002\)\], got \(5, 0.002\)"):
        tc.seed_summary(result, "lstm", 5)


def test_learning_rate_search_picks_on_validation_and_keeps_the_runs_apart(tmp_path):
    """Runs at other learning rates are stored beside the recipe's; best_lr reads validation."""
    runs = tmp_path / "runs"
    short = ["--H", "4", "--steps", "4", "--eval-every", "2", "--decay-at", ""]
    for lr in ("0.002", "0.05", "0.2"):
        tc.main(["--model", "lstm", "--lr", lr, "--seeds", "0", "--runs", str(runs / lr), *short])
    tc.main(["--model", "lstm", "--lr", "0.05", "--seeds", "1", "--runs", str(runs / "b"), *short])
    result = tc.collect(sorted(runs.iterdir()), tmp_path)
    hypers = [(r["hyperparameters"]["lr"], r["seed"]) for r in result["runs"]]
    assert hypers == [(0.002, 0), (0.05, 0), (0.05, 1), (0.2, 0)]
    search = tc.lr_search(result, "lstm", 4)
    assert list(search) == [0.002, 0.05, 0.2]
    by_lr = {r["hyperparameters"]["lr"]: r["val_bits"] for r in result["runs"] if r["seed"] == 0}
    assert search == by_lr and tc.best_lr(result, "lstm", 4) == min(by_lr, key=by_lr.get)
    assert tc.seed_summary(result, "lstm", 4, lr=0.05)["seeds"] == [0, 1]
    assert tc.seed_summary(result, "lstm", 4)["seeds"] == [0]  # the recipe's rate by default
    with pytest.raises(ValueError, match="no run of 'rnn'"):
        tc.lr_search(result, "rnn", 4)


def test_the_two_models_have_the_same_parameter_count():
    """H = 122 is the LSTM width closest to the RNN's count at H = 256 (output layer included)."""
    from rnn_helpers import count_lstm_params, init_rnn_params

    rnn = sum(p.size for p in init_rnn_params(65, 256, 65, rng=np.random.default_rng(0)).values())
    assert tc.count_params("rnn", 65, 256) == rnn == 99_137
    lstm = {H: count_lstm_params(65, H) + 65 * H + 65 for H in range(100, 140)}
    assert tc.count_params("lstm", 65, 122) == lstm[122] == 99_739
    assert min(lstm, key=lambda H: abs(lstm[H] - rnn)) == tc.HIDDEN["lstm"] == 122


def test_seconds_per_update_times_the_recipe(monkeypatch):
    """train's own clock over the updates, divided by their number; bad arguments refused."""
    from rnn_helpers import training

    ticks = iter(range(0, 1000, 3))  # every reading of the clock advances it by 3 s
    monkeypatch.setattr(training, "_clock", lambda: next(ticks))
    assert tc.seconds_per_update("lstm", 2) == 3 / 2  # one interval of the clock, two updates
    with pytest.raises(ValueError, match="steps must be"):
        tc.seconds_per_update("rnn", 0)
    with pytest.raises(ValueError, match=r"model must be one of \('rnn', 'lstm'\), got 'gru'"):
        tc.seconds_per_update("gru", 1)


def test_seed_summaries_format_as_one_row_per_model():
    run = {"H": 8, "params": 1234}
    stats = {
        f"{c}_{k}": v
        for c in tc.SUMMARY_COLUMNS
        for k, v in (("median", 2.5), ("lo", 2.25), ("hi", 2.75))
    }
    text = tc.format_seed_summaries({"tanh RNN": run | stats}, ("val", "other"))
    head, row = text.splitlines()
    assert head.split()[3:] == ["validation", "other", "lines"]
    assert row.split() == [
        "tanh",
        "RNN",
        "8",
        "1,234",
        "2.500",
        "[2.250-2.750]",
        "2.500",
        "[2.250-2.750]",
    ]
    with pytest.raises(ValueError, match="columns must be among"):
        tc.format_seed_summaries({"x": run | stats}, ("bits",))


def test_seconds_per_update_takes_the_fastest_repeat(monkeypatch):
    """A burst of other work slows one repeat; the fastest one is reported."""
    from rnn_helpers import training

    gaps = iter([10.0, 1.0, 2.0])  # seconds that train's clock advances in each repeat

    state = {"t": 0.0, "odd": False}

    def clock():
        if state["odd"]:  # the second reading of a repeat: the end of its updates
            state["t"] += next(gaps)
        state["odd"] = not state["odd"]
        return state["t"]

    monkeypatch.setattr(training, "_clock", clock)
    assert tc.seconds_per_update("rnn", 2, repeats=3) == 1.0 / 2
    with pytest.raises(ValueError, match="repeats must be"):
        tc.seconds_per_update("rnn", 1, repeats=0)
