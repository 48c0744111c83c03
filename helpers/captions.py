"""The words a notebook's own code cells show, in the learner's language: figure titles and
printed labels.

A title or label that says what one notebook's cell shows belongs to that notebook, but a code cell
is the same in every edition, so the cell asks this module for the words:

    draw_stride_comparison(settings, 21, title=figure_title("stride-2-4-5"))
    print(label("toy samples: {count}", count=len(toy_windows)))

``figure_title`` takes a key, ``label`` the English itself (so the cell still reads as it prints);
``label`` also gives the words a cell hands a figure (the rows of ``draw_embedding_models``). Both
translate at call time (``helpers.i18n``) and fill ``{fields}`` from keyword arguments; an unknown key
or label is an error, so a typo cannot print untranslated text. A printed table's headings line up
with its columns in every language through ``column`` (a Chinese character is two columns wide):

    print(column(label("words"), 9), column(label("vocabulary"), 10))
"""

from __future__ import annotations

from wcwidth import wcswidth

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


# Printed labels, in English as the cells write them (marked for the catalogue); grouped by notebook
LABELS = frozenset({
    # 01
    N_("{count} pairs; the first six:"),
    N_("contexts of 'march':"),
    N_("contexts of 'april':"),
    N_("{characters:,} characters -> {sentences:,} sentences, {words:,} words"),
    N_("first sentence:"),
    N_("vocabulary: {words:,} words; each vector has {size} numbers"),
    N_("dense vector of 'music': {count} numbers, {nonzero} of them non-zero"),
    N_("one-hot vector of 'music': {count:,} numbers, {nonzero} of them non-zero"),
    N_("text"),
    N_("audio"),
    N_("video"),
    N_("\"the cat sat on the mat\""),
    N_("the word \"music\""),
    N_("a recorded bird song"),
    N_("a film clip"),
    N_("text embedding model\n(for example Word2Vec)"),
    N_("Word2Vec\n(trained above)"),
    N_("audio embedding model"),
    N_("video embedding model"),
    N_("similarity of football and basketball: {value:.1f}"),
    N_("similarity of football and february:   {value:.1f}"),
    N_("right"),
    N_("wrong, expected {expected!r}"),
    N_("questions tried: {attempted:,} of {in_file:,} ({coverage:.0%}); the rest contain a word the model "
       "does not know"),
    N_("accuracy: about {accuracy:.0%} of the questions tried, {of_all:.0%} of all {in_file:,}"),
    N_("the three best sections:"),
    N_("{epochs:>2} epochs: football's nearest word is {nearest:<10} similarity to february {february:.1f}   "
       "analogies right: {right:.0%}"),
    N_("words"),
    N_("vocabulary"),
    N_("can try"),
    N_("accuracy on the same {fixed:,} questions"),
    N_("groups with a score of at least 0.2:"),
    N_("in 100 dimensions: {score:.1f}"),
    N_("after {method:<5}: {score:.1f}"),
    N_("model"),
    N_("parameters"),
    N_("dim"),
    N_("embedding matrix"),
    N_("share"),
    N_("our Word2Vec"),
    N_("'The Verdict': {words:,} words, {share:.0%} have a Word2Vec vector"),
    N_("{count} different words have none, e.g."),
    N_("{word!r} in the vocabulary: {known}"),
    N_("a string as a sentence, Word2Vec's 'words':"),
    N_("cut into words first:"),
    # 06
    N_("characters: {characters} | GPT-2 tokens: {tokens}"),
    N_("shape: {shape}"),
    N_("toy samples: {count}"),
    N_("  sample {i:2}: input {inputs} -> target {targets}"),
    N_("story samples: {count}"),
    N_("  sample 0:"),
    N_("\nshape: {shape} | batches: {batches}"),
    N_("shuffle=True,  epoch 1:"),
    N_("shuffle=True,  epoch 2:"),
    N_("same seed, epoch 1:    "),
    N_("drop_last={drop_last}: {batches} batches, last one {shape}, samples used {used} of {total}"),
    N_("{batches} batches, the same with 0 and 2 workers: {same}"),
    N_("leftover: {count} token(s)"),
    N_("windows overlap by 2 (the first 5 of 9 windows)"),
    N_("no overlap, no gap"),
    N_("a gap of 1 token after each window"),
    N_("{tokens} tokens: {samples} samples, {batches} batches"),
    N_("{samples} samples in batches of 64: {batches} batches"),
    N_("without shuffle=False the first batch is {batch} not [[40, 367, ...]]"),
    # 04
    N_("became <|unk|>:"),
    N_("tokens per document: {counts} | stream: {tokens} tokens | separator positions: {positions}"),
    N_("GPT-2 special tokens:"),
    N_("<|endoftext|> has ID {ids} of {n_vocab}"),
    N_("no unknown token needed:"),
    N_("separator kept:"),
    # 07
    N_("ids: {ids} -> vectors: {vectors}"),
    N_("equals the lookup:"),
    N_("gradient on the weight through the lookup:"),
    N_("same gradient through one-hot times weight:"),
    N_("rows that changed:"),
    N_("one-hot matrix: {n_ids} x {vocab:,} = {numbers:,} numbers"),
    N_("  of which {n_ids} are 1, the rest 0"),
    N_("one_hot @ weight: {operations:,} multiply-adds"),
    N_("lookup: copies {n_ids} rows = {numbers:,} numbers"),
    N_("id 6, table of 6 rows"),
    N_("float ids"),
    N_("a list"),
    N_("fixed:"),
    # 08
    N_("{count} characters"),
    N_("same bag of vectors (ignoring order):"),
    N_("same sum: "),
    N_("same mean:"),
    N_("same sequence, in order:"),
    N_("人咬狗 (person bites dog)"),
    N_("狗咬人 (dog bites person)"),
    N_("人 at position {position} ({sentence}):"),
    N_("same bag of vectors after adding positions:"),
    N_("咬 is at position 1 in both, so it is the same vector in both:"),
    N_("first row of the notes' call (shuffle=True by default):"),
    N_("positions as broadcast:"),
    N_("token_embeddings + the 8 copies == input_embeddings:"),
    N_("every sample got the same position vectors:"),
    N_("position {p}:"),
    N_("lengths kept:"),
    N_("learned"),
    N_("sinusoidal"),
    N_("rotary"),
    N_("{kind:10s} scores:"),
    N_("{kind:10s} largest gap between the three curves: {gap:.4f}"),
    N_("inputs: {inputs}  position table: {table}"),
    N_("{error}  ->  use stride=max_length"),
    # 09
    N_("{count} characters of 'The Verdict'"),
    N_("{count} pre-tokens in the story, for example"),
    N_("merge {k:2}: smaller ids {ours!r:7} | first seen {theirs!r}"),
    N_("first disagreement at merge {k}"),
    N_("same 60 tokens, in another order:"),
    N_("round trip on the whole story:"),
    N_("{ids} | all four: {whole} | the first two: {half}"),
    N_("{count} merges until no pair is left"),
    N_("floor {floor:.2f} tokens per word, GPT-2 {gpt2:.2f}"),
    N_("first merge at which the story's own tokenizer beats GPT-2:"),
    N_("GPT-2's tokenizer on the same story"),
    N_("{merges} merges: first below GPT-2"),
    N_("{piece!r:8} is written {written}"),
    N_("The Verdict"),
    N_("A tricky text"),
    N_("{name}: {count} ids, the same as tiktoken's: {same}"),
    N_("{case!r:14} {count} tokens {pieces}"),
    N_("{characters} characters -> {count} tokens: {pieces}"),
    N_("decoded whole:"),
    N_("token by token: {pieces} | all at once: {whole}"),
    N_("merges without pre-tokens:"),
    N_("ours {ids} read by GPT-2 as {decoded!r}"),
    N_("train_bpe(text, 60) gives a vocabulary of {size} tokens: 256 bytes + 60 merges"),
    # 02
    N_("whitespace removed:"),
    N_("  same tokens for A and B?"),
    N_("whitespace kept (A):"),
    N_("  joining A's tokens gives A back?"),
    N_("whitespace removed: {count} tokens"),
    N_("whitespace kept:    {count} tokens ({more:.0%} more)"),
    N_("kept version rebuilds the text exactly:"),
    # 10
    N_("windows: {notes} (notes) and {ours} (helpers)"),
    N_("bytes held in tensors: notes {notes:,}, helpers {ours:,}"),
    N_("-> {times:,} times less; the same first window:"),
    N_("{size:,} bytes = 2 bytes x {tokens:,} tokens"),
    N_("{windows} windows of 256 tokens, cut from {tokens:,} token ids on disk"),
    N_("ids are a memory map, not a copy in memory:"),
    N_("first ids:"),
    N_("the same ids as tokenizing the whole text at once:"),
    N_("windows:"),
    N_("epoch {epoch}: rank 0 gets {shard}"),
    N_("         rank 1 gets {shard}"),
    N_("         disjoint, and together every window once:"),
    N_("loaded tokenizer gives the same ids:"),
    # 03
    N_("id {id}"),
    N_("(not in The Verdict)"),
    N_("{char!r}  code point {code:3}   {where}"),
    N_("same size:"),
    N_("but the text differs from the story in {count} places, e.g.:"),
    N_("with join_tokens: {count} places"),
    N_("{entries} entries, but IDs up to {largest}"),
    N_("{entries} entries, starting {first}"),
    # 05
    N_("{count} bytes: {hex}"),
    N_("{count} tokens: {ids}"),
    N_("vocabulary size: {n_vocab} = 256 + 50000 + 1"),
    N_("largest id:     "),
    N_("{model:17} uses {encoding}"),
    N_("id {i:3} -> byte {hex}  {piece!r}"),
    N_("regex tokens (notebook 02):"),
    N_("GPT-2 tokens:              "),
    N_(" of them newlines:"),
    N_("words GPT-2 cuts into pieces:"),
    N_("{indent:2} spaces -> {count} tokens: {ids}"),
    N_("as the special token:"),
    N_("as ordinary text:    "),
    N_("one id at a time:"),
    N_("all ids at once: "),
    N_("word by word:    "),
    N_("a space and the teapot emoji"),
})


def label(text: str, **values) -> str:
    """The label ``text`` (English, one of ``LABELS``) in the current language, ``{fields}`` filled
    from ``values``."""
    if text not in LABELS:
        raise KeyError(f"{text!r} is not a label of helpers.captions. Fix: add it to LABELS (and translate "
                       "it), or print it without label().")
    return _(text).format(**values)


def column(text: str, width: int, align: str = ">") -> str:
    """``text`` padded with spaces to ``width`` columns as a notebook shows them (a Chinese character
    takes two), aligned right (``">"``, like ``f"{text:>9}"``) or left (``"<"``); a longer text is kept
    whole."""
    if align not in ("<", ">"):
        raise ValueError(f"align={align!r}: use '>' (right) or '<' (left).")
    shown = wcswidth(text)
    room = max(0, width - (shown if shown >= 0 else len(text)))
    return " " * room + text if align == ">" else text + " " * room
