"""Checks for notebook 04, special context tokens."""

from __future__ import annotations

from ..i18n import gettext as _
from .feedback import Feedback, check, right, wrong

TWO_UNKNOWN = "mrs. Gisburn painted the palace."  # 'mrs' (lower case) and 'palace' are not in the story
PAD_TEXTS = ("Hello, do you like tea?", "In the sunlit terraces of the palace.")


@check
def check_two_unknown_ids(answer) -> Feedback:
    """Notebook 04: the learner's prediction of V2's ids for TWO_UNKNOWN (written before running V2)."""
    from ..tokenizers import SimpleTokenizerV2, split_text, verdict_vocab

    if not isinstance(answer, (list, tuple)) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in answer):
        return wrong(_("give a list of ids (int), got {name}.").format(name=type(answer).__name__),
                     _("Look each token up with vocab[token]; write 1131 where you expect <|unk|>."))
    vocab = verdict_vocab()
    pieces = split_text(TWO_UNKNOWN)
    expected = SimpleTokenizerV2(vocab).encode(TWO_UNKNOWN)
    answer = list(answer)
    if answer == expected:
        return right(_("{n_expected} ids, two of them {unk}: 'palace' is not in the story, and neither is "
                       "'mrs' (the story has 'Mrs'; tokens keep their case).").format(
                           n_expected=len(expected), unk=vocab['<|unk|>']))
    if len(answer) != len(expected):
        return wrong(_("V2 gives {n_expected} ids, you wrote {n_answer}.").format(n_expected=len(expected),
                                                                                  n_answer=len(answer)),
                     _("Split first: the full stop after mrs is a token of its own, so is the last one."))
    unk_at = [i for i, p in enumerate(pieces) if p not in vocab]
    yours = [i for i, x in enumerate(answer) if x == vocab["<|unk|>"]]
    if yours != unk_at:
        said = [pieces[i] for i in yours]
        return wrong(_("you put <|unk|> for {said!r}; V2 puts it in {n_unk_at} places, not all the same as "
                       "yours.").format(said=said, n_unk_at=len(unk_at)),
                     _("Which words of the sentence never occur in The Verdict, spelled exactly like that "
                       "(case included)? Test one with 'word' in vocab."))
    return wrong(_("<|unk|> is in the right places, but some other ids differ."),
                 _("Take each known token's id from vocab[token]."))


@check
def check_same_ids(answer) -> Feedback:
    """Notebook 04: two texts with different tokens that V2 encodes to the same ids."""
    from ..tokenizers import SimpleTokenizerV2, split_text, verdict_vocab

    if (not isinstance(answer, (tuple, list)) or len(answer) != 2
            or not all(isinstance(t, str) for t in answer)):
        return wrong(_("give two texts: answer = (text_a, text_b)."))
    a, b = answer
    try:
        pieces_a, pieces_b = split_text(a), split_text(b)
    except ValueError as err:
        return wrong(_("one of your texts has no tokens ({err}).").format(err=err))
    if pieces_a == pieces_b:
        return wrong(_("your two texts have the same tokens, so of course they get the same ids."),
                     _("Make them differ in a word, not only in spacing."))
    tokenizer = SimpleTokenizerV2(verdict_vocab())
    ids_a, ids_b = tokenizer.encode(a), tokenizer.encode(b)
    if ids_a != ids_b:
        return wrong(_("V2 gives them different ids: {ids_a} vs {ids_b}.").format(ids_a=ids_a, ids_b=ids_b),
                     _("Where could a different word still get the same id? Only where both words are "
                       "unknown."))
    return right(_("both become {ids_a}. decode cannot tell them apart: the unknown words are gone, and no "
                   "tokenizer with <|unk|> can get them back from the ids.").format(ids_a=ids_a))


@check
def check_padded_batch(answer, pad_id: int = 1130) -> Feedback:
    """Notebook 04: (ids, mask) for PAD_TEXTS, padded at the end with ``pad_id`` into one tensor."""
    import torch

    from ..tokenizers import SimpleTokenizerV2, verdict_vocab

    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return wrong(_("give two tensors: answer = (ids, mask)."))
    try:
        ids, mask = (x if isinstance(x, torch.Tensor) else torch.as_tensor(x) for x in answer)
    except (TypeError, ValueError, RuntimeError):
        return wrong(_("ids and mask should be tensors (or lists of lists of int)."),
                     _("torch.tensor([row_0, row_1]) stacks two lists of the same length."))
    tokenizer = SimpleTokenizerV2(verdict_vocab())
    rows = [tokenizer.encode(t) for t in PAD_TEXTS]
    width = max(len(r) for r in rows)
    want_ids = torch.tensor([r + [pad_id] * (width - len(r)) for r in rows])
    want_mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    if tuple(ids.shape) != tuple(want_ids.shape):
        return wrong(_("ids should have shape {expected} (2 texts, the longer one's length), got "
                       "{shape}.").format(expected=tuple(want_ids.shape), shape=tuple(ids.shape)),
                     _("Pad the shorter list at the end up to the longer one's length."))
    if not torch.equal(ids.long(), want_ids):
        if torch.equal(ids.long()[:, :width].flip(1), want_ids.flip(1)) or ids[0, 0].item() == pad_id:
            return wrong(_("the padding is at the start of the row."), _("Append the pad ids at the end."))
        return wrong(_("the shape is right, but some ids differ."),
                     _("Row 0 is tokenizer.encode(text1) plus pad ids ({pad_id}); row 1 is text2's "
                       "ids.").format(pad_id=pad_id))
    if tuple(mask.shape) != tuple(want_mask.shape) or not torch.equal(mask.long(), want_mask):
        return wrong(_("the ids are right; the mask is not."),
                     _("The mask is 1 where a real token stands and 0 where padding stands, same shape as "
                       "ids."))
    return right(_("ids {shape} and mask. The mask is needed because {pad_id} is also a real token: ids "
                   "alone cannot say which <|endoftext|> is padding.").format(shape=tuple(ids.shape),
                                                                              pad_id=pad_id))
