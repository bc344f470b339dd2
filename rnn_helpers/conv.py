"""Convolution in numpy, and a test of "RNNs extend a convolution's pixel neighbourhood".

`conv2d` is a 'same'-padded, stride-1 convolution (strictly, a cross-correlation, as in every
deep-learning library) built with sliding windows (im2col)::

    out[n, f, r, c] = b[f] + Σ_{ch, u, v} W[f, ch, u, v] · x_pad[n, ch, r + u, c + v]

x (N, C, R, S) images with C channels, R rows, S columns; W (F, C, k, k) with odd k; b (F,).

The far-mark task (`marks_task`): an R × S image of noise with one mark (a pixel of +1 or -1)
in its first two columns; the label says whether the mark is bright (+1). The answer is read out
at the image's right edge, as a per-location output (a segmentation, say) would be. Two models
share one 3×3 convolution with ReLU:

- the CNN reads the feature map's last column with one linear layer (two logits);
- the conv + RNN reads the feature map column by column, left to right, with a tanh RNN (input at
  step t: column t of every feature map, F·R numbers) and gives the two logits from its last state.

Both answer at the last column. The CNN's answer depends only on pixels within its receptive field
(the last two columns), so it cannot see the mark; the RNN's state has read every column before.
"""

from __future__ import annotations

import json

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validate import as_array, check_ndim, check_positive_int, check_rng, check_shape, float_dtype
from .bptt import rnn_backward
from .data import data_path
from .losses import softmax_cross_entropy
from .optim import Adam
from .rnn import RNNCache, output_backward, output_forward, rnn_forward


def _check_conv(x, W, b):
    x, W, b = as_array("x", x), as_array("W", W), as_array("b", b)
    check_ndim("x", x, (4,), "(N, C, R, S)")
    check_ndim("W", W, (4,), "(F, C, k, k)")
    F, C, k = W.shape[0], x.shape[1], W.shape[2]
    check_shape("W", W, "(F, C, k, k)", (F, C, k, k), "x's channels C and the kernel height k")
    if k % 2 == 0:
        raise ValueError(f"W must have an odd kernel size k (3, 5, ...), got k = {k}")
    check_shape("b", b, "(F,)", (F,), "W")
    dt = float_dtype(x, W, b)
    return x.astype(dt, copy=False), W.astype(dt, copy=False), b.astype(dt, copy=False)


def _patches(x_pad: np.ndarray, k: int) -> np.ndarray:
    """im2col: every k × k window of every channel, shape (N, R, S, C, k, k) (a view)."""
    return sliding_window_view(x_pad, (k, k), axis=(2, 3)).transpose(0, 2, 3, 1, 4, 5)


def conv2d(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """'Same' convolution with stride 1: out[n, f, r, c] = b_f + Σ W[f] · (k×k patch at r, c).

    Parameters
    ----------
    x : ndarray of shape (N, C, R, S)
        Images: N images, C channels, R rows, S columns.
    W : ndarray of shape (F, C, k, k)
        F filters of odd size k.
    b : ndarray of shape (F,)

    Returns
    -------
    out : ndarray of shape (N, F, R, S)
        Zero padding of (k - 1)/2 keeps the image size.
    """
    x, W, b = _check_conv(x, W, b)
    k = W.shape[2]
    p = k // 2
    cols = _patches(np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))), k)  # (N, R, S, C, k, k)
    N, R, S = cols.shape[:3]
    out = cols.reshape(N * R * S, -1) @ W.reshape(W.shape[0], -1).T + b
    return out.reshape(N, R, S, -1).transpose(0, 3, 1, 2)


