"""The adding problem's baseline, the parameter initialisations and the experiment runner."""

import numpy as np
import pytest

from rnn_helpers import longrange
from rnn_helpers.tasks import adding_problem, constant_mse
from rnn_helpers.training import predict


def test_baseline_is_one_sixth():
    assert longrange.adding_baseline_mse() == pytest.approx(1 / 6, abs=1e-15)


@pytest.mark.parametrize("T", [4, 11, 25])
def test_baseline_against_a_large_sample(T):
    _, y = adding_problem(100_000, T, rng=np.random.default_rng(T))
    assert constant_mse(y, 1.0) == pytest.approx(1 / 6, abs=0.003)
    assert y.mean() == pytest.approx(1.0, abs=0.005)  # 1 is the best constant


def test_constant_mse_of_the_adding_baseline_by_hand():
    y = np.array([[0.5], [1.5], [1.0]])
    assert constant_mse(y, 1.0) == pytest.approx((0.25 + 0.25 + 0) / 3)


def test_init_adding_params_shapes_and_recurrent_matrices():
    for init in longrange.INITS:
        p = longrange.init_adding_params(6, init=init, rng=np.random.default_rng(0))
        assert {k: v.shape for k, v in p.items()} == {
            "W_xh": (6, 2),
            "W_hh": (6, 6),
            "b_h": (6,),
            "W_hy": (1, 6),
            "b_y": (1,),
        }
    Q = longrange.init_adding_params(6, init="orthogonal", rng=np.random.default_rng(0))["W_hh"]
    np.testing.assert_allclose(Q.T @ Q, np.eye(6), atol=1e-12)
    eye = longrange.init_adding_params(6, init="identity", rng=np.random.default_rng(0))["W_hh"]
    np.testing.assert_array_equal(eye, np.eye(6))
    default = longrange.init_adding_params(6, init="default", rng=np.random.default_rng(0))
    assert np.abs(default["W_hh"]).max() <= 1 / np.sqrt(6)


def test_inits_share_everything_but_W_hh():
    a = longrange.init_adding_params(5, init="default", rng=np.random.default_rng(1))
    b = longrange.init_adding_params(5, init="identity", rng=np.random.default_rng(1))
    for k in ("W_xh", "b_h", "W_hy", "b_y"):
        np.testing.assert_array_equal(a[k], b[k])


def _rngs(seed):
    """The generators `sweep_record` gives `run_adding` for `seed`."""
    return {"rng": np.random.default_rng(seed), "test_rng": np.random.default_rng(10_000 + seed)}


def test_short_sequences_are_learned_and_runs_are_reproducible():
    run = longrange.run_adding(5, **_rngs(0))
    assert not run.diverged and run.losses.shape == (400,) and run.grad_norms.shape == (400,)
    assert run.test_mse < 0.08
    again = longrange.run_adding(5, **_rngs(0))
    assert again.test_mse == run.test_mse


def test_long_sequences_sit_on_the_baseline():
    run = longrange.run_adding(40, activation="tanh", **_rngs(1))
    assert abs(run.test_mse - 1 / 6) < 0.02


def test_a_diverging_run_is_reported_not_raised():
    run = longrange.run_adding(
        60, activation="relu", init="identity", lr=100.0, clip=None, steps=30, **_rngs(0)
    )
    assert run.diverged and np.isnan(run.test_mse)


def _flow_at_init(init, activation="tanh"):
    params = longrange.init_adding_params(16, init=init, rng=np.random.default_rng(0))
    return longrange.gradient_flow(params, 60, rng=np.random.default_rng(1), activation=activation)


def test_gradient_flow_at_init():
    default = _flow_at_init("default")
    ortho = _flow_at_init("orthogonal")
    irnn = _flow_at_init("identity", activation="relu")
    assert default.shape == (61,) and default[0] == pytest.approx(1.0)
    assert default[50] < 1e-6 < ortho[50]
    assert irnn[50] == pytest.approx(1.0)  # active units pass the gradient through unchanged


@pytest.mark.parametrize(
    ("mse", "outcome"),
    [
        (0.01, "learned"),
        (0.0799, "learned"),
        (0.08, "partial"),
        (0.146, "partial"),
        (0.147, "baseline"),
        (0.186, "baseline"),
        (0.19, "partial"),
        (float("nan"), "partial"),
    ],
)
def test_classify_names_the_outcome(mse, outcome):
    assert longrange.classify(mse) == outcome


@pytest.mark.parametrize("T", [2, 3, 17, 300])
def test_the_two_unit_relu_rnn_solves_the_task_exactly(T):
    x, y = adding_problem(50, T, rng=np.random.default_rng(T))
    y_hat = predict(longrange.exact_adding_solution(), x, mode="many-to-one", activation="relu")
    np.testing.assert_allclose(y_hat, y, atol=1e-12)


