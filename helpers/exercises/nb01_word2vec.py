"""Checks for notebook 01, embeddings and Word2Vec."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong

CONTEXT_SENTENCE = "the cat sat on the mat"


@check
def check_context_pairs(answer) -> Feedback:
    """Exercise: every (centre, context) pair of CONTEXT_SENTENCE with window=1."""
    from collections import Counter

    from ..word2vec import context_pairs

    try:
        given = Counter((str(c), str(w)) for c, w in answer)
    except (TypeError, ValueError):
        return wrong(f"expected a list of (centre, context) pairs, got {answer!r:.80}.",
                     "Write pairs as tuples, e.g. [('the', 'cat'), ('cat', 'the'), ...].")
    truth = Counter(context_pairs(CONTEXT_SENTENCE.split(), 1))
    if given == truth:
        return right(f"all {sum(truth.values())} pairs: the end words have one neighbour, the others two.")
    missing, extra = truth - given, given - truth
    if any(c == w for c, w in extra):
        return wrong("a word is never its own context.", "Pair each word only with its neighbours.")
    if missing:
        return wrong(f"{sum(missing.values())} pair(s) missing, e.g. {sorted(missing)[0]}.",
                     "Go word by word; with window=1 a word's context is the word before and the word after. "
                     "'the' appears twice and each time has its own pairs.")
    return wrong(f"{sum(extra.values())} pair(s) too many, e.g. {sorted(extra)[0]}.",
                 "With window=1, only the words directly next to the centre word count.")


@check
def check_analogy_arithmetic(answer) -> Feedback:
    """Exercise: the vector arithmetic for "man is to king as woman is to ?"."""
    if not isinstance(answer, dict) or set(answer) != {"positive", "negative"}:
        return wrong("expected a dict with two keys, 'positive' and 'negative', each a list of words.",
                     "For example {'positive': ['a', 'b'], 'negative': ['c']}.")
    try:
        positive = sorted(str(w).lower() for w in answer["positive"])
        negative = sorted(str(w).lower() for w in answer["negative"])
    except TypeError:
        return wrong("'positive' and 'negative' must each be a list of words.", "Use lists of str.")
    if positive == ["king", "woman"] and negative == ["man"]:
        return right("king - man + woman: take 'king', remove what 'man' adds, add 'woman'.")
    if positive == ["man", "woman"] and negative == ["king"]:
        return wrong("that computes man - king + woman.", "Start from 'king'; the word to subtract is 'man'.")
    if "queen" in positive or "queen" in negative:
        return wrong("'queen' is the answer we are looking for, so it cannot be part of the question.",
                     "Use only king, man and woman.")
    return wrong(f"positive={positive}, negative={negative} is not king - man + woman.",
                 "Two words are added (positive) and one is subtracted (negative).")


@check
def check_gpt2_medium_embedding(answer) -> Feedback:
    """Exercise: weights in GPT-2 medium's token embedding matrix (vocabulary 50257, 1024 dims)."""
    from ..word2vec import GPT_VOCAB_SIZE, embedding_parameters

    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return wrong(f"expected a number, got {type(answer).__name__}.", "Multiply two whole numbers.")
    truth = embedding_parameters(GPT_VOCAB_SIZE, 1024)
    if answer == truth:
        return right(f"{GPT_VOCAB_SIZE} rows x 1024 numbers = {truth:,} weights (about {truth / 1e6:.1f}M).")
    if answer == GPT_VOCAB_SIZE + 1024:
        return wrong("you added the two sizes.", "Each of the 50257 rows holds 1024 numbers: multiply.")
    if answer == embedding_parameters(GPT_VOCAB_SIZE, 768):
        return wrong("that is GPT-2 small's matrix (768 dimensions).", "GPT-2 medium uses 1024 dimensions.")
    return wrong(f"{answer:,} is not the size of a 50257 x 1024 matrix.",
                 "Weights = vocabulary size x embedding dimension.")
