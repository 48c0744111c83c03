"""Tests for helpers.word2vec, the 01 plots, the word picker widget and the 01 exercise checks.

Training runs on a quarter of the Wikipedia sample (about 117k words, about a second) so the file
stays fast; notebook 01 trains on all of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zlib
from collections import Counter

import numpy as np
import pytest
from gensim.models import KeyedVectors
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import plots, word2vec, word_maps
from helpers.corpora import analogy_questions_path, load_wiki_text
from helpers.widgets import WordPicker
from helpers.word2vec import NotInVocabularyError, Word2VecInputError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def sentences():
    return word2vec.wiki_sentences()


@pytest.fixture(scope="module")
def small(sentences):
    return word2vec.corpus_slice(sentences, 0.25)


@pytest.fixture(scope="module")
def model(small):
    return word2vec.train_word2vec(small, progress=False)


def toy_vectors(table: dict[str, list[float]]) -> KeyedVectors:
    kv = KeyedVectors(vector_size=len(next(iter(table.values()))))
    kv.add_vectors(list(table), np.array(list(table.values()), dtype=np.float32))
    return kv


# --- corpus ---------------------------------------------------------------------------------------


def test_text_to_sentences_lowercases_and_splits_lines():
    text = "The Cat sat.\n\n  \nOn the MAT, in 1999!\n"
    assert word2vec.text_to_sentences(text) == [["the", "cat", "sat"], ["on", "the", "mat", "in"]]


def test_text_to_sentences_rejects_non_text():
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        word2vec.text_to_sentences(b"bytes")


def test_wiki_sentences_are_the_sample_cut_into_lines(sentences):
    n_words = word2vec.count_words(sentences)
    assert 440_000 < n_words < 500_000  # "about 450k words"
    assert sentences == word2vec.text_to_sentences(load_wiki_text())
    assert all(s and all(w == w.lower() for w in s) for s in sentences[:500])


def test_corpus_slice_grows_and_nests(sentences):
    total = word2vec.count_words(sentences)
    previous = []
    for fraction in (0.125, 0.25, 0.5, 1.0):
        part = word2vec.corpus_slice(sentences, fraction)
        assert part[: len(previous)] == previous  # each slice holds the one before
        assert abs(word2vec.count_words(part) - fraction * total) < 2_000
        previous = part
    assert previous == sentences


@pytest.mark.parametrize("fraction", [0, -0.5, 1.5, True, "half", None])
def test_corpus_slice_rejects_bad_fraction(sentences, fraction):
    with pytest.raises(Word2VecInputError, match="fraction must be a number in \\(0, 1\\]"):
        word2vec.corpus_slice(sentences, fraction)


# --- training -------------------------------------------------------------------------------------


def test_stable_hash_is_crc32_and_fixed():
    assert word2vec.stable_hash("king") == zlib.crc32(b"king")
    assert word2vec.stable_hash("é") == zlib.crc32("é".encode())


def test_training_twice_in_one_process_gives_identical_vectors(small, model):
    again = word2vec.train_word2vec(small, progress=False)
    assert again.wv.index_to_key == model.wv.index_to_key
    assert np.array_equal(again.wv.vectors, model.wv.vectors)


def test_settings_change_the_vectors(small, model):
    other = word2vec.train_word2vec(small, progress=False, seed=2)
    assert other.wv.index_to_key == model.wv.index_to_key
    assert not np.array_equal(other.wv.vectors, model.wv.vectors)


_PROCESS_PROGRAM = """
import hashlib, json
from helpers import word2vec
part = word2vec.corpus_slice(word2vec.wiki_sentences(), 0.02)
print(json.dumps({seed: hashlib.sha256(word2vec.train_word2vec(part, progress=False, epochs=2, seed=seed)
                                       .wv.vectors.tobytes()).hexdigest() for seed in (1, 2)}))
