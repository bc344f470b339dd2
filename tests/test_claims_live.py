"""The small experiments notebook 09 re-runs live."""

import numpy as np
import pytest

from rnn_helpers import init_rnn_params, numerical_gradient, relative_error
from rnn_helpers.claims import (
    conv_rnn_outputs,
    conv_stack,
    first_step_all_below,
    forgetting_distances,
    position_gradient,
    position_influence,
)


def test_first_step_all_below_counts_from_one_and_needs_every_row():
    dist = np.array([[1.0, 0.5, 1e-7, 1e-8], [1.0, 1e-7, 2e-6, 1e-9]])
    assert first_step_all_below(dist, 1e-6) == 4  # row 1 is still apart at step 3
    assert first_step_all_below(dist[:1], 1e-6) == 3
    assert first_step_all_below(dist, 2.0) == 1
    assert first_step_all_below(dist, 1e-10) == 5  # never: T + 1
    with pytest.raises(ValueError, match="dist must be a 2-D array"):
        first_step_all_below(dist[0], 1e-6)


def test_forgetting_distances_are_zero_only_where_histories_agree():
    rng = np.random.default_rng(0)
    dist = forgetting_distances(rng, n_pairs=5, T=80, D=3, H=8)
    assert dist.shape == (5, 80)
    assert np.all(dist[:, 0] > 1e-3)  # different x_1: different h_1
    assert np.all(np.diff(np.log(dist[:, :20]), axis=1).mean(axis=1) < 0)  # shrinking
    assert dist[:, -1].max() < 1e-12


def test_forgetting_distances_pairs_share_everything_but_x1():
    # the same generator state gives the same experiment; another gives another
    a = forgetting_distances(np.random.default_rng(1), n_pairs=3, T=10)
    b = forgetting_distances(np.random.default_rng(1), n_pairs=3, T=10)
    c = forgetting_distances(np.random.default_rng(2), n_pairs=3, T=10)
    assert np.array_equal(a, b) and not np.allclose(a, c)


def test_conv_stack_matches_a_hand_loop():
    rng = np.random.default_rng(3)
    x, k1, k2 = rng.normal(size=9), rng.normal(size=3), rng.normal(size=5)
    h = x
    for k in (k1, k2):
        padded = np.pad(h, len(k) // 2)
        h = np.tanh([padded[i : i + len(k)] @ k[::-1] for i in range(len(x))])
    assert np.allclose(conv_stack(x, [k1, k2]), h, rtol=0, atol=1e-14)


def test_conv_stack_rejects_even_kernels():
    with pytest.raises(ValueError, match=r"kernels\[1\] must be 1-D with an odd width"):
        conv_stack(np.zeros(8), [np.ones(3), np.ones(4)])


@pytest.mark.parametrize(("layers", "width"), [(1, 3), (3, 3), (2, 5)])
def test_convolutions_alone_reach_exactly_their_receptive_field(layers, width):
    rng = np.random.default_rng(4)
    kernels = [rng.normal(size=width) for _ in range(layers)]
    x, p = rng.normal(size=32), 16
    reach = np.flatnonzero(position_influence(x, kernels, p))
    r = layers * (width // 2)
    assert reach.tolist() == list(range(p - r, p + r + 1))


def test_an_rnn_after_the_convolutions_reaches_every_earlier_position():
    rng = np.random.default_rng(5)
    kernels = [rng.normal(size=3) for _ in range(3)]
    params = init_rnn_params(1, 8, 1, rng=rng)
    x, p = rng.normal(size=32), 16
    influence = position_influence(x, kernels, p, params)
    assert np.all(influence[: p + 4] > 0) and np.all(influence[p + 4 :] == 0)
    assert influence[0] < 1e-3 * influence[p - 3 : p + 4].max()  # far positions: faint


def test_position_influence_agrees_with_a_linear_case_by_hand():
    # One linear-ish layer: tanh(k * x) at p has derivative k_j (1 - y_p^2) w.r.t. x_{p+1-j}
    x, k = np.linspace(-0.5, 0.5, 7), np.array([0.2, -0.3, 0.4])
    y = conv_rnn_outputs(x, [k])
    expected = np.zeros(7)
    expected[2:5] = np.abs(k[::-1] * (1 - y[3] ** 2))
    assert np.allclose(position_influence(x, [k], 3), expected, rtol=1e-8, atol=1e-12)
    with pytest.raises(ValueError, match=r"position must be in 0 \.\.\. 6"):
        position_influence(x, [k], 7)


@pytest.mark.parametrize("with_rnn", [False, True])
@pytest.mark.parametrize(("layers", "width", "position"), [(1, 3, 0), (3, 3, 16), (2, 5, 31)])
def test_position_gradient_agrees_with_finite_differences(layers, width, position, with_rnn):
    rng = np.random.default_rng(6)
    kernels = [rng.normal(size=width) for _ in range(layers)]
    params = init_rnn_params(1, 5, 1, rng=rng) if with_rnn else None
    x = rng.normal(size=32)
    numeric = numerical_gradient(lambda: conv_rnn_outputs(x, kernels, params)[position], x)
    analytic = position_gradient(x, kernels, position, params)
    assert relative_error(analytic, numeric) < 1e-7
    assert np.all(numeric[analytic == 0] == 0)  # no influence at all: finite differences agree
