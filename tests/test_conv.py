"""Convolution in numpy, the far-mark task and its two models, and the stored sweep."""

import numpy as np
import pytest

import rnn_helpers as rh
from rnn_helpers import conv


def loop_conv2d(x, W, b):
    """Reference: the definition, one output pixel at a time."""
    N, C, R, S = x.shape
    F, _, k, _ = W.shape
    p = k // 2
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    out = np.zeros((N, F, R, S))
    for n in range(N):
        for f in range(F):
            for r in range(R):
                for c in range(S):
                    out[n, f, r, c] = b[f] + np.sum(W[f] * xp[n, :, r : r + k, c : c + k])
    return out


@pytest.mark.parametrize(("N", "C", "R", "S", "F", "k"), [(1, 1, 1, 1, 1, 1), (2, 2, 4, 5, 3, 3),
                                                          (1, 3, 6, 4, 2, 5)])  # fmt: skip
def test_conv2d_matches_the_definition_and_its_gradient_matches_finite_differences(
    N, C, R, S, F, k
):
    rng = np.random.default_rng(N + C + R + S + F + k)
    x, W, b = rng.normal(size=(N, C, R, S)), rng.normal(size=(F, C, k, k)), rng.normal(size=F)
    assert np.abs(conv.conv2d(x, W, b) - loop_conv2d(x, W, b)).max() < 1e-12
    d = rng.normal(size=(N, F, R, S))
    dx, dW, db = conv.conv2d_backward(d, x, W)
    report = rh.gradient_check(
        lambda: np.sum(conv.conv2d(x, W, b) * d),
        {"x": x, "W": W, "b": b},
        {"x": dx, "W": dW, "b": db},
    )
    assert report.passed and max(r.rel_error for r in report.rows) < 1e-7, f"\n{report}"


def test_conv2d_keeps_float32_and_names_bad_arguments():
    x = np.ones((1, 2, 3, 3), dtype=np.float32)
    W = np.ones((1, 2, 3, 3), dtype=np.float32)
    assert conv.conv2d(x, W, np.zeros(1, dtype=np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match=r"W must have shape \(F, C, k, k\) = \(1, 2, 3, 3\)"):
        conv.conv2d(x, np.ones((1, 1, 3, 3)), np.zeros(1))
    with pytest.raises(ValueError, match="odd kernel size"):
        conv.conv2d(x, np.ones((1, 2, 2, 2)), np.zeros(1))
    with pytest.raises(ValueError, match=r"b must have shape \(F,\) = \(1,\)"):
        conv.conv2d(x, W, np.zeros(2))
    with pytest.raises(ValueError, match=r"x must be a 4-D array of shape \(N, C, R, S\)"):
        conv.conv2d(np.ones((2, 3, 3)), W, np.zeros(1))
    with pytest.raises(ValueError, match=r"dout must have shape \(N, F, R, S\) = \(1, 1, 3, 3\)"):
        conv.conv2d_backward(np.ones((1, 1, 3, 4)), x, W)


def test_marks_task_puts_one_mark_at_the_left_edge_and_labels_its_sign():
    x, y = conv.marks_task(400, 6, 12, rng=np.random.default_rng(0))
    assert x.shape == (400, 1, 6, 12) and set(np.unique(y)) == {0, 1}
    for img, label in zip(x[:, 0], y):
        marks = np.argwhere(np.abs(img) == 1.0)
        assert len(marks) == 1 and marks[0, 1] in (0, 1)
        assert img[tuple(marks[0])] == (1.0 if label else -1.0)
    assert 0.4 < y.mean() < 0.6
    with pytest.raises(ValueError, match="S must be at least 6"):
        conv.marks_task(3, 6, 4, rng=np.random.default_rng(0))


@pytest.mark.parametrize("kind", ["cnn", "conv_rnn"])
def test_model_gradients_match_finite_differences(kind):
    rng = np.random.default_rng(3)
    params = conv.init_marks_model(kind, 4, 6, F=2, H=3, rng=rng)
    x, y = conv.marks_task(3, 4, 6, rng=rng)
    _, grads = conv.marks_loss_and_grads(params, x, y)
    arrays = params | {"x": x}
    report = rh.gradient_check(lambda: conv.marks_loss_and_grads(params, x, y)[0], arrays, grads)
    assert report.passed and max(r.rel_error for r in report.rows) < 1e-7, f"\n{report}"


def test_the_cnn_cannot_see_beyond_its_receptive_field_and_the_rnn_can():
    rng = np.random.default_rng(1)
    x, _ = conv.marks_task(20, rng=rng)
    cnn = conv.init_marks_model("cnn", rng=rng)
    erf = conv.effective_receptive_field(cnn, x)
    assert np.all(erf[:, :-2] == 0) and np.all(erf[:, -2:].sum(axis=0) > 0)
    feature = conv.effective_receptive_field(cnn, x, unit="feature")
    outside = np.ones_like(feature, dtype=bool)
    outside[2:5, 5:8] = False  # the 3 × 3 patch around the centre pixel (3, 6)
    assert np.all(feature[outside] == 0) and feature[~outside].sum() > 0
    rnn = conv.init_marks_model("conv_rnn", rng=rng)
    assert np.all(conv.effective_receptive_field(rnn, x)[:, :2] > 0)  # reaches the first columns


def test_conv_sweep_file_holds_what_a_rerun_gives():
    stored = conv.load_sweep()
    assert stored["config"] == {**conv.SWEEP_CONFIG, "kinds": list(conv.SWEEP_KINDS),
                                "seeds": list(conv.SWEEP_SEEDS), "erf_images_seed": 7,
                                "optimizer": "Adam"}  # fmt: skip
    assert len(stored["runs"]) == len(conv.SWEEP_KINDS) * len(conv.SWEEP_SEEDS)
    for kind, seed in (("cnn", 0), ("conv_rnn", 1)):
        run = next(r for r in stored["runs"] if r["kind"] == kind and r["seed"] == seed)
        again = conv.sweep_record(kind, seed)
        assert again["test_accuracy"] == pytest.approx(run["test_accuracy"], abs=1e-9)
        assert np.allclose(again["curve"], run["curve"], atol=1e-4)
        assert np.allclose(again["erf"], run["erf"], atol=1e-5)
