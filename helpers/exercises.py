"""Automatic checks behind every exercise.

Each exercise in a notebook ends with a line such as ``check_vocab_size(answer)``. A check returns a
``Feedback``: it prints as one line that says the answer is right, or what is wrong with a hint, and
is truthy only when the answer is right (so tests can assert on it). Solutions live in the
notebooks, hidden in a "Show solution" block, not here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``ok``, what is right or wrong, and a hint for the next try."""

    ok: bool
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        if self.ok:
            return f"Correct! {self.message}"
        text = f"Not yet: {self.message}"
        return f"{text}\nHint: {self.hint}" if self.hint else text

    __str__ = __repr__


def right(message: str = "Well done.") -> Feedback:
    return Feedback(True, message)


def wrong(message: str, hint: str = "") -> Feedback:
    return Feedback(False, message, hint)


def unanswered(answer) -> Feedback | None:
    """Feedback for an exercise cell that still holds its ``...`` placeholder, else None."""
    if answer is Ellipsis or answer is None:
        return wrong("there is no answer yet.", "Replace the `...` with your answer and run the cell.")
    return None


# --- 02-04 tokenizers ---

SPLIT_EXAMPLE = "Hello, world. Is this-- a test?"
CODE_EXAMPLE = "if ready:\n    start()\nreport()"
SMALL_TEXT = "the cat sat on the mat ."
UNKNOWN_SENTENCE = "Jack painted a portrait of his dog in Paris yesterday."
V2_SENTENCE = "Hello, world. <|endoftext|> The end."
PAD = "<|pad|>"


def _as_token_list(answer, what: str) -> tuple[list | None, Feedback | None]:
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
        return None, wrong(f"{what} should be a list of str tokens, got {type(answer).__name__}.",
                           "Use re.split(...) and keep the pieces in a list.")
    if not all(isinstance(t, str) for t in answer):
        return None, wrong(f"every token in {what} should be a str.")
    return list(answer), None


def check_split_example(answer) -> Feedback:
    """Notebook 02: the tokens of SPLIT_EXAMPLE, whitespace removed."""
    from .tokenizers import split_text

    if (fb := unanswered(answer)) is not None:
        return fb
    tokens, fb = _as_token_list(answer, "your answer")
    if fb is not None:
        return fb
    expected = split_text(SPLIT_EXAMPLE)
    if tokens == expected:
        return right(f"{len(expected)} tokens: words, punctuation marks and the double dash.")
    if any(t.isspace() or t == "" for t in tokens):
        return wrong("your list still holds whitespace or empty strings.",
                     "Keep only the items with item.strip() (an empty or blank item is dropped).")
    if "this--" in tokens or "-" in tokens:
        return wrong("'--' is not its own token yet.",
                     "Add |-- to the pattern: r'([,.:;?_!\"()\\']|--|\\s)'.")
    if any(t != t.strip() for t in tokens):
        return wrong("some tokens still have spaces around them.", "Strip each item: item.strip().")
    return wrong(f"expected {len(expected)} tokens, got {len(tokens)}: {tokens!r}.",
                 "Split on whitespace, on each of , . : ; ? _ ! \" ( ) ' and on --, keeping the separators.")


def check_code_tokens(answer) -> Feedback:
    """Notebook 02: CODE_EXAMPLE cut into tokens with whitespace kept (so nothing is lost)."""
    from .tokenizers import split_text

    if (fb := unanswered(answer)) is not None:
        return fb
    tokens, fb = _as_token_list(answer, "your answer")
    if fb is not None:
        return fb
    if "".join(tokens) != CODE_EXAMPLE:
        return wrong("joining your tokens does not give the code back, so some text was lost.",
                     "Keep the whitespace items: drop only the empty strings ('' ), not ' ' or '\\n'.")
    if [t for t in tokens if not t.isspace()] != split_text(CODE_EXAMPLE):
        return wrong("the non-whitespace tokens are not cut as the regex cuts them.",
                     "Use the same pattern as split_text: r'([,.:;?_!\"()\\']|--|\\s)'.")
    return right("nothing is lost: the indentation that puts start() inside the if, and report() "
                 "outside it, is kept.")


