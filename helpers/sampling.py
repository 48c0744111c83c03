"""Sliding windows over token ids: the arithmetic, the notes' dataset and loader, and token stores.

The notes cut a long list of token ids into training samples with a loop::

    for i in range(0, len(token_ids) - max_length, stride):
        input  = token_ids[i : i + max_length]
        target = token_ids[i + 1 : i + max_length + 1]

Everything here follows from that one line.

* **Window arithmetic** (plain functions, used by the notebook's prose, the explorer and the tests):
  ``num_samples`` (``(N - max_length - 1) // stride + 1``, or 0 when ``N <= max_length``),
  ``window_starts``, ``num_batches`` and ``window_stats`` (coverage, gaps, overlap, samples lost to
  ``drop_last``), ``window_lessons`` (what a setting teaches, in words).
* ``GPTDatasetV1`` and ``create_dataloader_v1`` with the notes' signatures and exactly the notes'
  samples (same count, order and tensors). Instead of two tensors per window they keep one array of
  token ids and cut each window when it is asked for; a whole batch is gathered with one indexing
  operation.
* **Token stores** for corpora larger than memory: ``write_token_store`` tokenizes in parallel and
  writes the ids to a memory-mapped ``uint16`` file with a JSON sidecar; ``open_token_store`` and
  ``GPTDatasetV1.from_token_store`` read windows straight from the file.
* ``distributed_dataloader``: the same windows split across processes with
  ``torch.utils.data.DistributedSampler``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import operator
import re
import threading
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import tiktoken
import torch
from torch.utils.data import (
    BatchSampler,
    DataLoader,
    Dataset,
    DistributedSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
)

from .corpora import atomic_writer, write_atomically


class SamplingError(ValueError):
    """A sliding-window setting or text that cannot give training samples."""


class TextTooShortError(SamplingError):
    """A shuffled loader over a text with too few tokens for even one window (``max_length + 1``)."""


class SamplingWarning(UserWarning):
    """A setting the notes' code accepts but that gives nothing to train on: a text too short for one
    window (an empty dataset) or ``drop_last=True`` with fewer samples than ``batch_size`` (no batches).
    ``helpers`` gives the same empty result as the notes, and says why."""


class TokenStoreError(RuntimeError):
    """A token store on disk is missing, incomplete (an interrupted write) or does not match."""


# --------------------------------------------------------------------------------------------------
# Window arithmetic
# --------------------------------------------------------------------------------------------------


def _positive_int(value, name: str, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number (int), got {type(value).__name__} {value!r}. {hint}")
    value = operator.index(value)
    if value < 1:
        raise SamplingError(f"{name} must be at least 1, got {value}. {hint}")
    return value


def check_window_settings(max_length, stride) -> tuple[int, int]:
    """Return ``(max_length, stride)`` as ints, or raise a clear error for impossible values."""
    max_length = _positive_int(
        max_length, "max_length", "It is the number of tokens in each input window (for example 4 or 256)."
    )
    stride = _positive_int(
        stride, "stride",
        "It is how many tokens the window moves between samples (for example 1 or max_length).",
    )
    return max_length, stride


def num_samples(n_tokens: int, max_length: int, stride: int) -> int:
    """How many windows the notes' loop ``range(0, n_tokens - max_length, stride)`` makes.

    That is ``(n_tokens - max_length - 1) // stride + 1``, and 0 when ``n_tokens <= max_length``
    (every window needs ``max_length + 1`` tokens: the input and one more for the last target).
    """
    max_length, stride = check_window_settings(max_length, stride)
    if n_tokens <= max_length:
        return 0
    return (n_tokens - max_length - 1) // stride + 1


def window_starts(n_tokens: int, max_length: int, stride: int) -> range:
    """Where each window starts: exactly the notes' ``range(0, n_tokens - max_length, stride)``."""
    max_length, stride = check_window_settings(max_length, stride)
    return range(0, max(0, n_tokens - max_length), stride)


def num_batches(n_samples: int, batch_size: int, drop_last: bool) -> int:
    """How many batches a loader makes from ``n_samples`` samples."""
    batch_size = _positive_int(batch_size, "batch_size", "It is how many samples go into one batch.")
    return n_samples // batch_size if drop_last else -(-n_samples // batch_size)


@dataclass(frozen=True)
class WindowStats:
    """What a sliding-window setting does to a text of ``n_tokens`` tokens.

    * ``samples``: windows (input/target pairs); ``batches``: batches the loader yields.
    * ``tokens_covered``: tokens that appear in at least one window (as input or target).
    * ``targets_covered``: tokens that the model is asked to predict at least once;
      ``never_targets = n_tokens - targets_covered`` (the first token is never a target: nothing
      comes before it; a stride larger than ``max_length`` skips ``gap`` tokens after every window;
      and the tail after the last window is never reached).
    * ``overlap``: input tokens shared by two neighbouring windows (``max_length - stride`` if positive).
    * ``gap``: tokens between two neighbouring windows that are never a target
      (``stride - max_length`` if positive).
    * ``tail``: tokens after the last target of the last window.
    * ``lost_to_drop_last``: samples in the incomplete last batch that ``drop_last=True`` throws away.
    """

    n_tokens: int
    max_length: int
    stride: int
    batch_size: int
    drop_last: bool
    samples: int
    batches: int
    tokens_covered: int
    targets_covered: int
    never_targets: int
    overlap: int
    gap: int
    tail: int
    lost_to_drop_last: int


