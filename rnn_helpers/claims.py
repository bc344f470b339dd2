"""Every claim of the four popular texts the course checks, with its verdict and evidence.

The course starts from four short popular explanations of RNNs (``shared/seeds/*.txt`` of the
project; three are copies of one text, the fourth a close variant). This module is the one
registry of what they claim. Each `Claim` holds

- ``claim``: what the texts say, paraphrased in the course's own words (never copied);
- ``seeds``: the file names of the texts that make it;
- ``verdict``: one of `VERDICTS` ("true", "false", "overstated", or "conditional", which means
  true only under ``condition``);
- ``evidence``: where the course measured it (a notebook and the exact heading of its section)
  and the number or result that decides it;
- ``locators``: a few single words that occur together in the sentence that makes the claim.
  They let the tests find every claim in its texts and check that no sentence is left without a
  verdict. They are words, not phrases, so nothing of the texts is copied.

A notebook's "popular claims" section renders its own entries with
``claims_table(notebook="05_vanishing_and_exploding_gradients.ipynb")``; notebook 09 renders them
all. The table displays itself in a notebook (HTML) and prints as Markdown, and needs no IPython.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import as_array, check_ndim, check_positive_int, check_rng
from .bptt import rnn_backward
from .memory import state_distance
from .rnn import init_rnn_params, output_forward, rnn_forward

VERDICTS = ("true", "false", "overstated", "conditional")
VERDICT_LABELS = {
    "true": "true",
    "false": "false",
    "overstated": "overstated",
    "conditional": "true only if",
}

SEED_FILES = (
    "000_13388285fe1a116c.txt",
    "001_23acabf01512600b.txt",
    "002_d3f188d86cf7dc56.txt",
    "003_c1bee6c54454974c.txt",
)
ALL_SEEDS = SEED_FILES
ONLY_002 = (SEED_FILES[2],)  # the variant: it adds the worked "deeper network" example

NOTEBOOKS = (
    "00_start_here.ipynb",
    "01_from_feedforward_to_recurrent.ipynb",
    "02_hidden_state_and_tanh_recurrence.ipynb",
    "03_output_layer_and_loss.ipynb",
    "04_training_with_bptt.ipynb",
    "05_vanishing_and_exploding_gradients.ipynb",
    "06_time_series_prediction.ipynb",
    "07_next_character_prediction.ipynb",
    "08_beyond_the_vanilla_rnn.ipynb",
    "09_claims_checked.ipynb",
)
NB01, NB02, NB03, NB04, NB05, NB06, NB07, NB08, NB09 = NOTEBOOKS[1:]

# The headings the claims point to (exact text, without the leading #'s).
POPULAR = "The popular claims, checked"  # 01, 03, 04 and 05 (and, expected, 06, 07 and 08)
LIVE_PARAMS = "Weight sharing: the parameter count does not grow with T"
LIVE_FORGET = "The hidden state forgets"
LIVE_FEEDBACK = "What goes forward is the state, not the output"
LIVE_GRADIENT = "Gradients through time shrink geometrically"
LIVE_LONG = "Long sequences: what the architecture can represent"
LIVE_CONV = "Convolution and recurrence: which positions reach an output"
LIVE_NAMES = "Names and history"


@dataclass(frozen=True)
class Evidence:
    """Where a claim was measured.

    Attributes
    ----------
    notebook : str
        The notebook's file name, e.g. "02_hidden_state_and_tanh_recurrence.ipynb".
    heading : str
        The exact text of the heading of the section with the evidence, without the #'s.
    result : str or None
        The measured number or result that decides the claim; None while the notebook that will
        measure it is still being written (the tests then require the notebook to be absent).
    """

    notebook: str
    heading: str
    result: str | None

    @property
    def pending(self) -> bool:
        """True while the result is still to be measured."""
        return self.result is None


@dataclass(frozen=True)
class Claim:
    """One claim of the popular texts, its verdict and its evidence (see the module docstring)."""

    id: str
    seeds: tuple[str, ...]
    locators: tuple[tuple[str, ...], ...]
    claim: str
    verdict: str
    evidence: tuple[Evidence, ...]
    condition: str | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(
                f"verdict of {self.id!r} must be one of {VERDICTS}, got {self.verdict!r}"
            )
        if (self.verdict == "conditional") != (self.condition is not None):
            raise ValueError(
                f"claim {self.id!r}: a condition is required exactly for the verdict "
                f"'conditional', got verdict {self.verdict!r} and condition {self.condition!r}"
            )
        if not self.evidence or all(e.pending for e in self.evidence):
            raise ValueError(f"claim {self.id!r} needs at least one measured piece of evidence")

    @property
    def verdict_text(self) -> str:
        """The verdict as a reader sees it, with its condition."""
        label = VERDICT_LABELS[self.verdict]
        return f"{label} {self.condition}" if self.condition else label


def _ev(notebook: str, heading: str, result: str | None) -> Evidence:
    return Evidence(notebook, heading, result)


CLAIMS: tuple[Claim, ...] = (
    # ---------------------------------------------------------------- what an RNN is
    Claim(
        id="output-fed-back",
        seeds=ALL_SEEDS,
        locators=(("output", "previous", "fed", "input", "current"),),
        claim="An RNN is a network that takes what it produced at the last step as an input of "
        "the present step.",
        verdict="conditional",
        condition="'what it produced' means the hidden state h_{t-1}. The prediction ŷ_{t-1} "
        "is not fed back into a vanilla (Elman) RNN; networks that do so are Jordan networks.",
        evidence=(
            _ev(
                NB01,
                POPULAR,
                "rnn_forward takes x, h0, W_xh, W_hh and b_h only; no y and "
                "no W_hy ever enter the recurrence.",
            ),
            _ev(
                NB09,
                LIVE_FEEDBACK,
                "Replacing W_hy by a different matrix changes every ŷ_t and "
                "leaves every h_t exactly as it was (difference 0.0).",
            ),
        ),
    ),
    Claim(
        id="feedforward-independent",
        seeds=ALL_SEEDS,
        locators=(("traditional", "inputs", "outputs", "independent"),),
        claim="In ordinary feedforward networks the inputs and outputs have nothing to do with "
        "one another.",
        verdict="overstated",
        evidence=(
            _ev(
                NB01,
                "A hidden state that carries the missing bit",
                "A model that reads one "
                "word at a time is capped at accuracy 16/18 = 0.889 on the course corpus, but "
                "a feedforward model given a window of two words reaches 17/18 = 0.944: the "
                "limit is the window, not feedforward networks as such.",
            ),
        ),
    ),
    Claim(
        id="next-word-needs-context",
        seeds=ALL_SEEDS,
        locators=(("predict", "next", "word", "previous", "words"),),
        claim="Guessing which word comes next requires the words that came before it, so a "
        "model has to keep them.",
        verdict="true",
        evidence=(
            _ev(
                NB01,
                "1. One word at a time is not enough",
                "On the course corpus any "
                "predictor that sees only the current word is capped at accuracy 0.889 and "
                "0.154 nats (computed from counts); with the whole sentence so far the limit "
                "is 1.000 and 0 nats.",
            ),
            _ev(
                NB07,
                POPULAR,
                "On the last 5% of Tiny Shakespeare, test bits per character fall from 4.85 "
                "with no context (unigram) to 2.63 with four characters (best add-k 5-gram), "
                "2.50-2.53 (5 seeds) for a character RNN whose state carries the whole text read "
                "so far, and 2.34 for Kneser-Ney with five characters.",
            ),
        ),
    ),
    Claim(
        id="hidden-state-carries-information",
        seeds=ALL_SEEDS,
        locators=(
            ("solved", "hidden", "layer"),
            ("important", "feature", "hidden", "state", "information", "sequence"),
        ),
        claim="The hidden state is what lets an RNN solve this: it carries some information "
        "about the part of the sequence already read.",
        verdict="true",
        evidence=(
            _ev(
                NB01,
                "A hidden state that carries the missing bit",
                "One hand-set unit of "
                "state with W_hh = 2 lifts the best accuracy from 0.889 to 1.000; with "
                "W_hh = 0 it falls back to 0.889.",
            ),
            _ev(
                NB02,
                '4. What "memory" means: one unit, one pulse',
                "A single tanh unit keeps "
                "a pulse visible (above 0.01) for at most about log 0.01 / log|w_hh| steps: "
                "about 21 for w_hh = 0.8 and 44 for w_hh = 0.9.",
            ),
        ),
    ),
    Claim(
        id="came-into-existence",
        seeds=ONLY_002,
        locators=(("came", "existence", "solved", "hidden", "layer"),),
        claim="RNNs were created to meet this need for remembering the earlier words.",
        verdict="overstated",
        evidence=(
            _ev(
                NB09,
                LIVE_NAMES,
                "Recurrent networks were introduced for several purposes: Jordan (1986) to "
                "produce sequences of actions, Elman (1990) to find structure in time, with "
                "next-word prediction among his tasks. The need for context is real (notebook "
                "01: accuracy 0.889 without it, 1.000 with it), but it was not the only reason.",
            ),
        ),
    ),
    Claim(
        id="memory-keeps-everything",
        seeds=ALL_SEEDS,
        locators=(("memory", "remembers", "all", "information"),),
        claim="An RNN has a memory that holds everything about what it has computed so far.",
        verdict="false",
        evidence=(
            _ev(
                NB02,
                "6. A counter-experiment: different histories, the same state",
                "Two input sequences that differ only in x_1 (64 pairs, H = 32, default "
                "initialisation) give hidden states within 1e-6 of each other after 19 to 24 "
                "steps (median 22), and equal up to float64 rounding (< 1e-14) by step 80.",
            ),
            _ev(
                NB09,
                LIVE_FORGET,
                "Re-run live on 32 pairs: every pair within 1e-6 after fewer than 40 steps.",
            ),
        ),
    ),
    Claim(
        id="same-weights-every-step",
        seeds=ALL_SEEDS,
        locators=(("same", "parameters", "each", "input", "task"),),
        claim="Because it does the same computation at every step, an RNN uses one set of "
        "weights for every input.",
        verdict="true",
        evidence=(
            _ev(
                NB01,
                POPULAR,
                "An unrolled network given the same W_xh, W_hh and b_h at "
                "every step reproduces rnn_forward to within 1e-12.",
            ),
        ),
    ),
    Claim(
        id="fewer-parameters",
        seeds=ALL_SEEDS,
        locators=(("complexity", "parameters", "unlike"), ("reducing", "complexity", "parameters")),
        claim="Sharing the weights over the steps keeps the number of parameters small, which "
        "other networks do not do.",
        verdict="conditional",
        condition="it is about the count of parameters, compared with an unrolled network that "
        "owns separate weights per step. The work per sequence still grows with T, one step "
        "after another.",
        evidence=(
            _ev(
                NB01,
                "Going deeper: what sharing does not reduce",
                "An RNN has HD + H² + H + OH + O "
                "parameters for every T, the untied network T times as many; a forward pass "
                "costs T(HD + H² + OH) multiply-adds for both.",
            ),
            _ev(
                NB09,
                LIVE_PARAMS,
                "The same 5,277 parameters (D = 27, H = 50, O = 27) process "
                "sequences of 10 and of 1,000 steps; an untied network would need 52,770 and "
                "5,277,000.",
            ),
        ),
    ),
    Claim(
        id="sharing-makes-dependence",
        seeds=ALL_SEEDS,
        locators=(("converts", "independent", "activations", "dependent"),),
        claim="Giving every layer identical weights and biases is what turns activations that "
        "were independent into dependent ones.",
        verdict="overstated",
        evidence=(
            _ev(
                NB01,
                POPULAR,
                "Before any weights were tied, moving x_1 already changed h_3: "
                "the dependence comes from the arrow h_{t-1} → h_t. Tying makes it one rule "
                "applied at every step.",
            ),
        ),
    ),
    Claim(
        id="layers-fold-into-one",
        seeds=ALL_SEEDS,
        locators=(("three", "layers", "single", "recurrent", "layer"),),
        claim="Hidden layers that share their weights and bias can be folded into one "
        "recurrent layer.",
        verdict="conditional",
        condition="the 'layers' are time steps, each fed its own input x_t. A deep stack that "
        "reads a single input is a different network.",
        evidence=(
            _ev(
                NB01,
                POPULAR,
                "The three-step network with tied weights equals rnn_forward "
                "to within 1e-12: one layer used three times.",
            ),
        ),
    ),
    Claim(
        id="memorise-by-passing-output",
        seeds=ALL_SEEDS,
        locators=(("memorizing", "previous", "giving", "output", "next", "hidden"),),
        claim="Handing each step's output to the next hidden layer is how the network "
        "memorises its earlier outputs.",
        verdict="overstated",
        evidence=(
            _ev(
                NB01,
                POPULAR,
                "What goes forward is the state h_{t-1}, not the output; "
                "and passing it on does not by itself keep anything: with W_hh = 0 the hand-set "
                "RNN forgot and dropped back to accuracy 0.889.",
            ),
        ),
    ),
    Claim(
        id="deep-net-layers-independent",
        seeds=ONLY_002,
        locators=(
            ("deeper", "network", "three", "hidden", "layers"),
            ("own", "weights", "biases"),
            ("layers", "independent", "memorize"),
        ),
        claim="In a deep feedforward network every hidden layer owns separate weights and "
        "biases, so the layers do not depend on one another and keep nothing of earlier "
        "outputs.",
        verdict="overstated",
        evidence=(
            _ev(
                NB01,
                "2. From three layers to one recurrent layer",
                "Each layer does own its "
                "weights, but its activations depend on the layer below: in the untied unrolled "
                "network, moving x_1 changed h_3 before any weights were tied.",
            ),
        ),
    ),
    # ---------------------------------------------------------------- the formulas
    Claim(
        id="state-from-previous-and-input",
        seeds=ALL_SEEDS,
        locators=(("formula", "calculating", "current", "state"),),
        claim="The new state is a function of the previous state and the present input, "
        "h_t = f(h_{t-1}, x_t).",
        verdict="true",
        evidence=(
            _ev(
                NB02,
                "1. The recurrence in general",
                "A running sum and a moving average are "
                "both such recurrences; unrolled over [3, 1, 4, 1, 5] they give the states "
                "[3, 4, 8, 9, 14] and [1.5, ..., 3.41].",
            ),
        ),
    ),
    Claim(
        id="tanh-formula",
        seeds=ALL_SEEDS,
        locators=(("formula", "activation", "tanh"),),
        claim="The activation is tanh applied to the recurrent weight times the previous state "
        "plus the input weight times the input (w_hh for the recurrent neuron, w_xh for the "
        "input neuron).",
        verdict="true",
        evidence=(
            _ev(
                NB02,
                "2. The vanilla RNN step",
                "By hand, W_xh x_t + W_hh h_{t-1} + b_h = "
                "[1, 0] and rnn_step gives [tanh 1, 0] = [0.7616, 0]; the course, like PyTorch, "
                "adds a bias b_h that the texts leave out.",
            ),
        ),
    ),
    Claim(
        id="output-formula",
        seeds=ALL_SEEDS,
        locators=(("formula", "calculating", "output"),),
        claim="The output at a step comes from the state through the output weights W_hy.",
        verdict="true",
        evidence=(
            _ev(
                NB03,
                "1. From hidden state to output",
                "ŷ_t = W_hy h_t + b_y, one W_hy (O × H) "
                "for every step; computed by hand for one entry it matches output_forward.",
            ),
        ),
    ),
    # ---------------------------------------------------------------- training
    Claim(
        id="forward-one-step-at-a-time",
        seeds=ALL_SEEDS,
        locators=(
            ("single", "time", "step", "input", "provided"),
            ("calculate", "current", "state", "input", "previous"),
            ("current", "becomes", "next", "time", "step"),
        ),
        claim="To train, the network reads the input one step at a time, computes each new "
        "state from that step's input and the state before, and carries it on to the next "
        "step.",
        verdict="true",
        evidence=(
            _ev(
                NB04,
                "1. The recipe, run literally",
                "Run literally for 300 iterations on "
                "noisy sine waves, the recipe lowered the training loss from 0.467 to 0.022, "
                "and train reproduced the same losses.",
            ),
        ),
    ),
    Claim(
        id="join-all-previous-states",
        seeds=ALL_SEEDS,
        locators=(("join", "information", "all", "previous", "states"),),
        claim="The steps go on for as long as the problem needs, and the state combines what "
        "every earlier state knew.",
        verdict="overstated",
        evidence=(
            _ev(
                NB02,
                "5. Many units: how fast does $x_1$ stop mattering?",
                "Any T works with "
                "the same weights, but with the default initialisation (H = 32) the influence "
                "of x_1 on h_t shrank by a factor of 0.52 to 0.74 per step over 20 random "
                "networks (median 0.57); in the first (0.55 per step) it is below 1e-5 of its "
                "first size after 20 steps. Histories differing only in x_1 agreed to 1e-6 "
                "after a median of 20 to 40 steps, depending on the network.",
            ),
        ),
    ),
    Claim(
        id="output-from-final-state",
        seeds=ALL_SEEDS,
        locators=(("time", "steps", "completed", "final", "state", "output"),),
        claim="After the last step, the final state is used to compute the output.",
        verdict="conditional",
        condition="the task is many-to-one. Next-word prediction, the texts' own example, "
        "needs an output at every step (many-to-many).",
        evidence=(
            _ev(
                NB03,
                "Many-to-one: an output from the final state only",
                "On the 416-character "
                "text of notebook 03 a next-character model gets 415 targets per many-to-many "
                "pass, and only 1 if trained many-to-one.",
            ),
            _ev(
                NB04,
                POPULAR,
                "The seven-step recipe is right for one iteration of many-to-one "
                "training; section 2 trains the many-to-many form, with an output at every one "
                "of 40 steps.",
            ),
        ),
    ),
    Claim(
        id="compare-with-target",
        seeds=ALL_SEEDS,
        locators=(("output", "compared", "target", "error"),),
        claim="The output is compared with the target, which gives an error.",
        verdict="true",
        evidence=(
            _ev(
                NB04,
                "1. The recipe, run literally",
                "The error is a loss computed from output "
                "and target: mean squared error 0.467 at the first iteration of the sine task "
                "(cross-entropy for classes, notebook 03).",
            ),
        ),
    ),
    Claim(
        id="backprop-updates-weights",
        seeds=ALL_SEEDS,
        locators=(("error", "back", "propagated", "weights", "trained"),),
        claim="Propagating the error backwards updates the weights, and that trains the network.",
        verdict="overstated",
        evidence=(
            _ev(
                NB04,
                POPULAR,
                "Backpropagation only computes gradients (checked against finite "
                "differences, relative error < 1e-7); SGD, Adagrad and Adam turned the same "
                "gradients into different updates; and training repeated the iteration "
                "hundreds of times.",
            ),
        ),
    ),
    # ---------------------------------------------------------------- advantages
    Claim(
        id="remembers-everything-over-time",
        seeds=ALL_SEEDS,
        locators=(("remembers", "every", "information", "through", "time"),),
        claim="Over time an RNN keeps every piece of information it has seen.",
        verdict="false",
        evidence=(
            _ev(
                NB02,
                "6. A counter-experiment: different histories, the same state",
                "Histories that differ only in x_1 become indistinguishable (< 1e-6) after 19 "
                "to 24 steps in one network; a state of H numbers cannot encode every longer "
                "sequence.",
            ),
            _ev(
                NB09,
                LIVE_FORGET,
                "Re-run live on 32 pairs: every pair within 1e-6 after fewer than 40 steps.",
            ),
        ),
    ),
    Claim(
        id="time-series-only-because-memory",
        seeds=ALL_SEEDS,
        locators=(("useful", "time", "series", "prediction", "only"),),
        claim="RNNs help with forecasting time series, and solely because they can remember "
        "earlier inputs.",
        verdict="overstated",
        evidence=(
            _ev(
                NB04,
                "1. The recipe, run literally",
                "On noisy sine waves an RNN that reads 20 "
                "values beats 'repeat the last value' by a factor of 3.0 in test MSE (0.028 "
                "against 0.084). Any model given a window of past values (an AR(p) model, a "
                "feedforward network) also uses earlier inputs, so memory alone does not set "
                "the RNN apart.",
            ),
            _ev(
                NB06,
                POPULAR,
                "On monthly CO2 (test part 1995-2001, 5 seeds), AR(26) on the differences beat "
                "every seed of both RNNs (H = 16, 300 updates) 1 and 3 months ahead (test RMSE "
                "0.323 ppm one month ahead against RNN medians of 0.352 and 0.340). With H, "
                "updates and learning rate searched on validation (27 settings), AR's median "
                "error stayed lower at every horizon from 1 to 12 months. A feedforward network "
                "given the same 24-month window, with no recurrent state, matched or beat the "
                "RNNs' median at every horizon from 1 to 12 months. Holding W_hh at 0 more than "
                "doubled the error: memory of past inputs is needed, but a window supplies it.",
            ),
        ),
    ),
    Claim(
        id="called-lstm",
        seeds=ALL_SEEDS,
        locators=(("called", "long", "short", "term", "memory"),),
        claim="This ability of an RNN to remember earlier inputs is what Long Short-Term Memory "
        "refers to.",
        verdict="false",
        evidence=(
            _ev(
                NB09,
                LIVE_NAMES,
                "Long Short-Term Memory is the name of a different, gated "
                "architecture (Hochreiter & Schmidhuber 1997) with a cell state c_t, designed "
                "because vanilla RNNs lose information within tens of steps.",
            ),
            _ev(
                NB08,
                POPULAR,
                "The LSTM adds a cell state and three gates, with 4 times the "
                "parameters of the vanilla RNN (1216 against 304 at D = 2, H = 16). On the adding "
                "problem (5 seeds, 1000 updates) the vanilla tanh RNN learned 0 of 5 at T = 40, "
                "the LSTM 5 of 5. It is not better everywhere: on notebook 07's characters, at "
                "the same parameter count (5000 updates, 5 seeds), it lost by 0.17 bits/char "
                "with 07's learning rate, and with each model's best rate it was level (test "
                "2.42-2.49 against 2.44-2.48): better on ordinary lines, worse on speaker-name "
                "lines.",
            ),
        ),
    ),
    Claim(
        id="convolution-widens-neighbourhood",
        seeds=ALL_SEEDS,
        locators=(("convolutional", "layers", "extend", "effective", "pixel"),),
        claim="RNNs are combined with convolutional layers so that each output can take a "
        "wider region of pixels into account.",
        verdict="conditional",
        condition="the RNN reads the convolutional feature map across the image (row by row or "
        "column by column), as in ReNet (Visin et al. 2015). A dense output of a convolution "
        "stack alone sees only its receptive field.",
        evidence=(
            _ev(
                NB09,
                LIVE_CONV,
                "On a row of 32 positions, an output of 3 stacked width-3 "
                "convolutions is moved by 7 positions; the same convolutions followed by an RNN "
                "reading the row left to right are moved by every position up to 3 past the "
                "output's own.",
            ),
            _ev(
                NB08,
                POPULAR,
                "Answer at the right edge of 6 × 12 images about a mark in columns "
                "0-1: a 3 × 3 convolution read out at the last column stayed at chance in 5 of 5 "
                "seeds (accuracy 0.47-0.51; gradient exactly 0 left of column 10); the same "
                "convolution followed by a tanh RNN over the columns learned it in 4 of 5 "
                "(accuracy 0.80-0.99 after 800 updates).",
            ),
        ),
    ),
    # ---------------------------------------------------------------- disadvantages
    Claim(
        id="vanishing-exploding",
        seeds=ALL_SEEDS,
        locators=(("gradient", "vanishing", "exploding", "problems"),),
        claim="RNNs suffer from gradients that vanish or explode.",
        verdict="conditional",
        condition="W_hh is on the matching side of the edge ‖W_hh‖₂ = 1 (its largest singular "
        "value, tanh). Below it gradients must vanish; above it they can explode, but need not.",
        evidence=(
            _ev(
                NB05,
                POPULAR,
                "‖∂h_T/∂h_{T-k}‖ changes geometrically with k and stays under the bound "
                "‖W_hh‖₂^k; with input, tanh saturation moved the edge of W_hh = gQ from g ≈ 1.0 "
                "to about 1.5. Explosions appeared on the one-unit loss cliff (‖∇E‖ in the "
                "hundreds at the wall) and in the IRNN (gradient norms in the thousands at "
                "T = 40); ReLU networks had occasional spikes (above 100 in 1 of 6 seeds over "
                "3000 updates), while tanh networks on the adding problem's plateau vanished.",
            ),
            _ev(
                NB09,
                LIVE_GRADIENT,
                "Re-run live: with the largest singular value of W_hh "
                "scaled to 0.9 the gradient norm stays under the bound 0.9^k at every lag; at "
                "lag 50 it is 7e-13 against a bound of 5e-3.",
            ),
        ),
    ),
    Claim(
        id="training-very-difficult",
        seeds=ALL_SEEDS,
        locators=(("training", "very", "difficult", "task"),),
        claim="Training an RNN is very hard.",
        verdict="overstated",
        evidence=(
            _ev(
                NB04,
                POPULAR,
                "On noisy sine waves the many-to-many model beat 'repeat the last value' "
                "by a factor of 2.6 to 2.9 (6 seeds, SGD, 300 updates); SGD, Adagrad and Adam all "
                "learned it; the echo with delay 4 trained with every tested window k >= 5 in 8 "
                "of 8 seeds. What failed was SGD at lr = 1, which overflowed in 6 of 6 seeds.",
            ),
            _ev(
                NB05,
                POPULAR,
                "The difficulty is specific: dependencies longer than a few "
                "dozen steps, and steps thrown off a loss cliff. On the cliff (10 seeds of 100 "
                "starts, lr 0.5, 300 steps) clipping at θ = 1 raised the success rate from a "
                "median of 0.34 to 0.84; identity initialisation plus clipping learned the adding "
                "problem at T = 40 in 6 of 6 seeds with 1000 updates.",
            ),
        ),
    ),
    Claim(
        id="long-sequences-tanh-relu",
        seeds=ALL_SEEDS,
        locators=(("cannot", "process", "long", "sequences", "tanh", "relu"),),
        claim="With tanh or ReLU as its activation an RNN cannot handle very long sequences.",
        verdict="conditional",
        condition="it is about learning with gradient descent from a standard initialisation, "
        "not about what the network can represent; and on the adding problem that failure "
        "starts at about 20 steps, well before 'very long'.",
        evidence=(
            _ev(
                NB05,
                POPULAR,
                "A hand-set 2-unit ReLU RNN solves the adding problem exactly at "
                "T = 1000 (error < 1e-12). Trained from the default initialisation (6 seeds), it "
                "depends on the budget: with 400 updates tanh learned T = 20 in 0 of 6 (all on the "
                "baseline 1/6), with 2000 in 6 of 6; at T = 40 ReLU learned in 0 of 6 with 400 "
                "updates and 6 of 6 with 3000, while tanh got 3 of 6 below 0.08 with 3000 only by "
                "learning the second value. Identity initialisation plus clipping learned T = 40 "
                "in 6 of 6 with 1000 updates and T = 80 in 3 of 6.",
            ),
            _ev(
                NB09,
                LIVE_LONG,
                "Re-run live: the 2-unit ReLU solution has a largest error "
                "below 1e-12 on 100 sequences of 2,000 steps.",
            ),
            _ev(
                NB08,
                POPULAR,
                "Adding problem, 5 seeds, 1000 updates, T = 10, 20, 40, 80, 160: "
                "the tanh RNN learned 5, 4, 0, 0, 0 of 5; the IRNN (ReLU, W_hh = I) 5, 5, 5, 5, 2; "
                "the gated LSTM 5, 5, 5, 4, 0, and with 3000 updates 5 of 5 at T = 160.",
            ),
        ),
    ),
)


# ------------------------------------------------------------------ queries


def _check_choice(name: str, value: object, allowed: Iterable[str]) -> str | None:
    allowed = tuple(allowed)
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be None or one of {allowed}, got {value!r}")
    return value


def get_claim(claim_id: str) -> Claim:
    """The claim with id `claim_id`; a ValueError lists the known ids otherwise."""
    for c in CLAIMS:
        if c.id == claim_id:
            return c
    raise ValueError(f"claim_id must be one of {[c.id for c in CLAIMS]}, got {claim_id!r}")


def select_claims(
    *, notebook: str | None = None, seed: str | None = None, verdict: str | None = None
) -> list[Claim]:
    """The claims with evidence in `notebook`, made by `seed`, with `verdict` (None: any).

    Parameters
    ----------
    notebook : str, optional
        A notebook file name from `NOTEBOOKS`, e.g. "04_training_with_bptt.ipynb".
    seed : str, optional
        A seed file name from `SEED_FILES`.
    verdict : str, optional
        One of `VERDICTS`.

    Returns
    -------
    list of Claim
        In registry order.
    """
    _check_choice("notebook", notebook, NOTEBOOKS)
    _check_choice("seed", seed, SEED_FILES)
    _check_choice("verdict", verdict, VERDICTS)
    return [
        c
        for c in CLAIMS
        if (notebook is None or any(e.notebook == notebook for e in c.evidence))
        and (seed is None or seed in c.seeds)
        and (verdict is None or c.verdict == verdict)
    ]


def verdict_counts(claims: Iterable[Claim] = CLAIMS) -> dict[str, int]:
    """How many of `claims` have each verdict, in the order of `VERDICTS`."""
    counts = Counter(c.verdict for c in claims)
    return {v: counts[v] for v in VERDICTS}


def seed_counts(claims: Iterable[Claim] = CLAIMS) -> dict[str, int]:
    """How many of `claims` each seed file makes, in the order of `SEED_FILES`."""
    claims = list(claims)
    return {s: sum(s in c.seeds for c in claims) for s in SEED_FILES}


# ------------------------------------------------------------------ rendering


def _seed_label(seeds: tuple[str, ...]) -> str:
    if seeds == ALL_SEEDS:
        return "all four"
    return ", ".join(s[:3] for s in seeds)


def _evidence_label(e: Evidence, with_notebook: bool) -> str:
    if with_notebook:
        where = f"{e.notebook[:2]} · {e.heading}"
    else:  # a notebook's own claims section must not cite itself by name
        where = "across this notebook" if e.heading == POPULAR else e.heading
    return f"{where}: {e.result}" if e.result is not None else f"{where}: (to be measured)"


@dataclass(frozen=True)
class Table:
    """A table that shows itself in a notebook (HTML) and prints as Markdown.

    Attributes
    ----------
    header : tuple of str
        Column titles.
    rows : tuple of tuple of str
        One row per entry, plain text; a newline inside a cell starts a new line in it.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def markdown(self) -> str:
        """The table in Markdown (pipes escaped, line breaks as <br>)."""

        def line(cells):
            return (
                "| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in cells) + " |"
            )

        return "\n".join(
            [line(self.header), "|" + "---|" * len(self.header), *map(line, self.rows)]
        )

    def __str__(self) -> str:
        return self.markdown()

    __repr__ = __str__

    def _repr_html_(self) -> str:
        def cells(tag, values):
            return "".join(
                f'<{tag} style="text-align:left;vertical-align:top">'
                f"{html.escape(v).replace(chr(10), '<br>')}</{tag}>"
                for v in values
            )

        body = "".join(f"<tr>{cells('td', r)}</tr>" for r in self.rows)
        head = f"<thead><tr>{cells('th', self.header)}</tr></thead>"
        return f"<table>{head}<tbody>{body}</tbody></table>"


