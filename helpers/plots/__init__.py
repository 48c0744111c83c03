"""Every figure of the series (matplotlib), drawn from data computed elsewhere; one module per idea.

A function here draws; it never computes what it shows (that is done by the module of the idea, and
passed in). Each ``draw_...`` takes ``ax=`` the same way and returns its Figure (``canvas``). Colours
and glyphs are ``helpers.style``, shared with the HTML views (``helpers.html_views``).

* ``tokens``: text cut into tokens, vocabulary, encode/decode, documents, bytes per token, BPE's merges
  (02-05, 09)
* ``windows``: context and next token, a batch's x and y, stride (06)
* ``positions``: embedding lookup, bag of vectors, broadcasting, position encodings (07, 08)
* ``word_vectors``: embedding models, word maps, analogy accuracy (01)

Every figure is importable from here: ``from helpers.plots import draw_token_pieces``.
"""

from .positions import (
    draw_bag_of_vectors,
    draw_broadcast_add,
    draw_causal_curves,
    draw_embedding_lookup,
    draw_position_tables,
    draw_rope_angles,
    draw_rope_rotation,
)
from .tokens import (
    draw_documents,
    draw_encode_decode,
    draw_token_bytes,
    draw_token_pieces,
    draw_tokens_per_word,
    draw_vocabulary,
)
from .windows import draw_context_steps, draw_stride_comparison, draw_xy_batch
from .word_vectors import draw_accuracy_by_corpus_size, draw_embedding_models, draw_word_map

__all__ = [
    "draw_accuracy_by_corpus_size",
    "draw_bag_of_vectors",
    "draw_broadcast_add",
    "draw_causal_curves",
    "draw_context_steps",
    "draw_documents",
    "draw_embedding_lookup",
    "draw_embedding_models",
    "draw_encode_decode",
    "draw_position_tables",
    "draw_rope_angles",
    "draw_rope_rotation",
    "draw_stride_comparison",
    "draw_token_bytes",
    "draw_token_pieces",
    "draw_tokens_per_word",
    "draw_vocabulary",
    "draw_word_map",
    "draw_xy_batch",
]