def window_stats(n_tokens: int, max_length: int, stride: int, batch_size: int = 1,
                 drop_last: bool = False) -> WindowStats:
    """Count samples, batches, coverage, overlap and gaps for one setting (no tokens needed)."""
    max_length, stride = check_window_settings(max_length, stride)
    n = num_samples(n_tokens, max_length, stride)
    batches = num_batches(n, batch_size, drop_last)
    if n:
        covered = (n - 1) * min(stride, max_length + 1) + max_length + 1
        targets = (n - 1) * min(stride, max_length) + max_length
        tail = n_tokens - ((n - 1) * stride + max_length + 1)
    else:
        covered = targets = 0
        tail = n_tokens
    return WindowStats(
        n_tokens=n_tokens, max_length=max_length, stride=stride, batch_size=batch_size,
        drop_last=bool(drop_last), samples=n, batches=batches, tokens_covered=covered,
        targets_covered=targets, never_targets=n_tokens - targets,
        overlap=max(0, max_length - stride), gap=max(0, stride - max_length), tail=tail,
        lost_to_drop_last=n - batches * batch_size if drop_last else 0,
    )


def window_lessons(stats: WindowStats) -> list[str]:
    """What a setting teaches, in plain words (the explorer shows these under its counts)."""
    s = stats
    if s.samples == 0:
        return [
            f"Text too short: it has {s.n_tokens} tokens, but one window needs max_length + 1 = "
            f"{s.max_length + 1} (the input plus one more token for the last target). "
            "Use a longer text or a smaller max_length."
        ]
    lessons = []
    if s.stride == 1:
        lessons.append(
            f"Stride 1: every window starts one token after the previous one, so neighbours share "
            f"{s.overlap} of their {s.max_length} input tokens. The most samples, but nearly the same "
            "sample over and over (a risk of overfitting)."
        )
    elif s.gap:
        lessons.append(
            f"Gap: stride {s.stride} > max_length {s.max_length}, so {s.gap} of every {s.stride} tokens "
            "are never a target (the model never learns to predict them)."
        )
    elif s.overlap:
        lessons.append(
            f"Overlap: stride {s.stride} < max_length {s.max_length}, so neighbouring windows share "
            f"{s.overlap} input tokens."
        )
    else:
        lessons.append(
            "No gap and no overlap: stride = max_length, so every token (after the first) is a target "
            "exactly once. The usual choice for training."
        )
    if s.lost_to_drop_last:
        lessons.append(
            f"drop_last=True throws away the last {s.lost_to_drop_last} sample(s): "
            f"{s.samples} samples do not fill whole batches of {s.batch_size}."
        )
    elif not s.drop_last and s.samples % s.batch_size:
        lessons.append(
            f"drop_last=False keeps a smaller last batch of {s.samples % s.batch_size} sample(s)."
        )
    if s.batches == 0:
        lessons.append(
            f"Zero batches: only {s.samples} sample(s) but batch_size={s.batch_size} with drop_last=True. "
            "Lower batch_size or set drop_last=False."
        )
    return lessons


@dataclass(frozen=True)
class WindowSpan:
    """One window's place in the token stream: inputs ``[start, start + max_length)``,
    targets ``[start + 1, start + max_length + 1)``."""

    index: int
    start: int
    input_stop: int
    target_start: int
    target_stop: int


def first_windows(n_tokens: int, max_length: int, stride: int, count: int = 3) -> list[WindowSpan]:
    """The first ``count`` windows as spans (for pictures of the text with windows coloured)."""
    starts = window_starts(n_tokens, max_length, stride)[:count]
    return [WindowSpan(i, s, s + max_length, s + 1, s + max_length + 1) for i, s in enumerate(starts)]


def batch_order(n_samples: int, batch_size: int, *, shuffle: bool, drop_last: bool, seed: int = 0,
                epoch: int = 0) -> list[list[int]]:
    """The sample indices of every batch for a seeded loader (what ``create_dataloader_v1(...,
    seed=seed)`` yields in epoch ``epoch``)."""
    if shuffle:
        g = torch.Generator().manual_seed(int(seed) + int(epoch))
        order = torch.randperm(n_samples, generator=g).tolist()
    else:
        order = list(range(n_samples))
    stop = n_samples - n_samples % batch_size if drop_last else n_samples
    return [order[i:i + batch_size] for i in range(0, stop, batch_size)]


class SeededBatchSampler(Sampler[list[int]]):
    """Batches of sample indices from ``batch_order``: the same batches for the same seed, in every
    process and for any ``num_workers``; each new pass (epoch) uses ``seed + epoch``."""

    def __init__(self, n_samples: int, batch_size: int, *, shuffle: bool, drop_last: bool, seed: int):
        self.n_samples, self.batch_size = n_samples, batch_size
        self.shuffle, self.drop_last, self.seed = shuffle, drop_last, int(seed)
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = int(epoch)

    def __iter__(self) -> Iterator[list[int]]:
        # A generator: the epoch advances only when a pass really starts (DataLoader may create and
        # drop an unstarted iterator).
        epoch, self.epoch = self.epoch, self.epoch + 1
        yield from batch_order(self.n_samples, self.batch_size, shuffle=self.shuffle,
                               drop_last=self.drop_last, seed=self.seed, epoch=epoch)

    def __len__(self) -> int:
        return num_batches(self.n_samples, self.batch_size, self.drop_last)


