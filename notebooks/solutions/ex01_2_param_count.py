"""Exercise 1.2: the parameters of an RNN with D = 27 inputs, H = 50 hidden units, O = 27 outputs.

W_xh  H x D = 50 x 27 = 1350
W_hh  H x H = 50 x 50 = 2500
b_h   H           =   50
W_hy  O x H = 27 x 50 = 1350
b_y   O           =   27
total               = 5277   (the same for a sequence of 10 steps or of 10,000)
"""

from rnn_helpers.checks import check_param_count

my_count = 50 * 27 + 50 * 50 + 50 + 27 * 50 + 27

# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_param_count, my_count

if __name__ == "__main__":
    print(check_param_count(my_count))
