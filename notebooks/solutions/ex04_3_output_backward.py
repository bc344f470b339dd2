"""Exercise 4.3: the backward pass of the output layer, ŷ_t = W_hy h_t + b_y.

Many-to-many gives dy (N, T, O) and the states h (N, T, H); many-to-one gives dy (N, O) and the
final state h_T (N, H). Reshaping both to rows (one row per output) handles the two cases with
the same code: every output adds its share dy_t h_t^T to dW_hy and dy_t to db_y.
"""

from rnn_helpers.checks import check_output_backward


def my_output_backward(dy, h, W_hy):
    O, H = W_hy.shape
    dh = dy @ W_hy  # W_hy^T dy_t at every output     same shape as h
    dy_rows, h_rows = dy.reshape(-1, O), h.reshape(-1, H)  # one row per output
    dW_hy = dy_rows.T @ h_rows  # sum of dy_t h_t^T             (O, H)
    db_y = dy_rows.sum(axis=0)  # sum of dy_t                   (O,)
    return dh, dW_hy, db_y


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_output_backward, my_output_backward

if __name__ == "__main__":
    print(check_output_backward(my_output_backward))
