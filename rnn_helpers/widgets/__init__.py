"""Interactive widgets for the notebooks (the only part of rnn_helpers that imports ipywidgets).

Each explorer returns ``(ui, state)``: display ``ui``; ``state`` holds the numbers behind the
current figure, so tests and notebooks can assert on them.
"""

from ._core import figure_png, live_figure, slider
from .dynamics import jacobian_explorer
from .feedforward import param_count_explorer
from .lstm import unit_by_hand_explorer
from .memory import pulse_memory_explorer
from .output import next_char_explorer
from .start import one_unit_step, one_unit_step_explorer
from .training import truncation_explorer

__all__ = [
    "figure_png",
    "live_figure",
    "slider",
    # one explorer per notebook
    "one_unit_step_explorer",  # 00
    "one_unit_step",
    "param_count_explorer",  # 01
    "pulse_memory_explorer",  # 02
    "next_char_explorer",  # 03
    "truncation_explorer",  # 04
    "jacobian_explorer",  # 05
    "unit_by_hand_explorer",  # 08
]
