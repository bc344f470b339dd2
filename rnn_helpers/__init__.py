"""rnn_helpers: small, tested numpy functions for the course "RNNs from scratch".

Notation (batch-first, column-vector formulas, weights stored as written)::

    h_t = f(W_xh x_t + W_hh h_{t-1} + b_h)      f = tanh or relu
    ŷ_t = W_hy h_t + b_y
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t,  h_t = o_t ⊙ tanh(c_t)   (the LSTM, `lstm_forward`)
    h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}                       (the GRU, `gru_forward`)

N batch, T time steps, D input size, H hidden size, O output size (V for a vocabulary).
``x`` (N, T, D), ``h0`` (N, H), ``h`` (N, T, H); ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H,),
``W_hy`` (O, H), ``b_y`` (O,). Gradients take a ``d`` prefix: ``dW_hh``.

Widgets live in `rnn_helpers.widgets`, which is the only module that imports ipywidgets.
"""

from .bptt import rnn_backward
from .gradcheck import GradCheckReport, gradient_check, numerical_gradient, relative_error
from .gru import (
    GRUCache,
    count_gru_params,
    gru_backward,
    gru_forward,
    gru_step,
    init_gru_params,
)
from .losses import log_softmax, mse_loss, softmax, softmax_cross_entropy
from .lstm import (
    LSTMCache,
    count_lstm_params,
    init_lstm_params,
    lstm_backward,
    lstm_forward,
    lstm_step,
)
from .optim import SGD, Adagrad, Adam, clip_by_global_norm, global_norm
from .rnn import (
    RNNCache,
    activate,
    activation_derivative,
    init_rnn_params,
    output_backward,
    output_forward,
    rnn_forward,
    rnn_step,
)
from .stepwise import rnn_step_backward
from .training import NonFiniteError, TrainResult, loss_and_grads, train

__version__ = "0.1.0"

__all__ = [
    # forward
    "rnn_step",
    "rnn_forward",
    "output_forward",
    "activate",
    "init_rnn_params",
    "RNNCache",
    # the LSTM
    "lstm_step",
    "lstm_forward",
    "lstm_backward",
    "init_lstm_params",
    "count_lstm_params",
    "LSTMCache",
    # the GRU
    "gru_step",
    "gru_forward",
    "gru_backward",
    "init_gru_params",
    "count_gru_params",
    "GRUCache",
    # backward
    "rnn_backward",
    "rnn_step_backward",
    "output_backward",
    "activation_derivative",
    # losses
    "softmax",
    "log_softmax",
    "softmax_cross_entropy",
    "mse_loss",
    # gradient checking
    "numerical_gradient",
    "relative_error",
    "gradient_check",
    "GradCheckReport",
    # training
    "SGD",
    "Adagrad",
    "Adam",
    "clip_by_global_norm",
    "global_norm",
    "loss_and_grads",
    "train",
    "TrainResult",
    "NonFiniteError",
]
