"""Checks for notebook 03, token ids."""

from __future__ import annotations

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


@check
def check_lossless_text(answer) -> Feedback:
    """Notebook 03: the story decoded by a tokenizer that keeps whitespace: it must be the story."""
    from ..corpora import load_verdict

    story = load_verdict()
    if not isinstance(answer, str):
        return wrong(f"put the decoded text (a str) in answer, got {type(answer).__name__}.",
                     "If you have ids, decode them: \"\".join(inverse[i] for i in ids).")
    if answer == story:
        return right(f"all {len(story):,} characters come back exactly: the whitespace was kept as tokens, "
                     "so decode only has to join them.")
    first = next((i for i, (a, b) in enumerate(zip(answer, story, strict=False)) if a != b),
                 min(len(answer), len(story)))
    where = (f"at character {first}: the story has {story[first:first + 20]!r}, "
             f"yours {answer[first:first + 20]!r}")
    if "".join(answer.split()) == "".join(story.split()):
        return wrong(f"the words are right but the spacing differs, {where}.",
                     "Keep the whitespace pieces re.split returns (drop only the empty strings ''), and "
                     "join the tokens with \"\" rather than \" \".")
    return wrong(f"the text differs from the story {where}.",
                 "Build the vocabulary from the pieces with whitespace kept, encode the whole story, "
                 "then decode with \"\".join(...).")