# --------------------------------------------------------------------------------------------------
# Tokenizing (in parallel where it is provably the same as one call)
# --------------------------------------------------------------------------------------------------

# Where GPT-2's pre-tokenizer (also used by r50k/p50k) always ends a piece, whatever follows or
# precedes: (1) just after a newline that has a non-space character on both sides; (2) inside a run of
# ASCII whitespace, just before its last character, when a non-space character follows. In (2) the
# whole text gives the pieces "run minus its last character" and "last character (+ next word)";
# the first part on its own ends the text and is matched whole by the pattern's `\s++$`, so encoding
# the two parts separately gives the same ids. (Python's \S is narrower than the Rust regex's.)
_SPLITTABLE = {"gpt2", "r50k_base", "p50k_base"}
_SAFE_CUT = re.compile(r"(?<=\S\n)(?=\S)|(?<=[ \t\n\r\f\v])(?=[ \t\n\r\f\v]\S)")


def safe_cuts(text: str, n_pieces: int) -> list[int]:
    """Positions ``0 = c0 < c1 < ... < ck = len(text)`` that cut ``text`` into about ``n_pieces``
    parts, only where GPT-2's pre-tokenizer ends a piece anyway (see ``_SAFE_CUT``)."""
    if n_pieces <= 1 or len(text) < 2:
        return [0, len(text)]
    step = max(1, len(text) // n_pieces)
    cuts, pos = [0], step
    while pos < len(text):
        m = _SAFE_CUT.search(text, pos)
        if m is None:
            break
        cuts.append(m.start())
        pos = m.start() + step
    cuts.append(len(text))
    return cuts


def split_text_safely(text: str, n_pieces: int) -> list[str]:
    """``text`` cut at ``safe_cuts``: encoding the parts one by one gives exactly the ids of encoding
    the whole text."""
    cuts = safe_cuts(text, n_pieces)
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


# Tokenizing on several threads: tiktoken releases Python's lock while it encodes, so threads run at
# once. tiktoken's compiled pattern serves the first thread that used it on a faster path than other
# threads sharing it: two threads sharing one encoding reached 17.9 MB/s here, two threads each with its
# own copy 22.9 MB/s (medians of 15 runs on 4.4 MB). A copy takes about 30 ms and 11 MB to make, which
# would double the memory a dataset build adds, so GPTDatasetV1 shares; a token store, a long job where
# 11 MB do not matter, gives every helper thread its own copy (``own_encoding``).
_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()
_thread_state = threading.local()


def _helper_pool(n_threads: int) -> ThreadPoolExecutor:
    """A lasting pool of ``n_threads`` helper threads (not made anew for every text)."""
    with _pools_lock:
        if n_threads not in _pools:
            _pools[n_threads] = ThreadPoolExecutor(n_threads, thread_name_prefix="t2t-tokenize")
        return _pools[n_threads]


def own_encoding(enc):
    """This thread's own copy of the tiktoken encoding ``enc`` (same pattern, ranks and special
    tokens, so the same ids), made on the thread's first call and kept. Other tokenizers: ``enc``."""
    if not isinstance(enc, tiktoken.Encoding):
        return enc
    copies = _thread_state.__dict__.setdefault("encodings", {})
    kept = copies.get(id(enc))
    if kept is None or kept[0] is not enc:  # (keeping enc itself means its id is never reused)
        copy = tiktoken.Encoding(enc.name, pat_str=enc._pat_str, mergeable_ranks=enc._mergeable_ranks,
                                 special_tokens=enc._special_tokens)
        kept = copies[id(enc)] = (enc, copy)
    return kept[1]


def encode_in_parallel(enc, text: str, cuts: Sequence[int], *, num_threads: int = 2,
                       dtype=np.uint16, own_copies: bool = False) -> list[np.ndarray]:
    """The ids of every piece ``text[cuts[k]:cuts[k + 1]]`` as arrays of ``dtype``, special-token text
    encoded as plain text (what tiktoken's ``encode_ordinary_batch`` gives for the pieces).

    The calling thread and ``num_threads - 1`` helper threads each take the next piece left, so a
    thread that runs slow holds no one up, and an error in any thread stops the others. With
    ``own_copies`` the helper threads use ``own_encoding(enc)``. Unlike ``encode_ordinary_batch``,
    results are numpy arrays: lists of Python ints need Python's lock to make, which the threads would
    queue for.
    """
    n = len(cuts) - 1
    parts: list = [None] * n
    counter, stop = itertools.count(), threading.Event()

    def work(encoding) -> None:
        try:
            while not stop.is_set():
                k = next(counter)  # one C call: safe to share between threads
                if k >= n:
                    return
                ids = encoding.encode_to_numpy(text[cuts[k]:cuts[k + 1]], disallowed_special=())
                parts[k] = ids.astype(dtype, copy=False)
        except BaseException:
            stop.set()  # the other threads stop once their current piece is done
            raise

    helpers_ = []
    if num_threads > 1 and n > 1:
        pool = _helper_pool(num_threads - 1)
        helpers_ = [pool.submit(lambda: work(own_encoding(enc) if own_copies else enc))
                    for _ in range(min(num_threads, n) - 1)]
    try:
        work(enc)
    finally:
        stop.set()
        for future in helpers_:
            future.result()  # a helper's error is raised here
    return parts


def _check_text(txt, *, allow_empty: bool = False) -> None:
    if not isinstance(txt, str):
        raise TypeError(
            f"txt must be a str (the raw text), got {type(txt).__name__}. "
            "Read the file first: open(path, encoding='utf-8').read()."
        )
    if not txt and not allow_empty:
        raise SamplingError(
            "txt is empty: there is nothing to cut into windows. Pass the text of a story or book."
        )


def _id_dtype(max_id: int):
    return np.uint16 if max_id < 2**16 else np.int32 if max_id < 2**31 else np.int64


# Like the book's own package (``llms_from_scratch``), documents may be joined with <|endoftext|>.
ALLOWED_SPECIAL = frozenset({"<|endoftext|>"})


def encode_text(txt: str, tokenizer, *, num_threads: int = 2) -> np.ndarray:
    """Token ids of ``txt`` as a compact numpy array (``uint16`` for GPT-2).

    For a tiktoken encoding this equals ``tokenizer.encode(txt, allowed_special={"<|endoftext|>"})``
    (the book's packaged ``GPTDatasetV1`` does the same: documents joined by ``<|endoftext|>`` get its
    id 50256); other special-token text is refused with a clear error. GPT-2's encoding of a long text
    runs on several threads. Any other tokenizer: ``tokenizer.encode(txt)``. An empty text gives no ids.
    """
    _check_text(txt, allow_empty=True)
    if isinstance(tokenizer, (str, bytes)) or not callable(getattr(tokenizer, "encode", None)):
        raise TypeError(
            f"tokenizer must be an object with an encode(text) method, got {type(tokenizer).__name__} "
            f"{tokenizer!r}. For GPT-2 pass tiktoken.get_encoding('gpt2')."
        )
    if isinstance(tokenizer, tiktoken.Encoding):
        allowed = ALLOWED_SPECIAL & tokenizer.special_tokens_set
        refused = [t for t in sorted(tokenizer.special_tokens_set - allowed) if t in txt]
        if refused:
            raise SamplingError(
                f"the text contains the special token {refused[0]!r}, which only <|endoftext|> may be. "
                "Tokenize it yourself with tokenizer.encode(txt, allowed_special={"
                f"{refused[0]!r}}}) and use GPTDatasetV1.from_token_ids(ids, max_length, stride)."
            )
        dtype = _id_dtype(tokenizer.n_vocab - 1)
        has_special = any(t in txt for t in allowed)
        # (a special token may sit right after a cut, where the cut rule does not hold: one call then)
        if tokenizer.name in _SPLITTABLE and len(txt) > 200_000 and num_threads > 1 and not has_special:
            parts = encode_in_parallel(tokenizer, txt, safe_cuts(txt, 16 * num_threads),
                                       num_threads=num_threads, dtype=dtype)
            return np.concatenate(parts)
        return tokenizer.encode_to_numpy(txt, allowed_special=allowed).astype(dtype, copy=False)
    ids = tokenizer.encode(txt)
    return as_id_array(ids)


def as_id_array(ids) -> np.ndarray:
    """A 1-D integer array from a list, numpy array or tensor of token ids (compact dtype)."""
    if isinstance(ids, torch.Tensor):
        ids = ids.numpy()
    arr = np.asarray(ids) if isinstance(ids, np.ndarray) else np.fromiter(ids, dtype=np.int64)
    if arr.ndim != 1:
        raise SamplingError(f"token ids must be one flat sequence, got an array of shape {arr.shape}.")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"token ids must be integers, got dtype {arr.dtype}.")
    if arr.size and arr.min() < 0:
        raise SamplingError("token ids must not be negative.")
    top = int(arr.max()) if arr.size else 0
    return arr.astype(_id_dtype(top), copy=False)


