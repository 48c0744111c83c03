"""Word groups in 2-D: which groups the vectors separate, and pictures of them (notebook 01).

* ``CANDIDATE_GROUPS``: word groups to try; ``separation_scores()`` measures how well each stands
  apart in the full vector space (silhouette score, cosine distance).
* ``project_words()``: 2-D coordinates with scikit-learn's PCA or t-SNE.
* ``pick_words()``: what the word picker places: chosen groups plus typed words the model knows.
* ``label_places()``: where each word's label goes so that no label covers another or a point.

The vectors come from ``helpers.word2vec``; the figures are drawn by ``helpers.plots``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from . import checks
from .i18n import gettext as _
from .i18n import gettext_noop as N_
from .word2vec import Word2VecInputError, keyed_vectors, require_words

# Word groups to try in 2-D plots. Not all of them separate on this small corpus: notebook 01 measures
# each with ``separation_scores`` and plots only those that do (the arts, for example, do not).
CANDIDATE_GROUPS: dict[str, list[str]] = {
    "numbers": "one two three four five six seven eight nine ten".split(),
    "months": "january february march april june july august september october november december".split(),
    "family": "father mother son daughter brother sister wife husband".split(),
    "sports": "football baseball basketball hockey tennis".split(),
    "sciences": "physics chemistry biology mathematics astronomy".split(),
    "countries": "france germany italy spain china japan russia england india greece canada".split(),
    "colours": "red blue green white black yellow".split(),
    "arts": "music painting poetry sculpture dance theatre film literature opera art novel".split(),
    "religion": "god church christian religion catholic jesus bible".split(),
    "cities": "london paris rome berlin moscow tokyo".split(),
}

# How a figure or explorer names each group, in the learner's language (the keys stay English: cells
# choose groups by key, e.g. chosen=("numbers", "months")).
GROUP_NAMES = {"numbers": N_("numbers"), "months": N_("months"), "family": N_("family"),
               "sports": N_("sports"), "sciences": N_("sciences"), "countries": N_("countries"),
               "colours": N_("colours"), "arts": N_("arts"), "religion": N_("religion"),
               "cities": N_("cities")}


def group_name(key: str) -> str:
    """The name of group ``key`` as shown to the learner: translated for ``CANDIDATE_GROUPS``, a group
    of the learner's own as it is."""
    return _(GROUP_NAMES[key]) if key in GROUP_NAMES else key


def group_words(model, groups: Mapping[str, Sequence[str]]) -> tuple[list[str], list[str]]:
    """Flatten ``groups`` into (words, group label of each word); every word must be known."""
    words, labels = [], []
    for name, members in groups.items():
        require_words(model, members)
        words.extend(members)
        labels.extend([name] * len(members))
    if len(set(words)) != len(words):
        repeated = sorted({w for w in words if words.count(w) > 1})
        raise Word2VecInputError(f"word(s) {repeated} appear more than once; put each word in one group.")
    return words, labels


