"""Figures for notebook 03 (output layer and loss). They draw numbers computed elsewhere."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from . import DIVERGING_CMAP, PALETTE, _axes, _log_y

_VISIBLE = {" ": "␣", "\n": "⏎", "\t": "⇥"}


def char_label(c: str) -> str:
    """A visible label for a character: space as ␣, newline as ⏎, tab as ⇥."""
    return _VISIBLE.get(c, c)


def _check_probs(probs: np.ndarray, vocab: str, ndim: int) -> np.ndarray:
    probs = np.asarray(probs)
    layout = "(V,)" if ndim == 1 else "(T, V)"
    if probs.ndim != ndim or probs.shape[-1] != len(vocab):
        raise ValueError(
            f"probs must have shape {layout} with V = len(vocab) = {len(vocab)}, got {probs.shape}"
        )
    return probs


def plot_next_char_bars(
    p: np.ndarray,
    vocab: str,
    target: int | None = None,
    ax=None,
    title: str = "Next-character probabilities",
):
    """Bars of one prediction p (V,) over the vocabulary, with the uniform level 1/V.

    Parameters
    ----------
    p : ndarray of shape (V,)
        Probabilities of the next character.
    vocab : str of length V
        The characters, in index order.
    target : int, optional
        Index of the character that actually comes next; its bar is highlighted.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    p = _check_probs(p, vocab, 1)
    ax = _axes(ax)
    V = len(vocab)
    colors = [PALETTE["sky"]] * V
    if target is not None:
        colors[target] = PALETTE["vermillion"]
    ax.bar(np.arange(V), p, color=colors, width=0.8)
    ax.axhline(1 / V, color=PALETTE["black"], ls="--", lw=1, label=f"uniform 1/V = {1 / V:.4f}")
    ax.set_xticks(np.arange(V), [char_label(c) for c in vocab])
    ax.set(
        xlim=(-0.7, V - 0.3),
        ylim=(0, max(2 / V, 1.1 * float(p.max()))),
        xlabel="next character",
        ylabel="probability",
        title=title,
    )
    handles = [ax.get_lines()[-1]]
    if target is not None:
        label = f"actual next: {char_label(vocab[target])!r}"
        handles.append(Patch(color=PALETTE["vermillion"], label=label))
    ax.legend(handles=handles, loc="upper right")
    ax.grid(axis="x", visible=False)
    return ax


def plot_step_probabilities(
    probs: np.ndarray,
    vocab: str,
    inputs: str,
    targets: np.ndarray,
    step_loss: np.ndarray,
    title: str = "Next-character predictions, step by step",
):
    """Heatmap of p_t over the vocabulary at every step, beside each step's loss and ln V.

    Drawn for speed, since the widget of notebook 03 redraws it on every change: one image, two
    marker lines for the actual next characters, one line collection for the loss bars, few
    ticks, and the characters as plain text rather than tick labels (a tick label costs about
    twice as much to draw). `update_step_probabilities` redraws the data in place.

    Parameters
    ----------
    probs : ndarray of shape (T, V)
        ``probs[t]`` is the prediction after reading ``inputs[t]``.
    vocab : str of length V
    inputs : str of length T
        The character read at each step.
    targets : int ndarray of shape (T,)
        Index of the character that actually comes next; its cell is outlined.
    step_loss : ndarray of shape (T,)
        -ln probs[t, targets[t]].
    title : str

    Returns
    -------
    axes : tuple of two matplotlib Axes
        (heatmap, loss bars), in a new figure.
    """
    probs = _check_probs(probs, vocab, 2)
    T, V = probs.shape
    targets = np.asarray(targets)
    if len(inputs) != T or targets.shape != (T,) or np.shape(step_loss) != (T,):
        raise ValueError(
            f"inputs, targets and step_loss must have length T = {T} to match probs, "
            f"got {len(inputs)}, {targets.shape} and {np.shape(step_loss)}"
        )
    height = 0.25 * T + 1.4  # inches: 0.25 per row, plus room for the title and the labels
    fig = plt.figure(figsize=(7.5, height))
    bottom, top = 0.8 / height, 1 - 0.45 / height
    ax_p = fig.add_axes((0.1, bottom, 0.63, top - bottom))
    cax = fig.add_axes((0.74, bottom, 0.015, top - bottom))
    ax_l = fig.add_axes((0.84, bottom, 0.13, top - bottom))

    # white is exactly 1/V; the top of the scale is set with the data
    im = ax_p.imshow(
        probs,
        cmap=DIVERGING_CMAP,
        norm=TwoSlopeNorm(1 / V, vmin=0, vmax=2 / V),
        aspect="auto",
        interpolation="nearest",
    )
    fig.colorbar(im, cax=cax)
    rows = np.arange(T)
    for color, width in (("white", 3.0), ("black", 1.2)):  # visible on dark and light cells
        ax_p.plot(targets, rows, "s", ms=8, mfc="none", mec=color, mew=width)
    ax_p.set(xticks=[], yticks=[])
    ax_p.set_xlabel("candidate next character (□ = the actual one)", labelpad=18)
    ax_p.set_ylabel("character read (t = 1 at the top)", labelpad=14)
    under = blended_transform_factory(ax_p.transData, ax_p.transAxes)
    for i, c in enumerate(vocab):
        ax_p.text(i, -0.015, char_label(c), transform=under, ha="center", va="top")
    left = blended_transform_factory(ax_p.transAxes, ax_p.transData)
    for t, c in enumerate(inputs):
        ax_p.text(-0.015, t, char_label(c), transform=left, ha="right", va="center")

    ax_l.hlines(rows, 0, np.zeros(T), color=PALETTE["blue"], lw=7)  # one artist for all bars
    ax_l.axvline(np.log(V), color=PALETTE["vermillion"], ls="--", lw=2, zorder=3)
    ax_l.text(  # names the dashed line just above the axes, wherever the x limits go
        np.log(V),
        1.0,
        "ln V",
        transform=blended_transform_factory(ax_l.transData, ax_l.transAxes),
        ha="center",
        va="bottom",
        color=PALETTE["vermillion"],
    )
    ax_l.set(ylim=(T - 0.5, -0.5), yticks=[], xlabel="loss per step\n(nats)")
    ax_l.grid(False)
    update_step_probabilities(fig, probs, step_loss, title)
    return ax_p, ax_l


