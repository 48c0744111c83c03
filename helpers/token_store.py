"""Token ids from text, fast and in parallel, and token stores: ids on disk, memory-mapped.

* ``encode_text(txt, tokenizer)``: the ids of a text as a compact numpy array (``uint16`` for GPT-2),
  what ``tokenizer.encode(txt, allowed_special={"<|endoftext|>"})`` gives. A long text is cut where
  GPT-2's pre-tokenizer always ends a piece (``safe_cuts``), and the pieces are encoded on several
  threads (``encode_in_parallel``): the same ids as one call.
* **Token stores** for corpora larger than memory: ``write_token_store`` tokenizes in parallel and
  writes the ids to a ``uint16`` file with a JSON sidecar; ``open_token_store`` maps the file into
  memory read-only (``GPTDatasetV1.from_token_store`` reads windows straight from it).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import tiktoken
import torch

from . import checks
from .bpe_simple import GPT2_PATTERN
from .corpora import atomic_writer, write_atomically
from .i18n import gettext as _
from .windows import SamplingError


class TokenStoreError(RuntimeError):
    """A token store on disk is missing, incomplete (an interrupted write) or does not match."""


# --------------------------------------------------------------------------------------------------
# Tokenizing (in parallel where it is provably the same as one call)
# --------------------------------------------------------------------------------------------------

# Where GPT-2's pre-tokenizer (also used by r50k/p50k) always ends a piece, whatever follows or
# precedes: (1) just after a newline that has a non-space character on both sides; (2) inside a run of
# ASCII whitespace, just before its last character, when a non-space character follows. In (2) the
# whole text gives the pieces "run minus its last character" and "last character (+ next word)";
# the first part on its own ends the text and is matched whole by the pattern's `\s++$`, so encoding
# the two parts separately gives the same ids. (Python's \S is narrower than the Rust regex's.)
_SPLITTABLE = {"gpt2", "r50k_base", "p50k_base"}
_SAFE_CUT = re.compile(r"(?<=\S\n)(?=\S)|(?<=[ \t\n\r\f\v])(?=[ \t\n\r\f\v]\S)")


def safe_cuts(text: str, n_pieces: int) -> list[int]:
    """Positions ``0 = c0 < c1 < ... < ck = len(text)`` that cut ``text`` into about ``n_pieces``
    parts, only where GPT-2's pre-tokenizer ends a piece anyway (see ``_SAFE_CUT``)."""
    if n_pieces <= 1 or len(text) < 2:
        return [0, len(text)]
    step = max(1, len(text) // n_pieces)
    cuts, pos = [0], step
    while pos < len(text):
        m = _SAFE_CUT.search(text, pos)
        if m is None:
            break
        cuts.append(m.start())
        pos = m.start() + step
    cuts.append(len(text))
    return cuts


def split_text_safely(text: str, n_pieces: int) -> list[str]:
    """``text`` cut at ``safe_cuts``: encoding the parts one by one gives exactly the ids of encoding
    the whole text."""
    cuts = safe_cuts(text, n_pieces)
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


# Tokenizing on several threads: tiktoken releases Python's lock while it encodes, so threads run at
# once. tiktoken's compiled pattern serves the first thread that used it on a faster path than other
# threads sharing it, so helper threads with their own copy of the encoding run faster than threads
# sharing one (``own_encoding``). A copy costs about a tenth of a second and about 11 MB, as much memory
# again as a dataset build adds, so GPTDatasetV1 shares; a token store, a long job where 11 MB do not
# matter, gives every helper thread its own copy (measure it yourself with ``make bench``).
_thread_state = threading.local()


@functools.lru_cache(maxsize=4)
def gpt2_parts(enc) -> tuple[dict[bytes, int], dict[str, int]]:
    """The ranks and special tokens of tiktoken's GPT-2 encoding ``enc``, read through its public API
    (every token's bytes and id), once per process."""
    ranks = {token: enc.encode_single_token(token) for token in enc.token_byte_values()}
    special = {token: enc.encode_single_token(token) for token in enc.special_tokens_set}
    return ranks, special


def own_encoding(enc):
    """This thread's own copy of tiktoken's GPT-2 encoding ``enc`` (the same ranks, special tokens
    and pattern, so the same ids), made on the thread's first call and kept. Any other encoding or
    tokenizer: ``enc`` itself, shared (tiktoken has no public way to copy an encoding, so only
    GPT-2's, whose pattern ``helpers.bpe_simple.GPT2_PATTERN`` is, can be rebuilt)."""
    if not isinstance(enc, tiktoken.Encoding) or enc.name != "gpt2":
        return enc
    copies = _thread_state.__dict__.setdefault("encodings", {})
    kept = copies.get(id(enc))
    if kept is None or kept[0] is not enc:  # (keeping enc itself means its id is never reused)
        ranks, special = gpt2_parts(enc)
        copy = tiktoken.Encoding(enc.name, pat_str=GPT2_PATTERN, mergeable_ranks=ranks,
                                 special_tokens=special)
        kept = copies[id(enc)] = (enc, copy)
    return kept[1]


def encode_in_parallel(enc, text: str, cuts: Sequence[int], *, num_threads: int = 2,
                       dtype=np.uint16, own_copies: bool = False,
                       pool: ThreadPoolExecutor | None = None) -> list[np.ndarray]:
    """The ids of every piece ``text[cuts[k]:cuts[k + 1]]`` as arrays of ``dtype``, special-token text
    encoded as plain text (what tiktoken's ``encode_ordinary_batch`` gives for the pieces).

    The calling thread and ``num_threads - 1`` helper threads each take the next piece left, so a
    thread that runs slow holds no one up, and an error in any thread stops the others. With
    ``own_copies`` the helper threads use ``own_encoding(enc)``. Unlike ``encode_ordinary_batch``,
    results are numpy arrays: lists of Python ints need Python's lock to make, which the threads would
    queue for. The helper threads come from ``pool`` (at least ``num_threads - 1`` workers; a caller
    encoding many texts keeps one pool for all of them) or from a pool made and shut down here.
    """
    n = len(cuts) - 1
    parts: list = [None] * n
    counter, stop = itertools.count(), threading.Event()

    def work(encoding) -> None:
        try:
            while not stop.is_set():
                k = next(counter)  # one C call: safe to share between threads
                if k >= n:
                    return
                ids = encoding.encode_to_numpy(text[cuts[k]:cuts[k + 1]], disallowed_special=())
                parts[k] = ids.astype(dtype, copy=False)
        except BaseException:
            stop.set()  # the other threads stop once their current piece is done
            raise

    n_helpers = min(num_threads, n) - 1
    if n_helpers < 1:
        work(enc)
        return parts
    with contextlib.ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(ThreadPoolExecutor(n_helpers, thread_name_prefix="t2t-tokenize"))
        helpers_ = [pool.submit(lambda: work(own_encoding(enc) if own_copies else enc))
                    for _ in range(n_helpers)]
        try:
            work(enc)
        finally:
            stop.set()
            for future in helpers_:
                future.result()  # a helper's error is raised here
    return parts


def check_txt(txt, *, allow_empty: bool = False) -> str:
    """``txt`` if it is a text to cut into windows; ``TypeError`` / ``SamplingError`` with the fix if not."""
    return checks.text(
        txt, "txt", message="{name} must be a str (the raw text), got {type}.",
        hint="Read the file first: open(path, encoding='utf-8').read().",
        empty_error=None if allow_empty else SamplingError,
        empty_message="txt is empty: there is nothing to cut into windows. Pass the text of a story or book.",
    )


def _id_dtype(max_id: int):
    return np.uint16 if max_id < 2**16 else np.int32 if max_id < 2**31 else np.int64


# Like the book's own package (``llms_from_scratch``), documents may be joined with <|endoftext|>.
ALLOWED_SPECIAL = frozenset({"<|endoftext|>"})


def encode_text(txt: str, tokenizer, *, num_threads: int = 2) -> np.ndarray:
    """Token ids of ``txt`` as a compact numpy array (``uint16`` for GPT-2).

    For a tiktoken encoding this equals ``tokenizer.encode(txt, allowed_special={"<|endoftext|>"})``
    (the book's packaged ``GPTDatasetV1`` does the same: documents joined by ``<|endoftext|>`` get its
    id 50256); other special-token text is refused with a clear error. GPT-2's encoding of a long text
    runs on several threads. Any other tokenizer: ``tokenizer.encode(txt)``. An empty text gives no ids.
    """
    check_txt(txt, allow_empty=True)
    if isinstance(tokenizer, (str, bytes)) or not callable(getattr(tokenizer, "encode", None)):
        raise TypeError(
            f"tokenizer must be an object with an encode(text) method, got {type(tokenizer).__name__} "
            f"{tokenizer!r}. For GPT-2 pass tiktoken.get_encoding('gpt2')."
        )
    if isinstance(tokenizer, tiktoken.Encoding):
        allowed = ALLOWED_SPECIAL & tokenizer.special_tokens_set
        refused = [t for t in sorted(tokenizer.special_tokens_set - allowed) if t in txt]
        if refused:
            raise SamplingError(
                f"the text contains the special token {refused[0]!r}, which only <|endoftext|> may be. "
                "Tokenize it yourself with tokenizer.encode(txt, allowed_special={"
                f"{refused[0]!r}}}) and use GPTDatasetV1.from_token_ids(ids, max_length, stride)."
            )
        dtype = _id_dtype(tokenizer.n_vocab - 1)
        has_special = any(t in txt for t in allowed)
        # (a special token may sit right after a cut, where the cut rule does not hold: one call then)
        if tokenizer.name in _SPLITTABLE and len(txt) > 200_000 and num_threads > 1 and not has_special:
            parts = encode_in_parallel(tokenizer, txt, safe_cuts(txt, 16 * num_threads),
                                       num_threads=num_threads, dtype=dtype)
            return np.concatenate(parts)
        return tokenizer.encode_to_numpy(txt, allowed_special=allowed).astype(dtype, copy=False)
    ids = tokenizer.encode(txt)
    return as_id_array(ids)


def as_id_array(ids) -> np.ndarray:
    """A 1-D integer array from a list, numpy array or tensor of token ids (compact dtype)."""
    if isinstance(ids, torch.Tensor):
        ids = ids.numpy()
    arr = np.asarray(ids) if isinstance(ids, np.ndarray) else np.fromiter(ids, dtype=np.int64)
    if arr.ndim != 1:
        raise SamplingError(f"token ids must be one flat sequence, got an array of shape {arr.shape}.")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"token ids must be integers, got dtype {arr.dtype}.")
    if arr.size and arr.min() < 0:
        raise SamplingError("token ids must not be negative.")
    top = int(arr.max()) if arr.size else 0
    return arr.astype(_id_dtype(top), copy=False)