def claims_table(
    claims: Iterable[Claim] | None = None,
    *,
    notebook: str | None = None,
    seed: str | None = None,
    verdict: str | None = None,
) -> Table:
    """The claims as a table: id, claim, verdict (with its condition) and evidence.

    Parameters
    ----------
    claims : iterable of Claim, optional
        The claims to show (default: the registry, filtered by the other arguments).
    notebook : str, optional
        Only the claims with evidence in this notebook, and only that notebook's evidence: the
        form a notebook's "popular claims" section uses. Without it, every piece of evidence is
        shown with its notebook number, and a column names the seed texts.
    seed, verdict : str, optional
        Filters, as in `select_claims`.

    Returns
    -------
    Table
        Displays as an HTML table in a notebook; ``print`` gives Markdown.
    """
    chosen = select_claims(notebook=notebook, seed=seed, verdict=verdict)
    if claims is not None:
        ids = {c.id for c in chosen}
        chosen = [c for c in claims if c.id in ids]
    if notebook is not None:
        header = ("id", "the claim, in our words", "verdict", "evidence in this notebook")
        rows = tuple(
            (
                c.id,
                c.claim,
                c.verdict_text,
                "\n".join(_evidence_label(e, False) for e in c.evidence if e.notebook == notebook),
            )
            for c in chosen
        )
    else:
        header = ("id", "the claim, in our words", "texts", "verdict", "evidence")
        rows = tuple(
            (
                c.id,
                c.claim,
                _seed_label(c.seeds),
                c.verdict_text,
                "\n".join(_evidence_label(e, True) for e in c.evidence),
            )
            for c in chosen
        )
    return Table(header, rows)


