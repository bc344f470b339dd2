"""The stored sweeps in data/: each file re-run in part and matched, its configuration and hash.

Re-running a subset uses the same record functions as the sweep, with fewer seeds, shorter
budgets or fewer passes; a shorter run of the same seed makes the same first updates, so its
numbers must equal the stored prefix. Tolerance: relative 1e-6, far above the rounding
differences between machines over these short prefixes and far below any real change.
"""

import json

import numpy as np
import pytest

from rnn_helpers import sweeps
from rnn_helpers.data import sha256_of
from rnn_helpers.longrange import LEARNED

RTOL = 1e-6


@pytest.fixture(scope="module")
def stored():
    return {name: sweeps.load(name) for name in sweeps.SWEEPS}


def test_every_file_holds_its_configuration_version_and_hash(stored):
    readme = sweeps_readme().read_text()
    for name, result in stored.items():
        assert result["sweep"] == name
        assert result["config"] == json.loads(json.dumps(sweeps.CONFIGS[name]))
        assert result["rnn_helpers_version"] and result["numpy_version"]
        assert sweeps.SHA256[name] in readme and sweeps.file_name(name) in readme


def sweeps_readme():
    from rnn_helpers.data import data_dirs

    return next(d / "README.md" for d in data_dirs() if (d / "README.md").is_file())


