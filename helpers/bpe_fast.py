"""The speed path of BPE: the same merges and ids as ``helpers.bpe_simple``, much faster.

Three tricks, each checked against the readable version by the tests:

* ``train_fast`` counts pairs once over the *distinct* pre-tokens weighted by how often each occurs,
  keeps, for every pair, the set of words that contain it, and after a merge updates only those
  words and the pairs they change (a heap picks the next best pair).
* ``gpt2_findall`` runs GPT-2's pre-tokenizing pattern with Python's built-in ``re`` (twice as fast
  as ``regex``), the Unicode classes spelled out as character ranges.
* ``WordEncoder`` encodes each distinct pre-token once (a word cache), on ids, with a join table
  that says which two neighbouring ids form a token: tiktoken's rule, so GPT-2's ids equal tiktoken's.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise, repeat

import regex

from .bpe_simple import GPT2_PATTERN, compile_pattern, merge_pair, training_words
from .i18n import gettext as _

CACHE_LIMIT = 500_000  # pre-tokens remembered by an encoder before its cache is emptied
NONE = 1 << 62  # "no such token" in the rank lists (larger than any id)


# ---------------------------------------------------------------- pre-tokenizing


def findall(pattern: str):
    """The ``findall`` that cuts text into pre-tokens with ``pattern`` (GPT-2's has a faster one)."""
    return gpt2_findall() if pattern == GPT2_PATTERN else compile_pattern(pattern).findall


@lru_cache(maxsize=1)
def gpt2_findall():
    """GPT2_PATTERN run by Python's built-in ``re``: the same pre-tokens, about twice as fast.

    ``re`` has no ``\\p{L}`` (letters) or ``\\p{N}`` (numbers), so the pattern is rewritten with each
    class spelled out as character ranges, read from the ``regex`` module itself (one pass over all
    1.1 million code points, once) so that both agree on every character. ``re`` tests ranges above
    U+FFFF one by one, which would slow down every letter of ordinary text, so those characters get
    their own ranges, tried only after a quick "is it above U+FFFF?" look-ahead. The price:
    characters above U+FFFF (emoji) are slow to classify, so emoji-dense text splits slower.
    """
    every_char = "".join(map(chr, range(0x110000)))

    def ranges(prop: str, low: int, high: int) -> str:  # e.g. "A-Za-z" for the ASCII letters
        runs = regex.finditer(prop + "+", every_char[low:high])
        return "".join(f"{re.escape(m[0][0])}-{re.escape(m[0][-1])}" for m in runs)

    big = r"(?=[\U00010000-\U0010ffff])"  # the next character is above U+FFFF

    def run(small: str, large: str) -> str:  # one or more characters of a class, possessive
        return rf"(?:[{small}]++|{big}[{large}])++"

    letters, numbers, spaces = (ranges(p, 0, 0x10000) for p in (r"\p{L}", r"\p{N}", r"\s"))
    big_letters, big_numbers = (ranges(p, 0x10000, 0x110000) for p in (r"\p{L}", r"\p{N}"))
    if ranges(r"\s", 0x10000, 0x110000):
        raise RuntimeError("This regex module's \\s includes characters above U+FFFF; "
                           "update helpers/bpe_fast.py.")
    other = rf"(?:[^{spaces}{letters}{numbers}\U00010000-\U0010ffff]++|{big}[^{big_letters}{big_numbers}])++"
    pattern = (  # the same alternatives, in the same order, as GPT2_PATTERN
        rf"'(?:[sdmt]|ll|ve|re)| ?{run(letters, big_letters)}| ?{run(numbers, big_numbers)}| ?{other}"
        rf"|[{spaces}]++$|[{spaces}]+(?![^{spaces}])|[{spaces}]"
    )
    return re.compile(pattern).findall


# ---------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainingLog:
    """What happened while training: per merge its count, and the token total after it."""

    counts: list[int]
    tokens_before: int  # tokens in the training text with bytes only
    tokens_after: list[int]  # tokens in the training text after merge 0, 1, ...
    words: int  # whitespace-separated words in the training text


def train_fast(
    text: str,
    num_merges: int,
    pattern: str = GPT2_PATTERN,
    special_tokens=(),
    progress: bool | None = None,
) -> tuple[list[tuple[int, int]], TrainingLog]:
    """The same merges as ``train_simple``, in the same order, with incremental pair counts.

    ``progress``: show a tqdm bar (None: only for long jobs, over 200 KB of text and 500 merges).
    """
    words_seen = Counter(training_words(text, pattern, special_tokens))
    words = [list(w.encode("utf-8")) for w in words_seen]
    freqs = list(words_seen.values())

    # defaultdict(int), not Counter: Counter's missing-key lookup runs in Python, this loop is hot.
    pair_counts: dict[tuple[int, int], int] = defaultdict(int)
    where: dict[tuple[int, int], set[int]] = defaultdict(set)
    for wi, (ids, f) in enumerate(zip(words, freqs, strict=True)):
        for pair in pairwise(ids):
            pair_counts[pair] += f
            where[pair].add(wi)
    heap = [(-c, a, b) for (a, b), c in pair_counts.items()]
    heapq.heapify(heap)
    total = sum(len(ids) * f for ids, f in zip(words, freqs, strict=True))
    log = TrainingLog([], total, [], len(text.split()))

    if progress is None:
        progress = len(text) > 200_000 and num_merges > 500
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=num_merges, desc=_("BPE merges"), unit="merge")

    merges: list[tuple[int, int]] = []
    for step in range(num_merges):
        while heap:  # pop until an entry matches the pair's current count (others are stale)
            neg, a, b = heapq.heappop(heap)
            if pair_counts.get((a, b), 0) == -neg:
                break
        else:
            break  # no pairs left
        pair, count, new_id = (a, b), -neg, 256 + step
        delta: dict[tuple[int, int], int] = defaultdict(int)
        for wi in where.pop(pair):
            old = words[wi]
            new = merge_pair(old, pair, new_id)
            if len(new) == len(old):
                continue  # this word lost the pair in an earlier merge
            f = freqs[wi]
            for p in pairwise(old):
                delta[p] -= f
            for p in pairwise(new):
                delta[p] += f
                if new_id in p:
                    where[p].add(wi)
            words[wi] = new
            total -= (len(old) - len(new)) * f
        for p, d in delta.items():
            if d:
                c = pair_counts[p] + d
                if c > 0:
                    pair_counts[p] = c
                    heapq.heappush(heap, (-c, p[0], p[1]))
                else:
                    del pair_counts[p]
        pair_counts.pop(pair, None)
        merges.append(pair)
        log.counts.append(count)
        log.tokens_after.append(total)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return merges, log