# ------------------------------------------------------------------ live re-runs (notebook 09)


def forgetting_distances(
    rng: np.random.Generator, *, n_pairs: int = 32, T: int = 80, D: int = 4, H: int = 32
) -> np.ndarray:
    """How far apart two histories that differ only in x_1 leave the hidden state.

    One RNN with the default initialisation (`init_rnn_params`) reads `n_pairs` pairs of random
    sequences; the two sequences of a pair share x_2 ... x_T and have independent x_1.

    Parameters
    ----------
    rng : numpy.random.Generator
    n_pairs, T, D, H : int
        Pairs, steps, input size and hidden size.

    Returns
    -------
    dist : ndarray of shape (n_pairs, T)
        ``dist[n, t-1]`` = max over units |h_t(a) - h_t(b)| for pair n.
    """
    check_rng(rng)
    n_pairs, T = check_positive_int("n_pairs", n_pairs), check_positive_int("T", T)
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    p = init_rnn_params(D, H, rng=rng)
    x_a = rng.normal(size=(n_pairs, T, D))
    x_b = x_a.copy()
    x_b[:, 0] = rng.normal(size=(n_pairs, D))
    h0 = np.zeros((n_pairs, H))
    h_a, _ = rnn_forward(x_a, h0, p["W_xh"], p["W_hh"], p["b_h"])
    h_b, _ = rnn_forward(x_b, h0, p["W_xh"], p["W_hh"], p["b_h"])
    return state_distance(h_a, h_b)


