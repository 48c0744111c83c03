"""Shared test set-up for tests/ and notebooks/: the whole suite runs offline and reproducibly.

It lives at the top of the repository so that it also applies when only notebooks are tested.
"""

from __future__ import annotations

import atexit
import contextlib
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
# tiktoken's cache for this run: a private folder (the user's real cache is neither read nor
# written), seeded exactly as `make lab` / `make test` seed the real one (helpers.gpt2), so that
# tiktoken.get_encoding("gpt2") here, in kernels and in subprocesses finds GPT-2 the learner's way.
os.environ.pop("DATA_GYM_CACHE_DIR", None)
os.environ["TIKTOKEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="t2t-tiktoken-cache-")
atexit.register(shutil.rmtree, os.environ["TIKTOKEN_CACHE_DIR"], ignore_errors=True)
network_guard.install()

from helpers.corpora import load_verdict  # noqa: E402
from helpers.gpt2 import seed_tiktoken_cache  # noqa: E402

seed_tiktoken_cache()

# Property tests: the same examples on every run (reproducible CI), no example database on disk.
with contextlib.suppress(ImportError):  # hypothesis is in the test extra; notebook runs need not have it
    from hypothesis import settings

    settings.register_profile("t2t", derandomize=True, database=None, deadline=None,
                              print_blob=True)
    settings.load_profile("t2t")


@pytest.fixture(scope="session")
def verdict() -> str:

    return load_verdict()


@pytest.fixture(scope="session")
def gpt2_encoding():
    """tiktoken's GPT-2 encoding (the notes' ``tiktoken.get_encoding("gpt2")``); ``helpers.bpe``'s
    own GPT-2 tokenizer is the ``gpt2_bpe`` fixture of tests/test_bpe.py."""
    import tiktoken

    return tiktoken.get_encoding("gpt2")