def check_small_vocab(answer) -> Feedback:
    """Notebook 03: the vocabulary of SMALL_TEXT (sorted unique tokens -> 0, 1, 2, ...)."""
    from .tokenizers import build_vocab, split_text

    if (fb := unanswered(answer)) is not None:
        return fb
    if not isinstance(answer, dict):
        return wrong(f"a vocabulary is a dict token -> id, got {type(answer).__name__}.",
                     "{token: integer for integer, token in enumerate(sorted_tokens)}")
    expected = build_vocab(split_text(SMALL_TEXT))
    if answer == expected:
        return right(f"{len(expected)} entries: 'the' appears twice in the text but once in the vocabulary.")
    if set(answer) != set(expected):
        extra = sorted(set(answer) - set(expected))
        missing = sorted(set(expected) - set(answer))
        return wrong(f"the tokens differ (extra {extra}, missing {missing}).",
                     "Use each distinct token once: sorted(set(tokens)).")
    if sorted(answer.values()) != list(range(len(answer))):
        return wrong(f"the ids should be 0, 1, ..., {len(expected) - 1}, one per token, but yours are "
                     f"{sorted(answer.values())}.",
                     "Remove the duplicates before numbering: enumerate(sorted(set(tokens))).")
    return wrong("the right tokens, but not the right ids.",
                 "Sort the distinct tokens first, then number them from 0 with enumerate.")


def check_unknown_words(answer) -> Feedback:
    """Notebook 03: the words of UNKNOWN_SENTENCE that are not in the verdict vocabulary."""
    from .tokenizers import split_text, verdict_vocab

    if (fb := unanswered(answer)) is not None:
        return fb
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
        return wrong("give a list (or set) of words.", "[t for t in tokens if t not in vocab]")
    vocab = verdict_vocab(special_tokens=False)
    expected = [t for t in split_text(UNKNOWN_SENTENCE) if t not in vocab]
    if sorted(answer) == sorted(expected):
        return right(f"{len(expected)} of the {len(split_text(UNKNOWN_SENTENCE))} tokens are unknown: "
                     "SimpleTokenizerV1 cannot encode this sentence.")
    in_vocab = sorted(set(answer) & set(vocab))
    if in_vocab:
        return wrong(f"{in_vocab} are in the vocabulary.", "Test each token with `token in vocab`.")
    return wrong(f"there are {len(expected)} unknown words; you gave {len(answer)}.",
                 "Split the sentence with the notebook's regex, then keep the tokens not in vocab.")


def check_v2_ids(answer) -> Feedback:
    """Notebook 04: V2_SENTENCE encoded with the 1132-entry verdict vocabulary."""
    from .tokenizers import SimpleTokenizerV2, verdict_vocab

    if (fb := unanswered(answer)) is not None:
        return fb
    tokens, fb = (list(answer), None) if isinstance(answer, (list, tuple)) else (None, wrong(
        f"give the list of ids, got {type(answer).__name__}.", "tokenizer.encode(text)"))
    if fb is not None:
        return fb
    expected = SimpleTokenizerV2(verdict_vocab()).encode(V2_SENTENCE)
    if tokens == expected:
        return right("'Hello' and 'world' became <|unk|> (1131); <|endoftext|> is 1130.")
    if len(tokens) != len(expected):
        return wrong(f"expected {len(expected)} ids, got {len(tokens)}.",
                     "Keep a space on each side of <|endoftext|> so it is split as one token.")
    return wrong("the right number of ids, but some differ.",
                 "Use the vocabulary with the two special tokens (1132 entries).")


