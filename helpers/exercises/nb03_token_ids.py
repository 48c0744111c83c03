"""Checks for notebook 03, token ids."""

from __future__ import annotations

import re

from ..i18n import gettext as _
from ..i18n import ngettext
from .feedback import Feedback, check, right, wrong

UNKNOWN_SENTENCE = "Jack painted a portrait of his dog in Paris yesterday."


@check
def check_unknown_words(answer) -> Feedback:
    """Notebook 03: the words of UNKNOWN_SENTENCE that are not in the verdict vocabulary."""
    from ..tokenizers import split_text, verdict_vocab

    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
        return wrong(_("give a list (or set) of words."), _("[t for t in tokens if t not in vocab]"))
    vocab = verdict_vocab(special_tokens=False)
    expected = [t for t in split_text(UNKNOWN_SENTENCE) if t not in vocab]
    if sorted(answer) == sorted(expected):
        return right(_("{n_expected} of the {n_split_text} tokens are unknown: SimpleTokenizerV1 cannot "
                       "encode this sentence.").format(n_expected=len(expected),
                                                       n_split_text=len(split_text(UNKNOWN_SENTENCE))))
    in_vocab = sorted(set(answer) & set(vocab))
    if in_vocab:
        return wrong(_("{in_vocab} are in the vocabulary.").format(in_vocab=in_vocab),
                     _("Test each token with `token in vocab`."))
    return wrong(_("there are {n_expected} unknown words; you gave {n_answer}.").format(
        n_expected=len(expected), n_answer=len(answer)),
                 _("Split the sentence with the notebook's regex, then keep the tokens not in vocab."))


PREDICT_SENTENCE = "The cat sat on the mat; the cat slept."


@check
def check_predicted_ids(answer) -> Feedback:
    """Notebook 03: the ids of PREDICT_SENTENCE with a vocabulary built from that sentence alone."""
    from ..tokenizers import build_vocab, split_text

    tokens = split_text(PREDICT_SENTENCE)
    vocab = build_vocab(tokens)
    expected = [vocab[t] for t in tokens]
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)):
        return wrong(_("give the ids as a list of {n_tokens} integers, one per token.").format(
            n_tokens=len(tokens)),
                     _("The sentence splits into {tokens}.").format(
                         tokens=", ".join(repr(t) for t in tokens)))
    if list(answer) == expected:
        return right(_("{expected}. '.' and ';' sort first (code points 46 and 59), 'The' before every "
                       "lower-case word (T is 84, c is 99), and both 'the' get the same id 8.").format(
                           expected=expected))
    if len(answer) != len(tokens):
        return wrong(_("the sentence has {n_tokens} tokens, so {n_tokens} ids; you gave {n_answer}.").format(
            n_tokens=len(tokens), n_answer=len(answer)),
                     _("';' and the final '.' are tokens of their own."))
    first = next(i for i, (a, e) in enumerate(zip(answer, expected, strict=True)) if a != e)
    if sorted(set(answer)) != list(range(len(vocab))):
        return wrong(_("the vocabulary has {n_vocab} distinct tokens, so the ids are 0..{last_id}, each "
                       "used for one token; your list uses {used}.").format(
                           n_vocab=len(vocab), last_id=len(vocab) - 1, used=sorted(set(answer))),
                     _("Count the distinct tokens first: 'the' and 'cat' occur twice but get one id each."))
    return wrong(_("the first wrong id is at position {first}, the token {tokens!r}.").format(first=first,
                                                                                              tokens=tokens[first]),
                 _("Sort the distinct tokens by code point (ord): punctuation . and ; come before "
                   "capitals, capitals before lower case."))


LOSSLESS_PATTERNS = (r'([,.:;?_!"()\']|--|\s)', r'([,.:;?_!"()\']|--|\s+)')


@check
def check_lossless_text(answer) -> Feedback:
    """Notebook 03: ``(vocab, ids)`` of a tokenizer that keeps whitespace. The ids must be the story's
    regex pieces, whitespace included, and decoding them must give the story back exactly."""
    from ..corpora import load_verdict

    story = load_verdict()
    how = _("answer = (ws_vocab, ws_ids): your vocabulary (token -> id) and the ids of the whole story.")
    if isinstance(answer, str):
        return wrong(_("a text alone proves nothing (raw_text itself is the story): give your tokenizer's "
                       "vocabulary and ids."), how)
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2 and isinstance(answer[0], dict)):
        return wrong(_("give a pair (vocab, ids), got {name}.").format(name=type(answer).__name__), how)
    vocab, ids = answer
    if isinstance(ids, (str, bytes)) or not isinstance(ids, (list, tuple)) \
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        return wrong(_("the ids must be a list of integers, one per token."), how)
    if not all(isinstance(t, str) for t in vocab) or len(set(vocab.values())) != len(vocab):
        return wrong(_("the vocabulary must map each token (a str) to its own id; two tokens share an id, "
                       "so the inverse cannot tell them apart."),
                     _("Number the distinct tokens: enumerate(sorted(set(pieces)))."))
    inverse = {i: t for t, i in vocab.items()}
    missing = sorted({i for i in ids if i not in inverse})
    if missing:
        return wrong(_("ids {missing} are not in your vocabulary.").format(missing=missing[:5]),
                     _("Encode with the same vocabulary you return: [ws_vocab[p] for p in pieces]."))
    tokens = [inverse[i] for i in ids]
    decoded = "".join(tokens)
    # section 4's pattern (one whitespace character a piece) or with \s+ (a run of whitespace a piece)
    splits = [[p for p in re.split(pattern, story) if p] for pattern in LOSSLESS_PATTERNS]
    expected = splits[0]
    if decoded == story and tokens in splits:
        return right(_("{n_ids:,} ids decode to all {n_story:,} characters exactly: the whitespace was "
                       "kept as tokens, so decode only has to join them.").format(n_ids=len(ids),
                                                                                  n_story=len(story)))
    if decoded == story:
        return wrong(ngettext("your ids decode to the story, but as {n_tokens:,} token, not the "
                              "{n_expected:,} pieces of section 4's regular expression.",
                              "your ids decode to the story, but as {n_tokens:,} tokens, not the "
                              "{n_expected:,} pieces of section 4's regular expression.", len(tokens)).format(
                           n_tokens=len(tokens), n_expected=len(expected)),
                     _("Split raw_text with re.split and the same pattern, and drop only the empty strings."))
    first = next((i for i, (a, b) in enumerate(zip(decoded, story, strict=False)) if a != b),
                 min(len(decoded), len(story)))
    where = _("at character {first}: the story has {story!r}, yours {yours!r}").format(
        first=first, story=story[first:first + 20], yours=decoded[first:first + 20])
    if "".join(decoded.split()) == "".join(story.split()):
        return wrong(_("the words are right but the decoded spacing differs, {where}.").format(where=where),
                     _("Keep the whitespace pieces re.split returns (drop only the empty strings ''), and "
                       'decode with "".join(...) rather than " ".join(...).'))
    return wrong(_("your ids decode to a text that differs from the story {where}.").format(where=where),
                 _("Build the vocabulary from the pieces with whitespace kept, encode the whole story, and "
                   "return that vocabulary with those ids."))