def update_step_probabilities(fig, probs: np.ndarray, step_loss: np.ndarray, title: str) -> None:
    """Show new predictions along the same string in a figure from `plot_step_probabilities`.

    Redrawing in place is about twice as fast as building the figure again.

    Parameters
    ----------
    fig : matplotlib Figure
        Drawn by `plot_step_probabilities` for a string of T characters.
    probs : ndarray of shape (T, V)
    step_loss : ndarray of shape (T,)
    title : str
    """
    ax_p, _, ax_l = fig.axes  # heatmap, colour bar, loss bars
    im = ax_p.images[0]
    probs, step_loss = np.asarray(probs), np.asarray(step_loss)
    T, V = im.get_array().shape
    if probs.shape != (T, V) or step_loss.shape != (T,):
        raise ValueError(
            f"probs and step_loss must have shapes (T, V) = {(T, V)} and (T,) to "
            f"match the figure, got {probs.shape} and {step_loss.shape}"
        )
    vmax = max(2 / V, float(probs.max()))
    im.set_data(probs)
    im.norm.vmax = vmax
    im.colorbar.set_ticks([0, 1 / V, vmax], labels=["0", "1/V", f"{vmax:.2f}"])
    ax_l.collections[0].set_segments([[(0, t), (loss, t)] for t, loss in enumerate(step_loss)])
    xmax = max(1.5 * np.log(V), 1.1 * float(step_loss.max()))
    ax_l.set_xlim(0, xmax)
    ticks = loss_ticks(xmax)
    if not np.array_equal(ax_l.get_xticks(), ticks):  # new tick labels only when they change
        ax_l.set_xticks(ticks, [f"{t:g}" for t in ticks])
    fig.suptitle(title)


def loss_ticks(xmax: float, max_ticks: int = 5) -> np.ndarray:
    """At most `max_ticks` round ticks 0, step, 2 step, ... up to `xmax` (step 1, 2, 5, 10, ...).

    Parameters
    ----------
    xmax : float
        Upper limit of the axis, > 0.
    max_ticks : int

    Returns
    -------
    ticks : ndarray of shape (K,), K <= max_ticks
    """
    if not xmax > 0:
        raise ValueError(f"xmax must be a positive number, got {xmax!r}")
    step = 10.0 ** np.floor(np.log10(xmax / max_ticks))
    step = next(m * step for m in (1, 2, 5, 10) if xmax / (m * step) < max_ticks)
    return np.arange(np.floor(xmax / step) + 1) * step


