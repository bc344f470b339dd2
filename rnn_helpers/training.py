"""Training a vanilla RNN: loss and gradients, the training loop, truncated BPTT, progress.

One training iteration is the recipe of notebook 04:

1. feed one time step x_t;  2. compute h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h);
3. carry h_t forward as the next h_{t-1};  4. compute the output(s) ŷ_t = W_hy h_t + b_y
(at every step for many-to-many, from the final state only for many-to-one);
5. compare with the target (the loss);  6. back-propagate the error through time (the gradients);
7. update the weights (an optimizer from `rnn_helpers.optim`).

`loss_and_grads` does steps 1-6 for a batch, `train` repeats them with an optimizer. With
``window=k``, `train` does *truncated* BPTT: it cuts each sequence into consecutive windows of k
steps, makes one update per window that has a loss, and carries the hidden state (a plain array,
so no gradient flows through it) from one window into the next.

A nan or inf loss or gradient stops training at once with a `NonFiniteError` saying what to try.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import (
    as_array,
    check_activation,
    check_class_indices,
    check_ndim,
    check_positive_int,
    check_positive_number,
    check_rng,
    check_shape,
    float_dtype,
)
from .bptt import rnn_backward
from .gru import GRUCache, gru_backward, gru_forward
from .losses import mse_loss, softmax_cross_entropy
from .lstm import LSTMCache, lstm_backward, lstm_forward
from .optim import Optimizer, _global_norm, _rescale
from .rnn import RNNCache, output_backward, output_forward, rnn_forward
from .stepwise import gradient_by_step
from .tasks import check_mode

PARAM_NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")
LSTM_PARAM_NAMES = ("W_x", "W_h", "b", "W_hy", "b_y")  # an LSTM model (`init_lstm_params`)
# a GRU model (`init_gru_params`) has the same names; its W_x, W_h and b hold 3H rows, not 4H
LOSSES = ("mse", "cross_entropy")
AUTO_PROGRESS_AFTER = 2.0  # seconds: with progress=None, print only once a run takes this long
AUTO_PROGRESS_EVERY = 1.0  # seconds between progress lines after that
_clock = time.perf_counter  # replaced by a fake clock in the tests


class NonFiniteError(FloatingPointError):
    """The loss or a gradient became nan or inf during training.

    Attributes
    ----------
    what : str
        ``"the loss"``, the gradient's name, e.g. ``"dW_hh"``, or ``"the gradient norm"`` when
        every entry is finite but their global norm overflows.
    step : int
        The update step (counting from 1) at which it happened; no update was made at this step.
    losses, grad_norms : ndarray
        The history of the finite steps before it.
    cause : str
        What the last finite gradient says about where the divergence came from (see
        `divergence_cause`): ``"output layer"`` (the hidden units were saturated, no gradient
        reached W_xh, W_hh or b_h, and the loss grew through W_hy and b_y alone),
        ``"recurrent layer"``, or ``"unknown"`` (it failed at the first update).
    """

    def __init__(
        self,
        what: str,
        value: float,
        step: int,
        hint: str,
        losses: np.ndarray,
        grad_norms: np.ndarray,
        cause: str = "unknown",
    ):
        self.what, self.step, self.losses, self.grad_norms = what, step, losses, grad_norms
        self.cause = cause
        where = what if what.startswith("the ") else f"the gradient {what}"
        before = f" The loss was {losses[-1]:.3g} at the step before." if len(losses) else ""
        super().__init__(
            f"{where} became {value} at update step {step}; training stopped without making that "
            f"update.{before} Try {hint}."
        )


def copy_params(params: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A copy of every array in `params`, e.g. to train twice from the same starting weights."""
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of name -> ndarray, got {type(params).__name__}")
    return {k: as_array(f"params[{k!r}]", v).copy() for k, v in params.items()}


def _gates(params: Mapping[str, np.ndarray]) -> int:
    """Gate blocks in the recurrent weights: 1 for the vanilla RNN, 4 for an LSTM, 3 for a GRU.

    Gated models have ``W_x`` where the vanilla RNN has ``W_xh``; an LSTM's ``W_h`` is (4H, H),
    a GRU's (3H, H).
    """
    if "W_x" not in params:
        return 1
    shape = getattr(params.get("W_h"), "shape", ())
    return 3 if len(shape) == 2 and shape[0] == 3 * shape[1] else 4


def _is_lstm(params: Mapping[str, np.ndarray]) -> bool:
    """An LSTM model: ``W_x`` where the vanilla RNN has ``W_xh``, and W_h of shape (4H, H)."""
    return _gates(params) == 4


def _is_gru(params: Mapping[str, np.ndarray]) -> bool:
    """A GRU model: ``W_x`` where the vanilla RNN has ``W_xh``, and W_h of shape (3H, H)."""
    return _gates(params) == 3


def _check_params(params: object) -> dict[str, np.ndarray]:
    """Return `params` if it holds exactly the five RNN (or LSTM, or GRU) arrays, else raise."""
    if not isinstance(params, Mapping):
        raise TypeError(
            f"params must be a dict of name -> ndarray as returned by init_rnn_params, "
            f"got {type(params).__name__}"
        )
    names, maker = {
        1: (PARAM_NAMES, "init_rnn_params"),
        3: (LSTM_PARAM_NAMES, "init_gru_params"),
        4: (LSTM_PARAM_NAMES, "init_lstm_params"),
    }[_gates(params)]
    missing = [k for k in names if k not in params]
    extra = [k for k in params if k not in names]
    if missing or extra:
        problems = [f"missing {missing}"] if missing else []
        problems += [f"unexpected {extra}"] if extra else []
        raise ValueError(
            f"params must have exactly the keys {list(names)} (from "
            f"{maker}(D, H, O, rng=...)), got {'; '.join(problems)}"
        )
    return {k: as_array(f"params[{k!r}]", params[k]) for k in names}


