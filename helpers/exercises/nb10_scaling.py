"""Checks for the appendix, notebook 10: from one story to a library.

Expected answers are computed (from the story's token count, the notes' storage and PyTorch's own
``DistributedSampler``), never written down by hand.
"""

from __future__ import annotations

import functools

from ..i18n import gettext as _
from ..windows import num_samples
from .feedback import Feedback, check, first_difference, right, wrong

MEMORY_SETTING = (256, 1)   # exercise 1: (max_length, stride) over the whole story
SHARD_SETTING = (21, 4)   # exercise 2: (windows, processes)


@functools.cache
def verdict_tokens() -> int:
    """The-verdict's length in GPT-2 tokens, counted as the notebooks count it."""
    import tiktoken

    from ..corpora import load_verdict

    return len(tiktoken.get_encoding("gpt2").encode(load_verdict()))


def sampler_indices(n_windows: int, rank: int, num_replicas: int) -> list[int]:
    """What ``DistributedSampler(shuffle=False)`` gives process ``rank`` of ``num_replicas``."""
    from torch.utils.data import DistributedSampler

    return list(DistributedSampler(range(n_windows), num_replicas=num_replicas, rank=rank, shuffle=False))


@check
def check_notes_bytes(answer) -> Feedback:
    """Exercise 1: bytes the notes' dataset holds in tensors for the whole story, ``MEMORY_SETTING``."""
    if not isinstance(answer, int) or isinstance(answer, bool):
        return wrong(_("the answer should be a whole number of bytes, got {name}.").format(
            name=type(answer).__name__),
                     _("For example 1_000_000."))
    max_length, stride = MEMORY_SETTING
    n = num_samples(verdict_tokens(), max_length, stride)
    expected = n * 2 * max_length * 8
    if answer == expected:
        return right(_("{n:,} windows x 2 tensors x {max_length} ids x 8 bytes = {expected:,} bytes.").format(
            n=n, max_length=max_length, expected=expected))
    if answer == n * max_length * 8:
        return wrong(_("that is the inputs only."), _("Every window keeps two tensors: inputs and targets."))
    if answer in (n * 2 * max_length * 2, n * 2 * max_length * 4, n * 2 * max_length):
        return wrong(_("the count of ids is right, the bytes per id are not."),
                     _("torch.tensor makes int64 from Python ints: how many bytes is 64 bits?"))
    return wrong(_("{answer:,} bytes is not right.").format(answer=answer),
                 _("First count the windows of {verdict_tokens} tokens at max_length={max_length}, "
                   "stride={stride}; then the ids each window stores.").format(
                       verdict_tokens=verdict_tokens(), max_length=max_length, stride=stride))


@check
def check_shard_sizes(answer) -> Feedback:
    """Exercise 2: ``(indices per process, windows seen twice per epoch)`` for ``SHARD_SETTING``."""
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return wrong(_("the answer should be two numbers: (indices per process, windows seen twice)."),
                     _("For example (5, 0)."))
    n_windows, replicas = SHARD_SETTING
    shards = [sampler_indices(n_windows, r, replicas) for r in range(replicas)]
    per_process = len(shards[0])
    twice = per_process * replicas - n_windows
    if tuple(answer) == (per_process, twice):
        return right(_("{replicas} x {per_process} = {indices} indices for {n_windows} windows, so "
                       "{twice} windows are used twice in an epoch.").format(
                           replicas=replicas, per_process=per_process, indices=per_process * replicas,
                           n_windows=n_windows, twice=twice))
    if answer[0] == n_windows // replicas:
        return wrong(_("with {answer} each, {n_windows} window(s) would never be seen.").format(
            answer=answer[0],
            n_windows=n_windows - answer[0] * replicas), _("The sampler (drop_last=False) never leaves a "
                                                           "window out: it rounds up."))
    if answer[0] != per_process:
        return wrong(_("{answer!r} indices per process is not right.").format(answer=answer[0]),
                     _("Every process gets the same number, and together they cover every window."))
    return wrong(_("{per_process} per process is right; {answer!r} windows seen twice is not.").format(
        per_process=per_process, answer=answer[1]),
                 _("How many indices are there in all, and how many windows?"))


@check
def check_shard_function(answer) -> Feedback:
    """Exercise 3: ``shard(n_windows, rank, num_replicas)`` equal to ``DistributedSampler(shuffle=False)``."""
    if not callable(answer):
        return wrong(_("the answer should be a function, got {name}.").format(name=type(answer).__name__),
                     _("Write `def shard(n_windows, rank, num_replicas): ...` and pass shard."))
    cases = [(n, r, k) for n in (1, 2, 5, 8, 20, 21, 23) for k in (1, 2, 3, 4, 8) for r in range(k)]
    found = first_difference(answer, cases, sampler_indices, name="shard",
                             fix=_("Return a list of window indices."))
    if isinstance(found, Feedback):
        return found
    if found is not None:
        (n, rank, replicas), got, expected = found
        hint = (_("Pad the list of indices by repeating it from the start until it divides evenly.")
                if n % replicas else
                _("Process rank takes every num_replicas-th index, starting at rank."))
        if replicas > n:
            hint = (_("With more processes than windows the padding is longer than the list: repeat the "
                      "list as often as needed."))
        return wrong(_("shard({n}, {rank}, {replicas}) returned {got}, DistributedSampler gives "
                       "{expected}.").format(n=n, rank=rank, replicas=replicas, got=got,
                                             expected=expected), hint)
    return right(_("it matches DistributedSampler(shuffle=False) in all {n_cases} cases.").format(
        n_cases=len(cases)))