def first_step_all_below(dist: np.ndarray, threshold: float) -> int:
    """The first step t (counting from 1) from which every row of `dist` stays below `threshold`.

    Parameters
    ----------
    dist : ndarray of shape (N, T)
    threshold : float

    Returns
    -------
    int
        t in 1 ... T, or T + 1 if some row is still at or above the threshold at the last step.
    """
    dist = as_array("dist", dist)
    check_ndim("dist", dist, (2,), "(N, T)")
    above = (np.abs(dist) >= threshold).any(axis=0)  # (T,): some pair still apart at step t
    return int(np.flatnonzero(above)[-1] + 2) if above.any() else 1


def conv_stack(x: np.ndarray, kernels: Sequence[np.ndarray]) -> np.ndarray:
    """Stacked 1-D convolutions with tanh: h^(l) = tanh(k_l * h^(l-1)), h^(0) = x.

    Each layer keeps the length ("same" zero padding), so output position p sees the positions
    p - r ... p + r with r = sum of the kernels' half-widths: its receptive field.

    Parameters
    ----------
    x : ndarray of shape (T,)
    kernels : sequence of ndarray of shape (w,), w odd

    Returns
    -------
    h : ndarray of shape (T,)
    """
    h = as_array("x", x)
    check_ndim("x", h, (1,), "(T,)")
    for i, k in enumerate(kernels):
        k = as_array(f"kernels[{i}]", k)
        if k.ndim != 1 or k.size % 2 == 0 or k.size > h.size:
            raise ValueError(
                f"kernels[{i}] must be 1-D with an odd width at most T = {h.size}, "
                f"got shape {k.shape}"
            )
        h = np.tanh(np.convolve(h, k, mode="same"))
    return h