def _check_x(x: object, params: Mapping[str, np.ndarray]) -> np.ndarray:
    x = as_array("x", x)
    check_ndim("x", x, (3,), "(N, T, D) (for one sequence of shape (T, D) pass x[None])")
    gates = _gates(params)
    name, layout = ("W_xh", "(H, D)") if gates == 1 else ("W_x", f"({gates}H, D)")
    D = params[name].shape[-1]
    check_shape("x", x, "(N, T, D)", (*x.shape[:2], D), f"params[{name!r}] of shape {layout}")
    return x


def _check_loss(loss: object) -> str:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    return loss


def _check_y(y: object, x: np.ndarray, O: int, mode: str, loss: str, name: str = "y") -> np.ndarray:
    """Check the targets' shape and type against x, the output size O, the mode and the loss."""
    y = as_array(name, y)
    N, T = x.shape[:2]
    many = mode == "many-to-many"
    if loss == "mse":
        layout, shape = ("(N, T, O)", (N, T, O)) if many else ("(N, O)", (N, O))
    else:
        layout, shape = ("(N, T)", (N, T)) if many else ("(N,)", (N,))
        check_class_indices(
            name,
            y,
            O,
            symbol="O",
            source="params['W_hy']",
            hint="for regression targets use loss='mse'",
        )
    check_shape(name, y, layout, shape, f"x, params['W_hy'] and mode={mode!r}")
    return y


def _hidden_size(params: Mapping[str, np.ndarray]) -> int:
    """H, read from the recurrent weights: W_hh (H, H), or W_h (4H, H) or (3H, H)."""
    return params["W_hh"].shape[0] if _gates(params) == 1 else params["W_h"].shape[1]


def _zero_state(params: Mapping[str, np.ndarray], N: int):
    """h_0 = 0 (N, H); for an LSTM the pair (h_0, c_0) = (0, 0)."""
    h0 = np.zeros((N, _hidden_size(params)), dtype=float_dtype(*params.values()))
    return (h0, h0.copy()) if _is_lstm(params) else h0


def _check_h0(h0: object, x: np.ndarray, params: Mapping[str, np.ndarray]):
    """h0 (N, H), or for an LSTM the pair (h0, c0); None gives zeros."""
    if h0 is None:
        return _zero_state(params, x.shape[0])
    shape = (x.shape[0], _hidden_size(params))
    if _is_lstm(params):
        if not (isinstance(h0, tuple) and len(h0) == 2):
            raise TypeError(
                f"h0 of an LSTM must be a pair (h0, c0) of arrays, got {type(h0).__name__}"
            )
        for name, a in zip(("h0", "c0"), h0):
            check_shape(name, as_array(name, a), "(N, H)", shape, "x and params['W_h']")
        return h0
    h0 = as_array("h0", h0)
    check_shape(
        "h0",
        h0,
        "(N, H)",
        shape,
        "x and params['W_h']" if _is_gru(params) else "x and params['W_hh']",
    )
    return h0


def _final_state(cache):
    """The state to carry into the next window: h_T, or for an LSTM (h_T, c_T)."""
    return (cache.h[:, -1], cache.c[:, -1]) if isinstance(cache, LSTMCache) else cache.h[:, -1]


def _check_inputs(params, x, y, mode, loss, h0, activation):
    params, mode, loss = _check_params(params), check_mode(mode), _check_loss(loss)
    activation = check_activation(activation)
    x = _check_x(x, params)
    y = None if y is None else _check_y(y, x, params["W_hy"].shape[0], mode, loss)
    return params, x, y, mode, loss, _check_h0(h0, x, params), activation


def _forward(params, x, h0, mode, activation) -> tuple[np.ndarray, RNNCache | LSTMCache]:
    """Steps 1-4: the states h (N, T, H), then the output(s) from every state or the final one.

    An LSTM (`h0` the pair (h0, c0)) and a GRU ignore `activation`."""
    if _is_lstm(params):
        h, cache = lstm_forward(x, *h0, params["W_x"], params["W_h"], params["b"])
    elif _is_gru(params):
        h, cache = gru_forward(x, h0, params["W_x"], params["W_h"], params["b"])
    else:
        h, cache = rnn_forward(x, h0, params["W_xh"], params["W_hh"], params["b_h"], activation)
    h_out = h if mode == "many-to-many" else h[:, -1]
    return output_forward(h_out, params["W_hy"], params["b_y"]), cache


def _backward(params, dy, cache: RNNCache, mode, backward=None) -> dict[str, np.ndarray]:
    """Step 6: from dLoss/dy back through the output layer, then through time (with `backward`,
    a function like `rnn_backward`, when given)."""
    dh, dW_hy, db_y = _output_backward(params, dy, cache, mode)
    if isinstance(cache, LSTMCache):
        *_, dW_x, dW_h, db = lstm_backward(dh, cache)
        return {"W_x": dW_x, "W_h": dW_h, "b": db, "W_hy": dW_hy, "b_y": db_y}
    if isinstance(cache, GRUCache):
        *_, dW_x, dW_h, db = gru_backward(dh, cache)
        return {"W_x": dW_x, "W_h": dW_h, "b": db, "W_hy": dW_hy, "b_y": db_y}
    _, _, dW_xh, dW_hh, db_h = (backward or rnn_backward)(dh, cache)
    return {"W_xh": dW_xh, "W_hh": dW_hh, "b_h": db_h, "W_hy": dW_hy, "b_y": db_y}