# --------------------------------------------------------------------------------------------------
# Token stores: ids on disk, memory-mapped
# --------------------------------------------------------------------------------------------------

STORE_VERSION = 1


@dataclass(frozen=True)
class TokenStoreInfo:
    """The sidecar of a token store (``<name>.json`` next to ``<name>.bin``)."""

    tokenizer: str
    vocab_size: int
    n_tokens: int
    source_sha256: str
    dtype: str = "uint16"
    version: int = STORE_VERSION


@dataclass(frozen=True)
class TokenStore:
    path: Path
    info: TokenStoreInfo
    ids: np.ndarray  # read-only memory map

    def __len__(self) -> int:
        return self.info.n_tokens


def _store_paths(path) -> tuple[Path, Path]:
    path = Path(path)
    base = path.with_suffix("") if path.suffix in (".bin", ".json") else path
    return base.with_suffix(".bin"), base.with_suffix(".json")


def _repair(path: Path) -> str:
    bin_path, side = _store_paths(path)
    return (f"Delete {bin_path} and {side} and write the store again with "
            "helpers.token_store.write_token_store(source, path).")


def _text_blocks(source, block_chars: int) -> Iterator[str]:
    """The source text in blocks of about ``block_chars`` characters, each ending at a safe cut."""
    if isinstance(source, str):
        check_txt(source)
        yield from split_text_safely(source, max(1, len(source) // block_chars))
        return
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(
            f"no text file at {path}: pass the text itself (a str) or the path of a UTF-8 file."
        )
    carry = ""
    with open(path, encoding="utf-8", newline="") as f:
        while True:
            chunk = f.read(block_chars)
            if not chunk:
                break
            text = carry + chunk
            # the first safe cut in the last stretch of the block (searching a short stretch is quick)
            cut = None
            for back in (1 << 12, 1 << 16, block_chars // 2):
                m = _SAFE_CUT.search(text, max(0, len(text) - back))
                if m is not None and m.start() > 0:
                    cut = m.start()
                    break
            if cut:
                yield text[:cut]
                carry = text[cut:]
            else:
                carry = text
    if carry:
        yield carry


def write_token_store(source, path, *, tokenizer: str = "gpt2", num_threads: int = 2,
                      block_chars: int = 1 << 22, progress: bool = True) -> TokenStore:
    """Tokenize ``source`` (a str, or the path of a UTF-8 text file of any size) into ``path``.

    The ids go to ``<path>.bin`` (``uint16``, one after another) and a JSON sidecar
    ``<path>.json`` records the tokenizer, its vocabulary size, the token count and the sha256 of
    the source text. Each block of about ``block_chars`` characters is encoded in parallel on
    ``num_threads`` threads (``encode_in_parallel``, one pool for the whole write: special-token text
    is kept as plain text), with a progress bar. Both files are written through ``atomic_writer`` (a
    temporary name, renamed when complete), and the sidecar last: a store without a valid sidecar is
    never opened.
    """
    from tqdm.auto import tqdm

    enc = tiktoken.get_encoding(tokenizer) if isinstance(tokenizer, str) else tokenizer
    if enc.n_vocab > 2**16:
        raise TokenStoreError(f"{enc.name} has {enc.n_vocab} ids, more than uint16 holds (65536).")
    if enc.name not in _SPLITTABLE:
        raise TokenStoreError(
            f"write_token_store cuts the text where GPT-2's pre-tokenizer always ends a piece, which is "
            f"proven only for {sorted(_SPLITTABLE)}, not {enc.name!r}. Use one of those, or tokenize "
            "the text yourself and use GPTDatasetV1.from_token_ids."
        )
    bin_path, side = _store_paths(path)
    side.unlink(missing_ok=True)  # from here on, an old store counts as incomplete
    sha = hashlib.sha256()
    total = Path(source).stat().st_size if not isinstance(source, str) else len(source.encode("utf-8"))
    n_tokens = 0
    bar = tqdm(total=total, unit="B", unit_scale=True, disable=not progress,
               desc=_("tokenizing -> {name}").format(name=bin_path.name))
    # one pool for the whole write: its threads make their own copy of the encoding once, not per block
    pool = ThreadPoolExecutor(max(1, num_threads - 1), thread_name_prefix="t2t-token-store")
    with pool, atomic_writer(bin_path) as out, bar:
        for block in _text_blocks(source, block_chars):
            data = block.encode("utf-8")
            sha.update(data)
            for ids in encode_in_parallel(enc, block, safe_cuts(block, 16 * num_threads),
                                          num_threads=num_threads, own_copies=True, pool=pool):
                out.write(ids.tobytes())
                n_tokens += ids.size
            bar.update(len(data))
    info = TokenStoreInfo(tokenizer=enc.name, vocab_size=enc.n_vocab, n_tokens=n_tokens,
                          source_sha256=sha.hexdigest())
    write_atomically(side, json.dumps(asdict(info), indent=2).encode())
    return open_token_store(bin_path)


def open_token_store(path) -> TokenStore:
    """Open a token store read-only, memory-mapped (nothing is read into memory).

    Raises ``TokenStoreError`` with repair instructions when the sidecar is missing or unreadable
    (an interrupted write) or the file size does not match the recorded token count.
    """
    bin_path, side = _store_paths(path)
    if not bin_path.exists() and not side.exists():
        raise TokenStoreError(
            f"no token store at {bin_path}. "
            "Write one with helpers.token_store.write_token_store(source, path)."
        )
    if not side.exists():
        raise TokenStoreError(
            f"{bin_path} has no sidecar {side.name}: the run that wrote it was interrupted, so its tokens "
            f"cannot be trusted. {_repair(bin_path)}"
        )
    try:
        info = TokenStoreInfo(**json.loads(side.read_text()))
    except (ValueError, TypeError) as err:
        raise TokenStoreError(f"the sidecar {side} is unreadable ({err}). {_repair(bin_path)}") from None
    if not bin_path.exists():
        raise TokenStoreError(f"{side} describes {bin_path}, which is missing. {_repair(bin_path)}")
    size = bin_path.stat().st_size
    if size != 2 * info.n_tokens:
        raise TokenStoreError(
            f"{bin_path} holds {size} bytes but its sidecar says {info.n_tokens} tokens "
            f"({2 * info.n_tokens} bytes): the file is truncated or was changed. {_repair(bin_path)}"
        )
    ids = np.memmap(bin_path, dtype=np.uint16, mode="r") if info.n_tokens else np.zeros(0, np.uint16)
    return TokenStore(bin_path, info, ids)


def source_sha256(text: str) -> str:
    """The sha256 a token store records for ``text`` (to check that a store matches its source)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
