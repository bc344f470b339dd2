"""Exercise 0.2: shapes for N=32 sequences, T=50 steps, D=65 inputs, H=128 units, O=65 outputs.

Batch-first arrays; weights stored as written (rows = what they produce, columns = what they read).
"""

from rnn_helpers.checks import check_shapes

N, T, D, H, O = 32, 50, 65, 128, 65
my_shapes = {
    "x": (N, T, D),
    "h0": (N, H),
    "W_xh": (H, D),
    "W_hh": (H, H),
    "b_h": (H,),
    "h": (N, T, H),
    "W_hy": (O, H),
    "y_hat": (N, T, O),
}

# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_shapes, my_shapes

if __name__ == "__main__":
    print(check_shapes(my_shapes))