def _output_backward(params, dy, cache: RNNCache, mode):
    """dLoss/dh_t for every t (N, T, H), zero where a step has no output; and dW_hy, db_y."""
    h = cache.h
    dh_out, dW_hy, db_y = output_backward(
        dy, h if mode == "many-to-many" else h[:, -1], params["W_hy"]
    )
    if mode == "many-to-many":
        return dh_out, dW_hy, db_y
    dh = np.zeros_like(h)  # only the final state produced an output
    dh[:, -1] = dh_out
    return dh, dW_hy, db_y


def _loss(y_hat, y, loss):
    return mse_loss(y_hat, y) if loss == "mse" else softmax_cross_entropy(y_hat, y)


def predict(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    *,
    mode: str = "many-to-many",
    h0: np.ndarray | None = None,
    activation: str = "tanh",
) -> np.ndarray:
    """The model's outputs: ŷ_t = W_hy h_t + b_y at every step, or from the final state only.

    Parameters
    ----------
    params : dict
        ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (O, H), ``b_y`` (O,).
    x : ndarray of shape (N, T, D)
        Inputs.
    mode : {"many-to-many", "many-to-one"}
    h0 : ndarray of shape (N, H), optional
        Initial state; zeros by default.
    activation : {"tanh", "relu"}

    Returns
    -------
    y_hat : ndarray of shape (N, T, O) (many-to-many) or (N, O) (many-to-one)
        Outputs (logits for a classification task).
    """
    params, x, _, mode, _, h0, activation = _check_inputs(
        params, x, None, mode, "mse", h0, activation
    )
    return _forward(params, x, h0, mode, activation)[0]


def loss_and_grads(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    *,
    mode: str = "many-to-many",
    loss: str = "mse",
    h0: np.ndarray | None = None,
    activation: str = "tanh",
    window: int | None = None,
    backward: Callable | None = None,
) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
    """Steps 1-6 of the recipe: forward through time, loss, and backpropagation through time.

    Parameters
    ----------
    params : dict
        ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (O, H), ``b_y`` (O,), e.g. from
        ``init_rnn_params(D, H, O, rng=rng)``; or an LSTM's ``W_x`` (4H, D), ``W_h`` (4H, H),
        ``b`` (4H,), ``W_hy``, ``b_y`` from ``init_lstm_params(D, H, O, rng=rng)``; or a GRU's
        (3H rows) from ``init_gru_params(D, H, O, rng=rng)``.
    x : ndarray of shape (N, T, D)
        Inputs.
    y : ndarray
        Targets. For ``loss="mse"``: (N, T, O) many-to-many, (N, O) many-to-one. For
        ``loss="cross_entropy"``: int classes (N, T) many-to-many, (N,) many-to-one.
    mode : {"many-to-many", "many-to-one"}
        Output at every step, or from the final state only.
    loss : {"mse", "cross_entropy"}
        Mean squared error, or softmax cross-entropy on the outputs as logits (mean over all
        positions).
    h0 : ndarray of shape (N, H), optional
        Initial state (zeros by default; for an LSTM the pair (h0, c0)). It is treated as a
        constant: no gradient is returned for it, which is what truncated BPTT needs.
    activation : {"tanh", "relu"}
    window : int, optional
        Return the *truncated* gradient instead: cut the sequence into the spans of `windows`,
        carry the state from span to span as a constant, back-propagate within each span only,
        and add the spans' gradients, each weighted by its share of the loss. ``None`` (or
        ``window >= T``) gives the full gradient; the loss is the same either way.
    backward : callable, optional
        The backward pass through time, with the signature and returns of `rnn_backward`
        (``backward(dh, cache) -> dx, dh0, dW_xh, dW_hh, db_h``), e.g. a learner's own
        ``my_rnn_backward``. None (the default) uses `rnn_backward`; vanilla RNNs only.

    Returns
    -------
    loss : float
        The mean loss.
    grads : dict of str to ndarray
        dLoss/dparam for the same keys and shapes as `params`.
    h_last : ndarray of shape (N, H)
        The final hidden state h_T (for an LSTM the pair (h_T, c_T)), to carry into the next
        window.
    """
    params, x, y, mode, loss, h0, activation = _check_inputs(
        params, x, y, mode, loss, h0, activation
    )
    _check_backward(params, backward)
    return _loss_and_grads(params, x, y, mode, loss, h0, activation, window, backward)


def _check_backward(params, backward) -> None:
    gated = {1: "", 3: " with a GRU's params", 4: " with an LSTM's params"}[_gates(params)]
    if backward is not None and (gated or not callable(backward)):
        raise ValueError(
            "backward must be a function like rnn_backward(dh, cache), for a vanilla RNN's "
            f"params; got {type(backward).__name__}{gated}"
        )


