"""The notes' dataset and loader over token ids, and what the sliding-window explorer shows.

* ``GPTDatasetV1`` and ``create_dataloader_v1`` with the notes' signatures and exactly the notes'
  samples (same count, order and tensors). Instead of two tensors per window they keep one array of
  token ids (``helpers.token_store.encode_text``) and cut each window when it is asked for; a whole
  batch is gathered with one indexing operation. The windows are the ones ``helpers.windows``
  counts.
* ``dataloader_for`` (a loader over any ``GPTDatasetV1``, for example one over a token store),
  ``distributed_dataloader`` (the same windows split across processes with
  ``torch.utils.data.DistributedSampler``), and ``batch_order`` (which samples a seeded loader puts
  in each batch).
* ``explore_windows``: the counts, lessons, first windows and one batch the explorer shows for a
  setting, cut by the dataset itself (``helpers.widgets`` only wires the controls).
"""

from __future__ import annotations

import operator
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

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

from .token_store import as_id_array, check_txt, encode_text, open_token_store
from .windows import (
    SamplingError,
    WindowSpan,
    WindowStats,
    check_batch_size,
    check_window_settings,
    first_windows,
    num_batches,
    num_samples,
    target_mask,
    too_short_message,
    window_lessons,
    window_starts,
    window_stats,
)


class TextTooShortError(SamplingError):
    """A shuffled loader over a text with too few tokens for even one window (``max_length + 1``)."""


class SamplingWarning(UserWarning):
    """A setting the notes' code accepts but that gives nothing to train on: a text too short for one
    window (an empty dataset) or ``drop_last=True`` with fewer samples than ``batch_size`` (no batches).
    ``helpers`` gives the same empty result as the notes, and says why."""


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
    batch_size = check_batch_size(batch_size)
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
    batch_size = check_batch_size(batch_size)
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
    batch_size = check_batch_size(batch_size)
    sampler = DistributedSampler(dataset, num_replicas=num_replicas, rank=rank, shuffle=shuffle,
                                 seed=seed, drop_last=drop_last)
    batches = BatchSampler(sampler, batch_size, drop_last=False)
    return DataLoader(dataset, batch_size=None, sampler=batches, collate_fn=_as_is), sampler


# --------------------------------------------------------------------------------------------------
# What the sliding-window explorer shows (computed here; helpers.widgets only wires controls)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExplorerText:
    """A text prepared once for the explorer: all its ids, and the pieces of the first tokens."""

    ids: np.ndarray
    pieces: list[str]


def prepare_explorer_text(text: str, tokenizer=None, visible: int = 200) -> ExplorerText:
    """Tokenize ``text`` (GPT-2 by default) and decode the first ``visible`` tokens to pieces."""
    check_txt(text)
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
    batch_size = check_batch_size(batch_size)
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
        inputs, targets = GPTDatasetV1.from_token_ids(text.ids, max_length, stride)[samples]
    return WindowView(stats, window_lessons(stats), windows, text.pieces[:shown], mask, bool(shuffle),
                      int(seed), index, samples, inputs, targets)