"""


def test_training_is_identical_across_processes_with_different_hash_seeds(sentences):
    """Two fresh processes with different PYTHONHASHSEED train the same vectors, equal to this
    process's; a different Word2Vec seed (the control) changes them, so the digest does tell."""
    digests = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run([sys.executable, "-c", _PROCESS_PROGRAM], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=300, check=True)
        digests.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert digests[0] == digests[1]
    assert digests[0]["1"] != digests[0]["2"]
    here = word2vec.train_word2vec(word2vec.corpus_slice(sentences, 0.02), progress=False, epochs=2, seed=1)
    assert hashlib.sha256(here.wv.vectors.tobytes()).hexdigest() == digests[0]["1"]


def test_progress_bar_text_is_the_same_every_run(small, capsys):
    outputs = []
    for _ in range(2):
        word2vec.train_word2vec(small[:300], epochs=3, min_count=1)
        outputs.append(capsys.readouterr().err)
    assert outputs[0] == outputs[1]
    final = outputs[0].split("\r")[-1]
    assert final.startswith("Training Word2Vec: 100%") and final.rstrip().endswith("3/3 epochs")
    assert outputs[0].count("/3 epochs") == 5  # 0, 1, 2, 3 and the final refresh: every step shown
    assert "it/s" not in outputs[0] and "s/it" not in outputs[0] and "<" not in outputs[0]


def test_no_progress_bar_when_switched_off(small, capsys):
    word2vec.train_word2vec(small[:300], epochs=1, min_count=1, progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ("the cat sat", TypeError, "must be a list of sentences"),
        ([], Word2VecInputError, "sentences is empty"),
        (["the cat sat", "on the mat"], TypeError, "sentence 0 must be a list of words"),
        ([["the", 3]], TypeError, "sentence 0 must be a list of words"),
        ([["the", "cat"]] * 3, Word2VecInputError, "only 0 distinct word"),
    ],
)
def test_train_rejects_bad_sentences(bad, error, message):
    with pytest.raises(error, match=message):
        word2vec.train_word2vec(bad, progress=False)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"vector_size": 0}, "vector_size must be a whole number >= 1"),
        ({"epochs": 2.5}, "epochs must be a whole number >= 1"),
        ({"window": True}, "window must be a whole number >= 1"),
        ({"workers": 4}, "workers is fixed by train_word2vec"),
        ({"hashfxn": hash}, "hashfxn is fixed by train_word2vec"),
    ],
)
def test_train_rejects_bad_settings(small, setting, message):
    with pytest.raises(Word2VecInputError, match=message):
        word2vec.train_word2vec(small[:50], progress=False, **setting)


# --- questions to the vectors ---------------------------------------------------------------------


def test_nearest_neighbours_match_gensim_and_are_sorted(model):
    found = word2vec.nearest_neighbours(model, "march", topn=5)
    assert found == [(w, float(s)) for w, s in model.wv.most_similar("march", topn=5)]
    assert [w for w, _ in found] != [] and "march" not in [w for w, _ in found]
    scores = [s for _, s in found]
    assert scores == sorted(scores, reverse=True)
    # a corpus property that holds even on a quarter of the sample: months neighbour months
    months = set(word_maps.CANDIDATE_GROUPS["months"])
    assert len(months & {w for w, _ in found}) >= 2


def test_unknown_word_names_the_word_and_the_fix(model):
    with pytest.raises(NotInVocabularyError) as info:
        word2vec.nearest_neighbours(model, "someunknownplace")
    message = str(info.value)
    assert "'someunknownplace' is not in the vocabulary" in message and "min_count" in message
    assert isinstance(info.value, KeyError)  # catchable like gensim's own error


def test_capitalised_word_suggests_lower_case(model):
    with pytest.raises(NotInVocabularyError, match="try 'march'"):
        word2vec.nearest_neighbours(model, "March")


def test_several_unknown_words_are_all_named(model):
    with pytest.raises(NotInVocabularyError, match="'zzqx', 'qqzx' are not in the vocabulary"):
        word2vec.analogy(model, "zzqx", "march", "qqzx")


