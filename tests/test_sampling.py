"""The notes-compatible dataset and loader, and the sliding-window explorer."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest
import tiktoken
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

# The notes' code, unchanged: the reference every sample of ours must equal.
from notes_reference import (
    NotesGPTDatasetV1,
    PackageGPTDatasetV1,
    notes_create_dataloader_v1,
    package_create_dataloader_v1,
)

from helpers import sampling, token_store, windows
from helpers.sampling import (
    GPTDatasetV1,
    SamplingWarning,
    TextTooShortError,
    create_dataloader_v1,
    dataloader_for,
)
from helpers.windows import SamplingError, num_samples, window_stats


class ListTokenizer:
    """A tokenizer whose text is already a list of ids (for property tests over random streams)."""

    def encode(self, ids):
        return list(ids)


def same_batches(a, b) -> bool:
    a, b = list(a), list(b)
    return len(a) == len(b) and all(
        type(x) is type(y)
        and len(x) == len(y)
        and all(torch.equal(u, v) and u.dtype == v.dtype for u, v in zip(x, y, strict=True))
        for x, y in zip(a, b, strict=True)
    )


def test_first_batch_is_the_notes(verdict):
    loader = create_dataloader_v1(verdict, batch_size=1, max_length=4, stride=1, shuffle=False)
    batches = iter(loader)
    first, second = next(batches), next(batches)
    assert isinstance(first, list) and len(first) == 2
    assert first[0].tolist() == [[40, 367, 2885, 1464]]
    assert first[1].tolist() == [[367, 2885, 1464, 1807]]
    assert second[0].tolist() == [[367, 2885, 1464, 1807]]
    assert second[1].tolist() == [[2885, 1464, 1807, 3619]]
    assert first[0].dtype == torch.int64
    assert repr(first) == repr(
        next(iter(notes_create_dataloader_v1(verdict, batch_size=1, max_length=4, stride=1, shuffle=False)))
    )


def test_verdict_token_count_and_notebook08_batch(verdict, gpt2_encoding):
    assert len(gpt2_encoding.encode(verdict)) == 5145
    inputs, _ = next(iter(create_dataloader_v1(verdict, batch_size=8, max_length=4, stride=4, shuffle=False)))
    assert inputs[:, 0].tolist() == [40, 1807, 10899, 15632, 922, 568, 1049, 284]


@pytest.mark.parametrize("max_length,stride", [(4, 1), (4, 4), (4, 6), (1, 1), (256, 128), (7, 3), (50, 200)])
def test_dataset_equals_notes(verdict, gpt2_encoding, max_length, stride):
    ours, notes = (
        GPTDatasetV1(verdict, gpt2_encoding, max_length, stride),
        NotesGPTDatasetV1(verdict, gpt2_encoding, max_length, stride),
    )
    assert len(ours) == len(notes) == num_samples(5145, max_length, stride)
    for i in list(range(min(len(notes), 20))) + [len(notes) - 1, -1]:
        (x, y), (u, v) = ours[i], notes[i]
        assert torch.equal(x, u) and torch.equal(y, v) and x.dtype == u.dtype


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("drop_last", [False, True])
@pytest.mark.parametrize("max_length,stride,batch_size", [(4, 1, 8), (16, 5, 3), (256, 128, 4)])
def test_loader_equals_notes_including_shuffled_order(
    verdict, shuffle, drop_last, max_length, stride, batch_size
):
    kwargs = dict(
        batch_size=batch_size, max_length=max_length, stride=stride, shuffle=shuffle, drop_last=drop_last
    )
    torch.manual_seed(123)
    notes = list(notes_create_dataloader_v1(verdict, **kwargs))
    torch.manual_seed(123)
    loader = create_dataloader_v1(verdict, **kwargs)
    ours = list(loader)
    assert len(loader) == len(notes)
    assert same_batches(ours, notes)


def test_one_indexing_operation_per_batch(verdict, gpt2_encoding, monkeypatch):
    dataset = GPTDatasetV1(verdict, gpt2_encoding, 8, 8)
    calls = []
    real = GPTDatasetV1.__getitem__

    def spy(self, idx):
        calls.append(idx)
        return real(self, idx)

    monkeypatch.setattr(GPTDatasetV1, "__getitem__", spy)
    batches = list(dataloader_for(dataset, 16, shuffle=True, drop_last=False, seed=1))
    # one dataset call per batch, with the whole list of indices; never one call per sample
    assert len(calls) == len(batches) == -(-len(dataset) // 16)
    assert all(isinstance(c, list) for c in calls)
    assert [len(c) for c in calls] == [16] * (len(batches) - 1) + [len(dataset) % 16 or 16]
    assert all(b[0].is_contiguous() and b[1].is_contiguous() for b in batches)


@settings(deadline=None, max_examples=150)
@given(
    ids=st.lists(st.integers(0, 50256), max_size=120),
    max_length=st.integers(1, 20),
    stride=st.integers(1, 25),
)
def test_windows_are_shifted_contiguous_slices(ids, max_length, stride):
    expected = (len(ids) - max_length - 1) // stride + 1 if len(ids) > max_length else 0
    assert (
        num_samples(len(ids), max_length, stride) == expected == len(range(0, len(ids) - max_length, stride))
    )
    if expected == 0:
        with pytest.warns(SamplingWarning, match="needs at least"):
            ours = GPTDatasetV1.from_token_ids(ids, max_length, stride)
        assert len(ours) == len(NotesGPTDatasetV1(ids, ListTokenizer(), max_length, stride)) == 0
        return
    ours = GPTDatasetV1.from_token_ids(ids, max_length, stride)
    notes = NotesGPTDatasetV1(ids, ListTokenizer(), max_length, stride)
    assert len(ours) == len(notes) == expected
    for k in range(len(ours)):
        x, y = ours[k]
        start = k * stride
        assert x.tolist() == ids[start : start + max_length]  # a contiguous slice of the stream
        assert y.tolist() == ids[start + 1 : start + max_length + 1]  # its input shifted by one
        assert x[1:].tolist() == y[:-1].tolist()
        assert torch.equal(x, notes[k][0]) and torch.equal(y, notes[k][1])
    batch = ours[list(range(len(ours)))]
    assert torch.equal(batch[0], torch.stack(notes.input_ids)) and torch.equal(
        batch[1], torch.stack(notes.target_ids)
    )


@settings(deadline=None, max_examples=40)
@given(
    n=st.integers(10, 200), batch_size=st.integers(1, 8), seed=st.integers(0, 2**31), drop_last=st.booleans()
)
def test_shuffled_loading_with_the_same_seed_is_identical(n, batch_size, seed, drop_last):
    ids = list(range(n + 5))
    dataset = GPTDatasetV1.from_token_ids(ids, 4, 1)
    if drop_last and len(dataset) < batch_size:
        return
    first = list(dataloader_for(dataset, batch_size, shuffle=True, drop_last=drop_last, seed=seed))
    again = list(dataloader_for(dataset, batch_size, shuffle=True, drop_last=drop_last, seed=seed))
    assert same_batches(first, again)
    order = sampling.batch_order(len(dataset), batch_size, shuffle=True, drop_last=drop_last, seed=seed)
    assert [b[0][:, 0].tolist() for b in first] == order  # window k starts with id k
    assert sorted(i for b in order for i in b) == sorted(set(i for b in order for i in b))


def test_seeded_loader_same_with_two_workers(verdict):
    kwargs = dict(batch_size=8, max_length=16, stride=8, shuffle=True, seed=7)
    one = list(create_dataloader_v1(verdict, num_workers=0, **kwargs))
    two = list(create_dataloader_v1(verdict, num_workers=2, **kwargs))
    assert same_batches(one, two)
    assert not same_batches(one, create_dataloader_v1(verdict, num_workers=0, **{**kwargs, "seed": 8}))
    # without a seed of its own, the loader follows torch.manual_seed, also with workers
    plain = dict(batch_size=8, max_length=16, stride=8, shuffle=True)
    torch.manual_seed(11)
    zero = list(create_dataloader_v1(verdict, num_workers=0, **plain))
    torch.manual_seed(11)
    assert same_batches(zero, create_dataloader_v1(verdict, num_workers=2, **plain))


def test_seeded_sampler_reshuffles_each_epoch(verdict):
    loader = create_dataloader_v1(
        verdict, batch_size=4, max_length=8, stride=8, shuffle=True, seed=3, drop_last=False
    )
    epoch0, epoch1 = [b[0] for b in loader], [b[0] for b in loader]
    assert not same_batches([epoch0], [epoch1])
    assert sorted(torch.cat(epoch0)[:, 0].tolist()) == sorted(torch.cat(epoch1)[:, 0].tolist())


def test_dataset_pickles_as_one_id_array(verdict, gpt2_encoding):
    stride1 = GPTDatasetV1(verdict, gpt2_encoding, 4, 1)
    stride256 = GPTDatasetV1(verdict, gpt2_encoding, 4, 256)
    size1, size256 = len(pickle.dumps(stride1)), len(pickle.dumps(stride256))
    assert abs(size1 - size256) < 100  # independent of the number of windows
    assert size1 < 2 * 5145 + 2000  # uint16 ids, not 2 tensors per window
    assert len(pickle.dumps(NotesGPTDatasetV1(verdict, gpt2_encoding, 4, 1))) > 100 * size1
    copy = pickle.loads(pickle.dumps(stride1))
    assert len(copy) == len(stride1)
    assert all(torch.equal(a, b) for a, b in zip(copy[10], stride1[10], strict=True))


def test_one_tensor_of_ids_no_copy_per_window(verdict, gpt2_encoding):
    dataset = GPTDatasetV1(verdict, gpt2_encoding, 4, 1)
    assert dataset.token_ids.shape == (5145,)
    assert not any(
        isinstance(v, (list, torch.Tensor)) and len(v) == len(dataset) for v in vars(dataset).values()
    )
    # the notes' attributes still work: lists of views
    notes = NotesGPTDatasetV1(verdict, gpt2_encoding, 4, 1)
    assert type(dataset.input_ids) is list and len(dataset.input_ids) == len(notes.input_ids)
    assert torch.equal(torch.stack(dataset.input_ids), torch.stack(notes.input_ids))
    assert torch.equal(torch.stack(dataset.target_ids), torch.stack(notes.target_ids))
    assert all(torch.equal(a, b) for a, b in zip(dataset.input_ids[3:6], notes.input_ids[3:6], strict=True))
    assert all(t.dtype == torch.int64 for t in dataset.input_ids[:3] + dataset.target_ids[-3:])
    shared = {t.untyped_storage().data_ptr() for t in dataset.input_ids + dataset.target_ids}
    assert len(shared) == 1  # views of one tensor of ids, not one copy per window
    assert dataset.input_ids is dataset.input_ids  # made once
    x, _ = dataset[0]
    x[0] = -1  # a returned sample is its own tensor: the corpus is untouched
    dataset.input_ids[0][0] = -1  # and so are the views (they look into a copy of the ids)
    assert dataset[0][0][0].item() == 40
    from_store_like = GPTDatasetV1.from_token_ids(np.array(gpt2_encoding.encode(verdict), np.uint16), 4, 2)
    assert torch.equal(torch.stack(from_store_like.target_ids), torch.stack(notes.target_ids[::2]))


@pytest.mark.parametrize(
    "bad,error",
    [
        (0, SamplingError),
        (-3, SamplingError),
        (2.5, TypeError),
        ("4", TypeError),
        (True, TypeError),
        (None, TypeError),
    ],
)
@pytest.mark.parametrize("which", ["max_length", "stride"])
def test_bad_window_settings(verdict, gpt2_encoding, bad, error, which):
    kwargs = {"max_length": 4, "stride": 4, which: bad}
    with pytest.raises(error, match=which):
        create_dataloader_v1(verdict, **kwargs)
    with pytest.raises(error, match=which):
        GPTDatasetV1(verdict, gpt2_encoding, kwargs["max_length"], kwargs["stride"])
    with pytest.raises(error, match=which):
        window_stats(100, kwargs["max_length"], kwargs["stride"])


def test_text_too_short_is_empty_like_the_notes_and_says_so(gpt2_encoding):
    # The notes' dataset is empty and the notes' shuffled DataLoader raises a ValueError: the same here,
    # with the token count and the fix in the message.
    with pytest.warns(SamplingWarning, match="has 4 tokens.*at least 5.*smaller max_length"):
        dataset = GPTDatasetV1("Hello, world.", gpt2_encoding, 4, 1)
    assert len(dataset) == len(NotesGPTDatasetV1("Hello, world.", gpt2_encoding, 4, 1)) == 0
    assert list(dataset.input_ids) == [] and dataset[[]][0].shape == (0, 4)
    with pytest.raises(IndexError):
        dataset[0]
    with pytest.raises(ValueError):
        notes_create_dataloader_v1("Hello, world.", max_length=4, stride=1)
    with pytest.warns(SamplingWarning), pytest.raises(TextTooShortError) as info:
        create_dataloader_v1("Hello, world.", max_length=4, stride=1)
    assert "has 4 tokens" in str(info.value) and "at least 5" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.warns(SamplingWarning, match="has 4 tokens"):
        loader = create_dataloader_v1("Hello, world.", max_length=4, stride=1, shuffle=False)
    assert list(loader) == list(notes_create_dataloader_v1("Hello, world.", max_length=4, stride=1,
                                                           shuffle=False)) == []


@pytest.mark.parametrize("bad", [b"bytes", None, ["a", "list"], 42])
def test_text_must_be_str(bad):
    with pytest.raises(TypeError, match="txt must be a str"):
        create_dataloader_v1(bad, max_length=4, stride=1)


def test_empty_text(gpt2_encoding):
    with pytest.warns(SamplingWarning, match="has 0 tokens"):
        ours = GPTDatasetV1("", gpt2_encoding, 4, 1)
    assert len(ours) == len(NotesGPTDatasetV1("", gpt2_encoding, 4, 1)) == 0
    with pytest.warns(SamplingWarning), pytest.raises(TextTooShortError, match="has 0 tokens"):
        create_dataloader_v1("", max_length=4, stride=1)


def test_zero_batches_warns_and_yields_what_the_notes_yield(verdict):
    kwargs = dict(batch_size=64, max_length=4, stride=4, drop_last=True)
    with pytest.warns(SamplingWarning, match="zero batches.*drop_last=False"):
        loader = create_dataloader_v1(verdict[:200], **kwargs)
    assert list(loader) == list(notes_create_dataloader_v1(verdict[:200], **kwargs)) == []
    loader = create_dataloader_v1(verdict[:200], batch_size=64, max_length=4, stride=4, drop_last=False)
    assert len(list(loader)) == 1


_PIECES = ["The", " cat", " sat", ".", "\n\n", " ", "  ", "<|endoftext|>", " Ünïcode", " 42", "'s", "\t", "é"]


@settings(deadline=None, max_examples=120)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=40),
    max_length=st.integers(1, 12),
    stride=st.integers(1, 15),
    batch_size=st.integers(1, 5),
    shuffle=st.booleans(),
    drop_last=st.booleans(),
)
def test_same_as_the_books_package_on_any_text_and_setting(
    pieces, max_length, stride, batch_size, shuffle, drop_last, gpt2_encoding
):
    """Every sample and batch equal to ``llms_from_scratch.ch02`` (documents joined by <|endoftext|>,
    texts too short for one window, the empty text), including the errors the package raises."""
    text = "".join(pieces)
    package = PackageGPTDatasetV1(text, gpt2_encoding, max_length, stride)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours = GPTDatasetV1(text, gpt2_encoding, max_length, stride)
    assert len(ours) == len(package)
    assert bool(caught) == (len(package) == 0)
    for k in range(len(ours)):
        assert all(torch.equal(a, b) and a.dtype == b.dtype for a, b in zip(ours[k], package[k], strict=True))
    kwargs = dict(batch_size=batch_size, max_length=max_length, stride=stride, shuffle=shuffle,
                  drop_last=drop_last)
    try:
        torch.manual_seed(5)
        expected = list(package_create_dataloader_v1(text, **kwargs))
    except ValueError:  # a shuffled DataLoader over no samples
        with warnings.catch_warnings(), pytest.raises(TextTooShortError):
            warnings.simplefilter("ignore", SamplingWarning)
            create_dataloader_v1(text, **kwargs)
        return
    torch.manual_seed(5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        assert same_batches(create_dataloader_v1(text, **kwargs), expected)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "8"])
def test_bad_batch_size(verdict, bad):
    with pytest.raises((SamplingError, TypeError), match="batch_size"):
        create_dataloader_v1(verdict, batch_size=bad, max_length=4, stride=4)


def test_endoftext_between_documents_like_the_books_package(gpt2_encoding):
    # the book's package encodes with allowed_special={"<|endoftext|>"}: documents joined by it work
    text = "One short story. <|endoftext|> Another story, with more words in it than the first."
    ids = gpt2_encoding.encode(text, allowed_special={"<|endoftext|>"})
    assert 50256 in ids
    dataset = GPTDatasetV1(text, gpt2_encoding, 4, 2)
    assert len(dataset) == num_samples(len(ids), 4, 2)
    for k in range(len(dataset)):
        assert dataset[k][0].tolist() == ids[2 * k : 2 * k + 4]
        assert dataset[k][1].tolist() == ids[2 * k + 1 : 2 * k + 5]
    long = "\n\n".join([text] * 6000)  # long enough for the threaded path, which must step aside
    expected = gpt2_encoding.encode(long, allowed_special={"<|endoftext|>"})
    assert token_store.encode_text(long, gpt2_encoding).tolist() == expected


def test_other_special_tokens_and_bad_tokenizers():
    cl100k_like = tiktoken.Encoding(
        name="test-fim",
        pat_str=tiktoken.get_encoding("gpt2")._pat_str,
        mergeable_ranks=tiktoken.get_encoding("gpt2")._mergeable_ranks,
        special_tokens={"<|endoftext|>": 50256, "<|fim_prefix|>": 50257},
    )
    with pytest.raises(SamplingError, match="allowed_special"):
        GPTDatasetV1("code <|fim_prefix|> more code and words", cl100k_like, 2, 1)
    with pytest.raises(TypeError, match="encode"):
        GPTDatasetV1("some text here", "gpt2", 2, 1)


def test_index_out_of_range(verdict, gpt2_encoding):
    dataset = GPTDatasetV1(verdict, gpt2_encoding, 4, 4)
    with pytest.raises(IndexError):
        dataset[len(dataset)]
    with pytest.raises(IndexError):
        dataset[[0, len(dataset)]]


@pytest.fixture()
def explorer():
    from helpers.widgets import SlidingWindowExplorer

    return SlidingWindowExplorer()


def count(html: str, name: str) -> int:
    import re

    return int(re.search(rf"class='t2t-count-{name}'[^>]*>(\d+)<", html).group(1))


def test_explorer_defaults_stride_equals_max_length(explorer):
    assert [
        c.description
        for c in (
            explorer.max_length,
            explorer.stride,
            explorer.batch_size,
            explorer.shuffle,
            explorer.drop_last,
            explorer.batch,
        )
    ] == ["max_length", "stride", "batch_size", "shuffle", "drop_last", "batch"]
    html = explorer.view.value
    assert (explorer.max_length.value, explorer.stride.value) == (4, 4)
    assert count(html, "samples") == 1286 and count(html, "gap") == 0 and count(html, "overlap") == 0
    assert count(html, "tokens") == 5145 and count(html, "never-targets") == 1  # only the very first token
    assert "No gap and no overlap" in html
    assert repr(explorer) == "SlidingWindowExplorer(5145 tokens)"


def test_explorer_stride_6_leaves_a_gap(explorer):
    explorer.stride.value = 6
    html = explorer.view.value
    assert count(html, "samples") == 857 == num_samples(5145, 4, 6)
    assert count(html, "gap") == 2
    assert "2 of every 6 tokens are never a target" in html
    # positions 0, 5, 6, 11, 12 ... are never targets: in each block of 6 after the first token, 2
    expected = [False] + [True] * 4 + [False] * 2 + [True] * 4 + [False] * 2
    assert explorer.current.is_target[:13] == expected
    assert html.count("class='t2t-never'") == explorer.current.is_target.count(False)


def test_explorer_overlap_and_drop_last(explorer):
    explorer.stride.value = 1
    explorer.batch_size.value = 7
    html = explorer.view.value
    assert count(html, "samples") == 5141 and count(html, "overlap") == 3
    assert count(html, "lost") == 5141 % 7 and count(html, "batches") == 5141 // 7
    explorer.drop_last.value = False
    assert count(explorer.view.value, "lost") == 0 and count(explorer.view.value, "batches") == -(-5141 // 7)


def test_explorer_batch_tensors_are_the_loaders(explorer, verdict):
    explorer.shuffle.value = True
    explorer.batch_size.value = 3
    explorer.batch.value = 5
    loader = create_dataloader_v1(verdict, batch_size=3, max_length=4, stride=4, shuffle=True, seed=123)
    inputs, targets = list(loader)[5]
    assert torch.equal(explorer.current.inputs, inputs) and torch.equal(explorer.current.targets, targets)
    assert str(inputs.tolist()[0][0]) in explorer.view.value
    assert explorer.batch.max == len(loader) - 1


def test_explorer_short_text_and_impossible_settings():
    from helpers.widgets import SlidingWindowExplorer

    small = SlidingWindowExplorer("A tiny text.", max_length=8)
    html = small.view.value
    assert count(html, "samples") == 0 and "Text too short" in html and "t2t-batch-none" in html
    small.max_length.value = 2
    assert count(small.view.value, "samples") > 0
    small.max_length.value = 0  # a slider clamps impossible values from code to its minimum
    assert small.max_length.value == 1
    small.batch_size.value = 16
    assert "Zero batches" in small.view.value
    with pytest.raises(SamplingError):
        SlidingWindowExplorer("text", max_length=0)
    with pytest.raises(TypeError, match="str"):
        SlidingWindowExplorer(b"bytes")


def test_pictures_draw_real_windows(verdict, gpt2_encoding):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.plots import draw_context_steps, draw_stride_comparison, draw_xy_batch

    ids = gpt2_encoding.encode(verdict)[50:56]
    fig = draw_context_steps([gpt2_encoding.decode([t]) for t in ids], ids, steps=4)
    assert "(hidden)" in [t.get_text() for t in fig.axes[0].texts]
    x, y = next(iter(create_dataloader_v1(verdict, batch_size=2, max_length=4, stride=4, shuffle=False)))
    fig = draw_xy_batch(x, y, lambda t: gpt2_encoding.decode([t]))
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels[0].startswith("40") and [t.get_text() for t in fig.axes[1].texts][0].startswith("367")
    spans = windows.first_windows(5145, 4, 6, 3)
    fig = draw_stride_comparison({"stride 6": (spans, windows.target_mask(5145, 4, 6, range(20)))}, 20)
    assert fig.axes[0].get_title(loc="left") == "stride 6"
    plt.close("all")
