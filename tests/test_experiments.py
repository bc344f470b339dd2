"""The seed runner: one generator per seed, per-seed outcomes, median, spread, m of k."""

import numpy as np
import pytest

from rnn_helpers.experiments import Curve, above, below, run_seeds, summarize


def test_every_seed_gets_its_own_generator():
    summary = run_seeds(lambda rng: rng.random(), range(5), criterion=below(0.5, "u"))
    expected = [np.random.default_rng(s).random() for s in range(5)]
    np.testing.assert_array_equal(summary.values, expected)
    assert summary.seeds == (0, 1, 2, 3, 4) and summary.k == 5


def test_median_spread_iqr_and_m_of_k_by_hand():
    s = summarize([0.01, 0.2, 0.05, 0.07, 0.3], range(5), below(0.08, "test MSE"))
    assert s.m == 3 and s.k == 5
    assert s.median == pytest.approx(0.07)
    assert s.spread == (0.01, 0.3)
    assert s.iqr == pytest.approx((0.05, 0.2))
    assert s.describe(".2f") == (
        "learned in 3 of 5 seeds (test MSE < 0.08); median 0.07, range 0.01–0.30"
    )


def test_threshold_is_strict_and_above_works():
    assert summarize([0.08, 0.0799], (0, 1), below(0.08, "mse")).m == 1
    assert summarize([0.5, 0.51], (0, 1), above(0.5, "rate")).m == 1
    assert str(above(0.5, "rate")) == "rate > 0.5"


def test_a_diverged_seed_is_never_a_success_and_is_counted():
    s = summarize([np.nan, 0.01, 0.02], range(3), below(0.08, "test MSE"))
    assert s.m == 2 and s.diverged == 1
    assert s.median == pytest.approx(0.015) and s.spread == (0.01, 0.02)
    assert s.describe().endswith("; 1 diverged")
    assert summarize([np.nan, np.inf], range(2), above(0.0, "x")).m == 0


def test_curves_give_the_outcome_at_every_budget():
    def experiment(rng):
        plateau = rng.integers(1, 4) * 100  # when this seed leaves the plateau
        steps = np.arange(0, 501, 100)
        return Curve(steps, np.where(steps < plateau, 0.17, 0.01))

    s = run_seeds(experiment, range(6), criterion=below(0.08, "test MSE"))
    plateaus = [np.random.default_rng(k).integers(1, 4) * 100 for k in range(6)]
    for budget in (100, 200, 300, 400):
        assert s.at(budget).m == sum(p <= budget for p in plateaus)
    assert s.m == 6 and s.at(0).m == 0
    np.testing.assert_array_equal(s.values, 0.01)


def test_curve_lookup_and_checks():
    c = Curve([0, 100, 200], [1.0, 0.5, 0.1])
    assert c.at(100) == 0.5
    with pytest.raises(ValueError, match="step must be one of the measured steps"):
        c.at(150)
    with pytest.raises(ValueError, match="values must have the shape of steps"):
        Curve([0, 1], [1.0])
    with pytest.raises(ValueError, match="steps must increase"):
        Curve([0, 0], [1.0, 2.0])


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="seeds must hold at least one seed"):
        run_seeds(lambda rng: 0.0, [], criterion=below(1, "x"))
    with pytest.raises(TypeError, match="criterion must be a Criterion"):
        run_seeds(lambda rng: 0.0, [0], criterion=0.08)
    with pytest.raises(TypeError, match="a Curve for every seed or a float for every seed"):
        run_seeds(
            lambda rng: Curve([0], [1.0]) if rng.random() < 0.5 else 1.0,
            range(10),
            criterion=below(1, "x"),
        )
    with pytest.raises(ValueError, match=r"values must have shape \(k,\) = \(3,\)"):
        summarize([1.0, 2.0], range(3), below(1, "x"))
    with pytest.raises(ValueError, match="needs learning curves"):
        summarize([1.0], [0], below(1, "x")).at(100)


def test_all_diverged_is_said_plainly():
    s = summarize([np.nan, np.nan], range(2), below(0.05, "test MSE"))
    assert s.describe() == "learned in 0 of 2 seeds (test MSE < 0.05); all 2 diverged"
    assert np.isnan(s.median) and np.isnan(s.iqr[0])
