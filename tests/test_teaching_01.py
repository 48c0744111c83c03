"""Notebook 01's own code equals the ``helpers`` version it stands for, and its exercise checks judge
right, wrong and unanswered answers.

The notebook builds ``context_pairs``, cuts the Wikipedia sample into sentences and trains Word2Vec in
cells tagged ``teaching`` (and ``teaching-training`` for the training cell, which this test runs on a
slice of the corpus); ``helpers.word2vec`` holds the same steps for the tests and the word picker.
"""

from __future__ import annotations

import numpy as np
import pytest
from gensim.models import Word2Vec
from gensim.utils import simple_preprocess
from teaching import teaching_namespace

from helpers.corpora import load_wiki_text
from helpers.exercises import check_cosine
from helpers.word2vec import EpochProgress, context_pairs, corpus_slice, train_word2vec, wiki_sentences

NOTEBOOK = "01_embeddings_and_word2vec.ipynb"


@pytest.fixture(scope="module")
def taught():
    # what the notebook's import cell gives the teaching cells (teaching_namespace adds the captions)
    return teaching_namespace(NOTEBOOK, load_wiki_text=load_wiki_text, simple_preprocess=simple_preprocess)


def test_context_pairs_equal_the_helpers_version(taught):
    sentence = taught["sentence"]
    for window in (1, 2, 5, 20):
        assert taught["context_pairs"](sentence, window) == context_pairs(sentence, window)
    words = wiki_sentences()[0]
    assert taught["context_pairs"](words, 5) == context_pairs(words, 5)


def test_sentences_equal_the_helpers_version(taught):
    assert taught["sentences"] == wiki_sentences()


def test_training_cell_gives_the_helpers_vectors(taught):
    """The notebook's training call (without the hash function helpers pass for older gensim) gives
    train_word2vec's vectors, number for number, on the first 5% of the corpus."""
    small = corpus_slice(taught["sentences"], 0.05)
    ours = teaching_namespace(NOTEBOOK, tag="teaching-training", sentences=small, Word2Vec=Word2Vec,
                              EpochProgress=EpochProgress)["model"]
    theirs = train_word2vec(small, progress=False)
    assert ours.wv.index_to_key == theirs.wv.index_to_key
    assert np.array_equal(ours.wv.vectors, theirs.wv.vectors)


def says(feedback, *parts):
    return all(part in str(feedback) for part in parts)


def test_check_cosine():
    def cosine(u, v):
        return np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v))

    assert check_cosine(cosine)
    assert check_cosine(lambda u, v: float(u @ v) / float(np.sqrt(u @ u) * np.sqrt(v @ v)))
    assert says(check_cosine(...), "no answer yet")
    assert says(check_cosine(lambda u, v: None), "returns None")
    assert says(check_cosine(np.dot), "the dot product itself")
    assert says(check_cosine(lambda u, v: np.dot(u, v) / np.linalg.norm(u)), "one length only")
    assert says(check_cosine(lambda u, v: np.dot(u, v) / (np.linalg.norm(u) + np.linalg.norm(v))),
                "expected")
    assert says(check_cosine(lambda u, v: u.nope), "raised AttributeError")
    assert says(check_cosine(0.5), "expected a function")


def test_word_map_labels_overlap_nothing():
    """The word maps label every point and no label covers another label, a point or the legend."""
    import itertools

    import matplotlib

    matplotlib.use("Agg")
    from helpers.plots import draw_word_map

    rng = np.random.default_rng(0)
    centres = [(0, 0), (0.6, 0.2), (5, 5), (-4, 3)]
    xy = np.vstack([c + rng.normal(scale=0.25, size=(9, 2)) for c in centres])
    words = [f"word{i:02d}" for i in range(len(xy))]
    labels = [f"group {i // 9}" for i in range(len(xy))]
    fig = draw_word_map(xy, words, labels, title="crowded")
    fig.canvas.draw()
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert sorted(t.get_text() for t in ax.texts) == words
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    legend = ax.get_legend().get_window_extent(renderer)
    assert not any(box.overlaps(legend) for box in boxes)
    points = ax.transData.transform(xy)
    assert not any(box.contains(*p) for box in boxes for p in points)
