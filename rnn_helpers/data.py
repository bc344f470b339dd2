"""Data for the course: text encoding (characters to integers to one-hot vectors).

A vocabulary is a string of distinct characters, sorted; a character's index is its position::

    vocab = build_vocab("hello")        # "ehlo", V = 4
    idx = encode("hell", vocab)         # array([1, 0, 2, 2])
    x = one_hot(idx, len(vocab))        # (4, 4) float array, one 1 per row
    decode(idx, vocab)                  # "hell"

and the course's data files: `data_path(name, sha256)` finds ``data/<name>`` and checks its
SHA-256, so that a loader never reads a missing, truncated or edited file.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import numpy as np

from ._validate import as_array, check_class_indices, check_positive_int


def _check_text(name: str, text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    if not text:
        raise ValueError(f"{name} must not be empty, got ''")
    return text


def _check_vocab(vocab: object) -> str:
    vocab = _check_text("vocab", vocab)
    if len(set(vocab)) != len(vocab):
        repeated = sorted({c for c in vocab if vocab.count(c) > 1})
        raise ValueError(
            f"vocab must hold distinct characters (use build_vocab), "
            f"got repeats of {''.join(repeated)!r}"
        )
    return vocab


def _check_indices(name: str, indices: object, V: int) -> np.ndarray:
    return check_class_indices(name, as_array(name, indices), V)


def build_vocab(text: str) -> str:
    """The vocabulary of `text`: its distinct characters, sorted by code point.

    Parameters
    ----------
    text : str
        Any non-empty string.

    Returns
    -------
    vocab : str of length V
        Each character once; ``vocab[i]`` is the character with index i.

    Examples
    --------
    >>> build_vocab("hello")
    'ehlo'
    """
    return "".join(sorted(set(_check_text("text", text))))


def encode(text: str, vocab: str) -> np.ndarray:
    """Map each character of `text` to its index in `vocab`.

    Parameters
    ----------
    text : str of length T
    vocab : str of length V
        Distinct characters, e.g. from `build_vocab`.

    Returns
    -------
    indices : int64 ndarray of shape (T,)

    Examples
    --------
    >>> encode("hell", "ehlo")
    array([1, 0, 2, 2])
    """
    text, vocab = _check_text("text", text), _check_vocab(vocab)
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)  # one code point each
    order = np.argsort(np.frombuffer(vocab.encode("utf-32-le"), dtype=np.uint32))
    sorted_points = np.frombuffer(vocab.encode("utf-32-le"), dtype=np.uint32)[order]
    pos = np.clip(np.searchsorted(sorted_points, points), 0, len(vocab) - 1)
    if np.all(sorted_points[pos] == points):  # every character is in the vocabulary
        return order[pos].astype(np.int64)
    index = {c: i for i, c in enumerate(vocab)}
    unknown = [(pos, c) for pos, c in enumerate(text) if c not in index]
    if unknown:
        pos, c = unknown[0]
        raise ValueError(
            f"text must use only characters of the vocabulary ({len(vocab)} "
            f"characters), got {c!r} at position {pos}"
            + (f" and {len(unknown) - 1} more unknown" if len(unknown) > 1 else "")
        )
    return np.array([index[c] for c in text], dtype=np.int64)


def decode(indices: np.ndarray, vocab: str) -> str:
    """Map 1-D indices back to the string of their characters in `vocab`.

    Parameters
    ----------
    indices : int ndarray of shape (T,)
        Values in [0, V).
    vocab : str of length V

    Returns
    -------
    text : str of length T
    """
    vocab = _check_vocab(vocab)
    indices = _check_indices("indices", indices, len(vocab))
    if indices.ndim != 1:
        raise ValueError(f"indices must be a 1-D array of shape (T,), got shape {indices.shape}")
    return "".join(vocab[i] for i in indices)


def one_hot(indices: np.ndarray, V: int, dtype=np.float64) -> np.ndarray:
    """One-hot vectors: ``x[..., i] = 1`` where i is the index, 0 elsewhere.

    Parameters
    ----------
    indices : int ndarray of any shape S, e.g. (T,) or (N, T)
        Values in [0, V).
    V : int
        Vocabulary size (length of each vector).
    dtype : numpy float dtype
        float64 (default) or float32.

    Returns
    -------
    x : ndarray of shape S + (V,)
        Ready as the input `x` of `rnn_forward` (with D = V) once it is (N, T, V).

    Examples
    --------
    >>> one_hot(np.array([1, 0]), 3)
    array([[0., 1., 0.],
           [1., 0., 0.]])
    """
    V = check_positive_int("V", V)
    if not np.issubdtype(np.dtype(dtype), np.floating):
        raise ValueError(f"dtype must be a floating dtype such as np.float64, got {dtype!r}")
    indices = _check_indices("indices", indices, int(V))
    return (indices[..., None] == np.arange(V)).astype(dtype)


# ------------------------------------------------------------------ data files
DATA_ENV = "RNN_COURSE_DATA"  # an explicit data folder, for unusual layouts


class DataFileError(FileNotFoundError):
    """A data file is missing or does not match its recorded SHA-256."""


def data_dirs() -> list[Path]:
    """Where the course's ``data/`` folder may be, in the order they are tried.

    1. the folder named by the environment variable ``RNN_COURSE_DATA``, if set;
    2. ``data/`` beside the package source (an editable install or a plain checkout);
    3. ``data/`` in the working directory or any folder above it (a non-editable install such as
       Binder's, where notebooks run from ``notebooks/`` inside the course folder).
    """
    dirs = []
    if os.environ.get(DATA_ENV):
        dirs.append(Path(os.environ[DATA_ENV]))
    dirs.append(Path(__file__).resolve().parent.parent / "data")
    cwd = Path.cwd().resolve()
    dirs += [folder / "data" for folder in (cwd, *cwd.parents)]
    return list(dict.fromkeys(dirs))


def sha256_of(path: str | os.PathLike) -> str:
    """The SHA-256 of a file's bytes, as 64 hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_path(name: str, sha256: str, folder: str | os.PathLike | None = None) -> Path:
    """The path of the data file ``name``, after checking that its SHA-256 is `sha256`.

    Parameters
    ----------
    name : str
        File name inside ``data/``, e.g. ``"tinyshakespeare.txt"``.
    sha256 : str
        The hash recorded in ``data/README.md``.
    folder : path, optional
        Look only here instead of in `data_dirs()`.

    Returns
    -------
    Path
        The verified file.

    Raises
    ------
    DataFileError
        The file is in none of the folders, or its bytes differ from the recorded hash (a
        truncated or edited copy). The message names the file and how to restore it.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty str, got {name!r}")
    dirs = [Path(folder)] if folder is not None else data_dirs()
    restore = (
        f"Restore it with `git checkout -- data/{name}` in the course folder, or rebuild it as "
        f"data/README.md describes."
    )
    for d in dirs:
        path = d / name
        if path.is_file():
            got = sha256_of(path)
            if got != sha256:
                raise DataFileError(
                    f"data file {name} at {path} is damaged or edited: its SHA-256 is {got}, "
                    f"expected {sha256}. {restore}"
                )
            return path
    looked = ", ".join(str(d) for d in dirs[:3]) + (" and above" if len(dirs) > 3 else "")
    raise DataFileError(
        f"data file {name} is missing (looked in {looked}). {restore} If the course folder is "
        f"elsewhere, set the environment variable {DATA_ENV} to its data/ folder."
    )


# ------------------------------------------------------------------ co2 (notebook 06) begin
CO2_FILE = "co2_monthly.csv"
CO2_SHA256 = "c5e942281d5c33113d62ce6e9cf41dadf2d22d4b5e86c39dc915184bce1d8451"


def load_co2(folder: str | os.PathLike | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Monthly mean atmospheric CO2 at Mauna Loa, March 1958 to December 2001.

    The file ``data/co2_monthly.csv`` (source, licence and how it was made: ``data/README.md``)
    holds the monthly means of the weekly record that statsmodels ships; five months without any
    weekly value are filled by straight-line interpolation.

    Parameters
    ----------
    folder : path, optional
        Read ``co2_monthly.csv`` from this folder instead of the course's ``data/``.

    Returns
    -------
    months : ndarray of shape (T,), dtype datetime64[M]
        The calendar months, consecutive, T = 526.
    co2 : float64 ndarray of shape (T,)
        CO2 concentration in parts per million (ppm).

    Raises
    ------
    DataFileError
        The file is missing or its SHA-256 differs from the recorded one.
    """
    path = data_path(CO2_FILE, CO2_SHA256, folder)
    lines = path.read_text(encoding="ascii").splitlines()
    rows = [line.split(",") for line in lines[1:]]
    months = np.array([r[0] for r in rows], dtype="datetime64[M]")
    co2 = np.array([float(r[1]) for r in rows], dtype=np.float64)
    return months, co2


# ------------------------------------------------------------------ co2 (notebook 06) end


# ------------------------------------------------------------------ text corpus (notebook 07)
SHAKESPEARE_FILE = "tinyshakespeare.txt.gz"  # gzip keeps the file under the course's 1 MB
SHAKESPEARE_SHA256 = "bf237b9f5a05abe79d7a0caa809b6513fbcbc323e9521a77086d556e4c9bbed8"
SHAKESPEARE_TEXT_SHA256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"
SHAKESPEARE_SPLIT = (0.9, 0.05, 0.05)  # train, validation, test, by position in the text


def load_shakespeare(folder: str | os.PathLike | None = None) -> str:
    """The Tiny Shakespeare corpus: 1,115,394 characters, 65 symbols.

    It is stored gzip-compressed as ``data/tinyshakespeare.txt.gz`` (434 kB). The compressed
    file's SHA-256 is checked first (see `data_path`), and then the text's, which is the hash of
    the original ``input.txt`` in karpathy/char-rnn. data/README.md gives the source, the licence
    and how to rebuild it.

    Parameters
    ----------
    folder : path, optional
        Look only in this folder instead of the course's ``data/``.

    Returns
    -------
    text : str
        The whole text, plays one after another, with speaker names on their own lines.

    Raises
    ------
    DataFileError
        The file is missing, or it or the text inside it differs from the recorded hash.
    """
    path = data_path(SHAKESPEARE_FILE, SHAKESPEARE_SHA256, folder)
    raw = gzip.decompress(path.read_bytes())
    got = hashlib.sha256(raw).hexdigest()
    if got != SHAKESPEARE_TEXT_SHA256:  # only if the recorded hashes themselves were edited
        raise DataFileError(
            f"data file {SHAKESPEARE_FILE}: the text inside has SHA-256 {got}, expected "
            f"{SHAKESPEARE_TEXT_SHA256}. Rebuild it as data/README.md describes."
        )
    return raw.decode("utf-8")


def split_by_position(text: str, fractions=SHAKESPEARE_SPLIT) -> tuple[str, str, str]:
    """Cut `text` into consecutive train, validation and test parts (no shuffling).

    Parameters
    ----------
    text : str of length L
    fractions : (float, float, float)
        Shares of train, validation and test; positive, summing to 1.

    Returns
    -------
    train, val, test : str
        ``text[:a]``, ``text[a:b]``, ``text[b:]`` with a = floor(f_train L), b = a + floor(f_val L).
    """
    text = _check_text("text", text)
    f = np.asarray(fractions, dtype=float)
    if f.shape != (3,) or np.any(f <= 0) or not np.isclose(f.sum(), 1.0):
        raise ValueError(
            f"fractions must be three positive shares (train, validation, test) summing to 1, "
            f"got {fractions!r}"
        )
    a = int(f[0] * len(text))
    b = a + int(f[1] * len(text))
    if not 0 < a < b < len(text):
        raise ValueError(f"text of length {len(text)} is too short to split into three parts")
    return text[:a], text[a:b], text[b:]


def speaker_line_mask(text: str) -> np.ndarray:
    """True for each character of a speaker-name line ("ROMEO:"), its newline included.

    In the corpus a speech starts after a blank line with the speaker's name alone on a line,
    ending in a colon; those are the lines marked.

    Returns
    -------
    mask : bool ndarray of shape (len(text),)
    """
    text = _check_text("text", text)
    mask = np.zeros(len(text), dtype=bool)
    begin, previous_blank = 0, True
    for line in text.split("\n"):
        end = begin + len(line)
        if previous_blank and line.endswith(":"):
            mask[begin : min(end + 1, len(text))] = True
        previous_blank, begin = line == "", end + 1
    return mask


# ------------------------------------------------------------------ end of text corpus (07)