# --------------------------------------------------------------------------------------------------
# The dataset and the loader (the notes' names and signatures)
# --------------------------------------------------------------------------------------------------


class GPTDatasetV1(Dataset):
    """The notes' dataset of (input, target) windows, keeping one array of token ids.

    ``GPTDatasetV1(txt, tokenizer, max_length, stride)`` gives the same samples as the notes' class:
    ``dataset[i]`` is ``(input_ids, target_ids)``, two ``int64`` tensors of ``max_length`` ids, the
    target shifted one token to the right. Nothing is copied per window: a window is cut when it is
    asked for. ``dataset[[i, j, ...]]`` returns a whole batch ``[inputs, targets]`` (two
    ``batch x max_length`` tensors) with one indexing operation.

    As in the notes, a text too short for one window gives an empty dataset; ``helpers`` also warns
    (``SamplingWarning``) with the token count and the fix.
    Other sources: ``GPTDatasetV1.from_token_ids(ids, max_length, stride)`` and
    ``GPTDatasetV1.from_token_store(path, max_length, stride)`` (a memory-mapped file).
    """

    def __init__(self, txt, tokenizer, max_length, stride):
        self.tokenizer = tokenizer
        max_length, stride = check_window_settings(max_length, stride)
        self._setup(encode_text(txt, tokenizer), max_length, stride, store=None)

    @classmethod
    def from_token_ids(cls, token_ids, max_length, stride) -> GPTDatasetV1:
        """Windows over ids you already have (a list, numpy array or tensor)."""
        self = cls.__new__(cls)
        self.tokenizer = None
        max_length, stride = check_window_settings(max_length, stride)
        self._setup(as_id_array(token_ids), max_length, stride, store=None)
        return self

    @classmethod
    def from_token_store(cls, path, max_length, stride) -> GPTDatasetV1:
        """Windows read straight from a token store on disk (see ``write_token_store``)."""
        store = open_token_store(path)
        self = cls.__new__(cls)
        self.tokenizer = None
        max_length, stride = check_window_settings(max_length, stride)
        self._setup(store.ids, max_length, stride, store=store.path)
        return self

    def _setup(self, ids: np.ndarray, max_length: int, stride: int, store) -> None:
        n = num_samples(len(ids), max_length, stride)
        self.max_length, self.stride, self._store = max_length, stride, store
        self._ids = ids
        self._n = n
        self._column_lists = None  # the notes' input_ids / target_ids, made on first use
        if n == 0:
            warnings.warn(too_short_message(len(ids), max_length) + " The dataset is empty.",
                          SamplingWarning, stacklevel=3)
            self._windows = np.zeros((0, max_length + 1), ids.dtype)
            return
        # Every window (input and target together) as rows of a read-only view: no copy.
        self._windows = np.lib.stride_tricks.sliding_window_view(ids, max_length + 1)[::stride]

    @property
    def token_ids(self):
        """The one array of token ids every window is cut from (a tensor sharing its memory, or the
        memory-mapped numpy array of a token store)."""
        return self._ids if self._store is not None else torch.from_numpy(self._ids)

    @property
    def n_tokens(self) -> int:
        return len(self._ids)

    @property
    def input_ids(self) -> list[torch.Tensor]:
        """The notes' ``dataset.input_ids``: a list with every input as a tensor. Made on first use,
        as views into one ``int64`` copy of the ids (no copy per window), so code from the notes such
        as ``torch.stack(dataset.input_ids)`` runs unchanged. Training needs only ``dataset[i]``."""
        return self._columns()[0]

    @property
    def target_ids(self) -> list[torch.Tensor]:
        """The notes' ``dataset.target_ids``: every target as a tensor (see ``input_ids``)."""
        return self._columns()[1]

    def _columns(self) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        if self._column_lists is None:
            ids = torch.from_numpy(np.asarray(self._ids, dtype=np.int64))
            starts = window_starts(len(self._ids), self.max_length, self.stride)
            self._column_lists = ([ids[s:s + self.max_length] for s in starts],
                                  [ids[s + 1:s + 1 + self.max_length] for s in starts])
        return self._column_lists

    def __len__(self):
        return self._n

    def __getitem__(self, idx):
        if type(idx) is not list and not isinstance(idx, (np.ndarray, torch.Tensor, tuple, range)):
            i = operator.index(idx)
            if i < 0:
                i += self._n
            if not 0 <= i < self._n:
                raise IndexError(f"sample index {idx} out of range for {self._n} samples")
            row = self._windows[i].astype(np.int64)
            return torch.from_numpy(row[:-1].copy()), torch.from_numpy(row[1:].copy())
        # a whole batch: one gather of the rows, then inputs and targets as two int64 copies
        block = self._windows[np.asarray(idx, dtype=np.intp)]
        if block.ndim != 2:
            raise IndexError("a batch of samples is indexed by a flat list of sample indices")
        inputs, targets = block[:, :-1].astype(np.int64), block[:, 1:].astype(np.int64)
        return [torch.from_numpy(inputs), torch.from_numpy(targets)]

    def windows(self, indices) -> torch.Tensor:
        """Rows ``[input..., last target]`` (``len(indices) x (max_length + 1)``, int64) in one
        indexing operation."""
        idx = np.asarray(indices.numpy() if isinstance(indices, torch.Tensor) else indices, dtype=np.intp)
        if idx.ndim != 1:
            raise IndexError("a batch of samples is indexed by a flat list of sample indices")
        return torch.from_numpy(self._windows[idx].astype(np.int64))

    def __getstate__(self):
        # A dataset over a token store pickles as its path; an in-memory one as its ids only (never
        # one copy per window). Tokenizers are dropped: windows do not need them.
        state = {"max_length": self.max_length, "stride": self.stride, "store": self._store}
        if self._store is None:
            state["ids"] = self._ids
        return state

    def __setstate__(self, state):
        self.tokenizer = None
        ids = open_token_store(state["store"]).ids if state["store"] is not None else state["ids"]
        self._setup(ids, state["max_length"], state["stride"], state["store"])

    def __repr__(self):
        where = f"token store {self._store}" if self._store else "memory"
        return (f"GPTDatasetV1({self._n} samples, max_length={self.max_length}, stride={self.stride}, "
                f"{len(self._ids)} tokens in {where})")


