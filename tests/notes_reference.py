"""The notes' own dataset and loader, unchanged (and the book package's variant): the references ours
is measured and tested against.

Used by ``tests/test_sampling.py`` (every sample equal) and ``benchmarks/bench_sampling.py`` (speed
and memory, importing it as ``tests.notes_reference``). Notebook 06 writes the same code in its cells
to teach it.
"""

import tiktoken
import torch
from torch.utils.data import DataLoader, Dataset


class NotesGPTDatasetV1(Dataset):
    def __init__(self, txt, tokenizer, max_length, stride):
        self.tokenizer = tokenizer
        self.input_ids = []
        self.target_ids = []
        token_ids = tokenizer.encode(txt)
        for i in range(0, len(token_ids) - max_length, stride):
            input_chunk = token_ids[i : i + max_length]
            target_chunk = token_ids[i + 1 : i + max_length + 1]
            self.input_ids.append(torch.tensor(input_chunk))
            self.target_ids.append(torch.tensor(target_chunk))

    def __len__(self):
        return len(self.input_ids)

    def __getitem__(self, idx):
        return self.input_ids[idx], self.target_ids[idx]


def notes_create_dataloader_v1(txt, batch_size=4, max_length=256, stride=128, shuffle=True,
                               drop_last=True):
    tokenizer = tiktoken.get_encoding("gpt2")
    dataset = NotesGPTDatasetV1(txt, tokenizer, max_length, stride)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last)


class _EndOfTextAllowed:
    """A tokenizer that encodes like ``tokenizer.encode(txt, allowed_special={"<|endoftext|>"})``."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def encode(self, txt):
        return self.tokenizer.encode(txt, allowed_special={"<|endoftext|>"})


class PackageGPTDatasetV1(NotesGPTDatasetV1):
    """The book's own package (``llms_from_scratch.ch02``, 1.0.19): the notes' class, except that it
    encodes with ``allowed_special={"<|endoftext|>"}``, so documents may be joined by that token."""

    def __init__(self, txt, tokenizer, max_length, stride):
        super().__init__(txt, _EndOfTextAllowed(tokenizer), max_length, stride)
        self.tokenizer = tokenizer


def package_create_dataloader_v1(txt, batch_size=4, max_length=256, stride=128, shuffle=True,
                                 drop_last=True, num_workers=0):
    """The package's loader: the notes' one over ``PackageGPTDatasetV1``, passing ``num_workers`` on."""
    dataset = PackageGPTDatasetV1(txt, tiktoken.get_encoding("gpt2"), max_length, stride)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                      num_workers=num_workers)
