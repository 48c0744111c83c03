"""Token lookup against one-hot times weight at GPT-2 size, and the 07/08 explorers' re-render times.

Notebook 07 says layers use the lookup because ``one_hot(ids) @ weight`` builds a mostly-zero
``n_ids x vocab_size`` matrix and multiplies all of it. Here both run forward and backward on the
notes' 8 x 4 batch shape with GPT-2's vocabulary (50257) and 256 dimensions, one thread, and the
explorers are timed per control change (Python time, as a learner waits for it).
"""

from __future__ import annotations

import torch

from benchmarks.common import Row, best_time, change_times, explorer_row, ratio

VOCAB, DIM, BATCH, SEQ = 50257, 256, 8, 4


def _lookup_vs_one_hot() -> list[Row]:
    from helpers.embeddings import one_hot_lookup

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        gen = torch.Generator().manual_seed(123)
        weight = torch.randn(VOCAB, DIM, generator=gen).requires_grad_(True)
        ids = torch.randint(0, VOCAB, (BATCH, SEQ), generator=gen)

        def lookup():
            return torch.nn.functional.embedding(ids, weight)

        def one_hot():
            return one_hot_lookup(ids, weight)

        def backward(fn):
            weight.grad = None
            fn().sum().backward()

        with torch.no_grad():
            t_lookup = best_time(lookup, repeat=50)
            t_one_hot = best_time(one_hot, repeat=10)
        tb_lookup = best_time(lambda: backward(lookup), repeat=10)
        tb_one_hot = best_time(lambda: backward(one_hot), repeat=5)
    finally:
        torch.set_num_threads(threads)
    r, rb = ratio(t_lookup, t_one_hot), ratio(tb_lookup, tb_one_hot)
    shape = f"{BATCH}x{SEQ} ids, {VOCAB}x{DIM} weight, 1 thread"
    return [
        Row(f"forward: embedding lookup vs one_hot @ weight ({shape})", f"{t_lookup * 1e3:.3f} ms",
            f"{t_one_hot * 1e3:.1f} ms (one-hot)", f"{r:.0f}x", ">= 100x faster", r >= 100),
        # Both backward passes fill a dense 50257 x 256 gradient, which costs the same either way.
        Row(f"forward+backward, dense weight.grad ({shape})", f"{tb_lookup * 1e3:.1f} ms",
            f"{tb_one_hot * 1e3:.1f} ms (one-hot)", f"{rb:.1f}x"),
    ]


def _explorers() -> list[Row]:
    from helpers.widgets import EmbeddingLookupExplorer, PositionsExplorer

    lookup = EmbeddingLookupExplorer()
    lookup_changes = [lambda v=v: setattr(lookup.ids, "value", v) for v in ("0, 0, 4", "5, 4, 3, 2, 1, 0")]
    lookup_changes += [lambda v=v: setattr(lookup.vocab_size, "value", v) for v in (12, 6)]
    lookup_changes += [lambda v=v: setattr(lookup.output_dim, "value", v) for v in (8, 3)]
    positions = PositionsExplorer(kind="rotary", context_length=64, dim=32)
    # every change differs from the state before it; context lengths and dims are new on each round
    position_changes = [lambda v=v: setattr(positions.kind, "value", v) for v in ("learned", "sinusoidal")]
    position_changes += [lambda v=v: setattr(positions.measure, "value", v)
                         for v in ("position similarity", "token score")]
    longer = lambda: setattr(positions.context_length, "value", positions.context_length.value + 1)  # noqa: E731
    position_changes += [longer, lambda: setattr(positions.dim, "value", positions.dim.value % 62 + 2),
                         lambda: setattr(positions.kind, "value", "rotary"), longer]
    return [
        explorer_row("lookup explorer re-render: ids, vocab_size, output_dim",
                     change_times(lookup_changes, 5)),
        explorer_row("positions explorer re-render: kind, measure, context, dimension (SVG for the browser)",
                     change_times(position_changes, 4)),
    ]


def rows() -> list[Row]:
    return _lookup_vs_one_hot() + _explorers()