def test_non_model_and_non_str_inputs_raise_type_errors(model):
    with pytest.raises(TypeError, match="expected a gensim Word2Vec model or KeyedVectors"):
        word2vec.nearest_neighbours({"a": 1}, "a")
    with pytest.raises(TypeError, match="words must be str"):
        word2vec.nearest_neighbours(model, 3)
    with pytest.raises(Word2VecInputError, match="topn must be a whole number"):
        word2vec.nearest_neighbours(model, "march", topn=0)


def test_analogy_is_vector_arithmetic():
    kv = toy_vectors({"man": [1, 0, 0], "king": [1, 1, 0], "woman": [0, 0, 1], "queen": [0, 1, 1],
                      "apple": [0.5, -1, 0.2]})
    (answer, score), = word2vec.analogy(kv, "man", "king", "woman")
    assert answer == "queen" and score > 0.9  # most_similar works on length-normalised vectors


def test_evaluate_analogies_counts_right_tried_and_skipped(tmp_path):
    kv = toy_vectors({"man": [1, 0, 0], "king": [1, 1, 0], "woman": [0, 0, 1], "queen": [0, 1, 1],
                      "apple": [0.5, -1, 0.2], "pear": [0.4, -1, 0.3]})
    questions = tmp_path / "q.txt"
    questions.write_text(": royals\nman king woman queen\nman king woman apple\n"
                         ": fruit\napple pear man unknownword\nman woman king queen\n")
    report = word2vec.evaluate_analogies(kv, questions)
    assert report.in_file == 4
    assert report.attempted == 3  # the question with 'unknownword' is skipped
    assert report.correct == 2  # queen (twice right), apple (wrong)
    assert report.accuracy == pytest.approx(2 / 3)
    assert report.coverage == pytest.approx(3 / 4)
    assert report.sections == (("royals", 1, 2), ("fruit", 1, 1))


def test_evaluate_on_the_real_question_set(model):
    report = word2vec.evaluate_analogies(model)
    assert report.in_file == 19544  # Mikolov et al.'s questions-words.txt
    assert len(report.sections) == 14
    assert sum(s[2] for s in report.sections) == report.attempted
    assert sum(s[1] for s in report.sections) == report.correct
    score, _ = model.wv.evaluate_word_analogies(str(analogy_questions_path()))
    assert report.accuracy == pytest.approx(score)


def test_analogy_report_from_gensim_sections(model):
    _, sections = model.wv.evaluate_word_analogies(str(analogy_questions_path()))
    assert word2vec.analogy_report(sections) == word2vec.evaluate_analogies(model)
    with pytest.raises(Word2VecInputError, match="sections list returned by gensim"):
        word2vec.analogy_report([{"section": "family", "correct": [], "incorrect": []}])


def test_accuracy_by_corpus_size_grows_and_reuses_full_model(small, model):
    rows = word2vec.accuracy_by_corpus_size(small, (0.25, 0.5, 1.0), full_model=model)
    assert [r.fraction for r in rows] == [0.25, 0.5, 1.0]
    assert [r.words for r in rows] == sorted(r.words for r in rows)
    assert rows[-1].words == word2vec.count_words(small)
    assert rows[0].vocabulary < rows[1].vocabulary < rows[2].vocabulary == len(model.wv)
    assert rows[0].report.attempted <= rows[1].report.attempted <= rows[2].report.attempted
    assert rows[-1].report == word2vec.evaluate_analogies(model)


# --- groups and projections -----------------------------------------------------------------------


def test_separation_scores_tell_clusters_from_mixtures():
    rng = np.random.default_rng(0)
    centres = {"a": np.array([5.0, 0, 0, 0]), "b": np.array([0, 5.0, 0, 0]), "c": np.array([0, 0, 5.0, 0])}
    table = {f"{g}{i}": (c + rng.normal(0, 0.3, 4)).tolist() for g, c in centres.items() for i in range(5)}
    table.update({f"m{i}": rng.normal(0, 1, 4).tolist() for i in range(10)})
    kv = toy_vectors(table)
    groups = {g: [f"{g}{i}" for i in range(5)] for g in centres}
    clear = word_maps.separation_scores(kv, groups)
    assert all(score > 0.8 for score in clear.values())
    mixed = word_maps.separation_scores(kv, {"m1": [f"m{i}" for i in range(0, 10, 2)],
                                            "m2": [f"m{i}" for i in range(1, 10, 2)]})
    assert all(score < 0.3 for score in mixed.values())


