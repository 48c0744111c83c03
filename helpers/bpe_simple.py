"""Byte pair encoding (BPE) the readable way: the steps notebook 09 teaches, one small function each.

The idea in four lines:

1. Cut the text into *pre-tokens* with a regular expression (GPT-2's pattern keeps a leading space
   with the word after it: ``"Hello world"`` -> ``"Hello"``, ``" world"``). Merges never cross them.
2. Write every pre-token as its UTF-8 bytes; each of the 256 byte values is a token to start with.
3. Training: count every pair of neighbouring tokens, merge the most frequent pair into a new token,
   and repeat until the vocabulary is as large as asked (``train_simple``).
4. Encoding: replay the learned merges, lowest rank (earliest learned) first (``encode_merges``).

**Tie rule** (every trainer here, so the merges are deterministic): the pair with the highest count
wins; among pairs with the same count, the smallest pair wins, comparing (first id, second id) as
numbers. Counts include overlapping pairs (``"aaa"`` holds the pair ``(a, a)`` twice) but a merge
replaces non-overlapping occurrences left to right (``"aaa"`` -> ``"aa" "a"``).

This module is the whole algorithm, written for reading. ``helpers.bpe_fast`` holds the same steps
made fast (the same merges, the same ids), and ``helpers.bpe`` the ``BPETokenizer`` built on both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

import regex

from . import checks

# GPT-2's pre-tokenizing pattern, exactly as tiktoken's "gpt2" encoding uses it (r50k_pat_str):
# contractions, an optional space + letters, an optional space + digits, an optional space + other
# symbols, then runs of whitespace (a run before a word leaves its last space to that word).
GPT2_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
ENDOFTEXT = "<|endoftext|>"


class BPEError(ValueError):
    """Bad input to a BPE tokenizer (the message names the problem and the fix)."""


class SpecialTokenError(BPEError):
    """The text holds a special token such as ``<|endoftext|>`` that was not allowed."""


class TokenizerFileError(BPEError):
    """A saved tokenizer file is missing, malformed or inconsistent."""


# ---------------------------------------------------------------- bytes and pre-tokens


@lru_cache(maxsize=1)
def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's table from each byte (0-255) to a printable character.

    Printable bytes stand for themselves ("a" -> "a"); the others (space, control bytes, ...) are
    shifted to unused characters from 256 on, so the space byte 32 shows as "Ġ" and newline 10 as "Ċ".
    GPT-2's files (vocab.bpe, encoder.json) write every token with these characters.
    """
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    keep += list(range(ord("®"), ord("ÿ") + 1))
    table = {b: chr(b) for b in keep}
    shift = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + shift)
            shift += 1
    return dict(sorted(table.items()))


def gpt2_visible(piece: bytes) -> str:
    """A token's bytes written the way GPT-2's files write them (a leading space shows as "Ġ")."""
    table = bytes_to_unicode()
    return "".join(table[b] for b in piece)


def check_text(text, what: str = "text") -> None:
    """A clear ``TypeError`` unless ``text`` is a str."""
    checks.text(text, what, message="The {name} must be a str, not {type}.",
                hint="Fix: pass the text itself (for a file: open(path, encoding='utf-8').read()).")


@lru_cache(maxsize=16)
def compile_pattern(pattern: str):
    """The compiled pre-tokenizing ``pattern`` (a clear ``BPEError`` if it is not a valid regex)."""
    try:
        return regex.compile(pattern)
    except regex.error as err:
        raise BPEError(f"The pre-tokenizing pattern {pattern!r} is not a valid regex ({err}).") from err


def special_splitter(tokens: Iterable[str]):
    """A regex whose ``split`` cuts a text at the special ``tokens`` and keeps them (None if none)."""
    tokens = sorted(tokens, key=len, reverse=True)  # longest first, so no token hides a longer one
    return regex.compile("(" + "|".join(regex.escape(t) for t in tokens) + ")") if tokens else None


