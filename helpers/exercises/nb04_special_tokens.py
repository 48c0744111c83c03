"""Checks for notebook 04, special context tokens."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong

V2_SENTENCE = "Hello, world. <|endoftext|> The end."
PAD = "<|pad|>"


@check
def check_v2_ids(answer) -> Feedback:
    """Notebook 04: V2_SENTENCE encoded with the 1132-entry verdict vocabulary."""
    from ..tokenizers import SimpleTokenizerV2, verdict_vocab

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


@check
def check_pad_vocab(answer) -> Feedback:
    """Notebook 04: the verdict vocabulary with <|endoftext|>, <|unk|> and <|pad|> (in that order)."""
    from ..corpora import load_verdict
    from ..tokenizers import SPECIAL_TOKENS, build_vocab, split_text

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
