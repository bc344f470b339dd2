"""Exercise 4.1: the backward pass of one tanh step, h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h).

With examples in rows (dh_t is (N, H)), each column-vector formula W^T da becomes da @ W, and
da x^T summed over the batch becomes da.T @ x.
"""

from rnn_helpers.checks import check_rnn_step_backward


def my_rnn_step_backward(dh_t, x_t, h_prev, h_t, W_xh, W_hh):
    da_t = dh_t * (1 - h_t**2)  # through the tanh: tanh'(a_t) = 1 - h_t^2
    dx_t = da_t @ W_xh  # W_xh^T da_t            (N, D)
    dh_prev = da_t @ W_hh  # W_hh^T da_t            (N, H)
    dW_xh = da_t.T @ x_t  # sum_n da_t x_t^T       (H, D)
    dW_hh = da_t.T @ h_prev  # sum_n da_t h_{t-1}^T   (H, H)
    db_h = da_t.sum(axis=0)  # sum_n da_t             (H,)
    return dx_t, dh_prev, dW_xh, dW_hh, db_h


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_rnn_step_backward, my_rnn_step_backward

if __name__ == "__main__":
    print(check_rnn_step_backward(my_rnn_step_backward))
