"""Sharded loading across two processes with torch.distributed (gloo on CPU, loopback only).

Two ranks are started with ``torch.multiprocessing.spawn``. Each loads its shard of the windows with
``distributed_dataloader``; the shards are gathered with ``all_gather_object`` and checked:
disjoint, every window exactly once per epoch, a new order after ``set_epoch``, and each batch equal
to the windows its indices name.
"""

from __future__ import annotations

import json
import os

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from ports import free_port

pytestmark = pytest.mark.slow


def _worker(rank: int, world: int, port: int, out_dir: str) -> None:
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    try:
        from helpers.sampling import GPTDatasetV1, distributed_dataloader

        report = {}
        for n_tokens in (105, 106):  # 100 windows (divides by 2) and 101 windows (does not)
            dataset = GPTDatasetV1.from_token_ids(list(range(1000, 1000 + n_tokens)), 5, 1)
            loader, sampler = distributed_dataloader(dataset, batch_size=8, shuffle=True, seed=42)
            epochs = []
            for epoch in range(2):
                sampler.set_epoch(epoch)
                mine = list(sampler)
                seen = []
                for inputs, targets in loader:
                    assert torch.equal(inputs[:, 1:], targets[:, :-1])
                    seen.extend((inputs[:, 0] - 1000).tolist())  # window k starts with id 1000 + k
                assert seen == mine, "the batches hold exactly this rank's sampled windows, in order"
                everyone = [None] * world
                dist.all_gather_object(everyone, mine)
                epochs.append(everyone)
            report[str(len(dataset))] = epochs
        if rank == 0:
            with open(os.path.join(out_dir, "shards.json"), "w") as f:
                json.dump(report, f)
    finally:
        dist.destroy_process_group()


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    mp.spawn(_worker, args=(2, free_port(), str(out)), nprocs=2, join=True)
    return json.loads((out / "shards.json").read_text())


def test_shards_are_disjoint_and_cover_every_window_once(shards):
    for epoch in shards["100"]:
        rank0, rank1 = epoch
        assert len(rank0) == len(rank1) == 50
        assert not set(rank0) & set(rank1)
        assert sorted(rank0 + rank1) == list(range(100))


def test_set_epoch_reshuffles(shards):
    first, second = shards["100"]
    assert first[0] != second[0] and first[1] != second[1]
    assert sorted(first[0] + first[1]) == sorted(second[0] + second[1])


def test_uneven_count_is_padded_by_repeating_one_window(shards):
    # 101 windows over 2 ranks: DistributedSampler repeats one window so both ranks take 51 steps.
    for rank0, rank1 in shards["101"]:
        assert len(rank0) == len(rank1) == 51
        both = rank0 + rank1
        assert set(both) == set(range(101))
        assert len(both) - len(set(both)) == 1
