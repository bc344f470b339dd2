"""The PyTorch page of notebook 09: a row for every public function, and PyTorch's layouts."""

import inspect

import numpy as np
import pytest

import rnn_helpers
from rnn_helpers import rnn_forward
from rnn_helpers.pytorch import EQUIVALENTS, equivalents_table, from_torch_rnn, torch_rnn_forward

# Contract functions that another branch adds (notebook 08); their rows are written already.
PENDING = {"lstm_forward", "lstm_backward", "lstm_step"}


def test_every_public_function_and_class_has_a_pytorch_row():
    public = {
        n
        for n in rnn_helpers.__all__
        if inspect.isfunction(getattr(rnn_helpers, n)) or inspect.isclass(getattr(rnn_helpers, n))
    }
    rows = [e.course for e in EQUIVALENTS]
    assert len(rows) == len(set(rows))
    missing = public - set(rows)
    assert not missing, f"add a row to rnn_helpers.pytorch.EQUIVALENTS for {sorted(missing)}"
    unknown = set(rows) - public - PENDING
    assert not unknown, f"rows for names that rnn_helpers does not export: {sorted(unknown)}"


def test_the_verified_mappings():
    torch = {e.course: e.torch for e in EQUIVALENTS}
    assert torch["rnn_forward"] == "torch.nn.RNN"
    assert torch["softmax_cross_entropy"] == "torch.nn.functional.cross_entropy"
    assert torch["clip_by_global_norm"] == "torch.nn.utils.clip_grad_norm_"
    assert torch["lstm_forward"] == "torch.nn.LSTM"
    lstm = next(e for e in EQUIVALENTS if e.course == "lstm_forward").differences
    assert "i, f, g, o" in lstm and "(input, forget, candidate, output)" in lstm
    assert torch["gru_forward"] == "torch.nn.GRU"
    gru = next(e for e in EQUIVALENTS if e.course == "gru_forward").differences
    assert "r, z, n" in gru and "(update, reset, candidate)" in gru and "b_hn = 0" in gru


def test_table_renders_every_row_or_a_chosen_few():
    assert len(equivalents_table().rows) == len(EQUIVALENTS)
    few = equivalents_table(("rnn_forward", "train"))
    assert [r[0] for r in few.rows] == ["rnn_forward", "train"]
    assert few.header == ("rnn_helpers", "PyTorch", "what differs")
    with pytest.raises(ValueError, match=r"names must be course functions.*'rnn_foward'"):
        equivalents_table(("rnn_foward",))


def torch_arrays(rng, T=6, N=3, D=2, H=5, dtype=np.float64):
    return {
        "input": rng.normal(size=(T, N, D)).astype(dtype),
        "h_0": rng.normal(size=(1, N, H)).astype(dtype),
        "weight_ih": rng.normal(size=(H, D)).astype(dtype),
        "weight_hh": 0.5 * rng.normal(size=(H, H)).astype(dtype),
        "bias_ih": rng.normal(size=H).astype(dtype),
        "bias_hh": rng.normal(size=H).astype(dtype),
    }


def test_torch_formula_by_hand_for_one_step():
    a = torch_arrays(np.random.default_rng(0), T=1, N=1)
    x, h, Wi, Wh, bi, bh = (a[k] for k in a)
    expected = np.tanh(Wi @ x[0, 0] + bi + Wh @ h[0, 0] + bh)  # column-vector form
    output, h_n = torch_rnn_forward(**a)
    assert np.allclose(output[0, 0], expected, rtol=0, atol=1e-15)
    assert np.array_equal(h_n[0], output[-1])


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_converted_arrays_make_rnn_forward_agree_with_pytorchs_formula(nonlinearity, dtype):
    a = torch_arrays(np.random.default_rng(1), dtype=dtype)
    output, h_n = torch_rnn_forward(**a, nonlinearity=nonlinearity)
    x, h0, W_xh, W_hh, b_h = from_torch_rnn(**a)
    h, _ = rnn_forward(x, h0, W_xh, W_hh, b_h, activation=nonlinearity)
    tol = 1e-12 if dtype == np.float64 else 1e-5
    assert output.dtype == h.dtype == dtype
    assert np.allclose(h, output.transpose(1, 0, 2), rtol=0, atol=tol)
    assert np.allclose(h[:, -1], h_n[0], rtol=0, atol=tol)


def test_conversion_is_a_transpose_not_a_reshape_and_copies():
    a = torch_arrays(np.random.default_rng(2))
    x, h0, W_xh, W_hh, b_h = from_torch_rnn(**a)
    assert x.shape == (3, 6, 2) and np.array_equal(x[1, 4], a["input"][4, 1])
    assert h0.shape == (3, 5) and np.array_equal(b_h, a["bias_ih"] + a["bias_hh"])
    W_xh[0, 0] = 123.0
    assert a["weight_ih"][0, 0] != 123.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"input": np.zeros((6, 3))}, "input must be a 3-D array"),
        ({"h_0": np.zeros((2, 3, 5))}, r"h_0 must have shape \(1, N, H\)"),
        ({"weight_ih": np.zeros((2, 5))}, r"weight_ih must have shape \(H, D\) = \(5, 2\)"),
        ({"bias_hh": np.zeros(4)}, r"bias_hh must have shape \(H,\) = \(5,\)"),
    ],
)
def test_torch_rnn_forward_names_a_bad_argument(change, message):
    a = torch_arrays(np.random.default_rng(3)) | change
    with pytest.raises(ValueError, match=message):
        torch_rnn_forward(**a)
