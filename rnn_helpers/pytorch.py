"""From the course to PyTorch: the equivalent of every public function, and the layout changes.

PyTorch is not a dependency of the course. This module states what PyTorch offers for each
function of `rnn_helpers` (``EQUIVALENTS``, rendered by `equivalents_table`), and implements in
numpy the one thing a reader needs to move weights between the two: PyTorch's layouts.

What PyTorch documents for ``torch.nn.RNN`` (one layer, ``batch_first=False``, the default)::

    h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
    input (T, N, D), h_0 (num_layers, N, H), weight_ih_l0 (H, D), weight_hh_l0 (H, H),
    bias_ih_l0 (H,), bias_hh_l0 (H,)

so its weights are stored exactly as the course's W_xh and W_hh, but it keeps two biases whose sum
is the course's b_h, puts time first unless ``batch_first=True``, and gives h_0 a leading layer
axis. ``torch.nn.LSTM`` stacks its gates as (input, forget, cell, output), written i, f, g, o:
``weight_ih_l0`` is (4H, D) = [W_ii; W_if; W_ig; W_io]. That is the course's order (input, forget,
candidate, output) for ``W_x`` (4H, D), ``W_h`` (4H, H) and ``b`` (4H,), with b = b_ih + b_hh.
``torch.nn.GRU`` stacks (reset, update, new) as r, z, n, where the course stacks (update, reset,
candidate); see `rnn_helpers.gru` for where its extra bias b_hn goes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_array, check_activation, check_ndim, check_shape, float_dtype
from .claims import Table
from .rnn import activate


@dataclass(frozen=True)
class Equivalent:
    """One function of the course and what PyTorch offers for it."""

    course: str
    torch: str
    differences: str


EQUIVALENTS: tuple[Equivalent, ...] = (
    # forward
    Equivalent(
        "rnn_step",
        "torch.nn.RNNCell",
        "Two biases (b_ih + b_hh = b_h); nonlinearity='tanh' or 'relu' is set when the cell is "
        "built.",
    ),
    Equivalent(
        "rnn_forward",
        "torch.nn.RNN",
        "Time-first input (T, N, D) unless batch_first=True; h_0 is (num_layers, N, H); returns "
        "(output, h_n) and keeps no cache; two biases.",
    ),
    Equivalent(
        "output_forward",
        "torch.nn.Linear(H, O)",
        "weight (O, H) and bias (O,): the same layout as W_hy and b_y.",
    ),
    Equivalent("activate", "torch.tanh, torch.relu", "The same functions."),
    Equivalent(
        "init_rnn_params",
        "the constructors of torch.nn.RNN and torch.nn.Linear",
        "The same uniform(-1/sqrt(H), 1/sqrt(H)) draw, from torch's own generator "
        "(torch.manual_seed) instead of an rng argument.",
    ),
    Equivalent("RNNCache", "the autograd graph", "Saved tensors are kept for you."),
    Equivalent(
        "lstm_forward",
        "torch.nn.LSTM",
        "Gates stacked i, f, g, o: the course's (input, forget, candidate, output); "
        "weight_ih_l0 (4H, D), weight_hh_l0 (4H, H); two biases; takes and returns (h, c) pairs "
        "with a leading layer axis.",
    ),
    Equivalent("lstm_step", "torch.nn.LSTMCell", "Same gate order and two biases."),
    Equivalent(
        "init_lstm_params",
        "the constructor of torch.nn.LSTM",
        "The same uniform(-1/sqrt(H), 1/sqrt(H)) draw, but the forget-gate bias stays random: "
        "for a forget bias of 1 set bias_ih_l0[H:2H] = 1 and bias_hh_l0[H:2H] = 0 by hand.",
    ),
    Equivalent(
        "count_lstm_params",
        "sum(p.numel() for p in lstm.parameters())",
        "PyTorch's two biases add 4H more: 4(HD + H·H + 2H).",
    ),
    Equivalent("LSTMCache", "the autograd graph", "Saved tensors are kept for you."),
    Equivalent(
        "gru_forward",
        "torch.nn.GRU",
        "Gates stacked r, z, n: the course's (update, reset, candidate) with the first two blocks "
        "swapped; weight_ih_l0 (3H, D), weight_hh_l0 (3H, H); two biases, and b_hn sits inside "
        "the reset product r ⊙ (W_hn h + b_hn): the course's b is b_ih + b_hh for z and r and "
        "b_in for n, with b_hn = 0; h_0 and h_n have a leading layer axis.",
    ),
    Equivalent("gru_step", "torch.nn.GRUCell", "As torch.nn.GRU: gates r, z, n and two biases."),
    Equivalent(
        "init_gru_params",
        "the constructor of torch.nn.GRU",
        "The same uniform(-1/sqrt(H), 1/sqrt(H)) draw, for both biases.",
    ),
    Equivalent(
        "count_gru_params",
        "sum(p.numel() for p in gru.parameters())",
        "PyTorch's two biases add 3H more: 3(HD + H·H + 2H).",
    ),
    Equivalent("GRUCache", "the autograd graph", "Saved tensors are kept for you."),
    # backward
    Equivalent(
        "rnn_backward",
        "loss.backward() (autograd)",
        "Gradients land in each parameter's .grad; truncated BPTT is h.detach() between windows.",
    ),
    Equivalent("rnn_step_backward", "autograd", "Computed for you."),
    Equivalent("output_backward", "autograd", "Computed for you."),
    Equivalent("activation_derivative", "autograd", "Computed for you."),
    Equivalent("lstm_backward", "autograd", "Computed for you."),
    Equivalent("gru_backward", "autograd", "Computed for you."),
    # losses
    Equivalent("softmax", "torch.softmax(z, dim=-1)", "The axis is an argument."),
    Equivalent("log_softmax", "torch.nn.functional.log_softmax(z, dim=-1)", "As softmax."),
    Equivalent(
        "softmax_cross_entropy",
        "torch.nn.functional.cross_entropy",
        "Classes on axis 1: logits (N, T, V) go in as (N, V, T) or flattened to (N*T, V); "
        "returns the loss only (the gradient comes from autograd); mean over all positions.",
    ),
    Equivalent(
        "mse_loss",
        "torch.nn.functional.mse_loss",
        "Argument order (input, target) as here; returns the loss only.",
    ),
    # gradient checking
    Equivalent(
        "numerical_gradient",
        "torch.autograd.gradcheck (inside)",
        "gradcheck compares finite differences with autograd for you; use float64 tensors.",
    ),
    Equivalent("relative_error", "torch.testing.assert_close", "Tolerances rtol/atol instead."),
    Equivalent("gradient_check", "torch.autograd.gradcheck", "Returns True or raises."),
    Equivalent("GradCheckReport", "(none)", "gradcheck's error message names the bad entry."),
    # training
    Equivalent(
        "SGD",
        "torch.optim.SGD",
        "Built from the parameters (SGD(model.parameters(), lr)); step() reads each .grad.",
    ),
    Equivalent("Adagrad", "torch.optim.Adagrad", "As SGD; check eps and lr defaults."),
    Equivalent("Adam", "torch.optim.Adam", "As SGD; betas=(0.9, 0.999), eps=1e-8."),
    Equivalent(
        "clip_by_global_norm",
        "torch.nn.utils.clip_grad_norm_",
        "Takes the parameters and rescales their .grad in place; returns the norm before "
        "clipping, where the course returns (clipped grads, norm).",
    ),
    Equivalent("global_norm", "torch.nn.utils.get_total_norm", "Takes a list of tensors."),
    Equivalent(
        "loss_and_grads",
        "model(x), loss_fn(...), loss.backward()",
        "Three lines of a training step.",
    ),
    Equivalent(
        "train",
        "a loop you write",
        "zero_grad(), forward, loss, backward(), clip_grad_norm_, step(); "
        "libraries such as PyTorch Lightning package it.",
    ),
    Equivalent("TrainResult", "(none)", "Record losses and norms in your loop."),
    Equivalent(
        "NonFiniteError",
        "clip_grad_norm_(..., error_if_nonfinite=True)",
        "Raises a RuntimeError on a nan or inf norm; torch.autograd.detect_anomaly finds where.",
    ),
)


def equivalents_table(names: tuple[str, ...] | None = None) -> Table:
    """The PyTorch equivalents as a table (displays as HTML, prints as Markdown).

    Parameters
    ----------
    names : tuple of str, optional
        The course names to show, in the table's order (default: all).
    """
    rows = [e for e in EQUIVALENTS if names is None or e.course in names]
    if names is not None:
        missing = sorted(set(names) - {e.course for e in rows})
        if missing:
            raise ValueError(f"names must be course functions in EQUIVALENTS, got {missing}")
    return Table(
        ("rnn_helpers", "PyTorch", "what differs"),
        tuple((e.course, e.torch, e.differences) for e in rows),
    )


def torch_rnn_forward(
    input: np.ndarray,
    h_0: np.ndarray,
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    bias_ih: np.ndarray,
    bias_hh: np.ndarray,
    nonlinearity: str = "tanh",
) -> tuple[np.ndarray, np.ndarray]:
    """A numpy version of one layer of ``torch.nn.RNN`` as documented (``batch_first=False``).

    h_t = f(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), written step by step from PyTorch's
    formula and independent of `rnn_forward`.

    Parameters
    ----------
    input : ndarray of shape (T, N, D)
    h_0 : ndarray of shape (1, N, H)
    weight_ih : ndarray of shape (H, D)
    weight_hh : ndarray of shape (H, H)
    bias_ih, bias_hh : ndarray of shape (H,)
    nonlinearity : {"tanh", "relu"}

    Returns
    -------
    output : ndarray of shape (T, N, H)
        h_t for every t.
    h_n : ndarray of shape (1, N, H)
        The last state.
    """
    x = as_array("input", input)
    check_ndim("input", x, (3,), "(T, N, D)")
    T, N, D = x.shape
    h = as_array("h_0", h_0)
    check_ndim("h_0", h, (3,), "(1, N, H)")
    H = h.shape[2]
    check_shape("h_0", h, "(1, N, H)", (1, N, H), "input and num_layers = 1")
    check_shape("weight_ih", as_array("weight_ih", weight_ih), "(H, D)", (H, D), "h_0 and input")
    check_shape("weight_hh", as_array("weight_hh", weight_hh), "(H, H)", (H, H), "h_0")
    check_shape("bias_ih", as_array("bias_ih", bias_ih), "(H,)", (H,), "h_0")
    check_shape("bias_hh", as_array("bias_hh", bias_hh), "(H,)", (H,), "h_0")
    check_activation(nonlinearity)
    dt = float_dtype(x, h, weight_ih, weight_hh, bias_ih, bias_hh)
    output = np.empty((T, N, H), dtype=dt)
    h_t = h[0].astype(dt)
    for t in range(T):
        h_t = activate(x[t] @ weight_ih.T + bias_ih + h_t @ weight_hh.T + bias_hh, nonlinearity)
        output[t] = h_t
    return output, h_t[None]


def from_torch_rnn(
    input: np.ndarray,
    h_0: np.ndarray,
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    bias_ih: np.ndarray,
    bias_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Turn ``torch.nn.RNN``'s arrays (one layer, time first) into `rnn_forward`'s arguments.

    Parameters
    ----------
    input : ndarray of shape (T, N, D)
    h_0 : ndarray of shape (1, N, H)
    weight_ih : ndarray of shape (H, D)
    weight_hh : ndarray of shape (H, H)
    bias_ih, bias_hh : ndarray of shape (H,)

    Returns
    -------
    x : ndarray of shape (N, T, D)
        ``input`` with the first two axes swapped (a transpose, not a reshape).
    h0 : ndarray of shape (N, H)
        ``h_0[0]``.
    W_xh : ndarray of shape (H, D)
        ``weight_ih`` as it is.
    W_hh : ndarray of shape (H, H)
        ``weight_hh`` as it is.
    b_h : ndarray of shape (H,)
        ``bias_ih + bias_hh``.
    """
    x = as_array("input", input)
    check_ndim("input", x, (3,), "(T, N, D)")
    h = as_array("h_0", h_0)
    check_ndim("h_0", h, (3,), "(1, N, H)")
    if h.shape[0] != 1:
        raise ValueError(f"h_0 must have shape (1, N, H) for one layer, got {h.shape}")
    return (
        np.ascontiguousarray(x.transpose(1, 0, 2)),
        h[0].copy(),
        as_array("weight_ih", weight_ih).copy(),
        as_array("weight_hh", weight_hh).copy(),
        as_array("bias_ih", bias_ih) + as_array("bias_hh", bias_hh),
    )
