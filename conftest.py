"""Shared test set-up for tests/ and notebooks/: the whole suite runs offline and reproducibly.

It lives at the top of the repository so that it also applies when only notebooks are tested.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))

import network_guard  # noqa: E402

# Set before any kernel or subprocess starts, so that they inherit it.
os.environ[network_guard.ENV_FLAG] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(TESTS / "offline"), str(ROOT)] + [p for p in [os.environ.get("PYTHONPATH")] if p]
)
os.environ.setdefault("PYTHONHASHSEED", "0")
# An empty, private tiktoken cache: GPT-2's encoding must come from the local files, not a cache.
os.environ["TIKTOKEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="t2t-tiktoken-cache-")
atexit.register(shutil.rmtree, os.environ["TIKTOKEN_CACHE_DIR"], ignore_errors=True)
network_guard.install()

# Property tests: the same examples on every run (reproducible CI), no example database on disk.
try:
    from hypothesis import settings

    settings.register_profile("t2t", derandomize=True, database=None, deadline=None,
                              print_blob=True)
    settings.load_profile("t2t")
except ImportError:  # hypothesis is in the test extra; plain notebook runs do not need it
    pass


@pytest.fixture(scope="session")
def verdict() -> str:
    import helpers

    return helpers.load_verdict()


@pytest.fixture(scope="session")
def gpt2_encoding():
    """tiktoken's GPT-2 encoding (the notes' ``tiktoken.get_encoding("gpt2")``); ``helpers.bpe``'s
    own GPT-2 tokenizer is the ``gpt2_bpe`` fixture of tests/test_bpe.py."""
    import tiktoken

    return tiktoken.get_encoding("gpt2")
