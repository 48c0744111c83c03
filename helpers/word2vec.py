"""Word2Vec on the Wikipedia sample: train, ask for neighbours and analogies, score, project to 2-D.

Notebook 01 teaches the idea; this module holds the same steps as plain functions so tests and the
word picker can use them.

* ``wiki_sentences()`` cuts the sample into sentences of lower-case words (gensim's ``simple_preprocess``).
* ``train_word2vec()`` trains gensim's ``Word2Vec`` reproducibly: one worker (several threads update
  the vectors in a varying order), a fixed seed, and ``stable_hash`` (built on ``zlib.crc32``) as
  ``hashfxn``. gensim 4.4 draws the starting vectors from NumPy's generator seeded with ``seed`` and
  uses ``hashfxn`` only in its deprecated ``seeded_vector``; older gensim seeded each word from
  ``hashfxn(word)``, and Python's ``hash`` changes per process unless ``PYTHONHASHSEED`` is fixed, so
  the stable hash keeps runs identical there too. Tests check two processes with different
  ``PYTHONHASHSEED`` agree. A tqdm bar shows the epochs; its text holds no timings, so a stored
  notebook output is the same on every run.
* Other CPUs give slightly different vectors: gensim's training calls BLAS (``sdot``, ``saxpy``), whose
  kernel OpenBLAS picks per CPU, and each kernel rounds differently; training amplifies the last-bit
  differences (up to about 1e-3 in a cosine after 20 epochs). Notebook 01 prints only what such
  differences cannot change, and ``tests/test_word2vec_stability.py`` guards it.
* ``nearest_neighbours()``, ``analogy()``: questions to the trained vectors; a word the model never
  learned raises ``NotInVocabularyError`` naming the word.
* ``evaluate_analogies()``: gensim's ``evaluate_word_analogies`` on ``questions-words.txt``;
  ``accuracy_by_corpus_size()`` repeats it for growing slices of the corpus.
* ``embedding_parameters()``, ``GPT_EMBEDDING_SIZES``: the size of an LLM's embedding matrix.
* ``save_vectors()`` / ``load_vectors()``: gensim's plain word2vec text format (never pickle).
"""

from __future__ import annotations

import sys
import threading
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gensim.models import KeyedVectors, Word2Vec
from gensim.models.callbacks import CallbackAny2Vec
from gensim.utils import simple_preprocess
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from . import checks
from .checks import positive_int
from .corpora import analogy_questions_path, load_wiki_text
from .i18n import gettext as _

# The settings notebook 01 uses: CBOW (predict a word from its neighbours), 100 dimensions, a context
# of 5 words on each side, words seen at least 5 times, 20 passes. With 5 passes the vectors are
# under-trained on this small corpus (almost every cosine is 0.9 or more, "football" sits next to
# "bank"); with 20 the neighbours make sense and the analogy score about triples. Skip-gram (sg=1)
# is about 3x slower and, on this small corpus, no better.
DEFAULT_SETTINGS = {
    "vector_size": 100,
    "window": 5,
    "min_count": 5,
    "sg": 0,
    "alpha": 0.05,
    "epochs": 20,
    "seed": 1,
}

# Embedding sizes of the models the notes name (name, total parameters, embedding dimension). GPT-2
# and GPT-3 share one BPE vocabulary of 50,257 tokens. GPT-2 small: the released weights have
# 124,439,808 parameters (notebook 07 counts them); its paper (Radford et al., 2019, Table 2) says
# 117M, counted differently. GPT-3's weights were never released: 125M and 175B are its paper's
# figures (Brown et al., 2020, Table 2.1).
GPT_VOCAB_SIZE = 50257
GPT_EMBEDDING_SIZES: list[tuple[str, int, int]] = [
    ("GPT-2 small", 124_439_808, 768),
    ("GPT-3 small", 125_000_000, 768),
    ("GPT-3 175B", 175_000_000_000, 12288),
]


