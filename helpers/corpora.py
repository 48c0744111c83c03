"""The texts the series learns from: the notes' short story and a larger Wikipedia sample.

* ``load_verdict()``: Edith Wharton's "The Verdict" (1908, public domain), the story the notes use.
  Looked for, in order, in the project's ``data/`` cache, in an offline mirror folder named by the
  environment variable ``TEXT_TO_TENSORS_MIRROR``, then downloaded from the book's repository. Every
  copy is sha256-checked; a wrong copy is never used or cached.
* ``load_wiki_text()`` / ``wiki_articles()``: plain-text articles extracted from the shortened
  English Wikipedia dump that ships inside gensim's wheel (offline, about 480k words).
* ``analogy_questions_path()``: gensim's copy of the word-analogy set ``questions-words.txt``.

``python -m helpers.corpora`` fetches and prepares everything once (``make`` does this for you);
``python -m helpers.corpora verdict`` or ``... wiki`` prepares one of the two.

Why not pooch for ``fetch_checked``: pooch would take over the cache check and the hash-checked
download from the URL, but it fetches over HTTP/FTP/SFTP/DOI only, so the offline mirror folder,
the list of what each source said, and the atomic writer (the token stores use it too) would stay
here, and its errors would have to be caught and reworded to keep these messages: about fifteen
lines saved, for one more dependency.
"""

from __future__ import annotations

import bz2
import hashlib
import os
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MIRROR_ENV = "TEXT_TO_TENSORS_MIRROR"

VERDICT_NAME = "the-verdict.txt"
VERDICT_URL = (
    "https://raw.githubusercontent.com/rasbt/LLMs-from-scratch/main/"
    "ch02/01_main-chapter-code/the-verdict.txt"
)
VERDICT_SHA256 = "b41e41a68f0398a3154ae69e2e4c0e2694e17fe0d66730536837f1b01935b31f"
VERDICT_CHARS = 20479

WIKI_DUMP = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
WIKI_TEXT_NAME = "enwiki-sample.txt"
ANALOGY_NAME = "questions-words.txt"
ARTICLE_SEPARATOR = "\n\n"


class DataError(RuntimeError):
    """A data file could not be had, or the copy found is not the right one."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at ``path`` only once it is complete: it is written under a
    temporary name beside ``path``, flushed to disk and renamed. On any error (or an interrupt) the
    temporary file is removed and ``path`` is left as it was, so a crash never leaves a half-written
    file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through ``atomic_writer``."""
    with atomic_writer(path) as f:
        f.write(data)


def _download(url: str, timeout: float = 30.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (https URL)
        return response.read()


def fetch_checked(
    name: str,
    sha256: str,
    url: str,
    *,
    cache_dir: Path | str | None = None,
    mirror: Path | str | None = None,
) -> Path:
    """Return the path of a hash-checked copy of ``name`` in the cache, getting it if needed.

    Sources, in order: ``cache_dir`` (default ``data/``), the mirror folder (default: the folder in
    ``$TEXT_TO_TENSORS_MIRROR``), then ``url``. A copy whose sha256 differs is reported and never used
    or cached; a bad cached copy is replaced by a good one when one can be had.
    """
    cache_dir = Path(cache_dir) if cache_dir is not None else DATA_DIR
    if mirror is None:
        mirror = os.environ.get(MIRROR_ENV) or None
    cached = cache_dir / name
    problems: list[str] = []

    if cached.is_file():
        actual = _sha256(cached.read_bytes())
        if actual == sha256:
            return cached
        problems.append(f"the cached copy {cached} is damaged (sha256 {actual}); it was not used")

    candidates: list[tuple[str, bytes | None]] = []
    if mirror:
        source = Path(mirror) / name
        try:
            candidates.append((str(source), source.read_bytes()))
        except OSError as err:
            problems.append(f"the mirror copy {source} could not be read ({err.strerror or err})")
    else:
        problems.append(f"no offline mirror is set (${MIRROR_ENV})")
    candidates.append((url, None))

    for where, data in candidates:
        if data is None:
            try:
                data = _download(where)
            except (urllib.error.URLError, OSError, ValueError) as err:
                problems.append(f"the download from {where} failed ({err})")
                continue
        actual = _sha256(data)
        if actual != sha256:
            problems.append(f"the copy from {where} has the wrong sha256 {actual}; it was not used")
            continue
        write_atomically(cached, data)
        return cached

    raise DataError(
        f"Could not get a correct copy of {name}.\n  - "
        + "\n  - ".join(problems)
        + f"\nExpected sha256: {sha256}.\nFix: connect to the network so it can be downloaded from "
        f"{url}, or put a correct copy of {name} in a folder and set {MIRROR_ENV} to that folder "
        f"(or delete a damaged {cached} and try again)."
    )


def load_verdict(
    *, cache_dir: Path | str | None = None, mirror: Path | str | None = None
) -> str:
    """Return the text of "The Verdict" (20479 characters), the story the notes tokenize."""
    path = fetch_checked(
        VERDICT_NAME, VERDICT_SHA256, VERDICT_URL, cache_dir=cache_dir, mirror=mirror
    )
    return path.read_text(encoding="utf-8")


def _gensim_test_data() -> Path:
    # Found without importing gensim (about a second), as only a file path is needed here.
    from importlib.util import find_spec

    spec = find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            "gensim is not installed, so its Wikipedia sample and analogy set are not here. "
            "Fix: `pip install gensim` (or run `make lab` / `make test`)."
        )
    return Path(spec.submodule_search_locations[0]).resolve() / "test" / "test_data"