def conv_rnn_outputs(
    x: np.ndarray, kernels: Sequence[np.ndarray], rnn_params: dict | None = None
) -> np.ndarray:
    """One output per position: convolutions alone, or convolutions then an RNN along the row.

    Without `rnn_params` the output at p is the last convolution's value at p. With them, an RNN
    reads the convolution's values left to right, h_p = tanh(W_xh c_p + W_hh h_{p-1} + b_h), and
    the output is y_p = W_hy h_p + b_y.

    Parameters
    ----------
    x : ndarray of shape (T,)
    kernels : sequence of ndarray of shape (w,)
    rnn_params : dict, optional
        ``init_rnn_params(D=1, H, O=1, rng=...)``.

    Returns
    -------
    y : ndarray of shape (T,)
    """
    c = conv_stack(x, kernels)
    if rnn_params is None:
        return c
    H = rnn_params["W_hh"].shape[0]
    h, _ = rnn_forward(
        c[None, :, None], np.zeros((1, H)), *(rnn_params[k] for k in ("W_xh", "W_hh", "b_h"))
    )
    return output_forward(h, rnn_params["W_hy"], rnn_params["b_y"])[0, :, 0]


def _conv_states(x: np.ndarray, kernels: Sequence[np.ndarray]) -> list[np.ndarray]:
    """[x, h^(1), ..., h^(L)] of `conv_stack` (validated there)."""
    states = [x]
    for k in kernels:
        states.append(np.tanh(np.convolve(states[-1], k, mode="same")))
    return states


