"""Exercise 8.1: one LSTM step for a batch.

a_t = W_x x_t + W_h h_{t-1} + b has 4H entries per example, stacked as (input, forget, candidate,
output). The gates use the sigmoid, the candidate tanh; the forget gate scales the old *cell*
state, and the output gate scales tanh of the new one.
"""

import numpy as np

from rnn_helpers.checks import check_lstm_step


def my_lstm_step(x_t, h_prev, c_prev, W_x, W_h, b):
    """x_t (N, D), h_prev and c_prev (N, H), W_x (4H, D), W_h (4H, H), b (4H,) -> (h_t, c_t)."""
    H = h_prev.shape[1]
    a = x_t @ W_x.T + h_prev @ W_h.T + b  # (N, 4H)
    i = 1 / (1 + np.exp(-a[:, :H]))  # input gate
    f = 1 / (1 + np.exp(-a[:, H : 2 * H]))  # forget gate
    g = np.tanh(a[:, 2 * H : 3 * H])  # candidate
    o = 1 / (1 + np.exp(-a[:, 3 * H :]))  # output gate
    c_t = f * c_prev + i * g
    h_t = o * np.tanh(c_t)
    return h_t, c_t


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_lstm_step, my_lstm_step

if __name__ == "__main__":
    print(check_lstm_step(my_lstm_step))
