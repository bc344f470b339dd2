"""Exercise 1.1: the best accuracy of any predictor that sees only the context, from counts.

For each context c, the best a predictor can do is to guess the target that most often follows c:
it is then right max_y n(c, y) times out of n(c). Adding this up over the contexts and dividing by
the number of predictions n gives the best accuracy, (1/n) sum_c max_y n(c, y).
"""

from collections import Counter

from rnn_helpers.checks import check_best_accuracy


def my_best_accuracy(contexts, targets):
    counts = {}  # context -> Counter of the targets after it
    for c, y in zip(contexts, targets, strict=True):
        counts.setdefault(c, Counter())[y] += 1
    right = sum(max(k.values()) for k in counts.values())  # best guess for each context
    return right / len(targets)


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_best_accuracy, my_best_accuracy

if __name__ == "__main__":
    print(check_best_accuracy(my_best_accuracy))