def position_gradient(
    x: np.ndarray, kernels: Sequence[np.ndarray], position: int, rnn_params: dict | None = None
) -> np.ndarray:
    """∂y_p/∂x_i for every input position i, by backpropagation through the model.

    Backwards through one convolution layer h = tanh(a), a = k * h_prev ("same"):
    δa = δh (1 - h²) and δh_prev = correlate(δa, k) ("same"), so a position outside the
    receptive field gets exactly 0. Through the RNN: `rnn_backward` with δh_p = W_hy^T.

    Parameters
    ----------
    x : ndarray of shape (T,)
    kernels : sequence of ndarray of shape (w,), w odd
    position : int
        p, counting from 0.
    rnn_params : dict, optional
        As in `conv_rnn_outputs`.

    Returns
    -------
    grad : ndarray of shape (T,)
    """
    x = as_array("x", x).astype(np.float64)
    conv_stack(x, kernels)  # validates x and the kernels
    if not 0 <= position < x.size:
        raise ValueError(f"position must be in 0 ... {x.size - 1}, got {position}")
    states = _conv_states(x, kernels)
    delta = np.zeros_like(x)
    if rnn_params is None:
        delta[position] = 1.0
    else:
        H = rnn_params["W_hh"].shape[0]
        names = ("W_xh", "W_hh", "b_h")
        h, cache = rnn_forward(
            states[-1][None, :, None], np.zeros((1, H)), *(rnn_params[k] for k in names)
        )
        dh = np.zeros_like(h)
        dh[0, position] = rnn_params["W_hy"][0]
        delta = rnn_backward(dh, cache)[0][0, :, 0]
    for k, h in zip(kernels[::-1], states[:0:-1]):
        delta = np.correlate(delta * (1 - h**2), k, mode="same")
    return delta


def position_influence(
    x: np.ndarray, kernels: Sequence[np.ndarray], position: int, rnn_params: dict | None = None
) -> np.ndarray:
    """|∂y_p/∂x_i| for every input position i: which pixels can move the output at `position`.

    The size of `position_gradient`. A position outside the output's reach does not enter its
    computation at all, so its influence is exactly 0.

    Parameters
    ----------
    x : ndarray of shape (T,)
    kernels : sequence of ndarray of shape (w,)
    position : int
        p, counting from 0.
    rnn_params : dict, optional
        As in `conv_rnn_outputs`.

    Returns
    -------
    influence : ndarray of shape (T,)
    """
    return np.abs(position_gradient(x, kernels, position, rnn_params))