def check_pad_vocab(answer) -> Feedback:
    """Notebook 04: the verdict vocabulary with <|endoftext|>, <|unk|> and <|pad|> (in that order)."""
    from .corpora import load_verdict
    from .tokenizers import SPECIAL_TOKENS, build_vocab, split_text

    if (fb := unanswered(answer)) is not None:
        return fb
    if not isinstance(answer, dict):
        return wrong(f"a vocabulary is a dict token -> id, got {type(answer).__name__}.")
    expected = build_vocab(split_text(load_verdict()), special_tokens=(*SPECIAL_TOKENS, PAD))
    if answer == expected:
        return right(f"{len(expected)} entries; {PAD} got id {expected[PAD]}, after the other two.")
    if PAD not in answer:
        return wrong(f"{PAD} is not in your vocabulary.", "Add it to special_tokens.")
    if len(answer) != len(expected):
        return wrong(f"expected {len(expected)} entries, got {len(answer)}.",
                     "Start from the 1130 tokens of The Verdict, then add the three special tokens.")
    return wrong("the right tokens, but some ids differ.",
                 f"The special tokens go last, in the order <|endoftext|>, <|unk|>, {PAD}.")


# --- 07/08 token and position embeddings ---


def _as_float_tensor(answer):
    import torch

    try:
        return torch.as_tensor(answer.detach() if hasattr(answer, "detach") else answer, dtype=torch.float32)
    except (TypeError, ValueError, RuntimeError):
        return None


def check_embedding_row(answer) -> Feedback:
    """07, exercise 1: the vector of token id 4 in the notes' layer (seed 123, vocab 6, dim 3)."""
    from .embeddings import seeded_token_embedding

    if (empty := unanswered(answer)) is not None:
        return empty
    weight = seeded_token_embedding(6, 3, seed=123).weight.detach()
    got = _as_float_tensor(answer)
    if got is None:
        return wrong(f"expected 3 numbers, got {type(answer).__name__}.",
                     "Use embedding_layer(torch.tensor([4])) or a list of its 3 values.")
    got = got.reshape(-1)
    if got.numel() != 3:
        return wrong(f"expected 3 numbers (output_dim = 3), got {got.numel()}.",
                     "Look up one id: the result has one row of 3 values.")
    for row in range(6):
        if (got - weight[row]).abs().max() < 1e-3:
            if row == 4:
                return right("id 4 picks row 4 of the weight matrix (the fifth row; counting starts at 0).")
            return wrong(f"that is the row of id {row}.",
                         "Rows are numbered from 0: id 4 is the fifth row of embedding_layer.weight.")
    return wrong("these numbers are not a row of the notes' weight matrix.",
                 "Run the notes' cell (torch.manual_seed(123), then torch.nn.Embedding(6, 3)) first.")


def check_lookup_gradient(answer) -> Feedback:
    """07, exercise 2: ``weight.grad`` after looking up ids [4, 0, 4, 2] and ``output.sum().backward()``."""
    import torch

    from .embeddings import compare_lookup_and_one_hot, rows_with_gradient, seeded_token_embedding

    if (empty := unanswered(answer)) is not None:
        return empty
    expected = compare_lookup_and_one_hot(seeded_token_embedding(6, 3).weight, [4, 0, 4, 2]).lookup_grad
    got = _as_float_tensor(answer)
    if got is None or got.shape != expected.shape:
        shape = None if got is None else tuple(got.shape)
        return wrong(f"expected the gradient of the whole weight matrix, shape (6, 3); got {shape}.",
                     "After loss.backward(), answer = layer.weight.grad (one row per token id).")
    if torch.allclose(got, expected):
        return right("rows 0 and 2 get 1s, row 4 gets 2s (it was looked up twice, so its gradients add), "
                     "rows 1, 3 and 5 get nothing.")
    if rows_with_gradient(got) != rows_with_gradient(expected):
        return wrong(f"the rows with a gradient should be the ids looked up, {rows_with_gradient(expected)}; "
                     f"yours are {rows_with_gradient(got)}.",
                     "Only rows that were looked up take part in the output, so only they get a gradient.")
    if torch.allclose(got[4], torch.ones(3)):
        return wrong("row 4 is looked up twice, so its gradient is the sum of two contributions.",
                     "Did you zero the gradient or use set() on the ids? Use the ids [4, 0, 4, 2] as given.")
    return wrong("the right rows have a gradient, but the values are off.",
                 "Use loss = output.sum() and a fresh layer (weight.grad accumulates over backward calls).")