class NotInVocabularyError(KeyError):
    """A word the model never learned (too rare in the corpus, or not in it at all)."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


class Word2VecInputError(ValueError):
    """Training data or settings that Word2Vec cannot learn from."""


def stable_hash(text: str) -> int:
    """A hash of ``text`` that is the same in every Python process (``hash()`` is not).

    Passed to gensim as ``hashfxn`` (gensim's default is ``hash``), so nothing in training can
    depend on ``PYTHONHASHSEED`` (see the module docstring for what gensim 4.4 uses it for).
    """
    return zlib.crc32(text.encode("utf-8"))


def text_to_sentences(text: str) -> list[list[str]]:
    """Each non-empty line of ``text`` as a list of lower-case words (accents kept, 1-30 letters)."""
    checks.text(text, message="{name} must be a str, not {type}.", hint="Fix: pass the text itself.")
    sentences = []
    for line in text.splitlines():
        words = simple_preprocess(line, min_len=1, max_len=30)
        if words:
            sentences.append(words)
    return sentences


def wiki_sentences() -> list[list[str]]:
    """The Wikipedia sample (``helpers.corpora.load_wiki_text()``) as sentences of words (one per line)."""
    return text_to_sentences(load_wiki_text())


def count_words(sentences: Iterable[Sequence[str]]) -> int:
    return sum(len(s) for s in sentences)


def corpus_slice(sentences: Sequence[Sequence[str]], fraction: float) -> list[Sequence[str]]:
    """The first sentences holding about ``fraction`` of all words (slices grow, each holds the last)."""
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction <= 1:
        raise Word2VecInputError(
            f"fraction must be a number in (0, 1], got {fraction!r}. Fix: use e.g. 0.25 for a quarter."
        )
    goal = fraction * count_words(sentences)
    taken, words = [], 0
    for sentence in sentences:
        if words >= goal:
            break
        taken.append(sentence)
        words += len(sentence)
    return taken


# gensim 4.4 is built with Cython 3, which reads a BLAS dot product of exactly -1.0 as an error
# signal: gensim then prints this line (with no exception behind it) and uses 0 for that one product
# (gensim issue #3642). Whether a product lands on exactly -1.0 depends on the CPU's rounding, so the
# line appears on some machines and not on others; it says nothing a learner can act on.
GENSIM_DOT_NOTICE = "Exception ignored in: 'gensim.models.word2vec_inner.our_dot_float'\n"


class GensimNoticeFilter:
    """A stand-in for ``sys.stderr`` that drops ``GENSIM_DOT_NOTICE`` and passes everything else on.

    CPython writes the notice in pieces from gensim's worker thread, so each thread's pieces are held
    back while they could still become the notice, then dropped (counted in ``dropped``) or passed on.
    """

    def __init__(self, stream):
        self.stream = stream
        self.dropped = 0
        self._held: dict[int, str] = {}
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        thread = threading.get_ident()
        with self._lock:
            held = self._held.pop(thread, "") + text
            if held == GENSIM_DOT_NOTICE:
                self.dropped += 1
                return len(text)
            if GENSIM_DOT_NOTICE.startswith(held):
                self._held[thread] = held
                return len(text)
        self.stream.write(held)
        return len(text)

    def release(self) -> None:
        """Pass on whatever is still held back (pieces that never became the notice)."""
        with self._lock:
            held, self._held = "".join(self._held.values()), {}
        if held:
            self.stream.write(held)

    def __getattr__(self, name):  # flush, fileno, encoding, ...: the real stream's
        return getattr(self.stream, name)


class QuietTraining(CallbackAny2Vec):
    """Hides ``GENSIM_DOT_NOTICE`` while gensim trains, so output is the same on every CPU."""

    def on_train_begin(self, model):
        self.stderr_filter = GensimNoticeFilter(sys.stderr)
        sys.stderr = self.stderr_filter

    def on_train_end(self, model):
        if sys.stderr is self.stderr_filter:
            sys.stderr = self.stderr_filter.stream
        self.stderr_filter.release()


class EpochProgress(QuietTraining):
    """A tqdm bar that advances once per training epoch (and ``QuietTraining``'s filter).

    Its text has no timings or rates and every step is printed (``mininterval=0``), so the stored
    output of a notebook cell is identical on every run.
    """

    def __init__(self, epochs: int, desc: str | None = None, file=None):
        self.epochs = epochs
        self.desc = desc or _("Training Word2Vec")
        self.file = file
        self.bar = None

    def on_train_begin(self, model):
        super().on_train_begin(model)
        self.bar = tqdm(
            total=self.epochs, desc=self.desc, unit="epoch", file=self.file or self.stderr_filter.stream,
            ncols=70, mininterval=0, miniters=1, ascii=False,
            bar_format=_("{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} epochs"),
        )

    def on_epoch_end(self, model):
        self.bar.update(1)

    def on_train_end(self, model):
        self.bar.close()
        self.bar.fp.flush()  # all of the bar is out before anything the cell prints next
        super().on_train_end(model)


def _check_sentences(sentences) -> None:
    if isinstance(sentences, str) or not isinstance(sentences, Sequence):
        raise TypeError(
            f"sentences must be a list of sentences, each a list of words, not {type(sentences).__name__}. "
            "Fix: use helpers.word2vec.text_to_sentences(text) to cut a text into sentences."
        )
    if not sentences:
        raise Word2VecInputError("sentences is empty: there is nothing to learn from. Fix: pass some text.")
    for i, sentence in enumerate(sentences):
        if isinstance(sentence, str) or not all(isinstance(w, str) for w in sentence):
            raise TypeError(
                f"sentence {i} must be a list of words (str), got {sentence!r:.60}. "
                "Fix: split each sentence into words, e.g. with helpers.word2vec.text_to_sentences(text)."
            )


# How a count such as topn or window is checked here: one error class and one sentence for both a
# wrong type and a value below 1.
_COUNT = dict(error=Word2VecInputError, type_error=Word2VecInputError,
              message="{name} must be a whole number >= 1, got {value!r}.")


def train_word2vec(sentences: Sequence[Sequence[str]], *, progress: bool = True, **settings) -> Word2Vec:
    """Train gensim's Word2Vec reproducibly (one worker, fixed seed, ``stable_hash``).

    ``settings`` override ``DEFAULT_SETTINGS`` (any ``Word2Vec`` argument except ``workers`` and
    ``hashfxn``, which reproducibility fixes). ``progress`` shows a tqdm bar on stderr.
    """
    _check_sentences(sentences)
    for fixed in ("workers", "hashfxn", "sentences", "corpus_file"):
        if fixed in settings:
            raise Word2VecInputError(
                f"{fixed} is fixed by train_word2vec (for reproducible runs); leave it out."
            )
    params = {**DEFAULT_SETTINGS, **settings}
    for name in ("vector_size", "window", "min_count", "epochs"):
        positive_int(params[name], name, **_COUNT)
    counts: dict[str, int] = {}
    for sentence in sentences:
        for word in sentence:
            counts[word] = counts.get(word, 0) + 1
    kept = sum(1 for c in counts.values() if c >= params["min_count"])
    if kept < 2:
        raise Word2VecInputError(
            f"only {kept} distinct word(s) appear at least min_count={params['min_count']} times in "
            f"{count_words(sentences)} words, so there is almost nothing to learn. "
            "Fix: give more text or lower min_count."
        )
    callbacks = [EpochProgress(params["epochs"]) if progress else QuietTraining()]
    return Word2Vec(sentences, workers=1, hashfxn=stable_hash, callbacks=callbacks, **params)


def keyed_vectors(model) -> KeyedVectors:
    """Accept a trained Word2Vec model or its KeyedVectors."""
    if isinstance(model, Word2Vec):
        return model.wv
    if isinstance(model, KeyedVectors):
        return model
    raise TypeError(f"expected a gensim Word2Vec model or KeyedVectors, not {type(model).__name__}.")


def require_words(model, words: Iterable[str]) -> None:
    """Raise ``NotInVocabularyError`` naming every word the model does not know."""
    wv = keyed_vectors(model)
    for word in words:
        if not isinstance(word, str):
            raise TypeError(f"words must be str, got {word!r} ({type(word).__name__}).")
    missing = [w for w in words if w not in wv.key_to_index]
    if missing:
        shown = ", ".join(repr(w) for w in missing)
        lower = [w for w in missing if w.lower() != w and w.lower() in wv.key_to_index]
        hint = (
            f" The model's words are lower case: try {', '.join(repr(w.lower()) for w in lower)}."
            if lower else
            " It learns only words seen at least min_count times. Fix: check with `word in model.wv`, "
            "pick a more common word, or train on more text / with a lower min_count."
        )
        raise NotInVocabularyError(
            f"{shown} {'is' if len(missing) == 1 else 'are'} not in the vocabulary "
            f"({len(wv)} words).{hint}"
        )


def nearest_neighbours(model, word: str, topn: int = 5) -> list[tuple[str, float]]:
    """The ``topn`` words whose vectors are closest to ``word``'s (cosine similarity)."""
    require_words(model, [word])
    positive_int(topn, "topn", **_COUNT)
    return [(w, float(s)) for w, s in keyed_vectors(model).most_similar(word, topn=topn)]


def analogy(model, a: str, b: str, c: str, topn: int = 1) -> list[tuple[str, float]]:
    """"``a`` is to ``b`` as ``c`` is to ?": the words nearest to vector(b) - vector(a) + vector(c)."""
    require_words(model, [a, b, c])
    positive_int(topn, "topn", **_COUNT)
    found = keyed_vectors(model).most_similar(positive=[b, c], negative=[a], topn=topn)
    return [(w, float(s)) for w, s in found]


@dataclass(frozen=True)
class AnalogyReport:
    """The score on the analogy questions; questions with a word the model lacks are skipped."""

    correct: int
    attempted: int
    in_file: int
    sections: tuple[tuple[str, int, int], ...]  # (section, correct, attempted)

    @property
    def accuracy(self) -> float:
        """Share of the attempted questions answered right."""
        return self.correct / self.attempted if self.attempted else 0.0

    @property
    def coverage(self) -> float:
        """Share of the file's questions the model could attempt (all four words known)."""
        return self.attempted / self.in_file


def count_analogy_questions(path: Path | str | None = None) -> int:
    path = Path(path) if path is not None else analogy_questions_path()
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip() and not line.startswith(":"))


def evaluate_analogies(model, path: Path | str | None = None) -> AnalogyReport:
    """gensim's ``evaluate_word_analogies`` on ``questions-words.txt`` (or ``path``)."""
    wv = keyed_vectors(model)
    path = Path(path) if path is not None else analogy_questions_path()
    # Thousands of tiny matrix products: one BLAS thread is faster than two fighting for the cores.
    with threadpool_limits(limits=1):
        _, sections = wv.evaluate_word_analogies(str(path))
    return analogy_report(sections, path)


def analogy_report(sections: Sequence[Mapping], path: Path | str | None = None) -> AnalogyReport:
    """An ``AnalogyReport`` from the ``sections`` that gensim's ``evaluate_word_analogies`` returns
    (``path``: the question file it read, to count all its questions)."""
    if not sections or sections[-1].get("section") != "Total accuracy":
        raise Word2VecInputError("expected the sections list returned by gensim's evaluate_word_analogies.")
    parts = tuple(
        (s["section"], len(s["correct"]), len(s["correct"]) + len(s["incorrect"]))
        for s in sections if s["section"] != "Total accuracy"
    )
    total = next(s for s in sections if s["section"] == "Total accuracy")
    return AnalogyReport(
        correct=len(total["correct"]),
        attempted=len(total["correct"]) + len(total["incorrect"]),
        in_file=count_analogy_questions(path),
        sections=parts,
    )


@dataclass(frozen=True)
class SizeRow:
    fraction: float
    words: int
    vocabulary: int
    report: AnalogyReport


def accuracy_by_corpus_size(
    sentences: Sequence[Sequence[str]],
    fractions: Sequence[float] = (0.125, 0.25, 0.5, 1.0),
    *,
    full_model=None,
    **settings,
) -> list[SizeRow]:
    """Train on growing slices of ``sentences`` and score each on the analogy questions.

    ``full_model``: a model already trained on all of ``sentences`` with the same settings; it is
    used for fraction 1 instead of training again.
    """
    _check_sentences(sentences)
    rows = []
    for fraction in fractions:
        part = corpus_slice(sentences, fraction)
        if fraction == 1 and full_model is not None:
            model = full_model
        else:
            model = train_word2vec(part, progress=False, **settings)
        wv = keyed_vectors(model)
        rows.append(SizeRow(fraction, count_words(part), len(wv), evaluate_analogies(wv)))
    return rows


def embedding_parameters(vocab_size: int, dim: int) -> int:
    """Weights in an embedding matrix: one row of ``dim`` numbers per vocabulary entry."""
    positive_int(vocab_size, "vocab_size", **_COUNT)
    positive_int(dim, "dim", **_COUNT)
    return int(vocab_size) * int(dim)


def save_vectors(model, path: Path | str) -> Path:
    """Write the vectors in gensim's plain-text word2vec format (readable, no pickle)."""
    path = Path(path)
    keyed_vectors(model).save_word2vec_format(str(path), binary=False)
    return path


def load_vectors(path: Path | str) -> KeyedVectors:
    """Read vectors written by ``save_vectors`` (or any word2vec text file)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no vectors file at {path}. Fix: save one first with save_vectors(model, path)."
        )
    return KeyedVectors.load_word2vec_format(str(path), binary=False)


def context_pairs(words: Sequence[str], window: int) -> list[tuple[str, str]]:
    """Every (centre word, context word) pair Word2Vec learns from: neighbours up to ``window`` away.

    Skip-gram predicts each context word from the centre word; CBOW predicts the centre word from
    all its context words together. Both learn from exactly these pairs.
    """
    positive_int(window, "window", **_COUNT)
    if isinstance(words, str):
        raise TypeError("words must be a list of words, not one str. Fix: split it first, e.g. text.split().")
    words = list(words)
    pairs = []
    for i, centre in enumerate(words):
        for j in range(max(0, i - window), min(len(words), i + window + 1)):
            if j != i:
                pairs.append((centre, words[j]))
    return pairs