def too_short_message(n_tokens: int, max_length: int) -> str:
    return (f"The text has {n_tokens} tokens, but max_length={max_length} needs at least {max_length + 1} "
            "(the input plus one more token for the last target). Use a longer text or a smaller max_length.")


def _check_batch_size(batch_size) -> int:
    return _positive_int(batch_size, "batch_size", "It is how many samples go into one batch.")


def make_batch_sampler(n_samples: int, batch_size: int, *, shuffle: bool, drop_last: bool,
                       seed: int | None = None, generator: torch.Generator | None = None) -> Sampler:
    """The loader's batches of indices. Without ``seed`` this is exactly what ``DataLoader(...,
    shuffle=shuffle)`` uses (so ``torch.manual_seed`` gives the notes' order); with ``seed`` it is a
    ``SeededBatchSampler``."""
    if seed is not None:
        return SeededBatchSampler(n_samples, batch_size, shuffle=shuffle, drop_last=drop_last, seed=seed)
    indices = range(n_samples)
    base = RandomSampler(indices, generator=generator) if shuffle else SequentialSampler(indices)
    return BatchSampler(base, batch_size, drop_last)


def create_dataloader_v1(txt, batch_size=4, max_length=256, stride=128, shuffle=True, drop_last=True,
                         num_workers=0, *, tokenizer=None, seed: int | None = None,
                         generator: torch.Generator | None = None, pin_memory: bool = False) -> DataLoader:
    """The notes' loader: GPT-2 tokens of ``txt`` cut into windows, in batches of ``[inputs, targets]``.

    Same batches as the notes' ``DataLoader(dataset, batch_size, shuffle, drop_last)`` (also in
    shuffled order after the same ``torch.manual_seed``), but each batch is gathered with one
    indexing operation. Keyword-only extras: ``tokenizer`` (default GPT-2), ``seed`` (shuffled order
    fixed by this number, the same for any ``num_workers``), ``generator`` (as in ``DataLoader``),
    ``pin_memory``.
    """
    batch_size = _check_batch_size(batch_size)
    max_length, stride = check_window_settings(max_length, stride)
    num_workers = operator.index(num_workers)
    if tokenizer is None:
        tokenizer = tiktoken.get_encoding("gpt2")
    dataset = GPTDatasetV1(txt, tokenizer, max_length, stride)
    return dataloader_for(dataset, batch_size, shuffle=shuffle, drop_last=drop_last,
                          num_workers=num_workers, seed=seed, generator=generator, pin_memory=pin_memory)