def pretokenize(text: str, pattern: str = GPT2_PATTERN, special_tokens: Iterable[str] = ()) -> list[str]:
    """Cut ``text`` into pre-tokens with ``pattern``; special tokens are removed and cut at."""
    check_text(text)
    split = compile_pattern(pattern).findall
    splitter = special_splitter(special_tokens)
    if splitter is None:
        return split(text)
    out: list[str] = []
    for i, part in enumerate(splitter.split(text)):
        if i % 2 == 0 and part:
            out.extend(split(part))
    return out


# ---------------------------------------------------------------- merging


def merge_pair(ids: Sequence[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """Replace every non-overlapping occurrence of ``pair`` in ``ids``, left to right, by ``new_id``."""
    a, b = pair
    out: list[int] = []
    i, n = 0, len(ids)
    while i < n:
        if i < n - 1 and ids[i] == a and ids[i + 1] == b:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def best_pair(counts: dict[tuple[int, int], int]) -> tuple[int, int]:
    """The tie rule: highest count, then the smallest (first id, second id)."""
    return max(counts, key=lambda p: (counts[p], -p[0], -p[1]))


def num_merges(vocab_size, special_tokens: Sequence[str]) -> int:
    """How many merges make ``vocab_size`` ids next to 256 bytes and ``special_tokens``."""
    vocab_size = checks.whole_number(vocab_size, "vocab_size", message="{name} must be an int, not {type}.")
    smallest = 256 + len(special_tokens)
    if vocab_size < smallest:
        raise BPEError(
            f"vocab_size={vocab_size} is too small: the 256 byte tokens and {len(special_tokens)} "
            f"special token(s) already take {smallest} ids. Fix: ask for vocab_size >= {smallest} "
            f"(every id above that is one merge; 1000 is a good start)."
        )
    return vocab_size - smallest


def training_words(text, pattern: str, special_tokens: Iterable[str]) -> list[str]:
    """The pre-tokens a trainer learns from (a clear error when there are none)."""
    check_text(text)
    words = pretokenize(text, pattern, special_tokens)
    if not words:
        raise BPEError(
            "There is nothing to learn from: the training text is empty (or holds only special "
            "tokens). Fix: train on a real text, for example helpers.corpora.load_verdict()."
        )
    return words


def train_simple(
    text: str, num_merges: int, pattern: str = GPT2_PATTERN, special_tokens: Iterable[str] = ()
) -> tuple[list[tuple[int, int]], list[int]]:
    """Learn ``num_merges`` merges the plain way; return (merged pairs in order, their counts).

    Every round recounts all neighbouring pairs in all pre-tokens. Merge i creates token 256 + i.
    Stops early when no pair is left (every pre-token is a single token).
    """
    chunks = [list(w.encode("utf-8")) for w in training_words(text, pattern, special_tokens)]
    merges: list[tuple[int, int]] = []
    counts_seen: list[int] = []
    for i in range(num_merges):
        counts: Counter = Counter()
        for ids in chunks:
            counts.update(pairwise(ids))
        if not counts:
            break
        pair = best_pair(counts)
        chunks = [merge_pair(ids, pair, 256 + i) for ids in chunks]
        merges.append(pair)
        counts_seen.append(counts[pair])
    return merges, counts_seen


def encode_merges(ids: Sequence[int], ranks: dict[tuple[int, int], int]) -> list[int]:
    """Replay merges inside one pre-token: always the earliest-learned pair present (classic BPE).

    ``ids`` are the pre-token's byte ids; ``ranks`` maps each merged pair to the id it creates
    (a smaller id was learned earlier).
    """
    ids = list(ids)
    while len(ids) > 1:
        ranked = [(ranks[pair], pair) for pair in pairwise(ids) if pair in ranks]
        if not ranked:
            break
        new_id, pair = min(ranked)
        ids = merge_pair(ids, pair, new_id)
    return ids