def _carry_state(params, x, h, activation):
    """Forward only, no output (many-to-one's early steps): the state (N, H) after the last step
    (for an LSTM the pair (h, c))."""
    if _is_lstm(params):
        return _final_state(lstm_forward(x, *h, params["W_x"], params["W_h"], params["b"])[1])
    if _is_gru(params):
        return gru_forward(x, h, params["W_x"], params["W_h"], params["b"])[0][:, -1]
    return rnn_forward(x, h, params["W_xh"], params["W_hh"], params["b_h"], activation)[0][:, -1]


def _loss_and_grads(params, x, y, mode, loss, h0, activation, window=None, backward=None):
    """`loss_and_grads` on checked inputs."""
    T = x.shape[1]
    total, grads, h = 0.0, {k: np.zeros_like(p) for k, p in params.items()}, h0
    for begin, end, update in windows(T, window, mode):
        if not update:
            h = _carry_state(params, x[:, begin:end], h, activation)
            continue
        y_hat, cache = _forward(params, x[:, begin:end], h, mode, activation)
        value, dy = _loss(y_hat, y[:, begin:end] if mode == "many-to-many" else y, loss)
        share = (end - begin) / T if mode == "many-to-many" else 1.0  # of the mean loss
        total += share * value
        for k, g in _backward(params, dy, cache, mode, backward).items():
            grads[k] = grads[k] + share * g  # not +=: keeps the gradient's dtype
        h = _final_state(cache)
    return total, grads, h


def backprop_through_time(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    dy: np.ndarray,
    *,
    mode: str = "many-to-many",
    h0: np.ndarray | None = None,
    activation: str = "tanh",
) -> dict[str, np.ndarray]:
    """Step 6 alone: the gradients of every parameter, given the error dLoss/dy at the output.

    The forward pass is run again to get the states that the backward pass needs.

    Parameters
    ----------
    params : dict
        ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (O, H), ``b_y`` (O,).
    x : ndarray of shape (N, T, D)
        Inputs.
    dy : ndarray of shape (N, T, O) (many-to-many) or (N, O) (many-to-one)
        dLoss/dy, e.g. the second value of `mse_loss`.
    mode : {"many-to-many", "many-to-one"}
    h0 : ndarray of shape (N, H), optional
    activation : {"tanh", "relu"}

    Returns
    -------
    grads : dict of str to ndarray
        Same keys and shapes as `params`.
    """
    params, x, _, mode, _, h0, activation = _check_inputs(
        params, x, None, mode, "mse", h0, activation
    )
    dy = _check_y(dy, x, params["W_hy"].shape[0], mode, "mse", name="dy")
    _, cache = _forward(params, x, h0, mode, activation)
    return _backward(params, dy, cache, mode)


def evaluate(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    *,
    mode: str = "many-to-many",
    loss: str = "mse",
    h0: np.ndarray | None = None,
    activation: str = "tanh",
) -> float:
    """The mean loss of the model on (x, y), forward pass only (whole sequences, from h0)."""
    params, x, y, mode, loss, h0, activation = _check_inputs(
        params, x, y, mode, loss, h0, activation
    )
    return _loss(_forward(params, x, h0, mode, activation)[0], y, loss)[0]


def gradient_shares(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    *,
    mode: str = "many-to-many",
    loss: str = "mse",
    h0: np.ndarray | None = None,
    activation: str = "tanh",
) -> dict[str, np.ndarray]:
    """Each time step's share of the recurrent gradients of the loss on (x, y).

    The shares of step t are da_t x_t^T, da_t h_{t-1}^T and da_t (summed over the batch); summed
    over t they are the ``W_xh``, ``W_hh`` and ``b_h`` entries of `loss_and_grads`.

    Parameters
    ----------
    params, x, y, mode, loss, h0, activation
        As for `loss_and_grads`.

    Returns
    -------
    dict with
        ``"dW_xh"`` ndarray of shape (T, H, D), ``"dW_hh"`` (T, H, H), ``"db_h"`` (T, H).
    """
    params, x, y, mode, loss, h0, activation = _check_inputs(
        params, x, y, mode, loss, h0, activation
    )
    if _gates(params) != 1:
        kind = "GRU" if _is_gru(params) else "LSTM"
        raise ValueError(f"gradient_shares works for the vanilla RNN only, got {kind} params")
    y_hat, cache = _forward(params, x, h0, mode, activation)
    _, dy = _loss(y_hat, y, loss)
    return gradient_by_step(_output_backward(params, dy, cache, mode)[0], cache)


def windows(T: int, window: int | None, mode: str = "many-to-many") -> list[tuple[int, int, bool]]:
    """How truncated BPTT cuts T steps: a list of (start, stop, update) spans.

    Many-to-many: consecutive windows [0, k), [k, 2k), ... (the last may be shorter), each with
    an update. Many-to-one: only the final k steps have a loss, so the steps before them are one
    forward-only span (update False) and the last k steps are one update. ``window=None`` or
    ``window >= T`` is full BPTT: one span [0, T).

    Parameters
    ----------
    T : int
        Sequence length.
    window : int or None
        The truncation length k.
    mode : {"many-to-many", "many-to-one"}

    Returns
    -------
    list of (int, int, bool)
    """
    mode = check_mode(mode)
    if window is not None:
        window = check_positive_int("window", window)
    if window is None or window >= T:
        return [(0, T, True)]
    if mode == "many-to-one":
        return [(0, T - window, False), (T - window, T, True)]
    return [(s, min(s + window, T), True) for s in range(0, T, window)]


