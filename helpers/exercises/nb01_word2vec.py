"""Checks for notebook 01, embeddings and Word2Vec."""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real

from ..i18n import gettext as _
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
        return wrong(_("expected a list of (centre, context) pairs, got {answer!r:.80}.").format(
            answer=answer),
                     _("Write pairs as tuples, e.g. [('the', 'cat'), ('cat', 'the'), ...]."))
    truth = Counter(context_pairs(CONTEXT_SENTENCE.split(), 1))
    if given == truth:
        return right(_("all {count} pairs: the end words have one neighbour, the others two.").format(
            count=sum(truth.values())))
    missing, extra = truth - given, given - truth
    if any(c == w for c, w in extra):
        return wrong(_("a word is never its own context."), _("Pair each word only with its neighbours."))
    if missing:
        return wrong(_("{count} pair(s) missing, e.g. {pair}.").format(count=sum(missing.values()),
                                                                       pair=sorted(missing)[0]),
                     _("Go word by word; with window=1 a word's context is the word before and the word "
                       "after. 'the' appears twice and each time has its own pairs."))
    return wrong(_("{count} pair(s) too many, e.g. {pair}.").format(count=sum(extra.values()),
                                                                    pair=sorted(extra)[0]),
                 _("With window=1, only the words directly next to the centre word count."))


@check
def check_cosine(answer) -> Feedback:
    """Exercise: a function ``cosine(u, v)``, the cosine similarity of two vectors."""
    import numpy as np

    if not callable(answer):
        return wrong(_("expected a function, got {name}.").format(name=type(answer).__name__),
                     _("Pass the function itself: check_cosine(cosine), without brackets after cosine."))
    cases = [([1.0, 0.0], [0.0, 2.0], 0.0), ([1.0, 2.0], [2.0, 4.0], 1.0), ([3.0, 4.0], [-3.0, -4.0], -1.0),
             ([1.0, 2.0, 2.0], [2.0, 1.0, 2.0], 8 / 9)]
    for u, v, truth in cases:
        try:
            got = answer(np.array(u), np.array(v))
            if got is None:
                return wrong(_("your function returns None."),
                             _("Replace the `...` with code and end it with `return` and the similarity."))
            got = float(got)
        except Exception as err:  # noqa: BLE001 - any error in the learner's code is feedback
            return wrong(_("cosine({u}, {v}) raised {name}: {err}.").format(u=u, v=v,
                                                                            name=type(err).__name__, err=err),
                         _("Use NumPy on the two arrays: np.dot and np.linalg.norm."))
        if not np.isclose(got, truth):
            dot = float(np.dot(u, v))
            if np.isclose(got, dot):
                return wrong(_("cosine({u}, {v}) gave {got:g}, the dot product itself.").format(u=u, v=v,
                                                                                                got=got),
                             _("Divide the dot product by the lengths of both vectors."))
            if np.isclose(got, dot / np.linalg.norm(u)) or np.isclose(got, dot / np.linalg.norm(v)):
                return wrong(_("cosine({u}, {v}) gave {got:g}: divided by one length only.").format(u=u, v=v,
                                                                                                    got=got),
                             _("Divide by the product of both lengths, np.linalg.norm(u) * "
                               "np.linalg.norm(v)."))
            return wrong(_("cosine({u}, {v}) gave {got:g}, expected {truth:g}.").format(u=u, v=v, got=got,
                                                                                        truth=truth),
                         _("cosine = (u . v) / (|u| |v|): the dot product over the product of the lengths."))
    return right(_("1 for the same direction, 0 at right angles, -1 for opposite directions, whatever the "
                   "lengths."))


def check_gpt2_medium_embedding(answer) -> Feedback:
    """Exercise 3: weights in GPT-2 medium's token embedding matrix (1024 dimensions)."""
    return check_embedding_weights(answer, 1024, model="GPT-2 medium",
                                   near_misses={768: _("GPT-2 small's matrix (768 dimensions)")})


@check
def check_embedding_weights(answer, dim: int, *, model: str, near_misses: Mapping[int, str],
                            note: str = "") -> Feedback:
    """The number of weights in ``model``'s token embedding matrix: one row per token of GPT-2's
    vocabulary, ``dim`` numbers in each. ``near_misses`` maps another dimension the learner may have
    used to what that matrix is; ``note`` ends the praise. Notebooks 01 and 07 ask this question."""
    import tiktoken

    vocab = tiktoken.get_encoding("gpt2").n_vocab
    if isinstance(answer, bool) or not isinstance(answer, Real) or not float(answer).is_integer():
        return wrong(_("expected a whole number, got {answer!r}.").format(answer=answer),
                     _("Count the numbers in the weight "
                                                                    "matrix."))
    answer, truth = int(answer), vocab * dim
    if answer == truth:
        return right(_("{truth:,} numbers: one {dim}-long vector for each of the {vocab:,} "
                       "tokens{note}.").format(truth=truth, dim=dim, vocab=vocab, note=note))
    if answer == vocab + dim:
        return wrong(_("that adds the two sizes."),
                     _("Each of the {vocab} rows holds {dim} numbers: multiply.").format(vocab=vocab,
                                                                                         dim=dim))
    for other, what in near_misses.items():
        if answer == vocab * other:
            return wrong(_("that is {what}.").format(what=what),
                         _("{model} uses {dim} dimensions.").format(model=model, dim=dim))
    return wrong(_("{answer:,} is not the size of a {vocab} x {dim} matrix.").format(answer=answer,
                                                                                     vocab=vocab, dim=dim),
                 _("Weights = vocabulary size x embedding dimension."))