# ---------------------------------------------------------------- encoding


def join_table(rank_of_bytes: dict[bytes, int]) -> dict[tuple[int, int], int]:
    """(left id, right id) -> id of the token spelled by their bytes together, for every such pair.

    This holds more than the merges: tiktoken joins any two neighbours whose bytes form a token,
    even if that token was learned from a different split (``"a" + "bc"`` when the merge was
    ``"ab" + "c"``), so every split of every token is listed (GPT-2: about 108,000 pairs).
    """
    joins = {}
    for token, token_id in rank_of_bytes.items():
        for cut in range(1, len(token)):
            left, right = rank_of_bytes.get(token[:cut]), rank_of_bytes.get(token[cut:])
            if left is not None and right is not None:
                joins[left, right] = token_id
    return joins


class WordEncoder:
    """Encodes text with a vocabulary fast: each distinct pre-token once, by tiktoken's rule.

    ``vocab`` maps every id (bytes tokens and merges, no special tokens) to its bytes and
    ``byte_ids[b]`` is the id of byte ``b``. If two ids have the same bytes, the smaller one is used.
    """

    def __init__(self, vocab: dict[int, bytes], byte_ids: list[int], pattern: str):
        self.rank_of_bytes = {v: i for i, v in sorted(vocab.items(), reverse=True)}
        self.byte_table = bytes(byte_ids)  # byte b -> its id (all byte ids are 0-255)
        self.joins = join_table(self.rank_of_bytes)
        self.findall = findall(pattern)
        self.cache: dict[str, tuple[int, ...]] = {}

    def encode_bytes(self, data: bytes) -> tuple[int, ...]:
        """One pre-token to ids, by tiktoken's rule, so that GPT-2's ids match tiktoken's exactly.

        If the whole pre-token is a token, that is the answer (one dict lookup; true for most words
        of ordinary text). Otherwise start from single bytes and repeatedly join the leftmost
        neighbouring pair whose joined bytes form the lowest-rank token (rank = id: a token learned
        earlier has a smaller id). For real text this equals replaying the merges pair by pair
        (``bpe_simple.encode_merges``; notebook 09 checks it on GPT-2's merges).
        """
        whole = self.rank_of_bytes.get(data)
        if whole is not None:
            return (whole,)
        # Work on ids and look pairs up in the join table, rather than joining bytes objects and
        # looking those up. ranks[i] is the id that ids[i] and ids[i + 1] join into (NONE if none);
        # after a join only its two neighbouring entries change. translate(), map(), min() and
        # index() run in C.
        join = self.joins.get
        ids = list(data.translate(self.byte_table))
        ranks = list(map(join, pairwise(ids), repeat(NONE)))
        while ranks:
            best = min(ranks)
            if best == NONE:
                break
            i = ranks.index(best)  # the leftmost of equal ranks, as tiktoken does
            ids[i] = best
            del ids[i + 1], ranks[i]
            if i > 0:
                ranks[i - 1] = join((ids[i - 1], best), NONE)
            if i < len(ranks):
                ranks[i] = join((best, ids[i + 1]), NONE)
        return tuple(ids)

    def encode(self, text: str) -> list[int]:
        """Encode ``text`` (special-token text is ordinary text here)."""
        # Each distinct pre-token is encoded once and remembered; the loops over pre-tokens run in
        # C (set difference, map, chain), so Python works only on new words.
        cache = self.cache
        words = self.findall(text)
        new_words = set(words).difference(cache)
        if len(cache) + len(new_words) > CACHE_LIMIT:
            cache.clear()
            new_words = set(words)
        try:
            new_words = list(new_words)
            encoded = map(self.encode_bytes, map(str.encode, new_words))
            cache.update(zip(new_words, encoded, strict=True))
        except UnicodeEncodeError:
            # A lone surrogate cannot be UTF-8: replace it by U+FFFD, exactly as tiktoken does.
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            return self.encode(text)
        return list(chain.from_iterable(map(cache.__getitem__, words)))