@dataclass
class TrainResult:
    """What `train` returns.

    Attributes
    ----------
    params : dict of str to ndarray
        The trained parameters (the same arrays that were passed in, updated in place).
    losses : ndarray of shape (S,)
        The loss at each logged update, before the update (the window's loss for truncated BPTT).
    grad_norms : ndarray of shape (S,)
        The global gradient norm at each logged update, before clipping.
    clipped : bool ndarray of shape (S,)
        Whether clipping shortened the gradient at each logged update.
    seconds : float
        Wall time of the whole run.
    logged_steps : int ndarray of shape (S,)
        Which updates (counting from 1) the entries above belong to; all of them by default.
    n_clipped : int
        How many updates, logged or not, were clipped.
    stopped_early : bool
        True when `callback` asked to stop before `steps` updates.
    """

    params: dict[str, np.ndarray]
    losses: np.ndarray
    grad_norms: np.ndarray
    clipped: np.ndarray
    seconds: float
    logged_steps: np.ndarray
    n_clipped: int = 0
    stopped_early: bool = False

    def __repr__(self) -> str:
        if len(self.losses) == 0:
            return "TrainResult(no updates)"
        return (
            f"TrainResult({self.logged_steps[-1]} updates, loss {self.losses[0]:.4g} -> "
            f"{self.losses[-1]:.4g}, {self.n_clipped} clipped, {self.seconds:.1f} s)"
        )


class _Progress:
    """Prints compact progress lines: every ~10% of the steps (progress=True), or, for
    progress=None, every ~1 s once a run has taken more than 2 s. The content other than the
    elapsed time and rate does not depend on timing when progress=True."""

    def __init__(self, progress: bool | None, steps: int, start: float):
        self.mode, self.steps, self.start, self.last = progress, steps, start, start
        self.printed = False
        self.every = max(1, steps // 10)

    def update(self, step: int, loss: float) -> None:
        if self.mode is False:
            return
        now = _clock()
        if self.mode is None:
            due = now - self.start > AUTO_PROGRESS_AFTER and now - self.last >= AUTO_PROGRESS_EVERY
        else:
            due = step % self.every == 0 and step < self.steps
        if due:
            elapsed = now - self.start
            rate = step / elapsed if elapsed > 0 else float("inf")
            print(
                f"step {step:>{len(str(self.steps))}}/{self.steps}  loss {loss:.4g}  "
                f"{elapsed:.1f} s  ({rate:.0f} steps/s)",
                flush=True,
            )
            self.last, self.printed = now, True

    def done(self, step: int, loss: float, seconds: float) -> None:
        if self.mode is True or self.printed:
            print(f"done: {step} steps in {seconds:.1f} s, last loss {loss:.4g}", flush=True)


def _check_train_options(
    steps, optimizer, clip, batch_size, rng, N, progress, log_every, callback, callback_every
):
    check_positive_int("steps", steps)
    if callback is not None and not callable(callback):
        raise TypeError(
            f"callback must be a function callback(step, params) or None, "
            f"got {type(callback).__name__}"
        )
    check_positive_int("callback_every", callback_every)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be an optimizer from rnn_helpers.optim such as "
            f"Adam(lr=1e-2) or SGD(lr=0.1), got {type(optimizer).__name__}"
        )
    if clip is not None:
        check_positive_number("clip", clip)
    if batch_size is not None:
        if check_positive_int("batch_size", batch_size) > N:
            raise ValueError(
                f"batch_size must be an integer from 1 to N = {N} or None (all "
                f"sequences in every update), got {batch_size!r}"
            )
        if batch_size < N:
            check_rng(rng)  # needed to draw the batches
    if progress not in (None, True, False):
        raise ValueError(f"progress must be True, False or None (automatic), got {progress!r}")
    check_positive_int("log_every", log_every)


def _first_non_finite(value: float, grads: Mapping[str, np.ndarray]) -> tuple[str, float] | None:
    """("the loss", value) or ("dW_hh", a bad entry) for the first non-finite one, else None."""
    if not math.isfinite(value):
        return "the loss", value
    for name, g in grads.items():
        bad = ~np.isfinite(g)
        if bad.any():
            return f"d{name}", float(g[bad][0])
    return None


RECURRENT = ("W_xh", "W_hh", "b_h")
OUTPUT = ("W_hy", "b_y")
SATURATED = 1e-6  # recurrent gradient norm below this share of the output layer's: saturated


def divergence_cause(grads: Mapping[str, np.ndarray] | None) -> str:
    """Where a divergence comes from, judged from the last finite gradient before it.

    ``"output layer"`` when the gradient of the recurrent weights (W_xh, W_hh, b_h) is below
    1e-6 times that of the output layer (W_hy, b_y): the tanh units are saturated
    (1 - h^2 = 0), nothing flows back through time, and the loss can only grow through the linear
    output layer, which plain gradient descent overshoots when the learning rate is too large.
    ``"recurrent layer"`` otherwise, and ``"unknown"`` without a gradient (failure at update 1).
    """
    if grads is None:
        return "unknown"
    recurrent, output = _layer_norms(grads)
    return "output layer" if recurrent <= SATURATED * output else "recurrent layer"


def _layer_norms(grads: Mapping[str, np.ndarray]) -> tuple[float, float]:
    """Global norms of the recurrent gradients (W_xh, W_hh, b_h) and the output ones (W_hy, b_y)."""
    return tuple(_global_norm({k: grads[k] for k in keys}) for keys in (RECURRENT, OUTPUT))


