"""Exercise 2.2: unroll the recurrence over a batch-first sequence x (N, T, D).

Start from h0, feed each new state back in as h_prev, and keep every state: h[:, t] is the state
after reading x[:, t], so h holds h_1 ... h_T with shape (N, T, H).
"""

import numpy as np

from rnn_helpers import rnn_step
from rnn_helpers.checks import check_rnn_forward


def my_rnn_forward(x, h0, W_xh, W_hh, b_h):
    """x (N, T, D), h0 (N, H), W_xh (H, D), W_hh (H, H), b_h (H,) -> h (N, T, H)."""
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    h_prev = h0
    for t in range(T):  # time is axis 1
        h_prev = rnn_step(x[:, t], h_prev, W_xh, W_hh, b_h)
        h[:, t] = h_prev
    return h


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_rnn_forward, my_rnn_forward

if __name__ == "__main__":
    print(check_rnn_forward(my_rnn_forward))
