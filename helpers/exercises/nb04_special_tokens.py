"""Checks for notebook 04, special context tokens."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong

V2_SENTENCE = "Hello, world. <|endoftext|> The end."
PAD = "<|pad|>"


@check
def check_v2_ids(answer) -> Feedback:
    """Notebook 04: V2_SENTENCE encoded with the verdict vocabulary and its two special tokens."""
    from ..tokenizers import SimpleTokenizerV2, verdict_vocab

    tokens, fb = (list(answer), None) if isinstance(answer, (list, tuple)) else (None, wrong(
        f"give the list of ids, got {type(answer).__name__}.", "tokenizer.encode(text)"))
    if fb is not None:
        return fb
    vocab = verdict_vocab()
    expected = SimpleTokenizerV2(vocab).encode(V2_SENTENCE)
    if tokens == expected:
        return right(f"'Hello' and 'world' became <|unk|> ({vocab['<|unk|>']}); "
                     f"<|endoftext|> is {vocab['<|endoftext|>']}.")
    if len(tokens) != len(expected):
        return wrong(f"expected {len(expected)} ids, got {len(tokens)}.",
                     "Keep a space on each side of <|endoftext|> so it is split as one token.")
    return wrong("the right number of ids, but some differ.",
                 f"Use the vocabulary with the two special tokens ({len(vocab)} entries).")


@check
def check_pad_vocab(answer) -> Feedback:
    """Notebook 04: the verdict vocabulary with <|endoftext|>, <|unk|> and <|pad|> (in that order)."""
    from ..corpora import load_verdict
    from ..tokenizers import SPECIAL_TOKENS, build_vocab, split_text

    if not isinstance(answer, dict):
        return wrong(f"a vocabulary is a dict token -> id, got {type(answer).__name__}.")
    specials = (*SPECIAL_TOKENS, PAD)
    expected = build_vocab(split_text(load_verdict()), special_tokens=specials)
    if answer == expected:
        return right(f"{len(expected)} entries; {PAD} got id {expected[PAD]}, after the other two.")
    if PAD not in answer:
        return wrong(f"{PAD} is not in your vocabulary.", "Add it to special_tokens.")
    if len(answer) != len(expected):
        return wrong(f"expected {len(expected)} entries, got {len(answer)}.",
                     f"Start from the {len(expected) - len(specials)} tokens of The Verdict, then add the "
                     "three special tokens.")
    return wrong("the right tokens, but some ids differ.",
                 f"The special tokens go last, in the order <|endoftext|>, <|unk|>, {PAD}.")