def _what_to_try(optimizer: Optimizer, clip: float | None, cause: str = "unknown") -> str:
    lower = f"a lower learning rate (this run used {optimizer!r})"
    clipping = (
        f"a smaller clipping threshold than clip={clip:g}"
        if clip is not None
        else "gradient clipping with clip=1.0"
    )
    if cause == "output layer":
        return (
            f"{lower} or {clipping}. The hidden units had saturated (no gradient reached W_xh, "
            f"W_hh or b_h at the step before), so the loss grew through the output layer W_hy, "
            f"b_y alone: the step is too large for it, and a smaller W_hh would not help"
        )
    return f"{lower}, {clipping}, or a smaller initial W_hh"


def train(
    params: dict[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    *,
    steps: int,
    optimizer: Optimizer,
    mode: str = "many-to-many",
    loss: str = "mse",
    window: int | None = None,
    clip: float | None = None,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    activation: str = "tanh",
    progress: bool | None = None,
    log_every: int = 1,
    callback: Callable[[int, dict], bool | None] | None = None,
    callback_every: int = 100,
    backward: Callable | None = None,
) -> TrainResult:
    """Train an RNN with (truncated) backpropagation through time.

    Each update runs `loss_and_grads` on a batch (or on one window of it), optionally clips the
    gradients by their global norm, and lets `optimizer` change `params` in place.

    Parameters
    ----------
    params : dict
        ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (O, H), ``b_y`` (O,), e.g. from
        ``init_rnn_params(D, H, O, rng=rng)``; or an LSTM's ``W_x`` (4H, D), ``W_h`` (4H, H),
        ``b`` (4H,), ``W_hy``, ``b_y`` from ``init_lstm_params(D, H, O, rng=rng)``, or a GRU's
        (3H rows) from ``init_gru_params(D, H, O, rng=rng)`` (then `activation` is ignored).
        Updated in place (and returned in the result).
    x : ndarray of shape (N, T, D)
        Input sequences.
    y : ndarray
        Targets, as for `loss_and_grads`: (N, T, O) or int (N, T) for many-to-many; (N, O) or
        int (N,) for many-to-one.
    steps : int
        Number of updates.
    optimizer : Optimizer
        ``SGD(lr)``, ``Adagrad(lr)`` or ``Adam(lr)`` from `rnn_helpers.optim`.
    mode : {"many-to-many", "many-to-one"}
    loss : {"mse", "cross_entropy"}
    window : int, optional
        Truncated BPTT over consecutive windows of `window` steps (see `windows`): one update per
        window with a loss, the hidden state carried (not back-propagated) from window to window.
        After the last window the next pass starts again at step 0 from a zero state. None (the
        default) is full BPTT: one update per pass over whole sequences.
    clip : float, optional
        Rescale the gradients whenever their global norm exceeds `clip`.
    batch_size : int, optional
        Sequences per pass, drawn without replacement with `rng` (a new batch for every pass);
        None uses all N sequences every time.
    rng : numpy.random.Generator, optional
        Needed when ``batch_size < N``.
    activation : {"tanh", "relu"}
    progress : bool or None
        True: print a line every ~10% of the steps. False: silent. None (default): print every
        ~1 s only once the run has taken more than 2 s.
    log_every : int
        Record the loss, gradient norm and clipping of every `log_every`-th update (and the last).
    callback : callable, optional
        ``callback(step, params)`` is called after every `callback_every`-th update and after the
        last, e.g. to measure the validation loss, keep the best parameters or lower
        ``optimizer.lr``. If it returns True, training stops there (early stopping).
    callback_every : int
        Updates between calls of `callback`.
    backward : callable, optional
        The backward pass through time, as for `loss_and_grads` (e.g. a learner's own
        ``my_rnn_backward``); None uses `rnn_backward`.

    Returns
    -------
    TrainResult
        ``params``, ``losses``, ``grad_norms`` (before clipping), ``clipped``, ``seconds``.

    Raises
    ------
    NonFiniteError
        As soon as the loss or a gradient is nan or inf, before that step's update.
    """
    # the checked dict holds the caller's own arrays; keep the caller's dict, updated in place
    _, x, y, mode, loss, _, activation = _check_inputs(params, x, y, mode, loss, None, activation)
    N, T = x.shape[:2]
    _check_train_options(
        steps, optimizer, clip, batch_size, rng, N, progress, log_every, callback, callback_every
    )
    _check_backward(params, backward)
    spans = windows(T, window, mode)
    log: dict[str, list] = {"losses": [], "grad_norms": [], "clipped": [], "steps": []}
    n_clipped, step, start = 0, 0, _clock()
    bar = _Progress(progress, steps, start)
    value, last_grads, stop = float("nan"), None, False
    while step < steps and not stop:
        rows = (
            np.sort(rng.choice(N, size=batch_size, replace=False))
            if batch_size is not None and batch_size < N
            else slice(None)
        )
        xb, yb = x[rows], y[rows]
        h = _zero_state(params, xb.shape[0])  # every pass starts from a zero state
        for begin, end, update in spans:
            if step >= steps or stop:
                break
            if not update:
                h = _carry_state(params, xb[:, begin:end], h, activation)
                continue
            y_win = yb[:, begin:end] if mode == "many-to-many" else yb
            with np.errstate(over="ignore", invalid="ignore"):
                value, grads, h = _loss_and_grads(
                    params, xb[:, begin:end], y_win, mode, loss, h, activation, backward=backward
                )
            step += 1
            norm = _global_norm(grads)  # finite exactly when every entry is (barring overflow)
            bad = None
            if not math.isfinite(value + norm):  # an entry is nan/inf, or the norm overflowed
                bad = _first_non_finite(value, grads) or ("the gradient norm", norm)
            if bad is not None:
                cause = divergence_cause(last_grads)
                raise NonFiniteError(
                    bad[0],
                    bad[1],
                    step,
                    _what_to_try(optimizer, clip, cause),
                    np.array(log["losses"]),
                    np.array(log["grad_norms"]),
                    cause,
                )
            last_grads = grads
            was_clipped = clip is not None and norm > clip
            if was_clipped:  # what clip_by_global_norm(grads, clip) does, with the norm known
                grads = _rescale(grads, clip, norm)
                n_clipped += 1
            with np.errstate(over="ignore", invalid="ignore"):
                optimizer.step(params, grads)
            if (step - 1) % log_every == 0 or step == steps:
                for key, v in (
                    ("losses", value),
                    ("grad_norms", norm),
                    ("clipped", was_clipped),
                    ("steps", step),
                ):
                    log[key].append(v)
            bar.update(step, value)
            if callback is not None and (step % callback_every == 0 or step == steps):
                stop = bool(callback(step, params))
    seconds = _clock() - start
    bar.done(step, value, seconds)
    return TrainResult(
        params,
        np.array(log["losses"]),
        np.array(log["grad_norms"]),
        np.array(log["clipped"], dtype=bool),
        seconds,
        np.array(log["steps"], dtype=int),
        n_clipped,
        stop and step < steps,
    )


@dataclass(frozen=True)
class WindowRun:
    """One arm of `compare_windows`: training with one truncation window.

    Attributes
    ----------
    window : int
        The window length k (T for full BPTT).
    updates : int
        Number of updates made.
    eval_losses : ndarray of shape (passes + 1,)
        Loss on the evaluation data (whole sequences, from a zero state) before training and
        after every pass.
    seconds : float
        Training time, evaluation excluded.
    """

    window: int
    updates: int
    eval_losses: np.ndarray
    seconds: float

    @property
    def final_loss(self) -> float:
        """The evaluation loss after the last pass."""
        return float(self.eval_losses[-1])

    @property
    def settled_loss(self) -> float:
        """The mean evaluation loss over the last quarter of the passes (at least one).

        Steadier than `final_loss` when training does not settle and the loss jumps about.
        """
        passes = len(self.eval_losses) - 1
        return float(np.mean(self.eval_losses[-max(1, passes // 4) :]))


def compare_windows(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    window_lengths: Sequence[int | None],
    *,
    passes: int,
    make_optimizer: Callable[[], Optimizer],
    mode: str = "many-to-many",
    loss: str = "mse",
    clip: float | None = None,
    activation: str = "tanh",
    x_eval: np.ndarray | None = None,
    y_eval: np.ndarray | None = None,
) -> list[WindowRun]:
    """Train copies of the same initial `params` with each truncation window, for equal data.

    Every arm makes the same number of passes over (x, y), so every arm runs the same number of
    time steps forward and backward; a window of k steps turns each pass into ceil(T / k) updates
    instead of one.

    Parameters
    ----------
    params : dict
        Initial parameters; copied, never modified.
    x, y : ndarray
        Training data, as for `train`.
    window_lengths : sequence of int or None
        The windows to compare; None (or T) is full BPTT.
    passes : int
        Passes over the data for each arm.
    make_optimizer : callable
        Returns a fresh optimizer for each arm, e.g. ``lambda: Adam(lr=0.01)``.
    mode, loss, clip, activation
        As for `train`.
    x_eval, y_eval : ndarray, optional
        Data to evaluate on after every pass; default (x, y).

    Returns
    -------
    list of WindowRun
        One per window, in the order given.
    """
    _check_inputs(params, x, y, mode, loss, None, activation)
    check_positive_int("passes", passes)
    x_eval, y_eval = (x, y) if x_eval is None else (x_eval, y_eval)
    T = x.shape[1]
    runs = []
    for k in window_lengths:
        updates_per_pass = sum(update for *_, update in windows(T, k, mode))
        p = copy_params(params)
        optimizer = make_optimizer()
        losses = [evaluate(p, x_eval, y_eval, mode=mode, loss=loss, activation=activation)]
        seconds = 0.0
        for _ in range(passes):
            result = train(
                p,
                x,
                y,
                steps=updates_per_pass,
                optimizer=optimizer,
                mode=mode,
                loss=loss,
                window=k,
                clip=clip,
                activation=activation,
                progress=False,
            )
            seconds += result.seconds
            losses.append(evaluate(p, x_eval, y_eval, mode=mode, loss=loss, activation=activation))
        runs.append(
            WindowRun(
                T if k is None else min(k, T), updates_per_pass * passes, np.array(losses), seconds
            )
        )
    return runs


@dataclass(frozen=True)
class DivergenceTrace:
    """What `trace_divergence` recorded at every update, up to the first non-finite loss.

    Attributes
    ----------
    losses : ndarray of shape (S,)
        The loss before each update.
    recurrent_grad_norms, output_grad_norms : ndarray of shape (S,)
        Global norm of the gradient of (W_xh, W_hh, b_h) and of (W_hy, b_y).
    W_hh_norms : ndarray of shape (S,)
        ‖W_hh‖_2, the largest singular value, before each update.
    saturated : ndarray of shape (S,)
        Share of the hidden values h_t (over the batch, the steps and the units) whose tanh slope
        1 - h_t^2 is below 1e-12, before each update.
    failed_at : int or None
        The update (counting from 1) whose loss or gradient was non-finite; None if all were finite.
    """

    losses: np.ndarray
    recurrent_grad_norms: np.ndarray
    output_grad_norms: np.ndarray
    W_hh_norms: np.ndarray
    saturated: np.ndarray
    failed_at: int | None


def trace_divergence(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    *,
    optimizer: Optimizer,
    steps: int,
    mode: str = "many-to-many",
    loss: str = "mse",
    activation: str = "tanh",
) -> DivergenceTrace:
    """Full-batch training like `train`, recording where the gradient goes at every update.

    Used to diagnose a divergence: does the gradient through time explode, or do the units
    saturate (1 - h^2 = 0, no gradient reaches W_xh, W_hh, b_h) while the output layer overshoots?
    Stops without raising at the first non-finite loss or gradient. `params` are not modified.

    Parameters
    ----------
    params, x, y, mode, loss, activation
        As for `train`.
    optimizer : Optimizer
    steps : int
        The most updates to make.

    Returns
    -------
    DivergenceTrace
    """
    p = copy_params(params)
    _, x, y, mode, loss, h0, activation = _check_inputs(p, x, y, mode, loss, None, activation)
    check_positive_int("steps", steps)
    rows: list[tuple[float, float, float, float, float]] = []
    failed_at = None
    for step in range(1, steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            y_hat, cache = _forward(p, x, h0, mode, activation)
            value, dy = _loss(y_hat, y, loss)
            grads = _backward(p, dy, cache, mode)
        norm = _global_norm(grads)
        if not math.isfinite(value + norm):
            failed_at = step
            break
        rows.append(
            (
                value,
                *_layer_norms(grads),
                float(np.linalg.norm(p["W_hh"], 2)),
                float(np.mean(1 - cache.h**2 < 1e-12)),
            )
        )
        with np.errstate(over="ignore", invalid="ignore"):
            optimizer.step(p, grads)
    columns = np.array(rows).reshape(-1, 5).T
    return DivergenceTrace(*columns, failed_at)


def echo_window_trial(
    rng: np.random.Generator,
    *,
    delay: int,
    window_lengths: Sequence[int | None],
    T: int = 32,
    H: int = 16,
    n_train: int = 32,
    n_test: int = 256,
    passes: int = 100,
    lr: float = 0.01,
) -> list[WindowRun]:
    """Notebook 04's truncation experiment on the delayed echo y_t = x_{t-delay}, for one seed.

    From `rng`, in this order: `n_train` training and `n_test` test sequences of length T
    (`rnn_helpers.tasks.delayed_echo`), then the initial weights (`init_rnn_params(1, H, 1)`).
    Then `compare_windows` with Adam(lr) for `passes` passes per window.

    Returns
    -------
    list of WindowRun
        One per window, in the order given; ``eval_losses`` is the test MSE after every pass.
    """
    from .optim import Adam
    from .rnn import init_rnn_params
    from .tasks import delayed_echo

    check_rng(rng)
    x, y = delayed_echo(n_train, T, delay, rng=rng)
    x_test, y_test = delayed_echo(n_test, T, delay, rng=rng)
    params = init_rnn_params(1, H, 1, rng=rng)
    return compare_windows(
        params,
        x,
        y,
        window_lengths,
        passes=passes,
        make_optimizer=lambda: Adam(lr),
        x_eval=x_test,
        y_eval=y_test,
    )


def readout_mse(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    *,
    activation: str = "tanh",
    skip: int = 0,
) -> float:
    """Test MSE of the best linear readout of the states, with the recurrent layer held fixed.

    The states h_t of `params`' recurrent layer (carried through each whole sequence from a zero
    state) are fitted to the targets by least squares, y_t ≈ W h_t + b, on (x, y); the fitted
    readout is then scored on (x_test, y_test). This is an echo-state network's readout: if the
    MSE is small, the fixed recurrent layer already holds what the targets need, and training
    the output layer alone can learn the task.

    Parameters
    ----------
    params : dict
        ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H,) are used; the output layer is ignored.
    x, x_test : ndarray of shape (N, T, D)
    y, y_test : ndarray of shape (N, T, O)
        Many-to-many targets.
    activation : {"tanh", "relu"}
    skip : int
        Leave the first `skip` steps of every sequence out of the fit and the score.

    Returns
    -------
    float
    """
    params = _check_params(params)
    activation = check_activation(activation)

    def design(x_in):
        h = _carry_states(params, _check_x(x_in, params), activation)[:, skip:]
        return np.concatenate(
            [h.reshape(-1, h.shape[-1]), np.ones((h.shape[0] * h.shape[1], 1))], 1
        )

    O = y.shape[-1]
    coef = np.linalg.lstsq(design(x), y[:, skip:].reshape(-1, O), rcond=None)[0]
    error = design(x_test) @ coef - y_test[:, skip:].reshape(-1, O)
    return float(np.mean(error**2))


def _carry_states(params, x, activation) -> np.ndarray:
    """All states (N, T, H) of the recurrent layer from a zero state."""
    h0 = np.zeros((x.shape[0], params["W_hh"].shape[0]), dtype=float_dtype(*params.values()))
    return rnn_forward(x, h0, params["W_xh"], params["W_hh"], params["b_h"], activation)[0]