def dataloader_for(dataset: GPTDatasetV1, batch_size: int, *, shuffle: bool = True, drop_last: bool = True,
                   num_workers: int = 0, seed: int | None = None, generator: torch.Generator | None = None,
                   pin_memory: bool = False) -> DataLoader:
    """A loader over an existing ``GPTDatasetV1`` (for example one over a token store)."""
    batch_size = _check_batch_size(batch_size)
    if shuffle and len(dataset) == 0:  # (the notes' DataLoader raises a ValueError here too)
        raise TextTooShortError(
            too_short_message(dataset.n_tokens, dataset.max_length) + " There is nothing to shuffle."
        )
    if drop_last and 0 < len(dataset) < batch_size:
        warnings.warn(
            f"batch_size={batch_size} is larger than the {len(dataset)} sample(s) and drop_last=True, "
            "so the loader yields zero batches. Lower batch_size, set drop_last=False, or use a "
            "longer text / smaller stride.", SamplingWarning, stacklevel=2)
    sampler = make_batch_sampler(len(dataset), batch_size, shuffle=shuffle, drop_last=drop_last,
                                 seed=seed, generator=generator)
    # batch_size=None: the sampler hands the dataset a whole list of indices at once, and the
    # dataset's [inputs, targets] is already the batch (nothing left to collate or convert).
    return DataLoader(dataset, batch_size=None, sampler=sampler, num_workers=num_workers,
                      pin_memory=pin_memory, generator=generator, collate_fn=_as_is)


def _as_is(batch):
    return batch


def distributed_dataloader(dataset: GPTDatasetV1, batch_size: int, *, num_replicas: int | None = None,
                           rank: int | None = None, shuffle: bool = True, seed: int = 0,
                           drop_last: bool = False) -> tuple[DataLoader, DistributedSampler]:
    """This process's shard of the windows, in batches: ``DistributedSampler`` (rank and world size
    from ``torch.distributed`` unless given) wrapped in batches of one indexing operation each.

    Call ``sampler.set_epoch(epoch)`` before each epoch for a new shuffle. As in PyTorch, when the
    number of windows does not divide evenly, the sampler repeats a few windows (``drop_last=False``)
    or leaves a few out (``drop_last=True``) so that every process gets the same number.
    """
    batch_size = _check_batch_size(batch_size)
    sampler = DistributedSampler(dataset, num_replicas=num_replicas, rank=rank, shuffle=shuffle,
                                 seed=seed, drop_last=drop_last)
    batches = BatchSampler(sampler, batch_size, drop_last=False)
    return DataLoader(dataset, batch_size=None, sampler=batches, collate_fn=_as_is), sampler


