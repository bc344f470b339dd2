"""Notebook 08's figures: gradient paths, one unit by hand, gradients against the lag, the adding
problem for three models, and effective receptive fields. Nothing here computes what it shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from . import PALETTE, _axes, _log2_x, _log_y

MODEL_COLORS = {
    "tanh RNN": PALETTE["vermillion"],
    "IRNN": PALETTE["orange"],
    "LSTM": PALETTE["blue"],
}


def plot_gradient_paths(ax=None, steps: int = 4):
    """Two chains of states, t-3 ... t: the RNN's h path and the LSTM's cell path, with the factor
    that each step back multiplies the gradient by."""
    ax = _axes(ax)
    xs = np.arange(steps) * 2.2
    rows = {
        1.0: ("h", PALETTE["vermillion"], r"$\mathrm{diag}(1-h_s^2)\,W_{hh}$", "vanilla RNN"),
        0.0: ("c", PALETTE["blue"], r"$\mathrm{diag}(f_s)$", "LSTM cell path"),
    }
    for y, (name, color, factor, label) in rows.items():
        for k, x in enumerate(xs):
            sub = "t" if k == steps - 1 else f"t-{steps - 1 - k}"
            box = {"boxstyle": "circle", "fc": "white", "ec": color, "lw": 2}
            ax.annotate(
                f"${name}_{{{sub}}}$", (x, y), ha="center", va="center", fontsize=13, bbox=box
            )
            if k:
                ax.annotate("", (x - 0.45, y), (xs[k - 1] + 0.45, y),
                            arrowprops={"arrowstyle": "<-", "color": color, "lw": 2})  # fmt: skip
                ax.text(
                    (x + xs[k - 1]) / 2, y + 0.18, factor, ha="center", fontsize=10, color=color
                )
        ax.text(-0.9, y, label, ha="right", va="center", fontsize=11, color=color)
    note = "each arrow: one step back in time, which multiplies the gradient by the factor above it"
    ax.text(xs[-1] / 2, -0.55, note, ha="center", fontsize=10)
    ax.set(xlim=(-4.2, xs[-1] + 0.8), ylim=(-0.8, 1.5), title="Gradient paths back through time")
    ax.axis("off")
    return ax


def plot_unit_by_hand(data: Mapping[str, np.ndarray], ax=None, title: str = "One pulse at t = 1"):
    """The LSTM unit's cell c_t and output h_t, and the tanh RNN unit's h_t, against t."""
    ax = _axes(ax)
    t = np.arange(1, len(data["c"]) + 1)
    ax.plot(t, data["c"], color=PALETTE["blue"], lw=2.2, label="LSTM cell c_t")
    ax.plot(t, data["h_lstm"], color=PALETTE["sky"], ls="--", label="LSTM output h_t")
    ax.plot(t, data["h_rnn"], color=PALETTE["vermillion"], label="RNN unit h_t (notebook 02)")
    ax.set(xlabel="time step t", ylabel="state value", ylim=(-0.05, 1.05), title=title,
           xticks=[1, 10, 20, 30], yticks=[0, 0.5, 1])  # fmt: skip
    ax.legend(loc="upper right")
    return ax


def plot_grad_by_lag(
    curves: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    ax=None,
    title: str = r"How far back the output responds: $\|\partial \hat y/\partial x_{T-k}\|$",
    styles: Mapping[str, dict] | None = None,
):
    """Median with a band (lo, hi) across seeds, against the lag k, on a log axis."""
    ax = _axes(ax)
    for label, (median, lo, hi) in curves.items():
        k = np.arange(len(median))
        style = {"color": MODEL_COLORS.get(label.split(",")[0])} | dict(
            (styles or {}).get(label, {})
        )
        ax.plot(k, median, label=label, **style)
        ax.fill_between(k, lo, hi, color=style.get("color"), alpha=0.15, lw=0)
    ax.set(xlabel="lag k (steps before the end)", ylabel="gradient norm", title=title)
    low = min(float(np.nanmin(lo)) for _, lo, _ in curves.values())
    exponents = np.arange(np.floor(np.log10(max(low, 1e-300))), 1)
    _log_y(ax, ticks=10.0 ** exponents[:: max(1, len(exponents) // 6)])
    ax.set_ylim(10.0 ** exponents[0], 1.0)
    ax.legend(loc="lower left", fontsize=9)
    return ax


def plot_adding_summary(
    Ts: Sequence[int],
    table: Mapping[str, Mapping[int, np.ndarray]],
    baseline: float,
    ax=None,
    title: str = "Adding problem: test MSE after training",
):
    """Each seed's test MSE (dots) and the median (line) against T for each model, log-log."""
    ax = _axes(ax)
    for j, (label, by_T) in enumerate(table.items()):
        color = MODEL_COLORS.get(label)
        offset = 1 + 0.06 * (j - 1)  # spread the dots so the seeds do not hide each other
        medians = [np.nanmedian(by_T[T]) for T in Ts]
        ax.plot(Ts, medians, "-", color=color, label=f"{label} (median)")
        for T in Ts:
            ax.plot(np.full(len(by_T[T]), T * offset), by_T[T], "o", ms=4, color=color, alpha=0.6)
    ax.axhline(baseline, color=PALETTE["black"], ls=":", label="constant prediction (1/6)")
    ax.set(xlabel="sequence length T (steps)", ylabel="test MSE", title=title, ylim=(1e-5, 1))
    _log2_x(ax, Ts)
    _log_y(ax, ticks=[1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1])
    ax.legend(loc="lower right", fontsize=9, ncol=2)
    return ax


