"""Checks for notebook 03, token ids."""

from __future__ import annotations

import re

from .feedback import Feedback, check, right, wrong

UNKNOWN_SENTENCE = "Jack painted a portrait of his dog in Paris yesterday."


@check
def check_unknown_words(answer) -> Feedback:
    """Notebook 03: the words of UNKNOWN_SENTENCE that are not in the verdict vocabulary."""
    from ..tokenizers import split_text, verdict_vocab

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


PREDICT_SENTENCE = "The cat sat on the mat; the cat slept."


@check
def check_predicted_ids(answer) -> Feedback:
    """Notebook 03: the ids of PREDICT_SENTENCE with a vocabulary built from that sentence alone."""
    from ..tokenizers import build_vocab, split_text

    tokens = split_text(PREDICT_SENTENCE)
    vocab = build_vocab(tokens)
    expected = [vocab[t] for t in tokens]
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)):
        return wrong(f"give the ids as a list of {len(tokens)} integers, one per token.",
                     "The sentence splits into " + ", ".join(repr(t) for t in tokens) + ".")
    if list(answer) == expected:
        return right(f"{expected}. '.' and ';' sort first (code points 46 and 59), 'The' before every "
                     "lower-case word (T is 84, c is 99), and both 'the' get the same id 8.")
    if len(answer) != len(tokens):
        return wrong(f"the sentence has {len(tokens)} tokens, so {len(tokens)} ids; you gave {len(answer)}.",
                     "';' and the final '.' are tokens of their own.")
    first = next(i for i, (a, e) in enumerate(zip(answer, expected, strict=True)) if a != e)
    if sorted(set(answer)) != list(range(len(vocab))):
        return wrong(f"the vocabulary has {len(vocab)} distinct tokens, so the ids are 0..{len(vocab) - 1}, "
                     f"each used for one token; your list uses {sorted(set(answer))}.",
                     "Count the distinct tokens first: 'the' and 'cat' occur twice but get one id each.")
    return wrong(f"the first wrong id is at position {first}, the token {tokens[first]!r}.",
                 "Sort the distinct tokens by code point (ord): punctuation . and ; come before capitals, "
                 "capitals before lower case.")


LOSSLESS_PATTERNS = (r'([,.:;?_!"()\']|--|\s)', r'([,.:;?_!"()\']|--|\s+)')


@check
def check_lossless_text(answer) -> Feedback:
    """Notebook 03: ``(vocab, ids)`` of a tokenizer that keeps whitespace. The ids must be the story's
    regex pieces, whitespace included, and decoding them must give the story back exactly."""
    from ..corpora import load_verdict

    story = load_verdict()
    how = "answer = (ws_vocab, ws_ids): your vocabulary (token -> id) and the ids of the whole story."
    if isinstance(answer, str):
        return wrong("a text alone proves nothing (raw_text itself is the story): give your tokenizer's "
                     "vocabulary and ids.", how)
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2 and isinstance(answer[0], dict)):
        return wrong(f"give a pair (vocab, ids), got {type(answer).__name__}.", how)
    vocab, ids = answer
    if isinstance(ids, (str, bytes)) or not isinstance(ids, (list, tuple)) \
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        return wrong("the ids must be a list of integers, one per token.", how)
    if not all(isinstance(t, str) for t in vocab) or len(set(vocab.values())) != len(vocab):
        return wrong("the vocabulary must map each token (a str) to its own id; two tokens share an id, "
                     "so the inverse cannot tell them apart.",
                     "Number the distinct tokens: enumerate(sorted(set(pieces))).")
    inverse = {i: t for t, i in vocab.items()}
    missing = sorted({i for i in ids if i not in inverse})
    if missing:
        return wrong(f"ids {missing[:5]} are not in your vocabulary.",
                     "Encode with the same vocabulary you return: [ws_vocab[p] for p in pieces].")
    tokens = [inverse[i] for i in ids]
    decoded = "".join(tokens)
    # section 4's pattern (one whitespace character a piece) or with \s+ (a run of whitespace a piece)
    splits = [[p for p in re.split(pattern, story) if p] for pattern in LOSSLESS_PATTERNS]
    expected = splits[0]
    if decoded == story and tokens in splits:
        return right(f"{len(ids):,} ids decode to all {len(story):,} characters exactly: the whitespace was "
                     "kept as tokens, so decode only has to join them.")
    if decoded == story:
        tokens_word = "token" if len(tokens) == 1 else "tokens"
        return wrong(f"your ids decode to the story, but as {len(tokens):,} {tokens_word}, not the "
                     f"{len(expected):,} pieces of section 4's regular expression.",
                     "Split raw_text with re.split and the same pattern, and drop only the empty strings.")
    first = next((i for i, (a, b) in enumerate(zip(decoded, story, strict=False)) if a != b),
                 min(len(decoded), len(story)))
    where = (f"at character {first}: the story has {story[first:first + 20]!r}, "
             f"yours {decoded[first:first + 20]!r}")
    if "".join(decoded.split()) == "".join(story.split()):
        return wrong(f"the words are right but the decoded spacing differs, {where}.",
                     "Keep the whitespace pieces re.split returns (drop only the empty strings ''), and "
                     "decode with \"\".join(...) rather than \" \".join(...).")
    return wrong(f"your ids decode to a text that differs from the story {where}.",
                 "Build the vocabulary from the pieces with whitespace kept, encode the whole story, "
                 "and return that vocabulary with those ids.")
