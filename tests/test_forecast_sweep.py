"""The stored seed sweep of notebook 06 is what the code produces: a subset re-run and matched."""

import numpy as np
import pytest

from rnn_helpers import forecast as fc
from rnn_helpers.data import load_co2


@pytest.fixture(scope="module")
def stored():
    return fc.load_sweep()


@pytest.fixture(scope="module")
def co2():
    return load_co2()[1]


def test_stored_sweep_has_every_method_seed_and_horizon(stored):
    assert stored["seeds"] == [0, 1, 2, 3, 4]
    assert set(stored["networks"]) == set(fc.NETWORKS)
    assert stored["setup"] == fc.Setup().__dict__
    for scores in stored["networks"].values():
        assert np.array(scores["rmse"]).shape == np.array(scores["mae"]).shape == (5, 12)
    for scores in stored["baselines"].values():
        assert np.array(scores["rmse"]).shape == (12,)
        assert np.all(np.array(scores["mae"]) <= np.array(scores["rmse"]))  # MAE <= RMSE


def test_baselines_match_the_stored_sweep(stored, co2):
    steps = fc.baseline_steps(co2)
    assert list(steps) == list(stored["baselines"])  # same AR orders chosen on validation
    for name, (step, window) in steps.items():
        got = fc.score_on_test(step, co2, window)
        np.testing.assert_allclose(got["rmse"], stored["baselines"][name]["rmse"], rtol=1e-5)
        np.testing.assert_allclose(got["mae"], stored["baselines"][name]["mae"], rtol=1e-5)


@pytest.mark.parametrize("name", ["RNN on differences", "feedforward window, differences"])
def test_a_network_seed_matches_the_stored_sweep(stored, co2, name):
    """Seed 0 retrained from scratch (under a second of CPU each)."""
    got = fc.run_sweep(co2, seeds=[0], names=[name])["networks"][name]
    np.testing.assert_allclose(got["rmse"][0], stored["networks"][name]["rmse"][0], rtol=1e-4)
    np.testing.assert_allclose(got["mae"][0], stored["networks"][name]["mae"][0], rtol=1e-4)


def test_load_sweep_refuses_an_edited_copy(tmp_path, stored):
    import json

    from rnn_helpers.data import DataFileError

    (tmp_path / fc.SWEEP_FILE).write_text(json.dumps(stored))
    with pytest.raises(DataFileError, match=r"forecast_sweep\.json .*damaged or edited"):
        fc.load_sweep(tmp_path)
