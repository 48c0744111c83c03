"""Automatic checks behind every exercise, one module per notebook.

Each exercise in a notebook ends with a line such as ``check_code_tokens(answer)``. A check returns a
``Feedback`` (see ``feedback``); solutions live in the notebooks, hidden in a "Show solution" block,
not here. Notebooks import the checks from here: ``from helpers.exercises import check_...``.
"""

from .feedback import Feedback
from .nb01_word2vec import check_context_pairs, check_cosine, check_gpt2_medium_embedding
from .nb02_tokenizing import check_case_cost, check_code_tokens, check_gisburn_tokens
from .nb03_token_ids import check_lossless_text, check_predicted_ids, check_unknown_words
from .nb04_special_tokens import check_padded_batch, check_same_ids, check_two_unknown_ids
from .nb05_bpe import check_many_tokens, check_toy_merges, check_world_counts
from .nb06_sliding_windows import (
    check_batch_setting,
    check_never_targets_toy,
    check_target_counts,
    check_windows_and_batches,
)
from .nb07_token_embeddings import (
    check_batch_shape,
    check_embedding_params,
    check_one_hot_lookup,
    check_repeated_lookup,
)
from .nb08_positions import check_input_embeddings_shape, check_same_rope_score, check_shift
from .nb09_bpe_from_scratch import check_broken_tokens, check_first_merges, check_floor
from .nb10_scaling import check_notes_bytes, check_shard_function, check_shard_sizes

__all__ = [
    "Feedback",
    # in notebook order
    "check_context_pairs", "check_cosine", "check_gpt2_medium_embedding",
    "check_gisburn_tokens", "check_code_tokens", "check_case_cost",
    "check_predicted_ids", "check_unknown_words", "check_lossless_text",
    "check_two_unknown_ids", "check_same_ids", "check_padded_batch",
    "check_toy_merges", "check_world_counts", "check_many_tokens",
    "check_never_targets_toy", "check_windows_and_batches", "check_batch_setting",
    "check_target_counts",
    "check_repeated_lookup", "check_batch_shape", "check_one_hot_lookup",
    "check_embedding_params",
    "check_input_embeddings_shape", "check_same_rope_score", "check_shift",
    "check_first_merges", "check_floor", "check_broken_tokens",
    "check_notes_bytes", "check_shard_sizes", "check_shard_function",
]
