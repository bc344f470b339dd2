"""Shared fixtures: a seeded generator and small random RNN problems."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import rnn_helpers as rh

matplotlib.use("Agg")  # tests draw figures without a screen


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test left open."""
    yield
    plt.close("all")


def controls(ui):
    """A widget UI's controls by description (every row but the last, which is the output)."""
    return {c.description: c for row in ui.children[:-1] for c in row.children}


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def make_problem(rng, N, T, D, H, O=None, dtype=np.float64):
    """Random inputs and parameters for an RNN with the given sizes (non-symmetric, non-zero)."""
    p = rh.init_rnn_params(D, H, O, rng=rng, dtype=dtype)
    p["W_hh"] *= 2.0  # a little stronger than default so gradients travel through time
    x = rng.normal(size=(N, T, D)).astype(dtype)
    h0 = (0.5 * rng.normal(size=(N, H))).astype(dtype)
    return x, h0, p
