"""The claims registry: every claim of the four seed texts, located, judged and backed.

The seed texts are not part of the repository (they are third-party text). The tests that read
them look in ``../shared/seeds`` next to the checkout, or in the folder named by the environment
variable ``RNN_COURSE_SEEDS``, and are skipped, saying so, when neither exists.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rnn_helpers import claims as reg
from rnn_helpers.claims import (
    CLAIMS,
    NOTEBOOKS,
    SEED_FILES,
    VERDICTS,
    Claim,
    Evidence,
    claims_table,
    get_claim,
    seed_counts,
    select_claims,
    verdict_counts,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = Path(os.environ.get("RNN_COURSE_SEEDS", ROOT.parent / "shared" / "seeds"))
needs_seeds = pytest.mark.skipif(
    not all((SEEDS_DIR / s).is_file() for s in SEED_FILES),
    reason=f"the seed texts are not in {SEEDS_DIR} (set RNN_COURSE_SEEDS to their folder)",
)


# ------------------------------------------------------------------ reading the seed texts


def words(text: str) -> list[str]:
    """Lower-case words and numbers, punctuation dropped."""
    return re.findall(r"[a-z0-9]+", text.lower())


def seed_sentences(name: str) -> list[str]:
    """The sentences of a seed text, up to its list of recommended posts (not claims)."""
    text = (SEEDS_DIR / name).read_text(encoding="utf-8").split("Recommended Posts")[0]
    out = []
    for line in text.splitlines():
        line = re.sub(r"[*#]+", " ", line).strip(" -\t")
        line = line.replace("i.e.", "i.e").replace("e.g.", "e.g")
        out += [s.strip() for s in re.split(r"(?<=[.?!])\s+", line) if s.strip()]
    return out


NOT_CLAIMS = (
    re.compile(r"->"),  # the glossary of symbols under each formula
    re.compile(r"i2tutorials|GeeksforGeeks|Improve Article|Leave a comment"),  # captions, footers
    re.compile(r"^/"),  # a navigation trail
)


def makes_a_claim(sentence: str) -> bool:
    """False for titles (six words or fewer, no full stop), announcements of what follows (they
    end with a colon) and the patterns in NOT_CLAIMS."""
    if sentence.endswith(":") or (len(words(sentence)) <= 6 and not sentence.endswith(".")):
        return False
    return not any(p.search(sentence) for p in NOT_CLAIMS)


def located(locator: tuple[str, ...], sentence: str) -> bool:
    return set(locator) <= set(words(sentence))


def found_in(locator: tuple[str, ...], seed: str) -> bool:
    return any(located(locator, s) for s in seed_sentences(seed))


# ------------------------------------------------------------------ the registry's shape


def test_ids_are_unique_and_readable():
    ids = [c.id for c in CLAIMS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_verdicts_are_from_the_allowed_set_and_conditions_go_with_conditional():
    assert set(VERDICTS) == {"true", "false", "overstated", "conditional"}
    for c in CLAIMS:
        assert c.verdict in VERDICTS
        assert (c.condition is not None) == (c.verdict == "conditional"), c.id
        assert c.claim.strip() and c.locators and c.seeds
        assert set(c.seeds) <= set(SEED_FILES)


def test_a_claim_without_a_valid_verdict_or_measured_evidence_is_refused():
    ev = (Evidence(reg.NB01, reg.POPULAR, "a number"),)
    with pytest.raises(ValueError, match="verdict of 'x' must be one of"):
        Claim("x", SEED_FILES, (("a",),), "text", "mostly true", ev)
    with pytest.raises(ValueError, match="condition is required"):
        Claim("x", SEED_FILES, (("a",),), "text", "conditional", ev)
    with pytest.raises(ValueError, match="condition is required"):
        Claim("x", SEED_FILES, (("a",),), "text", "true", ev, condition="when it rains")
    with pytest.raises(ValueError, match="at least one measured"):
        Claim("x", SEED_FILES, (("a",),), "text", "true", (Evidence(reg.NB06, "h", None),))


def test_every_claim_has_evidence_in_a_course_notebook():
    for c in CLAIMS:
        assert all(e.notebook in NOTEBOOKS and e.heading.strip() for e in c.evidence), c.id
        assert any(not e.pending for e in c.evidence), c.id


# The key claims of the texts, each with the verdict the course's evidence gives it.
KEY_CLAIMS = {
    "output-fed-back": "conditional",
    "feedforward-independent": "overstated",
    "next-word-needs-context": "true",
    "hidden-state-carries-information": "true",
    "memory-keeps-everything": "false",
    "same-weights-every-step": "true",
    "fewer-parameters": "conditional",
    "sharing-makes-dependence": "overstated",
    "memorise-by-passing-output": "overstated",
    "state-from-previous-and-input": "true",
    "tanh-formula": "true",
    "output-formula": "true",
    "forward-one-step-at-a-time": "true",
    "output-from-final-state": "conditional",
    "backprop-updates-weights": "overstated",
    "remembers-everything-over-time": "false",
    "time-series-only-because-memory": "overstated",
    "called-lstm": "false",
    "convolution-widens-neighbourhood": "conditional",
    "vanishing-exploding": "conditional",
    "training-very-difficult": "overstated",
    "long-sequences-tanh-relu": "conditional",
    "deep-net-layers-independent": "overstated",
}


@pytest.mark.parametrize(("claim_id", "expected"), KEY_CLAIMS.items(), ids=list(KEY_CLAIMS))
def test_key_claim_is_in_the_registry_with_its_verdict(claim_id, expected):
    assert get_claim(claim_id).verdict == expected


# Verdict tables that notebooks 01, 04 and 05 wrote before the registry: their rows live here now.
CARRIED_OVER = {
    (reg.NB01, reg.POPULAR): {
        "sharing-makes-dependence",
        "layers-fold-into-one",
        "memorise-by-passing-output",
        "same-weights-every-step",
    },
    (reg.NB04, reg.POPULAR): {
        "output-from-final-state",
        "backprop-updates-weights",
        "training-very-difficult",
    },
    (reg.NB05, reg.POPULAR): {
        "vanishing-exploding",
        "training-very-difficult",
        "long-sequences-tanh-relu",
    },
}


@pytest.mark.parametrize(("where", "ids"), CARRIED_OVER.items(), ids=["01", "04", "05"])
def test_older_verdict_tables_are_carried_into_the_registry(where, ids):
    pointing = {c.id for c in CLAIMS if any((e.notebook, e.heading) == where for e in c.evidence)}
    assert ids <= pointing


# ------------------------------------------------------------------ evidence exists


def notebook_headings(path: Path) -> set[str]:
    headings = set()
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("#"):
                    headings.add(line.lstrip("#").strip())
    return headings


EVIDENCE = [(c.id, i, e) for c in CLAIMS for i, e in enumerate(c.evidence)]


@pytest.mark.parametrize(
    ("claim_id", "i", "evidence"), EVIDENCE, ids=[f"{c}[{i}]" for c, i, _ in EVIDENCE]
)
def test_evidence_points_to_an_existing_heading(claim_id, i, evidence):
    path = ROOT / "notebooks" / evidence.notebook
    if not path.is_file():
        assert evidence.pending, f"{claim_id}: a result is given for a notebook that is missing"
        pytest.skip(f"{evidence.notebook} is not on this branch yet (evidence still pending)")
    assert evidence.heading in notebook_headings(path), (
        f"{claim_id}: no heading {evidence.heading!r} in {evidence.notebook}"
    )
    assert not evidence.pending, (
        f"{claim_id}: {evidence.notebook} exists, so its measured result belongs in the registry"
    )


# ------------------------------------------------------------------ the seed texts


@needs_seeds
@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_is_found_in_exactly_the_seeds_it_names(claim):
    for locator in claim.locators:
        where = {s for s in SEED_FILES if found_in(locator, s)}
        assert where == set(claim.seeds), f"{claim.id}: {locator} found in {sorted(where)}"


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES)
def test_every_claim_of_a_seed_has_an_entry(seed):
    mine = [c for c in CLAIMS if seed in c.seeds]
    uncovered = [
        s
        for s in seed_sentences(seed)
        if makes_a_claim(s) and not any(located(loc, s) for c in mine for loc in c.locators)
    ]
    assert not uncovered, f"{seed}: {len(uncovered)} sentence(s) without a registry entry"
    assert seed_counts()[seed] == len(mine) >= 25


def shared_run(ours: str, theirs: list[str], n: int) -> str | None:
    """The first run of `n` consecutive words of `ours` that also occurs in `theirs`."""
    a = words(ours)
    runs = {tuple(theirs[i : i + n]) for i in range(len(theirs) - n + 1)}
    for i in range(len(a) - n + 1):
        if tuple(a[i : i + n]) in runs:
            return " ".join(a[i : i + n])
    return None


def claim_texts(c: Claim) -> list[str]:
    return [c.claim, c.condition or ""] + [e.result or "" for e in c.evidence]


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES)
def test_no_entry_copies_six_words_in_a_row_from_a_seed(seed):
    theirs = words((SEEDS_DIR / seed).read_text(encoding="utf-8"))
    copied = {c.id: r for c in CLAIMS for t in claim_texts(c) if (r := shared_run(t, theirs, 6))}
    assert not copied


@needs_seeds
def test_the_copy_detector_catches_a_copied_sentence():
    theirs = words((SEEDS_DIR / SEED_FILES[0]).read_text(encoding="utf-8"))
    copied = "In short: training a recurrent neural network is a very difficult task, they say."
    assert shared_run(copied, theirs, 6) is not None
    assert shared_run(get_claim("training-very-difficult").claim, theirs, 6) is None


@needs_seeds
def test_notebook_09_copies_no_eight_words_in_a_row_from_a_seed():
    path = ROOT / "notebooks" / reg.NB09
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for seed in SEED_FILES:
        theirs = words((SEEDS_DIR / seed).read_text(encoding="utf-8"))
        assert shared_run(text, theirs, 8) is None, seed


# ------------------------------------------------------------------ queries and tables


def test_select_claims_filters_by_notebook_seed_and_verdict():
    in_05 = select_claims(notebook=reg.NB05)
    assert in_05 and all(any(e.notebook == reg.NB05 for e in c.evidence) for c in in_05)
    only_002 = [c.id for c in CLAIMS if c.seeds == reg.ONLY_002]
    assert only_002 and not set(only_002) & {c.id for c in select_claims(seed=SEED_FILES[0])}
    false = select_claims(verdict="false")
    assert {c.id for c in false} >= {"memory-keeps-everything", "called-lstm"}
    assert all(c.verdict == "false" for c in false)
    assert len(select_claims()) == len(CLAIMS)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"notebook": "05"}, "notebook must be None or one of"),
        ({"seed": "000.txt"}, "seed must be None or one of"),
        ({"verdict": "mostly"}, "verdict must be None or one of"),
    ],
)
def test_select_claims_names_a_bad_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        select_claims(**kwargs)


def test_get_claim_lists_the_ids_for_an_unknown_one():
    with pytest.raises(ValueError, match=r"claim_id must be one of .*called-lstm"):
        get_claim("lstm")


def test_counts_add_up():
    counts = verdict_counts()
    assert list(counts) == list(VERDICTS) and sum(counts.values()) == len(CLAIMS)
    assert all(n > 0 for n in counts.values())
    assert verdict_counts([get_claim("called-lstm")]) == {
        "true": 0,
        "false": 1,
        "overstated": 0,
        "conditional": 0,
    }
    seeds = seed_counts()
    assert seeds[SEED_FILES[2]] == len(CLAIMS)  # the variant text makes every claim
    assert seeds[SEED_FILES[0]] == seeds[SEED_FILES[1]] == seeds[SEED_FILES[3]] < len(CLAIMS)


def test_full_table_has_a_row_per_claim_with_its_verdict_and_every_piece_of_evidence():
    table = claims_table()
    assert table.header[3] == "verdict" and len(table.rows) == len(CLAIMS)
    row = dict(zip([r[0] for r in table.rows], table.rows))["long-sequences-tanh-relu"]
    assert row[2] == "all four"
    assert row[3].startswith("true only if it is about learning")
    assert "05 · The popular claims, checked: A hand-set" in row[4]
    assert "08 · The popular claims, checked: Adding problem, 5 seeds" in row[4]
    md = table.markdown().splitlines()
    assert len(md) == len(CLAIMS) + 2 and md[1] == "|---|---|---|---|---|"


def test_notebook_table_shows_only_that_notebooks_evidence():
    table = claims_table(notebook=reg.NB05)
    assert table.header[-1] == "evidence in this notebook"
    assert [r[0] for r in table.rows] == [c.id for c in select_claims(notebook=reg.NB05)]
    for r in table.rows:
        assert "09 ·" not in r[3] and "Re-run live" not in r[3]
        assert r[3].startswith("across this notebook: ")
        assert reg.POPULAR not in r[3]  # the section does not cite itself by name


def test_table_filters_combine_and_keep_registry_order():
    table = claims_table(verdict="false", seed=SEED_FILES[2])
    assert [r[0] for r in table.rows] == [c.id for c in CLAIMS if c.verdict == "false"]
    some = [get_claim("called-lstm"), get_claim("tanh-formula")]
    assert [r[0] for r in claims_table(some, verdict="false").rows] == ["called-lstm"]


def test_markdown_escapes_pipes_and_html_escapes_markup():
    table = reg.Table(("a", "b"), (("x | y", "<b>&\nnext"),))
    assert table.markdown().splitlines()[2] == "| x \\| y | <b>&<br>next |"
    html = table._repr_html_()
    assert "&lt;b&gt;&amp;<br>next" in html and "<b>&" not in html
    assert str(table) == repr(table) == table.markdown()


def test_every_piece_of_evidence_starts_a_new_line_in_its_cell():
    row = claims_table(notebook=reg.NB09).rows
    cell = {r[0]: r[3] for r in row}["output-fed-back"]
    assert cell.count("\n") == 0  # only 09's evidence in 09's table
    full = {r[0]: r[4] for r in claims_table().rows}["output-fed-back"]
    assert full.split("\n")[1].startswith("09 · ")


def test_importing_the_registry_needs_no_ipython():
    code = "import sys, rnn_helpers.claims; print('IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ the notebooks' claims sections

# Notebooks whose "popular claims" section is in the shared form (CONTRIBUTING.md, "Claims of the
# popular texts"). 04 still holds a table of its own; it joins this list when converted.
SHARED_FORM = (reg.NB01, reg.NB02, reg.NB03, reg.NB05)


@pytest.mark.parametrize("notebook", SHARED_FORM)
def test_popular_claims_section_renders_the_registry_right_before_key_points(notebook):
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    texts = ["".join(c["source"]) for c in cells]
    starts = [i for i, t in enumerate(texts) if t.startswith(f"## {reg.POPULAR}\n")]
    assert len(starts) == 1, f"{notebook}: one cell must start with '## {reg.POPULAR}'"
    i = starts[0]
    assert cells[i + 1]["cell_type"] == "code"
    assert f'claims_table(notebook="{notebook}")' in texts[i + 1]
    assert texts[i + 2].startswith("## Key points"), f"{notebook}: Key points must follow"
    assert "|" not in texts[i], "the section's text holds no table of its own"
