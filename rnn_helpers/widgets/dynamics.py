"""Notebook 05's widget: drag the gain of W_hh and watch ‖∂h_T/∂h_{T-k}‖ against the lag k.

W_hh = g Q with one fixed random orthogonal Q, so ‖W_hh‖₂ = spectral radius = g; the tanh network
is driven by the same random input at every slider position, scaled by the input slider.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FixedLocator

from ..dynamics import driven_norms, log_norm_slope, scaled_orthogonal, vanishing_bound
from ..plots import PALETTE, _log_y
from ._core import live_figure, slider

H, T = 32, 60


def jacobian_curve(g: float, input_std: float, *, H: int = H, T: int = T, seed: int = 0) -> dict:
    """‖∂h_T/∂h_{T-k}‖ for W_hh = g Q, the bound g^k, and the fitted slope.

    Q and the drive come from ``np.random.default_rng(seed)`` and ``default_rng(seed + 1)``,
    so only g and the input scale change between calls.

    Returns
    -------
    dict with ``g``, ``input_std``, ``norm_W_hh`` (‖W_hh‖₂, float), ``lags`` (T + 1,), ``norms``
    (T + 1,), ``bound`` (T + 1,), ``slope`` (nats per step) and ``saturation`` (the mean of
    1 - h^2 over the states, 1 = linear, 0 = fully saturated).
    """
    if not g > 0:
        raise ValueError(f"g must be > 0 (the gain of W_hh = g Q), got {g!r}")
    W_hh = scaled_orthogonal(H, g, rng=np.random.default_rng(seed))
    h, norms = driven_norms(W_hh, T, input_std=input_std, rng=np.random.default_rng(seed + 1))
    lags = np.arange(T + 1)
    return {
        "g": g,
        "input_std": input_std,
        "norm_W_hh": float(g),
        "lags": lags,
        "norms": norms,
        "bound": vanishing_bound(W_hh, lags),
        "slope": log_norm_slope(norms),
        "saturation": float(np.mean(1 - h**2)),
    }


def draw_jacobian_curve(g: float = 1.0, input_std: float = 0.5):
    """Draw the norm curve and its bound on a log axis; return (fig, data).

    The title shows the numbers behind the curve (slope, mean 1 − h², norm at lag T), so they
    follow the sliders.
    """
    data = jacobian_curve(g, input_std)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    fig.subplots_adjust(left=0.13, right=0.97, bottom=0.15, top=0.86)  # fixed margins: one pass
    ax.plot(
        data["lags"], data["norms"], color=PALETTE["blue"], lw=2, label="measured ‖∂h_T / ∂h_(T−k)‖"
    )
    ax.plot(
        data["lags"],
        data["bound"],
        color=PALETTE["vermillion"],
        ls="--",
        label=f"bound ‖W_hh‖₂^k = {g:.2f}^k",
    )
    ax.axhline(1, color="grey", lw=0.8)
    ax.set_ylim(1e-15, 1e15)
    # plain-text tick labels, and few of them: mathtext ones would take most of the redraw time
    _log_y(ax, ticks=[1e-10, 1.0, 1e10])
    ax.xaxis.set_major_locator(FixedLocator(np.arange(0, T + 1, 20)))
    trend = "vanishes" if data["slope"] < 0 else "explodes"
    ax.set(xlabel="lag k = T − t (steps back)", ylabel="norm (log scale)")
    # a fixed title position (y=1) skips matplotlib's search for a place above the axes
    ax.set_title(
        f"g = {g:.2f}: slope {data['slope']:+.3f} per step, {trend}\n"
        f"norm at lag {T}: {data['norms'][-1]:.1e};  mean 1 − h² = {data['saturation']:.2f}",
        y=1.0,
    )
    ax.legend(loc="lower left", fontsize=9)
    return fig, data


def jacobian_explorer():
    """Sliders for the gain g and the input; returns (ui, state), state as from `jacobian_curve`."""
    controls = {
        "g": slider(1.0, 0.3, 3.0, 0.05, "gain g = ‖W_hh‖₂"),
        "input_std": slider(0.5, 0.0, 1.5, 0.05, "input std"),
    }
    return live_figure(draw_jacobian_curve, controls, columns=2)
