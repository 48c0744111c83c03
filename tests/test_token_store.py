"""Token ids from text in parallel (the same ids as one call), and token stores on disk."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
import tiktoken
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import token_store
from helpers.corpora import load_verdict, load_wiki_text
from helpers.sampling import GPTDatasetV1
from helpers.token_store import TokenStoreError, open_token_store, write_token_store


@settings(deadline=None, max_examples=300)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab \n\n\n  .'s1\t\r\x0b") + ["é", "ß", "\u3000", "\x1c", "\xa0"]),
        max_size=300,
    ),
    pieces=st.integers(1, 12),
)
def test_safe_split_gives_the_same_ids(text, pieces, gpt2_encoding):
    parts = token_store.split_text_safely(text, pieces)
    assert "".join(parts) == text
    joined = [i for p in parts for i in gpt2_encoding.encode_ordinary(p)]
    assert joined == gpt2_encoding.encode_ordinary(text)


def test_parallel_encoding_of_a_large_text_equals_encode(gpt2_encoding, verdict):
    text = load_wiki_text()[:1_000_000]
    assert len(token_store.split_text_safely(text, 16)) >= 12
    assert len(token_store.split_text_safely(verdict, 16)) >= 12
    ids = token_store.encode_text(text, gpt2_encoding, num_threads=2)
    assert ids.dtype == np.uint16
    assert ids.tolist() == gpt2_encoding.encode(text)


def test_each_helper_thread_can_have_its_own_encoding(gpt2_encoding):
    import threading

    mine = token_store.own_encoding(gpt2_encoding)
    assert mine is not gpt2_encoding
    assert token_store.own_encoding(gpt2_encoding) is mine  # made once per thread
    theirs = []
    worker = threading.Thread(target=lambda: theirs.append(token_store.own_encoding(gpt2_encoding)))
    worker.start()
    worker.join()
    assert theirs[0] is not mine and theirs[0] is not gpt2_encoding
    text = "A copy gives the same ids, <|endoftext|> as plain text too: \u00e9t\u00e9 42."
    assert (
        mine.encode_to_numpy(text, disallowed_special=()).tolist()
        == theirs[0].encode_ordinary(text)
        == gpt2_encoding.encode_ordinary(text)
    )
    story = load_verdict() + "<|endoftext|>"
    assert mine.encode(story, allowed_special="all") == gpt2_encoding.encode(story, allowed_special="all")
    assert mine.n_vocab == gpt2_encoding.n_vocab and mine.eot_token == gpt2_encoding.eot_token
    not_tiktoken = object()  # any other tokenizer is used as it is
    assert token_store.own_encoding(not_tiktoken) is not_tiktoken
    other = tiktoken.Encoding("digits", pat_str=r"\d|\D+",
                              mergeable_ranks={bytes([b]): b for b in range(256)}, special_tokens={})
    assert token_store.own_encoding(other) is other  # no public way to copy it: shared


@pytest.mark.parametrize("own_copies", [False, True])
@pytest.mark.parametrize("num_threads", [1, 2, 3])
def test_encode_in_parallel_equals_one_call(gpt2_encoding, num_threads, own_copies):
    text = load_wiki_text()[:120_000] + " and <|endoftext|> kept as plain text"
    cuts = token_store.safe_cuts(text, 16 * num_threads)
    assert cuts[0] == 0 and cuts[-1] == len(text) and cuts == sorted(set(cuts))
    assert len(cuts) > 12 * num_threads
    parts = token_store.encode_in_parallel(gpt2_encoding, text, cuts, num_threads=num_threads,
                                           own_copies=own_copies)
    assert all(p.dtype == np.uint16 for p in parts)
    assert np.concatenate(parts).tolist() == gpt2_encoding.encode_ordinary(text)


def test_a_helpers_error_is_raised_and_stops_the_others():
    import threading
    import time

    class HelpersFail:  # the calling thread encodes slowly; every helper thread fails
        def __init__(self):
            self.enc, self.main_calls = tiktoken.get_encoding("gpt2"), 0

        def encode_to_numpy(self, text, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                raise RuntimeError("a piece failed")
            self.main_calls += 1
            time.sleep(0.05)
            return self.enc.encode_to_numpy(text, **kwargs)

    text = "\n".join(f"line {k}" for k in range(2000))
    cuts = token_store.safe_cuts(text, 20)
    assert len(cuts) > 15
    fails = HelpersFail()
    with pytest.raises(RuntimeError, match="a piece failed"):
        token_store.encode_in_parallel(fails, text, cuts, num_threads=2)
    assert fails.main_calls <= 3  # the caller stopped soon after, instead of doing every piece alone


def test_token_store_round_trip(tmp_path, verdict, gpt2_encoding):
    store = write_token_store(
        verdict, tmp_path / "verdict", num_threads=2, block_chars=3000, progress=False
    )
    assert isinstance(store.ids, np.memmap) and store.ids.dtype == np.uint16
    assert store.ids.tolist() == gpt2_encoding.encode(verdict)
    side = json.loads((tmp_path / "verdict.json").read_text())
    assert side == {
        "tokenizer": "gpt2",
        "vocab_size": 50257,
        "n_tokens": 5145,
        "source_sha256": token_store.source_sha256(verdict),
        "dtype": "uint16",
        "version": 1,
    }
    assert (tmp_path / "verdict.bin").stat().st_size == 2 * 5145
    assert sorted(p.name for p in tmp_path.iterdir()) == ["verdict.bin", "verdict.json"]
    from_store = GPTDatasetV1.from_token_store(tmp_path / "verdict", 16, 7)
    in_memory = GPTDatasetV1(verdict, gpt2_encoding, 16, 7)
    assert len(from_store) == len(in_memory)
    picked = [0, 5, 100]
    assert all(torch.equal(a, b) for a, b in zip(from_store[picked], in_memory[picked], strict=True))
    assert len(pickle.dumps(from_store)) < 1000  # pickles as its path
    again = pickle.loads(pickle.dumps(from_store))
    assert torch.equal(again[3][0], in_memory[3][0])


def test_token_store_from_a_file_in_blocks(tmp_path, gpt2_encoding):
    text = load_wiki_text()[:300_000]
    source = tmp_path / "corpus.txt"
    source.write_text(text, encoding="utf-8")
    store = write_token_store(
        source, tmp_path / "tokens" / "wiki.bin", block_chars=20_000, progress=False
    )
    assert store.ids.tolist() == gpt2_encoding.encode_ordinary(text)
    assert store.info.source_sha256 == token_store.source_sha256(text)


class ExplodingEncoding:
    """GPT-2's encoding that dies after ``ok`` pieces, like a run stopped half-way."""

    def __init__(self, ok: int):
        self.enc, self.ok = tiktoken.get_encoding("gpt2"), ok
        self.name, self.n_vocab = self.enc.name, self.enc.n_vocab

    def encode_to_numpy(self, text, **kwargs):
        if self.ok <= 0:
            raise KeyboardInterrupt("stopped")
        self.ok -= 1
        return self.enc.encode_to_numpy(text, **kwargs)