def test_separation_errors(model):
    with pytest.raises(Word2VecInputError, match="at least two groups"):
        word_maps.separation_scores(model, {"months": ["march", "april"]})
    with pytest.raises(Word2VecInputError, match="appear more than once"):
        word_maps.separation_scores(model, {"x": ["march", "april"], "y": ["march", "three"]})
    with pytest.raises(NotInVocabularyError, match="'zzqx'"):
        word_maps.separation_scores(model, {"x": ["march", "zzqx"], "y": ["one", "two"]})


@pytest.mark.parametrize("method", word_maps.PROJECTIONS)
def test_projection_shape_and_determinism(model, method):
    words = ["one", "two", "three", "four", "march", "april", "june", "july"]
    first = word_maps.project_words(model, words, method)
    assert first.shape == (8, 2) and np.isfinite(first).all()
    assert np.array_equal(first, word_maps.project_words(model, words, method))


def test_pca_projection_is_sklearn_pca(model):
    from sklearn.decomposition import PCA

    words = ["one", "two", "three", "march", "april"]
    expected = PCA(n_components=2, random_state=0).fit_transform(model.wv[words].astype(np.float64))
    assert np.allclose(word_maps.project_words(model, words, "PCA"), expected)


def test_projection_errors(model):
    with pytest.raises(Word2VecInputError, match="t-SNE needs at least 4 words to place, got 2"):
        word_maps.project_words(model, ["one", "two"], "t-SNE")
    with pytest.raises(Word2VecInputError, match="PCA needs at least 2 words"):
        word_maps.project_words(model, ["one"], "PCA")
    with pytest.raises(Word2VecInputError, match="method must be one of"):
        word_maps.project_words(model, ["one", "two"], "pca")
    with pytest.raises(NotInVocabularyError, match="'zzqx'"):
        word_maps.project_words(model, ["one", "two", "zzqx"], "PCA")


# --- sizes, saving ----------------------------------------------------------------------------------


def test_embedding_parameters():
    assert word2vec.embedding_parameters(50257, 768) == 50257 * 768


@pytest.mark.parametrize(("vocab", "dim"), [(0, 768), (50257, -1), (50257, 7.5), (True, 3)])
def test_embedding_parameters_reject_bad_sizes(vocab, dim):
    with pytest.raises(Word2VecInputError, match="must be a whole number >= 1"):
        word2vec.embedding_parameters(vocab, dim)


def test_save_and_load_vectors_in_word2vec_text_format(model, tmp_path):
    path = word2vec.save_vectors(model, tmp_path / "vectors.txt")
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"{len(model.wv)} {model.wv.vector_size}"
    loaded = word2vec.load_vectors(path)
    assert loaded.index_to_key == model.wv.index_to_key
    assert np.allclose(loaded.vectors, model.wv.vectors, atol=1e-6)
    with pytest.raises(FileNotFoundError, match="no vectors file at"):
        word2vec.load_vectors(tmp_path / "missing.txt")


# --- context pairs ----------------------------------------------------------------------------------