# --------------------------------------------------------------------------------------------------
# Token stores: ids on disk, memory-mapped
# --------------------------------------------------------------------------------------------------

STORE_VERSION = 1


@dataclass(frozen=True)
class TokenStoreInfo:
    """The sidecar of a token store (``<name>.json`` next to ``<name>.bin``)."""

    tokenizer: str
    vocab_size: int
    n_tokens: int
    source_sha256: str
    dtype: str = "uint16"
    version: int = STORE_VERSION


@dataclass(frozen=True)
class TokenStore:
    path: Path
    info: TokenStoreInfo
    ids: np.ndarray  # read-only memory map

    def __len__(self) -> int:
        return self.info.n_tokens


def _store_paths(path) -> tuple[Path, Path]:
    path = Path(path)
    base = path.with_suffix("") if path.suffix in (".bin", ".json") else path
    return base.with_suffix(".bin"), base.with_suffix(".json")


def _repair(path: Path) -> str:
    bin_path, side = _store_paths(path)
    return (f"Delete {bin_path} and {side} and write the store again with "
            "helpers.write_token_store(source, path).")


def _text_blocks(source, block_chars: int) -> Iterator[str]:
    """The source text in blocks of about ``block_chars`` characters, each ending at a safe cut."""
    if isinstance(source, str):
        _check_text(source)
        yield from split_text_safely(source, max(1, len(source) // block_chars))
        return
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(
            f"no text file at {path}: pass the text itself (a str) or the path of a UTF-8 file."
        )
    carry = ""
    with open(path, encoding="utf-8", newline="") as f:
        while True:
            chunk = f.read(block_chars)
            if not chunk:
                break
            text = carry + chunk
            # the first safe cut in the last stretch of the block (searching a short stretch is quick)
            cut = None
            for back in (1 << 12, 1 << 16, block_chars // 2):
                m = _SAFE_CUT.search(text, max(0, len(text) - back))
                if m is not None and m.start() > 0:
                    cut = m.start()
                    break
            if cut:
                yield text[:cut]
                carry = text[cut:]
            else:
                carry = text
    if carry:
        yield carry


def write_token_store(source, path, *, tokenizer: str = "gpt2", num_threads: int = 2,
                      block_chars: int = 1 << 22, progress: bool = True) -> TokenStore:
    """Tokenize ``source`` (a str, or the path of a UTF-8 text file of any size) into ``path``.

    The ids go to ``<path>.bin`` (``uint16``, one after another) and a JSON sidecar
    ``<path>.json`` records the tokenizer, its vocabulary size, the token count and the sha256 of
    the source text. Each block of about ``block_chars`` characters is encoded in parallel on
    ``num_threads`` threads (``encode_in_parallel``: special-token text is kept as plain text), with
    a progress bar. Both files are written through ``atomic_writer`` (a temporary name, renamed when
    complete), and the sidecar last: a store without a valid sidecar is never opened.
    """
    from tqdm.auto import tqdm

    enc = tiktoken.get_encoding(tokenizer) if isinstance(tokenizer, str) else tokenizer
    if enc.n_vocab > 2**16:
        raise TokenStoreError(f"{enc.name} has {enc.n_vocab} ids, more than uint16 holds (65536).")
    if enc.name not in _SPLITTABLE:
        raise TokenStoreError(
            f"write_token_store cuts the text where GPT-2's pre-tokenizer always ends a piece, which is "
            f"proven only for {sorted(_SPLITTABLE)}, not {enc.name!r}. Use one of those, or tokenize "
            "the text yourself and use GPTDatasetV1.from_token_ids."
        )
    bin_path, side = _store_paths(path)
    side.unlink(missing_ok=True)  # from here on, an old store counts as incomplete
    sha = hashlib.sha256()
    total = Path(source).stat().st_size if not isinstance(source, str) else len(source.encode("utf-8"))
    n_tokens = 0
    bar = tqdm(total=total, unit="B", unit_scale=True, desc=f"tokenizing -> {bin_path.name}",
               disable=not progress)
    with atomic_writer(bin_path) as out, bar:
        for block in _text_blocks(source, block_chars):
            data = block.encode("utf-8")
            sha.update(data)
            for ids in encode_in_parallel(enc, block, safe_cuts(block, 16 * num_threads),
                                          num_threads=num_threads, own_copies=True):
                out.write(ids.tobytes())
                n_tokens += ids.size
            bar.update(len(data))
    info = TokenStoreInfo(tokenizer=enc.name, vocab_size=enc.n_vocab, n_tokens=n_tokens,
                          source_sha256=sha.hexdigest())
    write_atomically(side, json.dumps(asdict(info), indent=2).encode())
    return open_token_store(bin_path)


def open_token_store(path) -> TokenStore:
    """Open a token store read-only, memory-mapped (nothing is read into memory).

    Raises ``TokenStoreError`` with repair instructions when the sidecar is missing or unreadable
    (an interrupted write) or the file size does not match the recorded token count.
    """
    bin_path, side = _store_paths(path)
    if not bin_path.exists() and not side.exists():
        raise TokenStoreError(
            f"no token store at {bin_path}. Write one with helpers.write_token_store(source, path)."
        )
    if not side.exists():
        raise TokenStoreError(
            f"{bin_path} has no sidecar {side.name}: the run that wrote it was interrupted, so its tokens "
            f"cannot be trusted. {_repair(bin_path)}"
        )
    try:
        info = TokenStoreInfo(**json.loads(side.read_text()))
    except (ValueError, TypeError) as err:
        raise TokenStoreError(f"the sidecar {side} is unreadable ({err}). {_repair(bin_path)}") from None
    if not bin_path.exists():
        raise TokenStoreError(f"{side} describes {bin_path}, which is missing. {_repair(bin_path)}")
    size = bin_path.stat().st_size
    if size != 2 * info.n_tokens:
        raise TokenStoreError(
            f"{bin_path} holds {size} bytes but its sidecar says {info.n_tokens} tokens "
            f"({2 * info.n_tokens} bytes): the file is truncated or was changed. {_repair(bin_path)}"
        )
    ids = np.memmap(bin_path, dtype=np.uint16, mode="r") if info.n_tokens else np.zeros(0, np.uint16)
    return TokenStore(bin_path, info, ids)


def source_sha256(text: str) -> str:
    """The sha256 a token store records for ``text`` (to check that a store matches its source)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------------
# What the sliding-window explorer shows (computed here; helpers.widgets only wires controls)
# --------------------------------------------------------------------------------------------------


def target_mask(n_tokens: int, max_length: int, stride: int, positions: range) -> list[bool]:
    """For each position, whether any window uses that token as a target."""
    n = num_samples(n_tokens, max_length, stride)
    out = []
    for p in positions:
        # window k targets positions k*stride + 1 ... k*stride + max_length
        last = min((p - 1) // stride, n - 1) if p >= 1 else -1
        out.append(last >= 0 and p <= last * stride + max_length)
    return out


@dataclass(frozen=True)
class ExplorerText:
    """A text prepared once for the explorer: all its ids, and the pieces of the first tokens."""

    ids: np.ndarray
    pieces: list[str]


def prepare_explorer_text(text: str, tokenizer=None, visible: int = 200) -> ExplorerText:
    """Tokenize ``text`` (GPT-2 by default) and decode the first ``visible`` tokens to pieces."""
    _check_text(text)
    tokenizer = tiktoken.get_encoding("gpt2") if tokenizer is None else tokenizer
    ids = encode_text(text, tokenizer)
    pieces = [tokenizer.decode([int(i)]) for i in ids[:visible]]
    return ExplorerText(ids, pieces)


@dataclass(frozen=True)
class WindowView:
    """Everything the explorer shows for one setting."""

    stats: WindowStats
    lessons: list[str]
    windows: list[WindowSpan]
    pieces: list[str]  # the tokens drawn (a prefix of the text)
    is_target: list[bool]  # per drawn token: used as a target by some window?
    shuffle: bool
    seed: int
    batch_index: int  # -1 when there is no batch
    batch_samples: list[int]
    inputs: torch.Tensor | None
    targets: torch.Tensor | None


def explore_windows(text: ExplorerText, max_length: int, stride: int, batch_size: int = 1, *,
                    shuffle: bool = False, drop_last: bool = False, batch_index: int = 0, seed: int = 123,
                    n_windows: int = 3) -> WindowView:
    """The counts, lessons, first windows and one batch for a setting.

    The batch is what ``create_dataloader_v1(text, batch_size, max_length, stride, shuffle,
    drop_last, seed=seed)`` yields as batch ``batch_index`` of its first epoch (clamped to the
    batches there are).
    """
    max_length, stride = check_window_settings(max_length, stride)
    batch_size = _check_batch_size(batch_size)
    n_tokens = len(text.ids)
    stats = window_stats(n_tokens, max_length, stride, batch_size, drop_last)
    windows = first_windows(n_tokens, max_length, stride, n_windows)
    if windows:
        shown = windows[-1].target_stop + (stride if len(windows) == n_windows else 0)
        shown = min(n_tokens, len(text.pieces), max(shown, windows[-1].target_stop))
    else:
        shown = min(n_tokens, len(text.pieces))
    mask = target_mask(n_tokens, max_length, stride, range(shown))
    inputs = targets = None
    samples: list[int] = []
    index = -1
    if stats.batches:
        index = min(max(0, int(batch_index)), stats.batches - 1)
        # only the chosen batch is cut; the order is the loader's (batch_order)
        samples = batch_order(stats.samples, batch_size, shuffle=shuffle, drop_last=drop_last,
                              seed=seed)[index]
        idx = np.asarray(samples, dtype=np.int64)
        block = np.lib.stride_tricks.sliding_window_view(text.ids, max_length + 1)[::stride][idx]
        block = torch.from_numpy(block.astype(np.int64))
        inputs, targets = block[:, :-1], block[:, 1:]
    return WindowView(stats, window_lessons(stats), windows, text.pieces[:shown], mask, bool(shuffle),
                      int(seed), index, samples, inputs, targets)
