"""Notebook 05's multi-panel figures draw exactly the data they are given, one panel per group."""

import matplotlib.pyplot as plt
import numpy as np

from rnn_helpers.plots import dynamics as dplots


def test_descent_by_arm_draws_one_surface_and_the_first_paths_per_arm():
    w, b = np.linspace(2, 8, 7), np.linspace(-5, 0, 6)
    E = np.outer(b, w)
    rng = np.random.default_rng(0)
    paths = {
        "without clipping": rng.normal(size=(5, 10, 2)),
        "clipping": rng.normal(size=(5, 10, 2)),
    }
    axes = dplots.plot_descent_by_arm(w, b, E, paths, n_paths=3)
    assert [ax.get_title() for ax in axes] == list(paths)
    for ax, path in zip(axes, paths.values()):
        np.testing.assert_array_equal(ax.images[0].get_array(), E)
        drawn = [ln for ln in ax.lines if ln.get_marker() == "."]
        assert len(drawn) == 3  # the first 3 of the 10 runs, nothing else
        for s, ln in enumerate(drawn):
            np.testing.assert_array_equal(ln.get_xydata(), path[:, s])
        assert ax.get_legend().get_texts()[0].get_text() == "3 of the 10 runs"
    plt.close(axes[0].figure)


def test_curves_by_length_one_panel_per_T_and_skips_other_models():
    steps = {("tanh", 10): np.array([0, 100]), ("relu", 10): np.array([0, 100]),
             ("tanh", 40): np.array([0, 100, 200]), ("irnn", 40): np.array([0, 100])}  # fmt: skip
    curves = {
        ("tanh", 10): np.array([[0.2, 0.1], [0.2, 0.05]]),
        ("relu", 10): np.array([[0.2, 0.01], [0.2, 0.03]]),
        ("tanh", 40): np.array([[0.2, 0.17, 0.16], [0.2, 0.16, 0.15]]),
        ("irnn", 40): np.array([[9.0, 9.0], [9.0, 9.0]]),
    }
    axes = dplots.plot_curves_by_length(steps, curves, baseline=1 / 6, threshold=0.08, budget=100)
    assert [ax.get_title() for ax in axes] == ["T = 10", "T = 40"]
    ys = [[ln.get_ydata() for ln in ax.lines] for ax in axes]
    for (model, T), rows in curves.items():
        panel = ys[0] if T == 10 else ys[1]
        found = [any(np.array_equal(y, row) for y in panel) for row in rows]
        assert all(found) if model != "irnn" else not any(found)
    assert axes[0].get_legend() is not None and axes[1].get_legend() is None
    assert "0.167" in axes[0].get_ylabel() and "0.08" in axes[0].get_ylabel()
    assert axes[1].get_ylabel() == ""
    assert axes[1].get_xlim() == (0, 200)  # the longest run sets the range of every panel
    plt.close(axes[0].figure)