def test_sensitivity_of_the_exact_solution_is_one_at_both_marks():
    s = longrange.marked_value_sensitivity(
        longrange.exact_adding_solution(),
        30,
        rng=np.random.default_rng(99),
        activation="relu",
        n=40,
    )
    assert s.shape == (40, 2)
    np.testing.assert_allclose(s, 1.0, atol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_sensitivity_matches_finite_differences(activation):
    params = longrange.init_adding_params(5, init="orthogonal", rng=np.random.default_rng(2))
    s = longrange.marked_value_sensitivity(
        params, 9, rng=np.random.default_rng(4), activation=activation, n=3
    )
    x, _ = adding_problem(3, 9, rng=np.random.default_rng(4))
    eps = 1e-6
    for i in range(3):
        for j, t in enumerate(np.flatnonzero(x[i, :, 1] == 1)):
            up, down = x[i : i + 1].copy(), x[i : i + 1].copy()
            up[0, t, 0] += eps
            down[0, t, 0] -= eps
            f = [
                predict(params, z, mode="many-to-one", activation=activation)[0, 0]
                for z in (up, down)
            ]
            assert s[i, j] == pytest.approx((f[0] - f[1]) / (2 * eps), rel=1e-6, abs=1e-9)


def test_run_keeps_its_trained_params():
    run = longrange.run_adding(5, steps=50, **_rngs(2))
    x_test, y_test = adding_problem(1000, 5, rng=np.random.default_rng(10_002))
    y_hat = predict(run.params, x_test, mode="many-to-one")
    assert np.mean((y_hat - y_test) ** 2) == run.test_mse
    assert run.outcome == longrange.classify(run.test_mse)


def test_a_gru_runs_on_the_adding_problem_and_keeps_its_params():
    run = longrange.run_adding(5, model="gru", steps=50, **_rngs(3))
    assert run.model == "gru" and run.params["W_h"].shape == (48, 16)
    x_test, y_test = adding_problem(1000, 5, rng=np.random.default_rng(10_003))
    y_hat = predict(run.params, x_test, mode="many-to-one")
    assert np.mean((y_hat - y_test) ** 2) == run.test_mse
    assert run.losses[-10:].mean() < run.losses[:10].mean()


CASES = {
    "unknown init": (
        lambda: longrange.init_adding_params(4, init="he", rng=np.random.default_rng()),
        ValueError,
        "init must be one of ('default', 'orthogonal', 'identity'), got 'he'",
    ),
    "unknown activation": (
        lambda: longrange.run_adding(5, activation="gelu", **_rngs(0)),
        ValueError,
        "activation must be one of ('tanh', 'relu'), got 'gelu'",
    ),
    "y not an array": (
        lambda: constant_mse([1.0, 2.0]),
        TypeError,
        "y must be a numpy array, got list",
    ),
    "sensitivity activation": (
        lambda: longrange.marked_value_sensitivity(
            longrange.exact_adding_solution(), 5, rng=np.random.default_rng(0), activation="sigmoid"
        ),
        ValueError,
        "activation must be one of ('tanh', 'relu'), got 'sigmoid'",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_malformed_input_is_named(case):
    call, error, message = CASES[case]
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_adding_curve_in_blocks_equals_one_training_run():
    from rnn_helpers.optim import Adam
    from rnn_helpers.training import evaluate, train

    curve = longrange.adding_curve(6, np.random.default_rng(3), model="relu", steps=60, every=20)
    init_rng, data_rng, test_rng = np.random.default_rng(3).spawn(3)
    p = longrange.init_adding_params(16, init="default", rng=init_rng)
    x, y = adding_problem(2000, 6, rng=data_rng)
    x_test, y_test = adding_problem(500, 6, rng=test_rng)
    result = train(p, x, y, steps=60, optimizer=Adam(0.01), mode="many-to-one", clip=1.0,
                   batch_size=32, rng=data_rng, activation="relu", progress=False)  # fmt: skip
    for k in p:
        np.testing.assert_array_equal(curve.params[k], p[k])
    np.testing.assert_array_equal(curve.grad_norms, result.grad_norms)
    assert curve.test_mse[-1] == evaluate(p, x_test, y_test, mode="many-to-one", activation="relu")
    assert curve.steps.tolist() == [0, 20, 40, 60] and curve.grad_norm_max.shape == (3,)
    assert curve.grad_norm_max[0] == result.grad_norms[:20].max()


def test_adding_curve_models_share_data_and_check_arguments():
    a = longrange.adding_curve(5, np.random.default_rng(1), model="tanh", steps=10, every=10)
    b = longrange.adding_curve(5, np.random.default_rng(1), model="irnn", steps=10, every=10)
    np.testing.assert_array_equal(b.params["W_xh"].shape, a.params["W_xh"].shape)
    assert a.curve.values[0] == a.test_mse[0] and a.curve.steps.tolist() == [0, 10]
    with pytest.raises(ValueError, match="model must be one of"):
        longrange.adding_curve(5, np.random.default_rng(1), model="lstm")
    with pytest.raises(ValueError, match="steps must be a multiple of every = 30"):
        longrange.adding_curve(5, np.random.default_rng(1), steps=40, every=30)