GPT2_SMALL_PARAMS = 50257 * 768


def check_embedding_params(answer) -> Feedback:
    """07, exercise 3: parameters in GPT-2 small's token embedding (vocabulary 50257, dimension 768)."""
    if (empty := unanswered(answer)) is not None:
        return empty
    if isinstance(answer, bool) or not isinstance(answer, int | float) or answer != int(answer):
        return wrong(f"expected a whole number, got {answer!r}.", "Count the numbers in the weight matrix.")
    answer = int(answer)
    if answer == GPT2_SMALL_PARAMS:
        return right(f"{GPT2_SMALL_PARAMS:,} numbers: one 768-long vector for each of the 50,257 tokens, "
                     "about a third of GPT-2 small's 124M parameters.")
    if answer == 50257 + 768:
        return wrong("that adds the two sizes.",
                     "The weight matrix has vocab_size rows and output_dim columns.")
    if answer == 50257 * 256:
        return wrong("that is the size with the notes' 256 dimensions.", "GPT-2 small uses 768 dimensions.")
    return wrong(f"{answer:,} is not the size of a 50257 x 768 matrix.",
                 "Build torch.nn.Embedding(50257, 768) and count layer.weight.numel().")


def check_input_embeddings_shape(answer) -> Feedback:
    """08, exercise 1: shape of the input embeddings for batch 2, max_length 6, dimension 256."""
    if (empty := unanswered(answer)) is not None:
        return empty
    try:
        shape = tuple(int(n) for n in answer)
    except TypeError:
        return wrong(f"expected a shape such as (8, 4, 256), got {answer!r}.",
                     "Use input_embeddings.shape.")
    if shape == (2, 6, 256):
        return right("(batch, tokens per sample, dimension): the 6 x 256 position table was added to each "
                     "of the 2 samples.")
    if shape == (6, 256):
        return wrong("that is the position table alone.",
                     "Add it to the token embeddings; broadcasting gives it the batch dimension.")
    if shape == (2, 6):
        return wrong("that is the shape of the token ids.", "Each id becomes a 256-long vector.")
    if shape == (8, 4, 256):
        return wrong("that is the notes' example.", "Use batch_size=2 and max_length=6 as asked.")
    return wrong(f"{shape} is not the shape GPT-2's input layer gives here.",
                 "Token embeddings are (batch, max_length, output_dim), positions (max_length, output_dim).")


def check_sinusoidal(answer) -> Feedback:
    """08, exercise 2: the sinusoidal encoding for context_length=50, dim=16 (base 10000)."""
    import torch

    from .embeddings import sinusoidal_encoding

    if (empty := unanswered(answer)) is not None:
        return empty
    expected = sinusoidal_encoding(50, 16)
    got = _as_float_tensor(answer)
    if got is None or got.shape != expected.shape:
        shape = None if got is None else tuple(got.shape)
        return wrong(f"expected a (50, 16) table, one row per position; got {shape}.",
                     "Rows are positions 0..49, columns the 16 dimensions.")
    if torch.allclose(got, expected, atol=1e-4):
        return right("sin on even columns, cos on odd ones, with frequencies from 1 down to about 1/10000.")
    swapped = expected.clone()
    swapped[:, 0::2], swapped[:, 1::2] = expected[:, 1::2], expected[:, 0::2]
    if torch.allclose(got, swapped, atol=1e-4):
        return wrong("sine and cosine are swapped.",
                     "Even columns (0, 2, ...) take sin, odd columns take cos.")
    if torch.allclose(got[0], expected[0], atol=1e-4):
        return wrong("position 0 is right, but the frequencies are off.",
                     "w_i = 1 / 10000 ** (2i / 16) for the pair (2i, 2i+1); i runs over 0..7.")
    return wrong("the table does not match the formula.",
                 "Row 0 should be [0, 1, 0, 1, ...]: sin(0) = 0 and cos(0) = 1.")


