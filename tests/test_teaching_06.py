"""Notebook 06: its own GPTDatasetV1 and create_dataloader_v1 equal ``helpers.sampling``'s, and the
checks behind its exercises.

The notebook builds the notes' class and loader in cells tagged "teaching"; later notebooks import the
same names from ``helpers.sampling``. Here the tagged cells run on their own and are compared with
``helpers`` on the story: the same samples for several settings, and the same batches, in order and
shuffled after the same seed.
"""

from __future__ import annotations

from itertools import islice

import pytest
import tiktoken
import torch
from teaching import teaching_namespace
from torch.utils.data import DataLoader, Dataset

from helpers.exercises import (
    check_batch_setting,
    check_never_targets_toy,
    check_target_counts,
    check_windows_and_batches,
)
from helpers.exercises import nb06_sliding_windows as nb06
from helpers.exercises.feedback import NO_ANSWER
from helpers.sampling import GPTDatasetV1, create_dataloader_v1

NOTEBOOK = "06_sliding_window_sampling.ipynb"
SETTINGS = [(4, 1), (4, 4), (4, 6), (16, 5), (256, 128)]


@pytest.fixture(scope="module")
def taught():
    return teaching_namespace(NOTEBOOK, torch=torch, tiktoken=tiktoken, Dataset=Dataset,
                              DataLoader=DataLoader)


@pytest.mark.parametrize(("max_length", "stride"), SETTINGS)
def test_the_notebooks_dataset_gives_the_samples_of_helpers(taught, verdict, gpt2_encoding,
                                                            max_length, stride):
    ours = taught["GPTDatasetV1"](verdict, gpt2_encoding, max_length, stride)
    theirs = GPTDatasetV1(verdict, gpt2_encoding, max_length, stride)
    assert len(ours) == len(theirs) > 0
    inputs, targets = theirs[list(range(len(theirs)))]   # every window of helpers' dataset at once
    assert torch.equal(torch.stack(ours.input_ids), inputs)
    assert torch.equal(torch.stack(ours.target_ids), targets)


@pytest.mark.parametrize(("max_length", "stride"), SETTINGS)
@pytest.mark.parametrize("shuffle", [False, True])
def test_the_notebooks_loader_gives_the_batches_of_helpers(taught, verdict, max_length, stride, shuffle):
    torch.manual_seed(7)
    a = list(islice(taught["create_dataloader_v1"](verdict, batch_size=3, max_length=max_length,
                                                   stride=stride, shuffle=shuffle), 50))
    torch.manual_seed(7)
    b = list(islice(create_dataloader_v1(verdict, batch_size=3, max_length=max_length, stride=stride,
                                         shuffle=shuffle), 50))
    assert len(a) == len(b) > 0   # (at most 50 batches: 13 for max_length 256)
    assert all(torch.equal(u, v) for x, y in zip(a, b, strict=True) for u, v in zip(x, y, strict=True))


# --- the exercises ----------------------------------------------------------------------------------

CHECKS = [check_never_targets_toy, check_windows_and_batches, check_batch_setting, check_target_counts]


@pytest.mark.parametrize("check", CHECKS)
def test_every_check_waits_for_an_answer(check):
    assert check(...) is NO_ANSWER


def says(feedback, *words):
    return not feedback and all(w in str(feedback) for w in words)


def test_check_never_targets_toy(taught):
    toy = taught["GPTDatasetV1"](" ".join(str(n) for n in range(21)), _Numbers(), 4, 6)
    targets = {t for _, y in toy for t in y.tolist()}
    solution = [p for p in range(21) if p not in targets]
    assert solution == [0, 5, 6, 11, 12, 17, 18, 19, 20]
    assert check_never_targets_toy(solution) and check_never_targets_toy(reversed(solution))
    assert says(check_never_targets_toy(solution[1:]), "missing", "nothing before")
    assert says(check_never_targets_toy([0, 5, 6, 11, 12]), "missing", "last window starts at 12")
    assert says(check_never_targets_toy(solution + [4]), "4 is a target")
    assert says(check_never_targets_toy("0 5 6"), "list of positions")


def test_check_windows_and_batches(taught):
    data = taught["GPTDatasetV1"](" ".join(str(n) for n in range(21)), _Numbers(), 3, 2)
    loader = DataLoader(data, batch_size=4, drop_last=True)
    assert check_windows_and_batches((len(data), len(loader))) and (len(data), len(loader)) == (9, 2)
    assert says(check_windows_and_batches((10, 2)), "one too many")
    assert says(check_windows_and_batches((9, 3)), "drop_last")
    assert says(check_windows_and_batches((9, 1)), "full batches")
    assert says(check_windows_and_batches(9), "two numbers")


def test_check_batch_setting(taught):
    data = taught["GPTDatasetV1"](" ".join(str(n) for n in range(21)), _Numbers(), 4, 5)
    second = list(DataLoader(data, batch_size=2))[1]
    assert second[0].tolist() == [[10, 11, 12, 13], [15, 16, 17, 18]]   # what the exercise shows
    assert check_batch_setting({"max_length": 4, "stride": 5, "batch_size": 2})
    assert says(check_batch_setting({"max_length": 3, "stride": 5, "batch_size": 2}), "Count the tokens")
    assert says(check_batch_setting({"max_length": 4, "stride": 4, "batch_size": 2}), "start 4 apart")
    assert says(check_batch_setting({"max_length": 4, "stride": 5, "batch_size": 4}), "empty")
    assert says(check_batch_setting({"max_length": 4, "stride": 5}), "keys")


def test_check_target_counts():
    def solution(n_tokens, max_length, stride):
        counts = [0] * n_tokens
        for i in range(0, n_tokens - max_length, stride):
            for p in range(i + 1, i + max_length + 1):
                counts[p] += 1
        return counts

    assert check_target_counts(solution)
    assert solution(10, 4, 4)[9] == 0   # the leftover of the notebook's example
    def one_window_too_many(n, m, s):
        return solution(n + 1, m, s)[:n]

    nb06.WRONG_COUNT_TRIES["count"] = 0
    first = check_target_counts(one_window_too_many)   # first wrong try: back to the rule, no algorithm
    assert says(first, "expected") and "Reread the rule" in first.hint and "range(" not in first.hint
    second = check_target_counts(one_window_too_many)   # second wrong try: the loop spelled out
    assert says(second, "expected") and "range(0, n_tokens - max_length, stride)" in second.hint
    assert check_target_counts(solution)   # a right answer after wrong tries is still right
    assert says(check_target_counts(lambda n, m, s: [0] * (n - 1)), "one count for each")
    assert says(check_target_counts(lambda n, m, s: 1 // 0), "ZeroDivisionError")
    assert says(check_target_counts(42), "function")


class _Numbers:
    """The notebook's toy tokenizer: each number is one token whose id is the number."""

    def encode(self, text):
        return [int(word) for word in text.split()]
