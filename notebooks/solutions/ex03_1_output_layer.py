"""Exercise 3.1: the output layer y_t = W_hy h_t + b_y at every step of a batch.

h holds one state per row (batch-first, shape (N, T, H)). Row by row, W_hy h_t is h_t @ W_hy.T,
and `@` applies it to every (n, t) at once: (N, T, H) @ (H, O) -> (N, T, O). The bias b_y (O,)
broadcasts over n and t.
"""

from rnn_helpers.checks import check_output_forward


def my_output_forward(h, W_hy, b_y):
    """y[n, t] = W_hy h[n, t] + b_y for h (N, T, H), W_hy (O, H), b_y (O,) -> y (N, T, O)."""
    return h @ W_hy.T + b_y


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_output_forward, my_output_forward

if __name__ == "__main__":
    print(check_output_forward(my_output_forward))
