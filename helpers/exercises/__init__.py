"""Automatic checks behind every exercise, one module per notebook.

Each exercise in a notebook ends with a line such as ``check_split_example(answer)``. A check returns a
``Feedback`` (see ``feedback``); solutions live in the notebooks, hidden in a "Show solution" block,
not here. Notebooks import the checks from here: ``from helpers.exercises import check_...``.
"""

from .feedback import Feedback
from .nb01_word2vec import (
    check_context_pairs,
    check_cosine,
    check_gpt2_medium_embedding,
)
from .nb02_tokenizing import check_code_tokens, check_split_example
from .nb03_token_ids import check_small_vocab, check_unknown_words
from .nb04_special_tokens import check_pad_vocab, check_v2_ids
from .nb05_bpe import check_akwirw_pieces, check_many_tokens
from .nb06_sliding_windows import check_count_samples, check_sample_counts
from .nb07_token_embeddings import check_embedding_params, check_embedding_row, check_lookup_gradient
from .nb08_positions import check_input_embeddings_shape, check_relative_kinds, check_sinusoidal
from .nb09_bpe_from_scratch import check_first_single_word, check_next_merge

__all__ = [
    "Feedback",
    # in notebook order
    "check_context_pairs", "check_cosine", "check_gpt2_medium_embedding",
    "check_split_example", "check_code_tokens",
    "check_small_vocab", "check_unknown_words",
    "check_v2_ids", "check_pad_vocab",
    "check_akwirw_pieces", "check_many_tokens",
    "check_sample_counts", "check_count_samples",
    "check_embedding_row", "check_lookup_gradient", "check_embedding_params",
    "check_input_embeddings_shape", "check_sinusoidal", "check_relative_kinds",
    "check_next_merge", "check_first_single_word",
]