def test_a_damaged_file_is_refused(tmp_path, monkeypatch):
    (tmp_path / "sweep_cliff.json").write_text("{}")
    monkeypatch.setenv("RNN_COURSE_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"sweep_cliff.json .* is damaged or edited"):
        sweeps.load("cliff")


def test_unknown_sweep_name_is_named():
    with pytest.raises(ValueError, match="name must be one of"):
        sweeps.load("adding_problem")


def prefix_matches(stored_values, fresh_values):
    n = len(fresh_values)
    np.testing.assert_allclose(fresh_values, stored_values[:n], rtol=RTOL, atol=1e-12)


@pytest.mark.parametrize(("model", "T", "seed"), [("tanh", 10, 0), ("relu", 40, 3)])
def test_adding_subset_matches(stored, model, T, seed):
    config = stored["adding"]["config"]
    fresh = sweeps.adding_record(model, T, 200, seed, config)
    (old,) = sweeps._select(stored["adding"], model=model, T=T, seed=seed)
    prefix_matches(old["test_mse"], fresh["test_mse"])
    prefix_matches(old["sensitivity"], fresh["sensitivity"])
    prefix_matches(old["grad_norm_max"], fresh["grad_norm_max"])


def test_remedies_subset_matches(stored):
    config = stored["remedies"]["config"]
    arm = next(a for a in config["arms"] if a[3] is None and a[4] == 0.9)
    fresh = sweeps.remedies_record([*arm[:5], 200], 1, config)
    (old,) = sweeps._select(stored["remedies"], arm=arm[0], seed=1)
    prefix_matches(old["test_mse"], fresh["test_mse"])


def test_truncation_subset_matches(stored):
    config = stored["truncation"]["config"] | {"passes": 5}
    fresh = sweeps.truncation_record(2, [1, 32], 0, config)
    (old,) = sweeps._select(stored["truncation"], delay=2, seed=0)
    for window, curve in zip(fresh["windows"], fresh["eval_losses"]):
        prefix_matches(old["eval_losses"][old["windows"].index(window)], curve)
    readout = sweeps.readout_record(4, 1, stored["truncation"]["config"])
    (old,) = [r for r in stored["truncation"]["results"]["readouts"] if r["delay"] == 4
              and r["seed"] == 1]  # fmt: skip
    assert readout["readout_mse"] == pytest.approx(old["readout_mse"], rel=RTOL)


def test_cliff_subset_matches(stored):
    config = stored["cliff"]["config"] | {"seeds": [0, 1, 2], "steps": 300, "budgets": [100, 300]}
    for theta in (None, 1.0):
        fresh = sweeps.cliff_record(0.5, theta, config)
        (old,) = sweeps._select(stored["cliff"], lr=0.5, theta=theta)
        for budget in ("100", "300"):
            # chaotic near the wall: allow one start in 100 to land differently
            np.testing.assert_allclose(
                fresh["success_rate"][budget], old["success_rate"][budget][:3], atol=0.011
            )


def test_clipping_subset_matches(stored):
    config = stored["clipping"]["config"]
    fresh = sweeps.clipping_record(0, 1.0, 0.3, config)
    (old,) = sweeps._select(stored["clipping"], seed=0, lr=1.0, theta=0.3)
    assert fresh["test_mse"] == pytest.approx(old["test_mse"], rel=1e-4)
    assert fresh["n_clipped"] == old["n_clipped"]
    overflow = sweeps.clipping_record(0, 1.0, None, config)
    (old,) = sweeps._select(stored["clipping"], seed=0, lr=1.0, theta=None)
    assert overflow["cause"] == old["cause"] == "output layer"
    assert abs(overflow["overflow_step"] - old["overflow_step"]) <= 2


def test_summaries_read_the_records(stored):
    s = sweeps.adding_summary(stored["adding"], model="tanh", T=10, budget=400)
    (rows,) = [sweeps.field_by_seed(stored["adding"], "test_mse", model="tanh", T=10)]
    steps = sweeps._select(stored["adding"], model="tanh", T=10)[0]["steps"]
    np.testing.assert_array_equal(s.values, rows[:, steps.index(400)])
    assert s.m == int(np.sum(rows[:, steps.index(400)] < LEARNED))
    with pytest.raises(ValueError, match="no records of sweep 'adding' match"):
        sweeps.adding_summary(stored["adding"], model="tanh", T=999, budget=400)


def test_adding_table_shows_each_summary_and_blanks_unreached_budgets(stored):
    adding = stored["adding"]
    rows = {"tanh, T = 10": {"model": "tanh", "T": 10}, "relu, T = 40": {"model": "relu", "T": 40}}
    title, header, short, long = sweeps.adding_table(adding, rows, (400, 3000)).splitlines()
    assert "test MSE < 0.08" in title and header.split()[1:] == ["400", "3000"]
    for line, where in ((short, rows["tanh, T = 10"]), (long, rows["relu, T = 40"])):
        s = sweeps.adding_summary(adding, budget=400, **where)
        lo, hi = s.spread
        assert f"{s.m}/6 ({s.median:.3f}, {lo:.3f}–{hi:.3f})" in line
    assert short.count("/6") == 1  # tanh, T = 10 stopped at 1000 updates: no 3000 column
    s = sweeps.adding_summary(adding, budget=3000, **rows["relu, T = 40"])
    assert long.endswith(f"{s.m}/6 ({s.median:.3f}, {s.spread[0]:.3f}–{s.spread[1]:.3f})")
    remedies = stored["remedies"]
    arm = remedies["config"]["arms"][0][0]
    line = sweeps.adding_table(remedies, {arm: {"arm": arm}}, (400,), peak=True).splitlines()[-1]
    largest = sweeps.field_by_seed(remedies, "grad_norm_max", arm=arm).max(axis=1)
    assert line.startswith(arm) and line.endswith(f"{np.median(largest):.1e}")


def test_other_summaries_read_the_records(stored):
    trunc = stored["truncation"]
    s = sweeps.truncation_summary(trunc, delay=4, window=5)
    records = sweeps._select(trunc, delay=4)
    np.testing.assert_array_equal(
        s.values, [r["settled_loss"][r["windows"].index(5)] for r in records]
    )
    assert s.curves[0].values[-1] == records[0]["eval_losses"][records[0]["windows"].index(5)][-1]
    readout = sweeps.readout_summary(trunc, delay=2)
    assert readout.k == len(trunc["config"]["seeds"])
    c = sweeps.cliff_summary(stored["cliff"], lr=0.5, theta=1.0, budget=300)
    (record,) = sweeps._select(stored["cliff"], lr=0.5, theta=1.0)
    np.testing.assert_array_equal(c.values, record["success_rate"]["300"])
    clip = sweeps.clipping_summary(stored["clipping"], lr=1.0, theta=None)
    assert clip.diverged == clip.k and clip.m == 0


def test_command_line_prints_hashes(tmp_path, capsys):
    (tmp_path / "sweep_cliff.json").write_text("{}\n")
    assert sweeps.main(["--hashes", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "cliff: " + sha256_of(tmp_path / "sweep_cliff.json") in out and "adding: missing" in out


def test_optimizers_subset_matches(stored):
    config = stored["optimizers"]["config"]
    fresh = sweeps.optimizers_record(2, "Adagrad", 0.05, config)
    (old,) = sweeps._select(stored["optimizers"], seed=2, optimizer="Adagrad")
    for key in ("loss_10", "loss_end", "test_mse", "last_value_mse"):
        assert fresh[key] == pytest.approx(old[key], rel=RTOL)


def test_clipping_arms_label_every_arm_and_read_its_records(stored):
    clip = stored["clipping"]
    arms = sweeps.clipping_arms(clip)
    assert list(arms) == ["none", "0.03", "0.1", "0.3", "1", "3", "10", "lr 0.3, none"]
    for label, theta in [("none", None), ("0.3", 0.3), ("10", 10.0)]:
        expected = [r["test_mse"] for r in sweeps._select(clip, lr=1.0, theta=theta)]
        np.testing.assert_array_equal(arms[label].values, expected)
    # the reference arm is lr 0.3 without clipping, not lr 1 without clipping
    expected = [r["test_mse"] for r in sweeps._select(clip, lr=0.3, theta=None)]
    np.testing.assert_array_equal(arms["lr 0.3, none"].values, expected)
    assert arms["none"].diverged == 6 and arms["lr 0.3, none"].diverged == 0


def test_optimizers_by_seed_aligns_the_seeds(stored):
    result = stored["optimizers"]
    loss_10 = sweeps.optimizers_by_seed(result, "loss_10")
    assert list(loss_10) == ["SGD", "Adagrad", "Adam"]
    for name, values in loss_10.items():
        for seed in (0, 3, 5):
            (record,) = sweeps._select(result, optimizer=name, seed=seed)
            assert values[seed] == record["loss_10"]
    # records stored in another order still come back seed by seed
    shuffled = dict(result, results=result["results"][::-1])
    np.testing.assert_array_equal(
        sweeps.optimizers_by_seed(shuffled, "loss_10")["Adam"], loss_10["Adam"]
    )
    missing = dict(result, results=[r for r in result["results"] if r["seed"] != 2])
    with pytest.raises(ValueError, match="every seed for SGD"):
        sweeps.optimizers_by_seed(missing, "test_mse")


def test_truncation_table_holds_every_delay_and_window(stored):
    trunc = stored["truncation"]
    table = sweeps.truncation_table(trunc)
    expected = [(int(d), k) for d, ks in trunc["config"]["delays"].items() for k in ks]
    assert list(table) == expected
    np.testing.assert_array_equal(
        table[4, 5].values, sweeps.truncation_summary(trunc, delay=4, window=5).values
    )
    assert table[2, 1].values[0] != table[4, 1].values[0]  # keyed by delay, not only window