def separation_scores(model, groups: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """How well each group stands apart from the others in the full vector space.

    The mean silhouette score of the group's words (scikit-learn, cosine distance): near 1 means a
    word is much closer to its own group than to the nearest other group, near 0 means no
    separation, below 0 means it sits closer to another group.
    """
    from sklearn.metrics import silhouette_samples

    if len(groups) < 2:
        raise Word2VecInputError("separation needs at least two groups to compare.")
    words, labels = group_words(model, groups)
    vectors = keyed_vectors(model)[words]
    with threadpool_limits(limits=1):
        scores = silhouette_samples(vectors, labels, metric="cosine")
    labels_arr = np.array(labels)
    return {name: float(scores[labels_arr == name].mean()) for name in groups}


PROJECTIONS = ("PCA", "t-SNE")


def project_words(model, words: Sequence[str], method: str = "PCA", *, seed: int = 0) -> np.ndarray:
    """2-D coordinates for ``words`` (an ``n x 2`` array) with scikit-learn's PCA or t-SNE.

    PCA keeps the two directions of largest spread (a linear view); t-SNE keeps each word's near
    neighbours near (distances between far clusters mean little). Both are seeded.
    """
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    if method not in PROJECTIONS:
        raise Word2VecInputError(f"method must be one of {PROJECTIONS}, got {method!r}.")
    words = list(words)
    minimum = 2 if method == "PCA" else 4
    if len(words) < minimum:
        raise Word2VecInputError(
            f"{method} needs at least {minimum} words to place, got {len(words)}. Fix: choose more words."
        )
    require_words(model, words)
    vectors = np.asarray(keyed_vectors(model)[words], dtype=np.float64)
    with threadpool_limits(limits=1):  # small inputs: one thread is quicker and always the same
        if method == "PCA":
            return PCA(n_components=2, random_state=seed).fit_transform(vectors)
        perplexity = min(10.0, (len(words) - 1) / 3)
        tsne = TSNE(n_components=2, perplexity=perplexity, metric="cosine", init="pca", random_state=seed)
        return tsne.fit_transform(vectors)



@dataclass(frozen=True)
class Selection:
    """What the word picker places: the words, each word's group, and words it had to leave out."""

    words: tuple[str, ...]
    labels: tuple[str, ...]
    unknown: tuple[str, ...]


def parse_word_list(text: str) -> list[str]:
    """Words typed by a person: split on commas and spaces, lower-cased, repeats dropped."""
    checks.text(text, message="expected the typed words as a str, not {type}.")
    words: list[str] = []
    for piece in text.replace(",", " ").split():
        word = piece.strip().lower()
        if word and word not in words:
            words.append(word)
    return words


def pick_words(
    model,
    groups: Mapping[str, Sequence[str]],
    chosen: Iterable[str] = (),
    extra: str = "",
    extra_label: str | None = None,
) -> Selection:
    """The words of the ``chosen`` groups plus the ``extra`` typed words the model knows.

    A typed word the model does not know goes to ``unknown`` (to show, not to place); a typed word
    already in a chosen group keeps its group. An unknown group name raises ``Word2VecInputError``.
    """
    wv = keyed_vectors(model)
    words: list[str] = []
    labels: list[str] = []
    for name in chosen:
        if name not in groups:
            raise Word2VecInputError(f"no group named {name!r}; the groups are {sorted(groups)}.")
        for word in groups[name]:
            if word not in words and word in wv.key_to_index:
                words.append(word)
                labels.append(name)
    unknown = []
    for word in parse_word_list(extra):
        if word in words:
            continue
        if word in wv.key_to_index:
            words.append(word)
            labels.append(extra_label or _("your words"))
        else:
            unknown.append(word)
    return Selection(tuple(words), tuple(labels), tuple(unknown))


# Where a label may go: gaps (points, 1/72 inch) between its point's marker and the label's nearest
# edge, and directions (degrees, starting to the right and going round counter-clockwise, y up).
LABEL_GAPS = (2, 6, 11, 17, 24, 32, 42, 54, 68)
LABEL_DIRECTIONS = (0, 180, 90, 270, 45, 135, 315, 225, 22, 158, 338, 202, 68, 112, 292, 248)


@dataclass(frozen=True)
class LabelPlace:
    """A label's box (centre ``x``, ``y``, size ``w`` x ``h``) and, for a label moved away from its
    point, the box corner nearest to it (``line_to``: draw a thin line from the point there)."""

    x: float
    y: float
    w: float
    h: float
    line_to: tuple[float, float] | None


def label_places(points, sizes, frame, taken=(), *, radius: float, unit: float = 1.0) -> list[LabelPlace]:
    """Places for the labels of ``points`` (``n x 2``, y up) with box sizes ``sizes`` (``n x 2``).

    Each label, in order, takes the first free place of a fixed list round its point (gaps
    ``LABEL_GAPS`` times ``unit``, the directions ``LABEL_DIRECTIONS``), closest first: inside
    ``frame`` (``x0, y0, x1, y1``), covering no point (a disc of ``radius``), no box of ``taken``
    (``x0, y0, x1, y1`` each: the legend, say) and no label placed before it. With no free place, it
    takes the one that covers fewest. Deterministic; the same numbers give the same places in any
    picture (matplotlib's or the explorer's SVG).
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    gaps = np.repeat(np.asarray(LABEL_GAPS, dtype=float) * unit, len(LABEL_DIRECTIONS))
    angles = np.deg2rad(np.tile(np.asarray(LABEL_DIRECTIONS, dtype=float), len(LABEL_GAPS)))
    boxes = [tuple(map(float, box)) for box in taken]
    fx0, fy0, fx1, fy1 = frame
    places = []
    for (px, py), (w, h) in zip(points, np.asarray(sizes, dtype=float).reshape(-1, 2), strict=True):
        cx = px + np.cos(angles) * (radius + gaps + w / 2)
        cy = py + np.sin(angles) * (radius + gaps + h / 2)
        x0, x1, y0, y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
        inside = (x0 >= fx0) & (x1 <= fx1) & (y0 >= fy0) & (y1 <= fy1)
        # points whose marker the box touches: the box's nearest point to each is within the radius
        dx = np.clip(points[:, 0], x0[:, None], x1[:, None]) - points[:, 0]
        dy = np.clip(points[:, 1], y0[:, None], y1[:, None]) - points[:, 1]
        cost = ((dx ** 2 + dy ** 2) < radius ** 2).sum(axis=1).astype(float)
        for bx0, by0, bx1, by1 in boxes:
            cost += (bx0 < x1) & (x0 < bx1) & (by0 < y1) & (y0 < by1)
        cost[~inside] = np.inf
        best = int(np.argmin(cost))  # the first of the cheapest, in the list's order
        if not np.isfinite(cost[best]):
            best = 0  # no place inside the frame at all (a tiny picture): right of the point
        x, y = float(cx[best]), float(cy[best])
        boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
        line_to = None
        if gaps[best] > LABEL_GAPS[1] * unit:
            line_to = (float(np.clip(px, x - w / 2, x + w / 2)), float(np.clip(py, y - h / 2, y + h / 2)))
        places.append(LabelPlace(x, y, float(w), float(h), line_to))
    return places
