"""Exercise 5.1: predict from the largest singular value of W_hh whether gradients must vanish.

For a tanh RNN, ‖∂h_T/∂h_{T-k}‖ ≤ (γ ‖W_hh‖₂)^k with γ = 1 (Pascanu et al. 2013). So ‖W_hh‖₂ < 1
guarantees vanishing. ‖W_hh‖₂ ≥ 1 guarantees nothing: gradients may vanish anyway (saturation,
non-normal matrices) or explode.
"""

import numpy as np

from rnn_helpers.checks import check_vanishing_prediction


def my_predict_vanishing(W_hh):
    s_max = np.linalg.norm(W_hh, 2)  # = np.linalg.svd(W_hh, compute_uv=False)[0]
    return s_max, "vanish" if s_max < 1 else "unknown"


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_vanishing_prediction, my_predict_vanishing

if __name__ == "__main__":
    print(check_vanishing_prediction(my_predict_vanishing))
