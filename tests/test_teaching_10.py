"""Appendix 10: the checks behind its exercises, judged against PyTorch's own DistributedSampler and
the notes' storage."""

from __future__ import annotations

import math

import pytest
import torch
from torch.utils.data import DistributedSampler

from helpers.exercises import check_notes_bytes, check_shard_function, check_shard_sizes
from helpers.exercises.feedback import NO_ANSWER


def says(feedback, *words):
    return not feedback and all(w in str(feedback) for w in words)


@pytest.mark.parametrize("check", [check_notes_bytes, check_shard_sizes, check_shard_function])
def test_every_check_waits_for_an_answer(check):
    assert check(...) is NO_ANSWER


def test_check_notes_bytes(verdict, gpt2_encoding):
    ids = gpt2_encoding.encode(verdict)
    held = sum(torch.tensor(ids[i:i + 256]).nbytes + torch.tensor(ids[i + 1:i + 257]).nbytes
               for i in range(0, len(ids) - 256, 1))   # what the notes' dataset stores, measured
    assert held == 4889 * 2 * 256 * 8
    assert check_notes_bytes(held)
    assert says(check_notes_bytes(held // 2), "inputs only")
    assert says(check_notes_bytes(held // 4), "bytes per id")
    assert says(check_notes_bytes(123), "not right")
    assert says(check_notes_bytes("20 MB"), "whole number")


def test_check_shard_sizes():
    sizes = [len(list(DistributedSampler(range(21), num_replicas=4, rank=r))) for r in range(4)]
    assert sizes == [6, 6, 6, 6]
    assert check_shard_sizes((6, 3)) and check_shard_sizes([6, 3])
    assert says(check_shard_sizes((5, 0)), "never be seen")
    assert says(check_shard_sizes((6, 1)), "6 per process is right")
    assert says(check_shard_sizes(6), "two numbers")


def test_check_shard_function():
    def solution(n_windows, rank, num_replicas):
        indices = list(range(n_windows))
        total = math.ceil(n_windows / num_replicas) * num_replicas
        while len(indices) < total:
            indices += indices[:total - len(indices)]
        return indices[rank:total:num_replicas]

    assert check_shard_function(solution)
    no_padding = check_shard_function(lambda n, r, k: list(range(n))[r::k])
    assert says(no_padding, "DistributedSampler gives")
    once = check_shard_function(lambda n, r, k: (list(range(n)) * 2)[:math.ceil(n / k) * k][r::k])
    assert says(once, "DistributedSampler gives") and "more processes than windows" in once.hint
    assert says(check_shard_function(lambda n, r, k: 1 // 0), "ZeroDivisionError")
    assert says(check_shard_function(3), "function")