def check_relative_kinds(answer) -> Feedback:
    """08, exercise 3: which kinds give a token score that depends only on the distance n - m."""
    from .embeddings import KINDS, position_scores, scores_by_distance

    if (empty := unanswered(answer)) is not None:
        return empty
    if isinstance(answer, str):
        answer = {answer}
    try:
        chosen = {str(a).lower() for a in answer}
    except TypeError:
        return wrong(f"expected a set of names such as {{'learned'}}, got {answer!r}.",
                     f"Pick from {', '.join(KINDS)}.")
    unknown = chosen - set(KINDS)
    if unknown:
        return wrong(f"unknown kind(s): {', '.join(sorted(unknown))}.", f"Pick from {', '.join(KINDS)}.")
    truth = {k for k in KINDS if scores_by_distance(position_scores(k, 32, 16)).only_distance()}
    if chosen == truth:
        return right("only RoPE: rotating q by m and k by n leaves q . R(n - m) k, a function of n - m.")
    if "sinusoidal" in chosen:
        return wrong("the sinusoidal vectors alone compare by distance, but the model adds them to token "
                     "vectors, and the cross terms q . P[n] depend on n itself.",
                     "Look at scores_by_distance(position_scores('sinusoidal', 32, 16)).max_spread.")
    if "learned" in chosen:
        return wrong("learned vectors are free parameters; nothing ties positions together by distance.",
                     "Compare the spread of the learned curve with the others in the figure.")
    return wrong("one kind does depend only on the distance.",
                 "Look at the band widths in the figure above.")


# --- 01 embeddings and word2vec ---

CONTEXT_SENTENCE = "the cat sat on the mat"


def check_context_pairs(answer) -> Feedback:
    """Exercise: every (centre, context) pair of CONTEXT_SENTENCE with window=1."""
    from collections import Counter

    from .word2vec import context_pairs

    if (feedback := unanswered(answer)) is not None:
        return feedback
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


def check_analogy_arithmetic(answer) -> Feedback:
    """Exercise: the vector arithmetic for "man is to king as woman is to ?"."""
    if (feedback := unanswered(answer)) is not None:
        return feedback
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


def check_gpt2_medium_embedding(answer) -> Feedback:
    """Exercise: weights in GPT-2 medium's token embedding matrix (vocabulary 50257, 1024 dims)."""
    from .word2vec import GPT_VOCAB_SIZE, embedding_parameters

    if (feedback := unanswered(answer)) is not None:
        return feedback
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


# --- 05 byte pair encoding / 09 BPE from scratch ---

AKWIRW = "Akwirw ier"
MAX_WORDS_MANY_TOKENS = 5
MIN_TOKENS_MANY_TOKENS = 15
NEXT_MERGE_SHOWN = 5  # notebook 09 shows the first five merges; the exercise asks for the sixth


def _gpt2_encoding():
    import tiktoken

    return tiktoken.get_encoding("gpt2")


def check_akwirw_pieces(answer) -> Feedback:
    """Notebook 05: the GPT-2 pieces of "Akwirw ier", as a list of str, in order."""
    if (fb := unanswered(answer)) is not None:
        return fb
    enc = _gpt2_encoding()
    ids = enc.encode(AKWIRW)
    expected = [enc.decode([i]) for i in ids]
    if isinstance(answer, (list, tuple)) and answer and all(isinstance(x, int) for x in answer):
        if list(answer) == ids:
            return wrong("those are the ids; the exercise asks for the pieces (strings).",
                         "Decode each id on its own: [tokenizer.decode([i]) for i in ids].")
        return wrong("that is a list of numbers; the exercise asks for the pieces (strings).",
                     "Decode each id on its own: [tokenizer.decode([i]) for i in ids].")
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)) or not all(
            isinstance(x, str) for x in answer):
        return wrong(f"the answer should be a list of str pieces, got {type(answer).__name__}.",
                     "Make a list with one string per token id.")
    if "".join(answer) != AKWIRW:
        return wrong(f"joining your pieces gives {''.join(answer)!r}, not {AKWIRW!r}.",
                     "Decode every id of tokenizer.encode('Akwirw ier'), keep them in order, spaces "
                     "included.")
    if list(answer) != expected:
        return wrong(f"your {len(answer)} pieces rebuild the text, but GPT-2 cuts it into {len(expected)} "
                     f"pieces differently.", "Use GPT-2's own cut: decode each id separately.")
    return right(f"{len(ids)} pieces {expected}: words GPT-2 never saw are rebuilt from smaller known "
                 f"pieces, down to single letters, so nothing is unknown.")