def plot_learning_curves(
    curves: Mapping[str, np.ndarray],
    block: int,
    baseline: float,
    ax=None,
    title: str = "Learning curves",
):
    """Training loss (mean over each block of updates) of every seed, against updates."""
    ax = _axes(ax)
    for label, seeds in curves.items():
        color = MODEL_COLORS.get(label)
        for s, curve in enumerate(seeds):
            updates = block * (np.arange(len(curve)) + 1)
            ax.plot(updates, curve, color=color, alpha=0.7, lw=1.2, label=label if s == 0 else None)
    ax.axhline(baseline, color=PALETTE["black"], ls=":", label="1/6")
    ax.set(xlabel="updates", ylabel="training MSE", title=title, ylim=(1e-4, 3))
    _log_y(ax, ticks=[1e-4, 1e-3, 1e-2, 0.1, 1])
    ax.legend(loc="lower left", fontsize=9)
    return ax


def plot_char_val_curves(
    curves: Mapping[str, Sequence[Mapping]],
    decays: Sequence[int] = (),
    ax=None,
    title: str = "Validation bits/char of the character models",
):
    """Validation bits/char against updates, one line per seed, a colour per model.

    Parameters
    ----------
    curves : dict of label to list of dict
        For each model ("tanh RNN", "LSTM"), one ``history`` per seed with ``step`` and
        ``val_bits``.
    decays : sequence of int
        Updates at which the learning rate was halved (dashed lines).
    """
    ax = _axes(ax)
    for k, step in enumerate(decays):
        label = "learning rate halved" if k == 0 else None
        ax.axvline(step, color=PALETTE["black"], ls=":", lw=1, label=label)
    for label, histories in curves.items():
        for s, history in enumerate(histories):
            ax.plot(
                history["step"],
                history["val_bits"],
                color=MODEL_COLORS.get(label),
                alpha=0.7,
                lw=1.2,
                label=label if s == 0 else None,
            )
    ax.set(xlabel="updates", ylabel="validation bits per character", title=title)
    ax.legend(loc="upper right", fontsize=9)
    return ax


def plot_erf(erf: np.ndarray, ax=None, title: str = "Effective receptive field"):
    """Mean |∂ output / ∂ pixel| as an image (rows × columns), on its own colour scale."""
    ax = _axes(ax)
    im = ax.imshow(erf, cmap="cividis", aspect="equal", vmin=0)
    ax.set(title=title, xlabel="column", ylabel="row", xticks=range(0, erf.shape[1], 2))
    ax.grid(False)
    ax.figure.colorbar(im, ax=ax, shrink=0.7, label="mean |gradient|")
    return ax
