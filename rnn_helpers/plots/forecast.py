"""Figures of notebook 06: the series and its split, forecasts against the truth, error against
the horizon with the spread over seeds, and residuals.

Every function draws data computed elsewhere (by tested functions in `rnn_helpers.forecast`),
takes ``ax=None`` (a new figure) and returns the Axes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import CYCLE, PALETTE, _axes, _log_y

_PART_COLORS = {"train": PALETTE["blue"], "validation": PALETTE["orange"], "test": PALETTE["green"]}


def _years(months: np.ndarray) -> np.ndarray:
    """datetime64[M] -> decimal years (1958.17 for March 1958), for a plain numeric axis."""
    m = np.asarray(months, dtype="datetime64[M]").astype(int)  # months since 1970-01
    return 1970 + m / 12


def plot_split(months: np.ndarray, y: np.ndarray, n_train: int, n_val: int, ax=None):
    """The whole series, coloured by part: train, validation, test (in time order).

    Parameters
    ----------
    months : datetime64[M] ndarray of shape (T,)
    y : ndarray of shape (T,)
        CO2 in ppm.
    n_train, n_val : int
        Lengths of the first two parts; the rest is the test part.
    """
    ax = _axes(ax)
    t = _years(months)
    bounds = {
        "train": (0, n_train),
        "validation": (n_train, n_train + n_val),
        "test": (n_train + n_val, len(y)),
    }
    for part, (a, b) in bounds.items():
        ax.plot(t[a:b], y[a:b], color=_PART_COLORS[part], lw=1.2, label=f"{part} ({b - a} months)")
    ax.axhline(
        y[:n_train].max(),
        color=PALETTE["black"],
        ls=":",
        lw=1,
        label=f"highest training value ({y[:n_train].max():.1f} ppm)",
    )
    ax.set(
        xlabel="year",
        ylabel="CO₂ (ppm)",
        title="Monthly CO₂ at Mauna Loa, split in time order",
    )
    ax.legend(loc="upper left", fontsize=9)
    return ax


def plot_forecasts(
    months: np.ndarray,
    truth: np.ndarray,
    forecasts: Mapping[str, np.ndarray],
    ax=None,
    *,
    horizon: int = 1,
    train_max: float | None = None,
    title: str | None = None,
):
    """Forecasts made `horizon` months ahead, against the true values, on the test part.

    Parameters
    ----------
    months : datetime64[M] ndarray of shape (N,)
        The month each forecast is for.
    truth : ndarray of shape (N,)
    forecasts : dict of str to ndarray of shape (N,)
        One line per method.
    horizon : int
        For the title.
    train_max : float, optional
        The highest training value, drawn dotted.
    """
    ax = _axes(ax)
    t = _years(months)
    ax.plot(t, truth, color=PALETTE["black"], lw=2.2, label="truth")
    for (name, f), color in zip(forecasts.items(), CYCLE, strict=False):
        ax.plot(t, f, color=color, lw=1.4, label=name)
    if train_max is not None:
        ax.axhline(train_max, color=PALETTE["black"], ls=":", lw=1, label="highest training value")
    ax.set(
        xlabel="year",
        ylabel="CO₂ (ppm)",
        title=title
        or f"Forecasts {horizon} month{'s' if horizon > 1 else ''} ahead on the test part",
    )
    ax.legend(loc="upper left", fontsize=9)
    return ax


def plot_error_vs_horizon(
    horizons: np.ndarray,
    baselines: Mapping[str, np.ndarray],
    networks: Mapping[str, np.ndarray],
    ax=None,
    *,
    metric: str = "RMSE",
    title: str | None = None,
    logy: bool = False,
):
    """Test error against the horizon: one line per baseline, and for each network the median
    over seeds (line) with the range from the best to the worst seed (band).

    Parameters
    ----------
    horizons : int ndarray of shape (K,)
    baselines : dict of str to ndarray of shape (K,)
    networks : dict of str to ndarray of shape (S, K)
        S seeds.
    metric : str
        Axis label ("RMSE" or "MAE"), in ppm.
    logy : bool
        A logarithmic error axis, to show errors of very different sizes together.
    """
    ax = _axes(ax)
    colors = iter(CYCLE)
    for name, e in baselines.items():
        ax.plot(horizons, e, ls="--", marker=".", lw=1.2, color=next(colors), label=name)
    for name, e in networks.items():
        e = np.asarray(e)
        color = next(colors)
        ax.plot(
            horizons,
            np.median(e, axis=0),
            marker="o",
            ms=3,
            lw=1.8,
            color=color,
            label=f"{name} (median of {len(e)})",
        )
        ax.fill_between(horizons, e.min(axis=0), e.max(axis=0), color=color, alpha=0.25, lw=0)
    ax.set(
        xlabel="horizon h (months ahead)",
        ylabel=f"test {metric} (ppm)",
        title=title or f"Test {metric} against the horizon (bands: range over seeds)",
    )
    ax.set_xticks(horizons)
    if logy:
        _log_y(ax, [np.min(np.asarray(e)) for e in [*baselines.values(), *networks.values()]])
    ax.legend(fontsize=8, loc="upper left")
    return ax


def plot_residuals(
    months: np.ndarray,
    residuals: Mapping[str, np.ndarray],
    ax=None,
    *,
    horizon: int = 1,
    title: str | None = None,
    colors: list[str] | None = None,
):
    """Residuals (truth - forecast) over the test part, one line per method, with zero marked."""
    ax = _axes(ax)
    t = _years(months)
    for (name, r), color in zip(residuals.items(), colors or CYCLE, strict=False):
        ax.plot(
            t, r, color=color, lw=1.2, marker=".", ms=3, label=f"{name} (mean {np.mean(r):+.2f})"
        )
    ax.axhline(0, color=PALETTE["black"], lw=0.8)
    ax.set(
        xlabel="year",
        ylabel="truth − forecast (ppm)",
        title=title or f"Residuals {horizon} month{'s' if horizon > 1 else ''} ahead, test part",
    )
    ax.legend(fontsize=9, loc="upper left")
    return ax


def update_forecasts(ax, truth: np.ndarray, forecasts: Mapping[str, np.ndarray], title: str):
    """Redraw a figure of `plot_forecasts` in place with new data (same number of methods).

    Faster than a new figure: a widget callback only changes the lines, their labels and the title.
    """
    truth_line, *lines = ax.get_lines()[: 1 + len(forecasts)]
    truth_line.set_ydata(truth)
    legend = ax.get_legend()
    for i, (line, (name, f)) in enumerate(zip(lines, forecasts.items(), strict=True)):
        line.set_ydata(f)
        line.set_label(name)
        if legend is not None:
            legend.get_texts()[i + 1].set_text(name)
    ax.relim()
    ax.autoscale_view()
    ax.set_title(title, y=1.0)
    return ax
