"""One notation everywhere (course-design.md, "Notation and public API"; notebook 00's table).

The checks scan every notebook cell (markdown and code), every solution and the package's
docstrings for the slips that the second edition removed, so that a new cell cannot bring them
back: the recurrence's terms in the other order, σ for a singular value (σ is the sigmoid), and ρ
for anything but the spectral radius ρ(W).
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOURCES = [
    *sorted((ROOT / "notebooks" / "solutions").glob("*.py")),
    *(ROOT / "rnn_helpers").rglob("*.py"),
]

SLIPS = {
    "the terms in the other order (write W_xh x_t + W_hh h_{t-1})": re.compile(
        r"W_\{?hh\}?\s*\\?,?\s*h_\{?t\s*[-−]\s*1\}?\s*\+\s*W_\{?xh\}?\s*\\?,?\s*x_\{?t\}?"
        r"|h_prev\s*@\s*W_hh\.T\s*\+\s*x_t\s*@\s*W_xh\.T"
    ),
    "σ for a singular value (σ is the sigmoid; write ‖W‖₂ or s_max)": re.compile(
        r"(σ|\\sigma)\s*_\{?\\?(max|min|1|i)\b|(σ|\\sigma)\s*\(\s*W"
    ),
    "ρ for something other than the spectral radius ρ(W)": re.compile(r"(ρ|\\rho)(?!\s*\()"),
}


def _cells(path):
    for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        yield f"{path.name} cell {i}", "".join(cell["source"])


def _texts():
    for path in NOTEBOOKS:
        yield from _cells(path)
    for path in SOURCES:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_the_scan_sees_every_notebook_and_source():
    assert len(NOTEBOOKS) == 10 and len(SOURCES) > 40
    texts = dict(_texts())
    assert any("W_{xh} x_t + W_{hh} h_{t-1}" in t for t in texts.values())


@pytest.mark.parametrize("slip", SLIPS)
def test_no_notation_slips(slip):
    pattern = SLIPS[slip]
    found = [f"{where}: …{m.group(0)}…" for where, text in _texts() for m in pattern.finditer(text)]
    assert not found, f"{slip}:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "wrong",
    [
        r"$h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)$",
        "a_t = W_hh h_{t−1} + W_xh x_t",
        "h_prev @ W_hh.T + x_t @ W_xh.T + b_h",
        r"the largest singular value $\sigma_{\max}$",
        "σ_max(W_hh) = 1.2",
        "scale W_hh by ρ = 1.5",
        r"$\rho = 0.9$",
    ],
)
def test_each_slip_is_caught(wrong):
    assert any(p.search(wrong) for p in SLIPS.values()), wrong


@pytest.mark.parametrize(
    "right",
    [
        r"$h_t = \tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h)$",
        "x_t @ W_xh.T + h_prev @ W_hh.T + b_h",
        r"the spectral radius $\rho(W_{hh})$",
        "σ(a) = 1 / (1 + e^{-a})",
        r"$\|W_{hh}\|_2$",
    ],
)
def test_correct_notation_passes(right):
    assert not any(p.search(right) for p in SLIPS.values()), right


def test_notebook_00_table_maps_steps_from_1_to_indices_from_0():
    table = next(t for _, t in _cells(NOTEBOOKS[0]) if t.startswith("## Notation"))
    rows = {
        line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| $")
    }
    assert "`x[:, t-1]`" in rows["$x_t$"]
    assert "`h[:, t-1]`" in rows["$h_t$, $h_{t-1}$"]
    assert "`y_hat[:, t-1]`" in rows[r"$\hat y_t$"] and "target" in rows["$y_t$"]
    for symbol in ("$a_t$", r"$\delta h_t$", r"$\delta a_t$", "$w_{xh}$, $w_{hh}$, $b$"):
        assert symbol in rows
    shapes = {"$W_{xh}$": "(H, D)", "$W_{hh}$": "(H, H)", "$W_{hy}$": "(O, H)", "$b_h$": "(H,)"}
    for symbol, shape in shapes.items():
        assert shape in rows[symbol]
    assert r"$W_{xh} x_t + W_{hh} h_{t-1} + b_h$" in table
