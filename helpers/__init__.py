"""Text to Tensors: the small package the notebooks share.

One module per idea, in the order the data flows (text -> tokens -> ids -> windows -> tensors ->
vectors -> pictures). Names are loaded on first use, so ``import helpers`` stays quick.

``tiktoken.get_encoding("gpt2")`` works offline without importing anything from here: ``make lab`` and
``make test`` put GPT-2's files into tiktoken's own cache once (see ``helpers.gpt2``).
"""

from importlib import import_module

# public name -> module that defines it
_EXPORTS = {
    # corpora
    "load_verdict": "corpora",
    "load_wiki_text": "corpora",
    "wiki_articles": "corpora",
    "analogy_questions_path": "corpora",
    # gpt2
    "gpt2_bpe_files": "gpt2",
    # --- 02-04 tokenizers ---
    "split_text": "tokenizers",
    "join_tokens": "tokenizers",
    "word_differences": "tokenizers",
    "build_vocab": "tokenizers",
    "verdict_vocab": "tokenizers",
    "SimpleTokenizerV1": "tokenizers",
    "SimpleTokenizerV2": "tokenizers",
    "compare_tokenizers": "tokenizers",
    "UnknownTokenError": "tokenizers",
    "UnknownTokenIdError": "tokenizers",
    "EmptyTextError": "tokenizers",
    "VocabularyError": "tokenizers",
    "MissingSpecialTokenError": "tokenizers",
    "TokenizerPlayground": "widgets",
    # --- 07/08 embeddings ---
    "TokenEmbedding": "embeddings",
    "PositionEmbedding": "embeddings",
    "GPTInputEmbedding": "embeddings",
    "TokenIdOutOfRangeError": "embeddings",
    "ContextLengthError": "embeddings",
    "seeded_token_embedding": "embeddings",
    "one_hot_lookup": "embeddings",
    "compare_lookup_and_one_hot": "embeddings",
    "sinusoidal_encoding": "embeddings",
    "apply_rope": "embeddings",
    "position_scores": "embeddings",
    "position_similarity": "embeddings",
    "scores_by_distance": "embeddings",
    "EmbeddingLookupExplorer": "widgets",
    "PositionsExplorer": "widgets",
    # --- 06 sliding windows ---
    "GPTDatasetV1": "sampling",
    "create_dataloader_v1": "sampling",
    "dataloader_for": "sampling",
    "distributed_dataloader": "sampling",
    "num_samples": "windows",
    "window_starts": "windows",
    "num_batches": "windows",
    "window_stats": "windows",
    "window_lessons": "windows",
    "WindowStats": "windows",
    "write_token_store": "token_store",
    "open_token_store": "token_store",
    "SamplingError": "windows",
    "TextTooShortError": "sampling",
    "SamplingWarning": "sampling",
    "TokenStoreError": "token_store",
    "WhoFetched": "sampling",
    "SlidingWindowExplorer": "widgets",
    # --- 01 embeddings and word2vec ---
    "stable_hash": "word2vec",
    "text_to_sentences": "word2vec",
    "wiki_sentences": "word2vec",
    "train_word2vec": "word2vec",
    "EpochProgress": "word2vec",
    "nearest_neighbours": "word2vec",
    "analogy": "word2vec",
    "evaluate_analogies": "word2vec",
    "accuracy_by_corpus_size": "word2vec",
    "separation_scores": "word_maps",
    "project_words": "word_maps",
    "context_pairs": "word2vec",
    "embedding_parameters": "word2vec",
    "save_vectors": "word2vec",
    "load_vectors": "word2vec",
    "NotInVocabularyError": "word2vec",
    "Word2VecInputError": "word2vec",
    "WordPicker": "widgets",
    # exercises
    "Feedback": "exercises.feedback",
    # --- 05/09 byte pair encoding ---
    "BPETokenizer": "bpe",
    "BPEError": "bpe_simple",
    "SpecialTokenError": "bpe_simple",
    "TokenizerFileError": "bpe_simple",
    "train_simple": "bpe_simple",
    "BPEStepper": "widgets",
}


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = sorted(_EXPORTS)