def _gensim_file(name: str) -> Path:
    path = _gensim_test_data() / name
    if not path.is_file():
        raise DataError(
            f"gensim's test data file {name} is missing (looked for {path}). Some gensim builds "
            f"leave out their test data. Fix: `pip install --force-reinstall gensim` from PyPI."
        )
    return path


def wiki_dump_path() -> Path:
    """The shortened English Wikipedia XML dump shipped in gensim's wheel."""
    return _gensim_file(WIKI_DUMP)


def analogy_questions_path() -> Path:
    """gensim's copy of Mikolov et al.'s word-analogy set ``questions-words.txt``."""
    return _gensim_file(ANALOGY_NAME)


def _extract_articles(dump: Path) -> list[str]:
    """Plain text of every non-empty article in the dump, wiki markup removed by gensim."""
    from gensim.corpora.wikicorpus import extract_pages, filter_wiki

    articles = []
    with bz2.open(dump, "rb") as f:
        for _title, markup, _pageid in extract_pages(f):
            text = "\n".join(line.strip() for line in filter_wiki(markup).splitlines())
            text = "\n".join(part for part in text.split("\n") if part)
            if len(text.split()) >= 50:  # skip redirects and stubs
                articles.append(text)
    return articles


def load_wiki_text(*, cache_dir: Path | str | None = None) -> str:
    """All extracted articles as one text, separated by blank lines (about 3 MB, 480k words).

    The extraction takes a few seconds; it is done once and kept in ``data/enwiki-sample.txt``.
    """
    cache_dir = Path(cache_dir) if cache_dir is not None else DATA_DIR
    dump = wiki_dump_path()
    cached = cache_dir / WIKI_TEXT_NAME
    stamp = cache_dir / (WIKI_TEXT_NAME + ".source")
    source_id = f"{dump.name} {dump.stat().st_size}"
    if cached.is_file() and stamp.is_file():
        data = cached.read_bytes()
        if stamp.read_text() == f"{source_id} {_sha256(data)}":
            return data.decode("utf-8")
    # First use, a newer gensim, or a damaged cache: extract again.
    data = ARTICLE_SEPARATOR.join(_extract_articles(dump)).encode("utf-8")
    write_atomically(cached, data)
    write_atomically(stamp, f"{source_id} {_sha256(data)}".encode())
    return data.decode("utf-8")


def wiki_articles(*, cache_dir: Path | str | None = None) -> list[str]:
    """The Wikipedia sample as a list of article texts."""
    return load_wiki_text(cache_dir=cache_dir).split(ARTICLE_SEPARATOR)


def main(argv: list[str] | None = None) -> int:
    """Prepare the data files once; exits non-zero with the fix when something is missing.

    ``python -m helpers.corpora`` prepares everything; ``... verdict`` only the story and ``... wiki``
    only the Wikipedia sample (``make lab`` prepares that one in the background: it takes seconds).
    """
    parts = set(sys.argv[1:] if argv is None else argv) or {"verdict", "wiki"}
    unknown = parts - {"verdict", "wiki"}
    if unknown:
        print(f"error: unknown part {', '.join(sorted(unknown))}; "
              f"usage: python -m helpers.corpora [verdict] [wiki] (no part: both)")
        return 2
    try:
        if "verdict" in parts:
            verdict = load_verdict()
            print(f"the-verdict.txt: {len(verdict)} characters, sha256 checked ({DATA_DIR})")
        if "wiki" in parts:
            wiki = load_wiki_text()
            analogies = analogy_questions_path()
            print(f"Wikipedia sample: {len(wiki.split())} words in {len(wiki.split(ARTICLE_SEPARATOR))} "
                  f"articles; analogy set: {analogies.name}")
    except DataError as err:
        print(f"error: {err}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