def plot_init_scale_sweep(
    scales: np.ndarray,
    loss: np.ndarray,
    confidence: np.ndarray,
    p_target: np.ndarray,
    V: int,
    unigram_entropy: float | None = None,
    axes=None,
):
    """Loss, confidence and probability of the right answer of untrained models against init scale.

    Parameters
    ----------
    scales : ndarray of shape (S,)
        Factors multiplying the PyTorch-style initial weights (1 = the default).
    loss : ndarray of shape (S,)
        Mean cross-entropy at each scale (nats).
    confidence : ndarray of shape (S,)
        Mean of the largest probability of each prediction.
    p_target : ndarray of shape (S,)
        Mean probability given to the character that actually comes next.
    V : int
        Vocabulary size: ln V and 1/V are drawn as reference lines.
    unigram_entropy : float, optional
        Loss of a model that only knows the character frequencies, drawn as a line.
    axes : pair of matplotlib Axes, optional

    Returns
    -------
    axes : tuple of two matplotlib Axes
    """
    scales, loss = np.asarray(scales), np.asarray(loss)
    confidence, p_target = np.asarray(confidence), np.asarray(p_target)
    if not (scales.shape == loss.shape == confidence.shape == p_target.shape) or scales.ndim != 1:
        raise ValueError(
            f"scales, loss, confidence and p_target must be 1-D of one length, got "
            f"{scales.shape}, {loss.shape}, {confidence.shape}, {p_target.shape}"
        )
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
        fig.suptitle("Untrained models: larger initial weights, worse loss")
    ax_l, ax_c = axes
    ax_l.plot(scales, loss, "o-", color=PALETTE["blue"], label="untrained RNN")
    ax_l.axhline(np.log(V), color=PALETTE["vermillion"], ls="--", label=f"ln V = {np.log(V):.2f}")
    if unigram_entropy is not None:
        ax_l.axhline(
            unigram_entropy,
            color=PALETTE["green"],
            ls=":",
            label=f"character frequencies only = {unigram_entropy:.2f}",
        )
    ax_l.set(
        xscale="log",
        yscale="log",
        xlabel="initial weight scale (1 = PyTorch default)",
        ylabel="mean cross-entropy (nats, log scale)",
        title="Loss",
    )
    ticks = [t for t in (2, 3, 5, 10, 20, 50, 100) if t <= 1.2 * float(loss.max())]
    ax_l.set_yticks(ticks, [str(t) for t in ticks])
    ax_l.minorticks_off()
    ax_l.legend()
    ax_c.plot(scales, confidence, "o-", color=PALETTE["orange"], label="largest probability")
    ax_c.plot(scales, p_target, "s-", color=PALETTE["blue"], label="probability of actual next")
    ax_c.axhline(1 / V, color=PALETTE["black"], ls="--", lw=1, label=f"1/V = {1 / V:.3f}")
    ax_c.set(
        xscale="log",
        xlabel="initial weight scale (1 = PyTorch default)",
        ylabel="mean probability (log scale)",
        title="Confidence vs. being right",
    )
    # log scale: the probability of the actual next character and 1/V lie far below 0.1
    shown = np.concatenate([confidence, p_target, [1 / V]])
    _log_y(ax_c, shown, subs=(1.0, 2.0, 5.0) if shown.min() > 0.01 else (1.0,))
    ax_c.set_ylim(top=1.5)
    ax_c.legend()
    for ax in axes:
        ax.set_xticks(scales, [f"{s:g}" for s in scales])
        ax.minorticks_off()
    return ax_l, ax_c


def plot_regression_outputs(
    target: np.ndarray,
    predictions: dict[str, np.ndarray],
    ax=None,
    title: str = "Regression: predict the next value",
):
    """The target series and one or more predictions of it, against the time step.

    Parameters
    ----------
    target : ndarray of shape (T,)
        The values to predict.
    predictions : dict of label to ndarray of shape (T,)
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    target = np.asarray(target)
    if target.ndim != 1:
        raise ValueError(f"target must be 1-D of shape (T,), got {target.shape}")
    ax = _axes(ax)
    t = np.arange(1, target.size + 1)
    ax.plot(t, target, "o", ms=4, color=PALETTE["black"], label="target (next value)")
    styles = [("-", PALETTE["vermillion"]), ("--", PALETTE["blue"]), (":", PALETTE["green"])]
    for (label, pred), (ls, color) in zip(predictions.items(), styles * 3, strict=False):
        pred = np.asarray(pred)
        if pred.shape != target.shape:
            raise ValueError(
                f"predictions[{label!r}] must have shape {target.shape} like target, "
                f"got {pred.shape}"
            )
        ax.plot(t, pred, ls, color=color, lw=2, label=label)
    ax.set(xlabel="time step t", ylabel="value (no unit)", title=title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1 + len(predictions))
    return ax
