"""Exercise 0.1: h_t for x_t = (-2), with the weights of the worked example in notebook 00.

W_xh x_t    = (0.5 * -2, 0.25 * -2)              = (-1.0, -0.5)
W_hh h_prev = (1 * 0.5 + 0 * -0.5, 0.5 * 0.5 + 1 * -0.5) = ( 0.5, -0.25)
b_h         =                                      ( 0.0,  0.5)
a_t         = sum                                  = (-0.5, -0.25)
h_t         = tanh(a_t)                            ~ (-0.462, -0.245)   (3 decimals, as asked)
"""

import numpy as np

from rnn_helpers.checks import check_hand_step

my_h_t = np.array([-0.462, -0.245])  # np.tanh(-0.5), np.tanh(-0.25), rounded

# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_hand_step, my_h_t

if __name__ == "__main__":
    print(check_hand_step(my_h_t))