def test_interrupted_write_is_never_used(tmp_path, verdict):
    write_token_store(verdict, tmp_path / "store", progress=False)  # a complete old store
    with pytest.raises(KeyboardInterrupt):
        write_token_store(
            verdict * 3, tmp_path / "store", tokenizer=ExplodingEncoding(12), block_chars=2000, progress=False
        )
    assert not list(tmp_path.glob("*.partial"))  # no temporary file left behind
    with pytest.raises(TokenStoreError, match="interrupted") as info:
        open_token_store(tmp_path / "store")
    assert "write_token_store" in str(info.value) and "Delete" in str(info.value)
    with pytest.raises(TokenStoreError):
        GPTDatasetV1.from_token_store(tmp_path / "store", 4, 4)


def test_token_store_refuses_a_tokenizer_whose_cuts_are_unproven(tmp_path, verdict):
    other = tiktoken.Encoding(
        name="not-gpt2",
        pat_str=r"\S+|\s+",
        mergeable_ranks=tiktoken.get_encoding("gpt2")._mergeable_ranks,
        special_tokens={},
    )
    with pytest.raises(TokenStoreError, match="from_token_ids"):
        write_token_store(verdict, tmp_path / "s", tokenizer=other, progress=False)
    assert not list(tmp_path.iterdir())


def test_truncated_or_damaged_store(tmp_path, verdict):
    write_token_store(verdict, tmp_path / "s", progress=False)
    data = (tmp_path / "s.bin").read_bytes()
    (tmp_path / "s.bin").write_bytes(data[:-10])
    with pytest.raises(TokenStoreError, match="truncated") as info:
        open_token_store(tmp_path / "s.bin")
    assert "10280 bytes" in str(info.value) and "write_token_store" in str(info.value)
    (tmp_path / "s.json").write_text("{not json")
    with pytest.raises(TokenStoreError, match="unreadable"):
        open_token_store(tmp_path / "s")
    (tmp_path / "s.json").unlink()
    with pytest.raises(TokenStoreError, match="no sidecar"):
        open_token_store(tmp_path / "s")
    with pytest.raises(TokenStoreError, match="no token store"):
        open_token_store(tmp_path / "nothing")


def test_no_helper_thread_outlives_its_job(tmp_path, gpt2_encoding):
    import threading

    def helper_threads():
        return [t.name for t in threading.enumerate() if t.name.startswith("t2t-")]

    text = load_wiki_text()[:400_000]
    ids = token_store.encode_text(text, gpt2_encoding, num_threads=2)  # long enough for helper threads
    assert ids.tolist() == gpt2_encoding.encode(text)
    write_token_store(text, tmp_path / "s", num_threads=3, block_chars=50_000, progress=False)
    assert helper_threads() == []  # every pool was shut down, its threads joined
