"""Notebook 03's widget: what an untrained character model predicts after each character.

The numbers come from `rnn_helpers.charmodel`; `next_char_explorer` shows them live for a chosen
string, initial weight scale and seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import ipywidgets as widgets
import numpy as np

from ..charmodel import next_char_probabilities, untrained_params
from ..data import encode
from ..plots.output import plot_step_probabilities, update_step_probabilities
from ._core import choice_slider, int_slider, keep_still_parts, live_figure, redraw_in_place


def draw_next_char(
    text: str, scale: float = 1.0, seed: int = 0, *, vocab: str, H: int = 64, fig=None
):
    """Draw an untrained model's predictions along `text`; return (fig, data).

    With `fig` from an earlier call on the same `text`, redraw it in place, which is faster.
    """
    data = next_char_probabilities(
        text, vocab, untrained_params(len(vocab), H, scale, rng=np.random.default_rng(seed))
    )
    title = (
        f"Untrained, weights × {scale:g}, seed {seed}: mean loss {data['loss']:.2f}, "
        f"ln V = {data['ln_V']:.2f}"
    )
    if fig is None:
        fig = plot_step_probabilities(
            data["probs"], vocab, data["inputs"], data["targets"], data["step_loss"], title=title
        )[0].figure
    else:
        update_step_probabilities(fig, data["probs"], data["step_loss"], title)
    return fig, data


def keep_characters_still(fig) -> None:
    """Render the characters around the heatmap once: later redraws of `fig` (same string) draw
    only the heatmap, its target marks, the colour bar, the loss bars and the title, about three
    times faster."""
    ax_p, cax, ax_l = fig.axes
    keep_still_parts(
        fig, [*ax_p.images, *ax_p.spines.values(), *ax_p.lines, cax, ax_l, fig._suptitle]
    )


def next_char_explorer(
    vocab: str, strings: Sequence[str], H: int = 64, scales: Sequence[float] = (0.5, 1, 2, 4, 8)
):
    """A string dropdown, an initial-weight-scale slider and a seed slider.

    Returns (ui, state); state holds the data of `next_char_probabilities` (``probs`` (T, V),
    ``step_loss``, ``loss``, ``ln_V``, ...) for the current choice.
    """
    for s in strings:
        encode(s, vocab)  # every string must be readable with the vocabulary
    controls = {
        "text": widgets.Dropdown(
            options=list(strings), description="input text", style={"description_width": "initial"}
        ),
        "scale": choice_slider(
            [float(s) for s in scales],
            1.0 if 1 in scales else float(scales[0]),
            "initial weight scale",
        ),
        "seed": int_slider(0, 0, 9, "model seed"),
    }

    draw = redraw_in_place(  # one figure per string: its rows are the string's characters
        partial(draw_next_char, vocab=vocab, H=H),
        key=lambda text, **_: text,
        on_new=keep_characters_still,
    )
    return live_figure(draw, controls)
