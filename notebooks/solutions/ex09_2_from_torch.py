"""Exercise 9.2: from PyTorch's layout to the course's.

torch.nn.RNN keeps time first (T, N, D) and a layer axis on h_0 (1, N, H); its weights are stored
(H, D) and (H, H) exactly like W_xh and W_hh; and it adds two biases whose sum is b_h.
"""

from rnn_helpers.checks import check_from_torch


def my_from_torch(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    x = input.transpose(1, 0, 2)  # (T, N, D) -> (N, T, D): swap axes, never reshape
    h0 = h_0[0]  # drop the num_layers axis
    return x, h0, weight_ih, weight_hh, bias_ih + bias_hh


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_from_torch, my_from_torch

if __name__ == "__main__":
    print(check_from_torch(my_from_torch))
