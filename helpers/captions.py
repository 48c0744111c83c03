"""The titles of the figures the notebooks draw, in the learner's language.

A title that says what one notebook's figure shows belongs to that notebook, but a code cell is the
same in every edition, so the cell names its title by a key and this module gives the words:

    draw_stride_comparison(settings, 21, title=figure_title("stride-2-4-5"))

``figure_title`` translates at call time (``helpers.i18n``); the English is the text the cells used
to write out. Titles with numbers computed in the cell take them as keyword arguments.
"""

from __future__ import annotations

from .i18n import gettext as _
from .i18n import gettext_noop as N_

# key -> English title (marked for the catalogue, translated by figure_title); grouped by notebook
TITLES = {
    # 01
    "text-row-word2vec": N_("The text row, filled in by our trained Word2Vec (its first 3 of 100 numbers)"),
    "word-map": N_("{method} of {count} word vectors: which groups sit apart?"),
    # 02
    "spaces-gone": N_("Input text -> tokens: the spaces are gone"),
    "program-a-kept": N_("Program A, whitespace kept (\u2423 = space, \u21b5 = newline)"),
    "program-b-indent": N_("Program B: the indentation before report() is a token, so A and B differ"),
    "verdict-first-36": N_("The first 36 tokens of The Verdict: same token, same colour (a, --, ',')"),
    # 03
    "twenty-tokens-vocabulary": N_("20 tokens, 18 entries: a repeated token keeps one ID"),
    "encode-decode-spaces": N_("encode keeps every token; decode has to guess the spaces"),
    # 04
    "v2-unk": N_("V2 stores <|unk|> (id 1131, dashed box): the struck-through words are lost"),
    "three-documents": N_("Three unrelated documents in one stream (width = tokens, ticks one token apart)"),
    # 05
    "bytes-81-tokens-20": N_("81 bytes, 20 tokens: a common word and its space are one token"),
    "word-bytes-tokens": N_("{name}: {n_bytes} bytes -> {n_tokens} tokens"),
    "unknown-words-pieces": N_("Unknown words become known pieces, down to single bytes (same scale in every "
                               "row)"),
    # 06
    "stride-2-4-5": N_("Stride 2 overlaps, 4 fits exactly, 5 leaves tokens that are never a target "
                       "(tokens 0-20, max_length=4)"),
    # 08
    "bag-of-vectors": N_("Same token vectors in a different order: the sums cannot tell the sentences apart"),
    "position-tables": N_("64 positions x 32 dimensions: learned rows start as noise; sinusoidal rows are "
                          "waves, fast on the left, slow on the right"),
    "rope-rotation": N_("RoPE turns each pair of a query and a key by its position; moving both keeps the "
                        "angle between them"),
    "causal-curves": N_("The same query and key, d steps apart: only with RoPE is the score the same "
                        "wherever the query stands"),
    # 09
    "merges-shorten-story": N_("Merges shorten the story quickly at first, and never below one token per "
                               "pre-token"),
}


def figure_title(key: str, **values) -> str:
    """The title ``key`` of ``TITLES`` in the current language, its ``{fields}`` filled from ``values``."""
    if key not in TITLES:
        raise KeyError(f"no figure title named {key!r}. Fix: use one of {sorted(TITLES)}.")
    return _(TITLES[key]).format(**values)