def check_many_tokens(answer) -> Feedback:
    """Notebook 05: a text of at most 5 words that GPT-2 cuts into at least 15 tokens."""
    if (fb := unanswered(answer)) is not None:
        return fb
    if not isinstance(answer, str):
        return wrong(f"the answer should be a str, got {type(answer).__name__}.", "Put your text in quotes.")
    words = answer.split()
    if not words:
        return wrong("the text is empty.", "Write up to five words.")
    if len(words) > MAX_WORDS_MANY_TOKENS:
        return wrong(f"your text has {len(words)} words; at most {MAX_WORDS_MANY_TOKENS} are allowed.",
                     "Use fewer but stranger words.")
    n = len(_gpt2_encoding().encode(answer, disallowed_special=()))
    if n < MIN_TOKENS_MANY_TOKENS:
        return wrong(f"GPT-2 needs only {n} tokens for it; at least {MIN_TOKENS_MANY_TOKENS} are asked.",
                     "Common words are one token each. Invent words, mix upper and lower case "
                     "(like someunknownPlace), or use rare letters and symbols.")
    return right(f"{len(words)} word(s), {n} tokens: rare and invented words fall apart into many small "
                 f"pieces, which makes them cost more tokens.")


def _piece_pairs(merges) -> list[tuple[str, str]]:
    """Merges (id pairs, byte-level ids) as pairs of readable pieces."""
    pieces = {i: bytes([i]) for i in range(256)}
    out = []
    for k, (a, b) in enumerate(merges):
        pieces[256 + k] = pieces[a] + pieces[b]
        out.append((pieces[a].decode("utf-8", "replace"), pieces[b].decode("utf-8", "replace")))
    return out


def check_next_merge(answer) -> Feedback:
    """Notebook 09: the sixth merge learned on the-verdict, as a pair of str pieces (left, right)."""
    from .bpe import train_fast
    from .corpora import load_verdict

    if (fb := unanswered(answer)) is not None:
        return fb
    merges, _ = train_fast(load_verdict(), NEXT_MERGE_SHOWN + 1)
    pairs = _piece_pairs(merges)
    expected = pairs[NEXT_MERGE_SHOWN]
    if isinstance(answer, str):
        if answer == "".join(expected):
            return wrong("that is the new token; the exercise asks for the two pieces that are joined.",
                         "Answer with a tuple of two strings: (left, right).")
        return wrong("the answer should be a pair of strings (left, right).", "For example (' ', 'w').")
    is_pair = isinstance(answer, (tuple, list)) and len(answer) == 2
    if not (is_pair and all(isinstance(x, str) for x in answer)):
        return wrong("the answer should be a pair of strings (left, right).", "For example (' ', 'w').")
    answer = tuple(answer)
    if answer == expected:
        return right(f"merge {NEXT_MERGE_SHOWN + 1} joins {expected[0]!r} + {expected[1]!r} -> "
                     f"{''.join(expected)!r}, the most frequent pair once the first five are merged.")
    if answer in pairs[:NEXT_MERGE_SHOWN]:
        return wrong(f"{answer!r} was already merged earlier, so it is no longer a pair of two pieces.",
                     "Apply the first five merges, then count the pairs again.")
    if answer[::-1] == expected:
        return wrong("right pieces, wrong order.", "The left piece comes first in the text.")
    return wrong(f"{answer!r} is not the most frequent pair after five merges.",
                 "Count pairs with the counting function after applying the first five merges; on a tie "
                 "the smaller pair of ids wins.")


