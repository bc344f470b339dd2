"""The stored search of notebook 06 (a larger budget, chosen on validation) is what the code
produces: its choice is re-derived from its rows, and one setting with one seed is re-run."""

import numpy as np
import pytest

from rnn_helpers import forecast as fc
from rnn_helpers.data import load_co2


@pytest.fixture(scope="module")
def stored():
    return fc.load_search()


@pytest.fixture(scope="module")
def co2():
    return load_co2()[1]


def _row(rows, **setting):
    (row,) = [r for r in rows if all(r[k] == v for k, v in setting.items())]
    return row


def test_stored_search_has_every_setting_seed_and_horizon(stored):
    assert stored["setup"] == fc.Setup().__dict__
    assert stored["grid"] == {k: list(v) for k, v in fc.SEARCH_GRID.items()}
    assert stored["seeds"] == [0, 1, 2, 3, 4] and stored["selection_seed"] == 0
    assert set(stored["networks"]) == set(fc.SEARCH_NETWORKS)
    for net in stored["networks"].values():
        assert len(net["search"]) == 27
        assert {tuple(r[k] for k in fc.SEARCH_GRID) for r in net["search"]} == {
            (H, s, lr)
            for H in (16, 32, 64)
            for s in (300, 1000, 3000)
            for lr in (0.003, 0.01, 0.03)
        }
        for r in net["search"]:
            assert len(r["val_rmse"]) == len(r["test_rmse"]) == 12
        assert np.array(net["test"]["rmse"]).shape == np.array(net["test"]["mae"]).shape == (5, 12)


def test_the_stored_choice_is_the_best_on_validation_one_month_ahead(stored):
    for net in stored["networks"].values():
        assert net["chosen"] == fc.best_setting(net["search"])
        best = min(r["val_rmse"][0] for r in net["search"])
        assert _row(net["search"], **net["chosen"])["val_rmse"][0] == best


def test_one_setting_and_seed_match_the_stored_search(stored, co2):
    """H = 16, 300 updates, lr = 0.01, seed 0 retrained from scratch (under a second)."""
    name, setting = "RNN on differences", {"H": 16, "steps": 300, "lr": 0.01}
    (got,) = fc.search_settings(co2, name, {k: (v,) for k, v in setting.items()})
    want = _row(stored["networks"][name]["search"], **setting)
    np.testing.assert_allclose(got["val_rmse"], want["val_rmse"], rtol=1e-4)
    np.testing.assert_allclose(got["test_rmse"], want["test_rmse"], rtol=1e-4)
    # notebook 06's own setting: the same run as seed 0 of the stored sweep
    sweep = fc.load_sweep()["networks"][name]["rmse"][0]
    np.testing.assert_allclose(want["test_rmse"], sweep, rtol=1e-4)


def test_the_ar_baselines_match_the_stored_search(stored, co2):
    steps = fc.baseline_steps(co2)
    for name, scores in stored["baselines"].items():
        step, window = steps[name]
        got_val = fc.score_on_validation(step, co2, window)["rmse"]
        np.testing.assert_allclose(got_val, scores["val_rmse"], rtol=1e-5)
        np.testing.assert_allclose(
            fc.score_on_test(step, co2, window)["rmse"], scores["test_rmse"], rtol=1e-5
        )


def test_score_on_validation_never_reads_the_test_part(co2):
    setup = fc.Setup()
    step = fc.ar_fitted_step(co2[: len(co2) - setup.n_val - setup.n_test], 3)
    changed = co2.copy()
    changed[-setup.n_test :] = 1e6
    got = fc.score_on_validation(step, changed, 3)
    assert got == fc.score_on_validation(step, co2, 3)
    assert np.all(np.array(got["rmse"]) < 5)  # and it did score something finite and small
    assert got != fc.score_on_test(step, co2, 3)


def test_best_setting_chooses_by_the_one_month_validation_error_only():
    rows = [
        {"H": 16, "lr": 0.01, "val_rmse": [0.30, 0.10], "test_rmse": [0.10, 0.10]},
        {"H": 32, "lr": 0.01, "val_rmse": [0.20, 0.90], "test_rmse": [0.90, 0.90]},
    ]
    assert fc.best_setting(rows) == {"H": 32, "lr": 0.01}
    assert fc.best_setting(rows, "test_rmse") == {"H": 16, "lr": 0.01}
    assert fc.best_setting(rows, horizon=2) == {"H": 16, "lr": 0.01}


def test_load_search_refuses_an_edited_copy(tmp_path, stored):
    import json

    from rnn_helpers.data import DataFileError

    (tmp_path / fc.SEARCH_FILE).write_text(json.dumps(stored))
    with pytest.raises(DataFileError, match=r"forecast_search\.json .*damaged or edited"):
        fc.load_search(tmp_path)


def test_search_table_shows_every_setting_and_marks_the_choice(stored):
    name = "RNN many-to-many, differences"
    table = fc.format_search_table(stored, name).splitlines()
    assert len(table) == 1 + 9 and table[0].split()[:2] == ["H", "updates"]
    net = stored["networks"][name]
    marked = [line for line in table if "*" in line]
    assert len(marked) == 1
    c = net["chosen"]
    assert marked[0].split()[:2] == [str(c["H"]), str(c["steps"])]
    cell = f"{_row(net['search'], **c)['val_rmse'][0]:.3f}*"
    assert cell in marked[0].split()
    assert marked[0].split().index(cell) == 2 + stored["grid"]["lr"].index(c["lr"])


def test_longer_training_worse_counts_pairs_of_the_same_h_and_lr():
    rows = [
        {"H": 16, "lr": 0.01, "steps": 300, "val_rmse": [0.30]},
        {"H": 16, "lr": 0.01, "steps": 3000, "val_rmse": [0.40]},  # worse
        {"H": 32, "lr": 0.01, "steps": 300, "val_rmse": [0.50]},
        {"H": 32, "lr": 0.01, "steps": 3000, "val_rmse": [0.20]},  # better
        {"H": 64, "lr": 0.01, "steps": 300, "val_rmse": [0.10]},  # no 3000 row: no pair
    ]
    assert fc.longer_training_worse(rows) == (1, 2)
    assert fc.longer_training_worse(rows, short=300, long=1000) == (0, 0)
