"""Figures for notebook 07 (next-character prediction). They draw numbers computed elsewhere."""

from __future__ import annotations

import numpy as np

from . import PALETTE, _axes
from .output import char_label


def plot_learning_curves(history: dict, best_step: int | None = None, ax=None, title=None):
    """Training and validation bits/char against the update step, with the kept checkpoint.

    Parameters
    ----------
    history : dict
        ``step`` (S,), ``train_bits`` (S,), ``val_bits`` (S,); optionally ``lr`` (S,).
    best_step : int, optional
        The step whose parameters were kept (marked).
    """
    ax = _axes(ax)
    step = np.asarray(history["step"])
    ax.plot(step, history["train_bits"], color=PALETTE["blue"], marker=".", label="training")
    ax.plot(step, history["val_bits"], color=PALETTE["vermillion"], marker=".", label="validation")
    if best_step is not None:
        best = float(np.asarray(history["val_bits"])[step == best_step][0])
        ax.plot(
            [best_step],
            [best],
            "o",
            mfc="none",
            ms=12,
            color=PALETTE["black"],
            label=f"kept: step {best_step}",
        )
    if "lr" in history:
        lr = np.asarray(history["lr"])
        for s in step[1:][np.diff(lr) < 0]:
            ax.axvline(s, color=PALETTE["orange"], ls="--", lw=1)
        ax.plot([], [], color=PALETTE["orange"], ls="--", label="learning rate halved")
    ax.set(
        xlabel="update step",
        ylabel="bits per character",
        title=title or "Learning curves of the character RNN",
    )
    ax.legend()
    return ax


def plot_baselines(names, bits, ax=None, title="Test bits per character (lower is better)"):
    """Horizontal bars of bits/char per model, best at the bottom, with the value printed."""
    ax = _axes(ax)
    order = np.argsort(bits)[::-1]
    y = np.arange(len(order))
    values = np.asarray(bits, dtype=float)[order]
    colors = [PALETTE["vermillion"] if "RNN" in names[i] else PALETTE["sky"] for i in order]
    ax.barh(y, values, color=colors)
    ax.set_yticks(y, [names[i] for i in order])
    for yi, v in zip(y, values, strict=True):
        ax.text(v + 0.03, yi, f"{v:.2f}", va="center", fontsize=9)
    ax.set(xlabel="bits per character", title=title, xlim=(0, values.max() * 1.12))
    ax.grid(axis="y", visible=False)
    return ax


def _char_tick(c: str) -> str:
    return repr(char_label(c))[1:-1]


def plot_top_chars(top_chars: str, top_probs, ax=None, title="Next character"):
    """Horizontal probability bars of the k most likely next characters, most likely on top."""
    ax = _axes(ax)
    k = len(top_chars)
    y = np.arange(k)[::-1]
    ax.barh(y, top_probs, color=PALETTE["blue"])
    ax.set_yticks(y, [_char_tick(c) for c in top_chars])
    for yi, p in zip(y, top_probs, strict=True):
        ax.text(p + 0.01, yi, f"{p:.2f}", va="center", fontsize=9)
    ax.set(xlabel="probability", xlim=(0, 1.1), title=title)
    ax.grid(axis="y", visible=False)
    return ax


def update_top_chars(ax, top_chars: str, top_probs, title: str) -> None:
    """Redraw `plot_top_chars`'s bars in place for new characters of the same number k."""
    y = np.arange(len(top_chars))[::-1]
    for bar, text, p in zip(ax.patches, ax.texts, top_probs, strict=True):
        bar.set_width(p)
        text.set_x(p + 0.01)
        text.set_text(f"{p:.2f}")
    ax.set_yticks(y, [_char_tick(c) for c in top_chars])
    ax.set_title(title)


def plot_unit_activation(text: str, activation, feature, ax=None, title=None, feature_name=""):
    """One hidden unit's activation along a passage, with a feature shaded behind it."""
    ax = _axes(ax)
    t = np.arange(len(text))
    f = np.asarray(feature, dtype=float)
    ax.fill_between(
        t,
        -1,
        -1 + 2 * f / max(f.max(), 1e-12),
        step="mid",
        color=PALETTE["sky"],
        alpha=0.35,
        label=feature_name or "feature",
    )
    ax.plot(t, activation, color=PALETTE["vermillion"], lw=1.5, label="unit activation")
    ax.set_xticks(t, [char_label(c) for c in text], fontsize=7, fontfamily="monospace")
    ax.set(
        ylim=(-1.05, 1.05),
        ylabel="activation (tanh)",
        xlabel="character of the passage",
        title=title or "A hidden unit along a passage",
    )
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(False)
    return ax