def test_context_pairs_small_example():
    assert word2vec.context_pairs(["a", "b", "c"], 1) == [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")]
    assert word2vec.context_pairs(["a"], 3) == []
    with pytest.raises(TypeError, match="not one str"):
        word2vec.context_pairs("a b c", 1)
    with pytest.raises(Word2VecInputError, match="window must be"):
        word2vec.context_pairs(["a", "b"], 0)


@settings(deadline=None, max_examples=60)
@given(words=st.lists(st.sampled_from(["the", "cat", "sat", "on", "mat", "a"]), max_size=12),
       window=st.integers(1, 5))
def test_context_pairs_properties(words, window):
    pairs = word2vec.context_pairs(words, window)
    n = len(words)
    assert len(pairs) == sum(min(i, window) + min(n - 1 - i, window) for i in range(n))
    counts = Counter(pairs)
    assert counts == Counter((b, a) for a, b in pairs)  # every pair also appears reversed


# --- the word picker --------------------------------------------------------------------------------


def test_pick_words_and_parse(model):
    assert word_maps.parse_word_list(" King, queen  paris,,KING ") == ["king", "queen", "paris"]
    groups = {"numbers": ["one", "two", "three"], "months": ["march", "april"]}
    picked = word_maps.pick_words(model, groups, ["months"], "one, zzqx, March")
    assert picked.words == ("march", "april", "one")
    assert picked.labels == ("months", "months", "your words")
    assert picked.unknown == ("zzqx",)
    with pytest.raises(Word2VecInputError, match="no group named 'arts'"):
        word_maps.pick_words(model, groups, ["arts"])


def test_word_picker_driven_from_python(model):
    groups = {"numbers": ["one", "two", "three", "four"], "months": ["march", "april", "june", "july"]}
    picker = WordPicker(model, groups, chosen=("numbers",), method="PCA")
    assert picker.selection.words == ("one", "two", "three", "four")
    assert picker.xy.shape == (4, 2)
    assert "<svg" in picker.view.value and "PCA map of: one, two, three, four" in picker.view.value
    assert "4 words from 1 group(s), placed with PCA" in picker.status.value

    picker.groups.value = ("numbers", "months")
    picker.extra.value = "paris, zzqx"
    assert picker.selection.words[-1] == "paris" and len(picker.selection.words) == 9
    assert picker.xy.shape == (9, 2)
    assert np.allclose(picker.xy, word_maps.project_words(model, picker.selection.words, "PCA"))
    assert "Not in the vocabulary: &#x27;zzqx&#x27;" in picker.status.value

    picker.method.value = "t-SNE"
    assert np.array_equal(picker.xy, word_maps.project_words(model, picker.selection.words, "t-SNE"))
    assert "placed with t-SNE" in picker.status.value
    assert repr(picker) == "WordPicker(groups=['numbers', 'months'], extra='paris, zzqx', method='t-SNE')"

    picker.groups.value = ()
    picker.extra.value = "one"
    assert picker.xy is None and picker.view.value == ""
    assert "t-SNE needs at least 4 words to place, got 1" in picker.status.value


def test_word_picker_rejects_impossible_settings(model):
    with pytest.raises(Word2VecInputError, match="no group named 'arts'"):
        WordPicker(model, {"numbers": ["one", "two"]}, chosen=("arts",))
    with pytest.raises(Word2VecInputError, match="method must be one of"):
        WordPicker(model, {"numbers": ["one", "two"]}, method="UMAP")


# --- plots ------------------------------------------------------------------------------------------


def test_word_map_draws_one_point_per_word_and_a_legend(model):
    import matplotlib.pyplot as plt

    words = ["one", "two", "march", "april"]
    xy = word_maps.project_words(model, words, "PCA")
    ax = plots.draw_word_map(xy, words, ["numbers", "numbers", "months", "months"], title="t").axes[0]
    offsets = np.vstack([c.get_offsets() for c in ax.collections])
    assert np.allclose(sorted(map(tuple, offsets)), sorted(map(tuple, xy)))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["numbers (2)", "months (2)"]
    assert [t.get_text() for t in ax.texts] == words
    plt.close(ax.figure)


def test_accuracy_and_model_figures_are_drawn():
    import matplotlib.pyplot as plt

    fig = plots.draw_accuracy_by_corpus_size([1000, 2000], [0.0, 0.02], [10, 40], 100)
    left, right = fig.axes
    assert list(left.lines[0].get_ydata()) == [0.0, 2.0]
    assert list(right.lines[0].get_ydata()) == [10, 40]
    plt.close(fig)
    fig = plots.draw_embedding_models([("text", "x", "m", [0.123, -1.0, 2.0]), ("audio", "y", "n", None)])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "0.12" in texts and "-1.00" in texts and "audio" in texts
    plt.close(fig)
