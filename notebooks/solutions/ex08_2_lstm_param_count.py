"""Exercise 8.2: the parameters of an LSTM with D = 27 inputs and H = 64 units, plus an output
layer for O = 27 classes.

Each of the four gates has its own input weights (H × D), recurrent weights (H × H) and bias (H):
4 (H D + H H + H). The output layer is not gated: O H + O.
"""

from rnn_helpers.checks import check_lstm_param_count

D, H, O = 27, 64, 27
my_lstm_param_count = 4 * (H * D + H * H + H) + O * H + O  # 23 552 + 1 755 = 25 307

# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_lstm_param_count, my_lstm_param_count

if __name__ == "__main__":
    print(check_lstm_param_count(my_lstm_param_count))
