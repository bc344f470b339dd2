"""Exercise 2.1: one step of the vanilla RNN for a batch, h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h).

Rows are examples: x_t (N, D), h_prev (N, H). Row by row, x_t @ W_xh.T is W_xh x_t and
h_prev @ W_hh.T is W_hh h_{t-1}; b_h (H,) is added to every row by broadcasting.
"""

import numpy as np

from rnn_helpers.checks import check_rnn_step


def my_rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    """x_t (N, D), h_prev (N, H), W_xh (H, D), W_hh (H, H), b_h (H,) -> h_t (N, H)."""
    a_t = x_t @ W_xh.T + h_prev @ W_hh.T + b_h  # the pre-activation, (N, H)
    return np.tanh(a_t)


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_rnn_step, my_rnn_step

if __name__ == "__main__":
    print(check_rnn_step(my_rnn_step))