def conv2d_backward(
    dout: np.ndarray, x: np.ndarray, W: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of `conv2d`: dx, dW = Σ dout ⊗ patches, db = Σ dout.

    Parameters
    ----------
    dout : ndarray of shape (N, F, R, S)
        dLoss/dout.
    x : ndarray of shape (N, C, R, S)
        The input given to `conv2d`.
    W : ndarray of shape (F, C, k, k)

    Returns
    -------
    dx : ndarray of shape (N, C, R, S)
    dW : ndarray of shape (F, C, k, k)
    db : ndarray of shape (F,)
    """
    x, W, _ = _check_conv(x, W, np.zeros(W.shape[0]))
    dout = as_array("dout", dout)
    N, C, R, S = x.shape
    F, _, k, _ = W.shape
    check_shape("dout", dout, "(N, F, R, S)", (N, F, R, S), "x and W")
    p = k // 2
    cols = _patches(np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))), k).reshape(N * R * S, -1)
    d2 = dout.transpose(0, 2, 3, 1).reshape(N * R * S, F)
    dW = (d2.T @ cols).reshape(W.shape)
    dcols = (d2 @ W.reshape(F, -1)).reshape(N, R, S, C, k, k)
    dx_pad = np.zeros((N, C, R + 2 * p, S + 2 * p), dtype=dcols.dtype)
    for u in range(k):  # col2im: add each window offset's share back to its pixels
        for v in range(k):
            dx_pad[:, :, u : u + R, v : v + S] += dcols[..., u, v].transpose(0, 3, 1, 2)
    return dx_pad[:, :, p : p + R, p : p + S], dW, d2.sum(axis=0)


# --- the matching-marks task --------------------------------------------------------------------


def marks_task(
    n: int, R: int = 6, S: int = 12, *, noise: float = 0.3, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Images with a mark at the left edge; label 1 when the mark is bright (+1).

    Each image is R × S Gaussian noise (standard deviation `noise`) plus one mark of value ±1 (a
    fair coin) at a random row in column 0 or 1.

    Returns
    -------
    x : ndarray of shape (n, 1, R, S)
    y : int ndarray of shape (n,)
    """
    n, R, S = (check_positive_int(name, v) for name, v in (("n", n), ("R", R), ("S", S)))
    if S < 6:
        raise ValueError(f"S must be at least 6 columns so the mark is far from the edge, got {S}")
    check_rng(rng)
    x = noise * rng.normal(size=(n, 1, R, S))
    signs = rng.choice([-1.0, 1.0], size=n)
    x[np.arange(n), 0, rng.integers(0, R, size=n), rng.integers(0, 2, size=n)] = signs
    return x, (signs > 0).astype(int)


def init_marks_model(
    kind: str, R: int = 6, S: int = 12, *, F: int = 4, H: int = 16, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Parameters of the CNN (``kind="cnn"``) or the conv + RNN (``kind="conv_rnn"``).

    Both have the convolution ``W_conv`` (F, 1, 3, 3), ``b_conv`` (F,). The CNN adds
    ``W_out`` (2, F·R) and ``b_out`` (2,) for its last column; the conv + RNN adds an RNN with
    D = F·R inputs: ``W_xh`` (H, F·R), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (2, H), ``b_y`` (2,).
    Uniform on ±1/√fan_in, like PyTorch.
    """
    check_rng(rng)
    if kind not in ("cnn", "conv_rnn"):
        raise ValueError(f"kind must be 'cnn' or 'conv_rnn', got {kind!r}")

    def u(fan_in, shape):
        return rng.uniform(-1, 1, size=shape) / np.sqrt(fan_in)

    p = {"W_conv": u(9, (F, 1, 3, 3)), "b_conv": u(9, (F,))}
    if kind == "cnn":
        return p | {"W_out": u(F * R, (2, F * R)), "b_out": u(F * R, (2,))}
    D = F * R
    return p | {
        "W_xh": u(H, (H, D)),
        "W_hh": u(H, (H, H)),
        "b_h": u(H, (H,)),
        "W_hy": u(H, (2, H)),
        "b_y": u(H, (2,)),
    }


def _columns(feat: np.ndarray) -> np.ndarray:
    """Feature map (N, F, R, S) → a sequence over columns (N, T = S, D = F·R)."""
    N, F, R, S = feat.shape
    return feat.transpose(0, 3, 1, 2).reshape(N, S, F * R)


def marks_logits(params: dict, x: np.ndarray) -> tuple[np.ndarray, tuple]:
    """The model's two logits for each image, and what `marks_backward` needs.

    Returns
    -------
    logits : ndarray of shape (N, 2)
    cache : tuple
    """
    pre = conv2d(x, params["W_conv"], params["b_conv"])
    feat = np.maximum(pre, 0)
    seq = _columns(feat)  # (N, S, F·R)
    if "W_out" in params:
        return output_forward(seq[:, -1], params["W_out"], params["b_out"]), (x, feat)
    h0 = np.zeros((len(x), params["W_hh"].shape[0]))
    h, rnn_cache = rnn_forward(seq, h0, params["W_xh"], params["W_hh"], params["b_h"])
    return output_forward(h[:, -1], params["W_hy"], params["b_y"]), (x, feat, rnn_cache)


def marks_backward(params: dict, dlogits: np.ndarray, cache: tuple) -> dict[str, np.ndarray]:
    """Gradients of every parameter (and ``"x"``, the input pixels) from dLoss/dlogits (N, 2)."""
    x, feat = cache[:2]
    N, F, R, S = feat.shape
    if "W_out" in params:
        dseq = np.zeros((N, S, F * R))
        dseq[:, -1], dW_out, db_out = output_backward(
            dlogits, _columns(feat)[:, -1], params["W_out"]
        )
        grads = {"W_out": dW_out, "b_out": db_out}
    else:
        rnn_cache: RNNCache = cache[2]
        dh_T, dW_hy, db_y = output_backward(dlogits, rnn_cache.h[:, -1], params["W_hy"])
        dh = np.zeros_like(rnn_cache.h)
        dh[:, -1] = dh_T
        dseq, _, dW_xh, dW_hh, db_h = rnn_backward(dh, rnn_cache)
        grads = {"W_xh": dW_xh, "W_hh": dW_hh, "b_h": db_h, "W_hy": dW_hy, "b_y": db_y}
    dfeat = dseq.reshape(N, S, F, R).transpose(0, 2, 3, 1)
    dx, dW_conv, db_conv = conv2d_backward(dfeat * (feat > 0), x, params["W_conv"])
    return grads | {"W_conv": dW_conv, "b_conv": db_conv, "x": dx}


def marks_loss_and_grads(params, x, y):
    """Mean softmax cross-entropy of the model on (x, y), and its gradients (``"x"`` included)."""
    logits, cache = marks_logits(params, x)
    loss, dlogits = softmax_cross_entropy(logits, y)
    return loss, marks_backward(params, dlogits, cache)


def marks_accuracy(params: dict, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of images whose larger logit is the right label."""
    return float(np.mean(marks_logits(params, x)[0].argmax(axis=1) == y))


def train_marks(
    kind: str,
    *,
    rng: np.random.Generator,
    test_rng: np.random.Generator,
    steps: int = 800,
    n_test: int = 500,
    batch_size: int = 50,
    lr: float = 0.01,
    R: int = 6,
    S: int = 12,
) -> dict:
    """Train one model on `marks_task` with Adam; test on fresh images.

    Every update draws a fresh batch from `rng` (which first draws the initial weights), so the
    model cannot memorise a training set; the test images come from `test_rng` (`sweep_record`
    uses ``default_rng(seed)`` and ``default_rng(10_000 + seed)``).

    Parameters
    ----------
    kind : str
        One of `SWEEP_KINDS` (see `init_marks_model`).
    rng : np.random.Generator
        Initial weights, then one batch per update.
    test_rng : np.random.Generator
        The `n_test` test images.
    steps, n_test, batch_size : int
        Updates, test images, images per update.
    lr : float
        Adam's learning rate.
    R, S : int
        Marks task size (see `marks_task`).

    Returns
    -------
    dict
        ``params``, ``test_accuracy``, ``losses`` (steps,) the training loss per update.
    """
    params = init_marks_model(kind, R, S, rng=rng)
    optimizer, losses = Adam(lr), []
    for _ in range(check_positive_int("steps", steps)):
        x, y = marks_task(batch_size, R, S, rng=rng)
        loss, grads = marks_loss_and_grads(params, x, y)
        grads.pop("x")
        optimizer.step(params, grads)
        losses.append(loss)
    x_test, y_test = marks_task(n_test, R, S, rng=test_rng)
    return {
        "params": params,
        "test_accuracy": marks_accuracy(params, x_test, y_test),
        "losses": np.array(losses),
    }


def effective_receptive_field(params: dict, x: np.ndarray, unit: str = "output") -> np.ndarray:
    """Mean |gradient| of one unit with respect to every input pixel (Luo et al. 2016), (R, S).

    ``unit="output"``: the difference of the two logits (the model's decision).
    ``unit="feature"``: the sum of the F (active) convolution features at the centre pixel.
    Averaged over the images `x` (N, 1, R, S).
    """
    N, _, R, S = x.shape
    if unit == "feature":
        pre = conv2d(x, params["W_conv"], params["b_conv"])
        dpre = np.zeros_like(pre)
        dpre[:, :, R // 2, S // 2] = 1.0 * (pre[:, :, R // 2, S // 2] > 0)
        dx = conv2d_backward(dpre, x, params["W_conv"])[0]
    elif unit == "output":
        _, cache = marks_logits(params, x)
        dx = marks_backward(params, np.tile([-1.0, 1.0], (N, 1)), cache)["x"]
    else:
        raise ValueError(f"unit must be 'output' or 'feature', got {unit!r}")
    return np.abs(dx[:, 0]).mean(axis=0)


# --- notebook 08: the sweep over seeds (tools/sweep_conv_rnn.py) --------------------------------

SWEEP_KINDS = ("cnn", "conv_rnn")
SWEEP_SEEDS = (0, 1, 2, 3, 4)
SWEEP_CONFIG = {"steps": 800, "batch_size": 50, "lr": 0.01, "R": 6, "S": 12, "n_test": 500}
SWEEP_FILE = "conv_rnn.json"  # in data/
SWEEP_SHA256 = "4c4af7c53d5616412e23df626b910005c10241f3b4f02643ec13d0c94bc5275b"
ERF_IMAGES_SEED = 7  # the 200 images on which the effective receptive fields are measured


def sweep_record(kind: str, seed: int) -> dict:
    """One run of the sweep: test accuracy, the loss curve (means of 50 updates) and the ERF."""
    run = train_marks(
        kind,
        rng=np.random.default_rng(seed),
        test_rng=np.random.default_rng(10_000 + seed),
        **SWEEP_CONFIG,
    )
    R, S = SWEEP_CONFIG["R"], SWEEP_CONFIG["S"]
    x_erf, _ = marks_task(200, R, S, rng=np.random.default_rng(ERF_IMAGES_SEED))
    curve = run["losses"].reshape(-1, 50).mean(axis=1)
    return {
        "kind": kind,
        "seed": seed,
        "test_accuracy": run["test_accuracy"],
        "curve": [round(float(v), 4) for v in curve],
        "erf": np.round(effective_receptive_field(run["params"], x_erf), 5).tolist(),
    }


def load_sweep() -> dict:
    """The stored sweep ``data/conv_rnn.json`` (checked against its SHA-256) as a dict."""
    return json.loads(data_path(SWEEP_FILE, SWEEP_SHA256).read_text(encoding="utf-8"))
