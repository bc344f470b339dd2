"""Notebook 03's widget: what an untrained character model predicts after each character.

The numbers come from `rnn_helpers.charmodel`; `next_char_explorer` shows them live for a chosen
string, initial weight scale and seed.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets

from ..charmodel import next_char_probabilities, untrained_params
from ..data import encode
from ..plots.output import plot_step_probabilities
from ._core import live_figure


def draw_next_char(text: str, scale: float = 1.0, seed: int = 0, *, vocab: str, H: int = 64):
    """Draw an untrained model's predictions along `text`; return (fig, data)."""
    data = next_char_probabilities(text, vocab, untrained_params(len(vocab), H, scale, seed))
    _, ax_l = plot_step_probabilities(
        data["probs"],
        vocab,
        data["inputs"],
        data["targets"],
        data["step_loss"],
        title=f"Untrained model (weights × {scale:g}, seed {seed}): mean loss "
        f"{data['loss']:.2f} vs ln V = {data['ln_V']:.2f}",
    )
    return ax_l.figure, data


def next_char_explorer(
    vocab: str, strings: Sequence[str], H: int = 64, scales: Sequence[float] = (0.5, 1, 2, 4, 8)
):
    """A string dropdown, an initial-weight-scale slider and a seed slider.

    Returns (ui, state); state holds the data of `next_char_probabilities` (``probs`` (T, V),
    ``step_loss``, ``loss``, ``ln_V``, ...) for the current choice.
    """
    for s in strings:
        encode(s, vocab)  # every string must be readable with the vocabulary
    wide = {"description_width": "initial"}
    controls = {
        "text": widgets.Dropdown(options=list(strings), description="input text", style=wide),
        "scale": widgets.SelectionSlider(
            options=[float(s) for s in scales],
            value=1.0 if 1 in scales else float(scales[0]),
            description="initial weight scale",
            continuous_update=False,
            style=wide,
        ),
        "seed": widgets.IntSlider(
            value=0, min=0, max=9, description="model seed", continuous_update=False, style=wide
        ),
    }

    def draw(text, scale, seed):
        return draw_next_char(text, scale, seed, vocab=vocab, H=H)

    return live_figure(draw, controls)