def check_first_single_word(answer) -> Feedback:
    """Notebook 09: the first word (3+ letters) of the-verdict to become a single token."""
    from .bpe import BPETokenizer, first_single_token_word
    from .corpora import load_verdict

    if (fb := unanswered(answer)) is not None:
        return fb
    if not isinstance(answer, str):
        return wrong(f"the answer should be a str, got {type(answer).__name__}.", "Put the word in quotes.")
    text = load_verdict()
    word, step = first_single_token_word(BPETokenizer().train(text, 300), text)
    if answer == word:
        return right(f"{word!r} becomes a single token at merge {step}.")
    if answer.strip() == word.strip():
        return right(f"{word!r} (with its leading space: GPT-2's pattern keeps the space with the word) "
                     f"becomes a single token at merge {step}.")
    return wrong(f"{answer!r} is not the first one.",
                 "For each merge step, check which words of 3+ letters are one token; or use the token "
                 "id: a word encoded as the single token t became whole at merge t - 255.")


# --- 06 sliding windows ---

VERDICT_TOKENS = 5145  # the-verdict in GPT-2 tokens
SAMPLE_SETTINGS = [(4, 1), (4, 4), (8, 4), (4, 6), (256, 128)]


def check_sample_counts(answer) -> Feedback:
    """Notebook 06, exercise 1: samples the-verdict gives for each (max_length, stride) setting.

    ``answer`` maps each pair in ``SAMPLE_SETTINGS`` to a number of samples.
    """
    from .windows import num_samples

    if (fb := unanswered(answer)) is not None:
        return fb
    if not isinstance(answer, dict):
        return wrong("the answer should be a dict {(max_length, stride): samples}, got "
                     f"{type(answer).__name__}.",
                     "Start from {(4, 1): ..., (4, 4): ..., (8, 4): ..., (4, 6): ..., (256, 128): ...}.")
    missing = [s for s in SAMPLE_SETTINGS if s not in answer]
    if missing:
        return wrong(f"no count for {missing[0]}.", f"Give a count for each of {SAMPLE_SETTINGS}.")
    for (max_length, stride) in SAMPLE_SETTINGS:
        expected = num_samples(VERDICT_TOKENS, max_length, stride)
        got = answer[(max_length, stride)]
        if got != expected:
            hint = ("Count the starts in range(0, 5145 - max_length, stride): "
                    "(5145 - max_length - 1) // stride + 1.")
            if got == (VERDICT_TOKENS - max_length) // stride + 1 or got == VERDICT_TOKENS // stride:
                hint = ("Close: the last window also needs one more token for its last target, so a start "
                        "must be below 5145 - max_length. " + hint)
            return wrong(f"max_length={max_length}, stride={stride} gives {expected} samples, not {got!r}.",
                         hint)
    return right("all five counts match GPTDatasetV1 on the-verdict.")


def check_count_samples(answer) -> Feedback:
    """Notebook 06, exercise 2: a function ``count_samples(n_tokens, max_length, stride)`` that gives
    the number of windows without building them (0 when the text is too short)."""
    from .windows import num_samples

    if (fb := unanswered(answer)) is not None:
        return fb
    if not callable(answer):
        return wrong(f"the answer should be a function, got {type(answer).__name__}.",
                     "Write `def count_samples(n_tokens, max_length, stride): ...` and pass count_samples.")
    for n in (0, 3, 4, 5, 6, 9, 10, 11, 100, 5145):
        for max_length in (1, 4, 5, 10):
            for stride in (1, 2, 3, 4, 6, 10):
                expected = num_samples(n, max_length, stride)
                try:
                    got = answer(n, max_length, stride)
                except Exception as err:  # a learner's function may fail in any way
                    return wrong(f"count_samples({n}, {max_length}, {stride}) raised "
                                 f"{type(err).__name__}: {err}.",
                                 "Return 0 when there are not enough tokens instead of failing.")
                if got != expected:
                    hint = ("Check short texts: with n_tokens <= max_length there is no window at all."
                            if n <= max_length else
                            "The starts are range(0, n_tokens - max_length, stride); count them.")
                    return wrong(f"count_samples({n}, {max_length}, {stride}) returned {got!r}, "
                                 f"but there are {expected} windows.", hint)
    return right("it agrees with the notes' loop on 240 settings, short texts included.")
