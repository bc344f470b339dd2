"""Text encoding: vocabulary, encode/decode, one-hot vectors, and their input checks."""

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_helpers.data import build_vocab, decode, encode, one_hot


def test_vocab_is_the_sorted_distinct_characters():
    assert build_vocab("hello world") == " dehlorw"


def test_encode_and_one_hot_by_hand():
    idx = encode("hell", "ehlo")
    np.testing.assert_array_equal(idx, [1, 0, 2, 2])
    assert idx.dtype == np.int64
    np.testing.assert_array_equal(
        one_hot(idx, 4), [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0]]
    )


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="abc ,\nXYZ", min_size=1, max_size=40))
def test_decode_inverts_encode(text):
    vocab = build_vocab(text)
    assert decode(encode(text, vocab), vocab) == text
    x = one_hot(encode(text, vocab), len(vocab))
    assert x.shape == (len(text), len(vocab))
    np.testing.assert_array_equal(x.sum(axis=-1), 1)  # exactly one 1 per character
    np.testing.assert_array_equal(x.argmax(axis=-1), encode(text, vocab))


def test_one_hot_keeps_the_batch_shape_and_dtype():
    idx = np.array([[0, 2, 1], [1, 1, 0]])
    x = one_hot(idx, 3, dtype=np.float32)
    assert x.shape == (2, 3, 3) and x.dtype == np.float32
    assert x[1, 2, 0] == 1 and x[1, 2].sum() == 1


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: build_vocab(["a", "b"]), TypeError, "text must be a str"),
        (lambda: build_vocab(""), ValueError, "text must not be empty"),
        (lambda: encode("abz", "ab"), ValueError, "'z' at position 2"),
        (lambda: encode("zaz", "ab"), ValueError, "and 1 more unknown"),
        (lambda: encode("ab", "aba"), ValueError, "vocab must hold distinct characters"),
        (lambda: encode(b"ab", "ab"), TypeError, "text must be a str"),
        (
            lambda: decode(np.array([0, 3]), "ab"),
            ValueError,
            "indices must be class indices in [0, V) = [0, 2)",
        ),
        (lambda: decode(np.array([0.0, 1.0]), "ab"), ValueError, "indices must hold integer"),
        (lambda: decode(np.array([[0, 1]]), "ab"), ValueError, "indices must be a 1-D array"),
        (lambda: decode([0, 1], "ab"), TypeError, "indices must be a numpy array"),
        (lambda: one_hot(np.array([0, 1]), 0), ValueError, "V must be a positive integer"),
        (
            lambda: one_hot(np.array([0, 1]), 2.0),
            TypeError,
            "V must be a positive integer, got float 2.0",
        ),
        (lambda: one_hot(np.array([0, 2]), 2), ValueError, "got values from 0 to 2"),
        (lambda: one_hot(np.array([-1, 0]), 2), ValueError, "got values from -1 to 0"),
        (lambda: one_hot(np.array([0.5]), 2), ValueError, "indices must hold integer"),
        (lambda: one_hot(np.array([0]), 2, dtype=int), ValueError, "dtype must be a floating"),
    ],
    ids=[
        "vocab of list",
        "empty text",
        "unknown char",
        "many unknown",
        "repeated vocab",
        "bytes",
        "decode range",
        "decode float",
        "decode 2-D",
        "decode list",
        "V zero",
        "V float",
        "one_hot range",
        "one_hot negative",
        "one_hot float",
        "int dtype",
    ],
)
def test_malformed_inputs_are_named(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        call()


# ------------------------------------------------------------------ data files
def test_data_path_verifies_the_hash_and_names_the_file(tmp_path):
    from rnn_helpers.data import DataFileError, data_path, sha256_of

    f = tmp_path / "tiny.txt"
    f.write_bytes(b"hello\n")
    good = sha256_of(f)
    assert data_path("tiny.txt", good, folder=tmp_path) == f
    f.write_bytes(b"hello")  # truncated by one byte
    with pytest.raises(DataFileError, match=r"tiny\.txt .*damaged or edited.*git checkout"):
        data_path("tiny.txt", good, folder=tmp_path)
    f.unlink()
    with pytest.raises(DataFileError, match=r"tiny\.txt is missing.*RNN_COURSE_DATA"):
        data_path("tiny.txt", good, folder=tmp_path)


def test_data_path_finds_data_above_the_working_directory(tmp_path, monkeypatch):
    from rnn_helpers.data import data_dirs, data_path, sha256_of

    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    f = tmp_path / "data" / "x.csv"
    f.write_text("1,2\n")
    monkeypatch.chdir(tmp_path / "notebooks")
    monkeypatch.delenv("RNN_COURSE_DATA", raising=False)
    assert tmp_path.resolve() / "data" in data_dirs()
    assert data_path("x.csv", sha256_of(f)).resolve() == f.resolve()
    monkeypatch.setenv("RNN_COURSE_DATA", str(tmp_path / "data"))
    assert data_dirs()[0] == tmp_path / "data"


# ------------------------------------------------------------------ co2 (notebook 06) begin
def _co2_copy(tmp_path):
    import shutil

    from rnn_helpers.data import CO2_FILE, CO2_SHA256, data_path

    copy = tmp_path / CO2_FILE
    shutil.copy(data_path(CO2_FILE, CO2_SHA256), copy)
    return copy


def test_load_co2_gives_consecutive_months_and_plausible_values():
    from rnn_helpers.data import load_co2

    months, co2 = load_co2()
    assert months.dtype == np.dtype("datetime64[M]") and co2.dtype == np.float64
    assert len(months) == len(co2) == 526
    assert str(months[0]) == "1958-03" and str(months[-1]) == "2001-12"
    np.testing.assert_array_equal(np.diff(months).astype(int), 1)  # no month missing
    assert np.all(np.isfinite(co2)) and 310 < co2.min() < co2.max() < 375
    assert co2[-12:].mean() - co2[:12].mean() > 50  # the trend: more than 50 ppm in 44 years


def test_load_co2_refuses_a_missing_truncated_or_edited_copy(tmp_path):
    from rnn_helpers.data import DataFileError, load_co2

    copy = _co2_copy(tmp_path)
    months, co2 = load_co2(folder=tmp_path)
    assert len(co2) == 526
    text = copy.read_text()
    copy.write_text(text[: len(text) // 2])  # truncated
    with pytest.raises(DataFileError, match=r"co2_monthly\.csv .*damaged or edited.*git checkout"):
        load_co2(folder=tmp_path)
    copy.write_text(text.replace("316.10", "316.11", 1))  # one digit edited
    with pytest.raises(DataFileError, match=r"co2_monthly\.csv .*damaged or edited"):
        load_co2(folder=tmp_path)
    copy.unlink()
    with pytest.raises(DataFileError, match=r"co2_monthly\.csv is missing.*data/README\.md"):
        load_co2(folder=tmp_path)


def test_load_co2_from_another_working_directory(tmp_path, monkeypatch):
    from rnn_helpers.data import load_co2

    monkeypatch.chdir(tmp_path)  # no data/ here or above: found beside the package source
    monkeypatch.delenv("RNN_COURSE_DATA", raising=False)
    assert len(load_co2()[1]) == 526


def test_load_co2_through_the_environment_variable(tmp_path, monkeypatch):
    """What a non-editable install can rely on when data/ is not above the working directory."""
    from rnn_helpers.data import DataFileError, load_co2

    copy = _co2_copy(tmp_path)
    monkeypatch.setenv("RNN_COURSE_DATA", str(tmp_path))
    assert len(load_co2()[1]) == 526
    copy.write_text("month,co2_ppm,weeks\n")  # the folder it names is tried first
    with pytest.raises(DataFileError, match=re.escape(str(copy))):
        load_co2()


def test_co2_file_is_the_monthly_mean_of_the_weekly_record():
    """The committed file matches the rebuild recipe on a small weekly sample."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "rebuild_data", Path(__file__).resolve().parents[1] / "tools" / "rebuild_data.py"
    )
    rebuild = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rebuild)
    weekly = "date,co2\n19580301,1.0\n19580308,2.0\n19580315,\n19580503,5.0\n"
    assert rebuild.co2_monthly_csv(weekly).decode() == (
        "month,co2_ppm,weeks\n1958-03,1.50,2\n1958-04,3.25,0\n1958-05,5.00,1\n"
    )


# ------------------------------------------------------------------ co2 (notebook 06) end


# ------------------------------------------------------------------ text corpus (notebook 07)
def _copy_shakespeare(tmp_path):
    from rnn_helpers.data import SHAKESPEARE_FILE, SHAKESPEARE_SHA256, data_path

    src = data_path(SHAKESPEARE_FILE, SHAKESPEARE_SHA256)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / SHAKESPEARE_FILE).write_bytes(src.read_bytes())
    return folder / SHAKESPEARE_FILE


def test_load_shakespeare_is_the_recorded_text():
    from rnn_helpers.data import build_vocab, load_shakespeare

    text = load_shakespeare()
    assert len(text) == 1_115_394
    assert len(build_vocab(text)) == 65
    assert text.startswith("First Citizen:\nBefore we proceed any further")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[:-1], "damaged or edited"),  # truncated
        (lambda b: b[:1000] + b"X" + b[1001:], "damaged or edited"),  # one character edited
        (None, "is missing"),
    ],
    ids=["truncated", "edited", "missing"],
)
def test_load_shakespeare_refuses_a_damaged_copy(tmp_path, damage, message):
    from rnn_helpers.data import DataFileError, load_shakespeare

    path = _copy_shakespeare(tmp_path)
    assert len(load_shakespeare(folder=path.parent)) == 1_115_394  # the intact copy loads
    if damage is None:
        path.unlink()
    else:
        path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(
        DataFileError, match=rf"tinyshakespeare\.txt\.gz .*{message}.*data/README\.md"
    ):
        load_shakespeare(folder=path.parent)


def test_load_shakespeare_from_another_working_directory(tmp_path, monkeypatch):
    from rnn_helpers.data import DataFileError, load_shakespeare

    path = _copy_shakespeare(tmp_path)
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    monkeypatch.delenv("RNN_COURSE_DATA", raising=False)
    assert len(load_shakespeare()) == 1_115_394  # found beside the package or above the cwd
    monkeypatch.setenv("RNN_COURSE_DATA", str(path.parent))  # an explicit folder comes first
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DataFileError, match="damaged or edited"):
        load_shakespeare()


def test_split_by_position_keeps_order_and_sizes():
    from rnn_helpers.data import split_by_position

    text = "".join(chr(97 + i % 26) for i in range(1000))
    train, val, test = split_by_position(text)
    assert (len(train), len(val), len(test)) == (900, 50, 50)
    assert train + val + test == text
    with pytest.raises(ValueError, match="fractions must be three positive shares"):
        split_by_position(text, (0.5, 0.5, 0.0))
    with pytest.raises(ValueError, match="too short"):
        split_by_position("ab", (0.4, 0.3, 0.3))


# ------------------------------------------------------------------ end of text corpus (07)


def test_load_shakespeare_checks_the_text_inside_the_archive(tmp_path, monkeypatch):
    import gzip

    import rnn_helpers.data as data

    path = _copy_shakespeare(tmp_path)
    text = gzip.decompress(path.read_bytes())
    edited = gzip.compress(text.replace(b"First Citizen", b"Second Citizen", 1), mtime=0)
    path.write_bytes(edited)
    # An edit that also updates the archive's recorded hash is still caught by the text's hash.
    monkeypatch.setattr(data, "SHAKESPEARE_SHA256", data.sha256_of(path))
    with pytest.raises(data.DataFileError, match=r"the text inside has SHA-256 .*expected 86c4e6"):
        data.load_shakespeare(folder=path.parent)


# ------------------------------------------------------------------ every data file
def test_every_data_file_is_small_and_recorded_with_its_hash_in_the_readme():
    """Checkpoints (.npz) are re-trained, so they are checked array by array, not by hash."""
    from rnn_helpers.data import sha256_of

    folder = Path(__file__).resolve().parent.parent / "data"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    files = [p for p in folder.iterdir() if p.is_file() and p.name != "README.md"]
    assert len(files) >= 10
    for path in files:
        assert path.stat().st_size <= 1_000_000, f"{path.name} is over the course's 1 MB"
        assert f"`{path.name}`" in readme, f"{path.name} has no entry in data/README.md"
        if path.suffix != ".npz":
            assert sha256_of(path) in readme, f"{path.name}: its SHA-256 is not in data/README.md"
