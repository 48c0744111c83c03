"""Text to Tensors: the small package the notebooks share, one module per idea.

The data flows one way through it: text -> tokens -> ids -> windows -> tensors -> vectors -> pictures.

    corpora       the-verdict.txt and the Wikipedia sample: cache, mirror, sha256 checks
    gpt2          GPT-2's BPE files, hash-checked, into tiktoken's own cache (offline)
    checks        the input checks every module shares
    tokenizers    split_text, build_vocab, SimpleTokenizerV1, SimpleTokenizerV2     (02-04)
    bpe_simple    byte pair encoding step by step, as notebook 09 teaches it        (05, 09)
    bpe_fast      the same merges, fast enough for GPT-2's 50,000
    bpe           BPETokenizer: train, encode, decode, save and load (JSON), gpt2()
    windows       sliding-window arithmetic and its lessons, no torch               (06)
    sampling      GPTDatasetV1, create_dataloader_v1 and the loaders around them    (06)
    token_store   tokenizing on threads, token stores on disk                       (10)
    embeddings    token and position embeddings: learned, sinusoidal, rotary        (07, 08)
    word2vec      Word2Vec: training, neighbours, analogies, scores                 (01)
    word_maps     word groups in 2-D: separation, projections, the word picker's words (01)
    exercises/    the checks behind the exercises, one module per notebook
    style, plots/, html_views    one palette and set of glyphs; the figures; the HTML views
    svg, svg_views  the explorers' pictures as SVG the browser draws (word map, positions)
    widgets       the explorers: controls wired to the functions above

Import a name from the module that defines it, as the notebooks do:
``from helpers.tokenizers import SimpleTokenizerV1``. Nothing is imported here, so ``import helpers``
costs nothing and every name has one home that an editor can follow.
"""
