"""Byte pair encoding (BPE) from scratch: learn merges, encode, decode, save, and GPT-2 exactly.

The idea in four lines:

1. Cut the text into *pre-tokens* with a regular expression (GPT-2's pattern keeps a leading space
   with the word after it: ``"Hello world"`` -> ``"Hello"``, ``" world"``). Merges never cross them.
2. Write every pre-token as its UTF-8 bytes; each of the 256 byte values is a token to start with.
3. Training: count every pair of neighbouring tokens, merge the most frequent pair into a new token,
   and repeat until the vocabulary is as large as asked.
4. Encoding: replay the learned merges, lowest rank (earliest learned) first.

**Tie rule** (both trainers, so the merges are deterministic): the pair with the highest count wins;
among pairs with the same count, the smallest pair wins, comparing (first id, second id) as numbers.
Counts include overlapping pairs (``"aaa"`` holds the pair ``(a, a)`` twice) but a merge replaces
non-overlapping occurrences left to right (``"aaa"`` -> ``"aa" "a"``).

``train_simple`` is the readable trainer (it recounts every pair after every merge, as notebook 09
writes it). ``BPETokenizer.train`` learns exactly the same merges much faster: it counts pairs once
over the *distinct* pre-tokens weighted by how often each occurs, keeps, for every pair, the set of
words that contain it, and after a merge updates only those words and the pairs they change
(a heap picks the next best pair).

**File format** (``save``/``load``): plain UTF-8 text, one item per line::

    bpe-tokenizer 1
    pattern "<the pre-tokenizing regex as a JSON string>"
    byte_ids identity                 # or 256 integers: the token id of byte 0, 1, ..., 255
    special "<|endoftext|>" 1000      # zero or more lines: a special token (JSON string) and its id
    merges 743                        # how many merge lines follow
    116 104 512                       # merge i: left id, right id, count seen in training (0 if
    ...                               #   unknown); it creates the token with id 256 + i

Loading checks every line and raises ``TokenizerFileError`` naming the line and what is wrong.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise, repeat
from pathlib import Path

import regex

# GPT-2's pre-tokenizing pattern, exactly as tiktoken's "gpt2" encoding uses it (r50k_pat_str):
# contractions, an optional space + letters, an optional space + digits, an optional space + other
# symbols, then runs of whitespace (a run before a word leaves its last space to that word).
GPT2_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
ENDOFTEXT = "<|endoftext|>"
FORMAT_HEADER = "bpe-tokenizer 1"
_CACHE_LIMIT = 500_000  # pre-tokens remembered by an encoder before its cache is emptied
_NONE = 1 << 62  # "no such token" in the rank lists (larger than any id)


class BPEError(ValueError):
    """Bad input to a BPE tokenizer (the message names the problem and the fix)."""


class SpecialTokenError(BPEError):
    """The text holds a special token such as ``<|endoftext|>`` that was not allowed."""


class TokenizerFileError(BPEError):
    """A saved tokenizer file is missing, malformed or inconsistent."""


# ---------------------------------------------------------------- shared pieces


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


@lru_cache(maxsize=16)
def _compile(pattern: str):
    try:
        return regex.compile(pattern)
    except regex.error as err:
        raise BPEError(f"The pre-tokenizing pattern {pattern!r} is not a valid regex ({err}).") from err


def _findall(pattern: str):
    """The ``findall`` that cuts text into pre-tokens with ``pattern`` (GPT-2's has a faster one)."""
    return _gpt2_findall() if pattern == GPT2_PATTERN else _compile(pattern).findall


@lru_cache(maxsize=1)
def _gpt2_findall():
    """GPT2_PATTERN run by Python's built-in ``re``: the same pre-tokens, twice as fast as ``regex``.

    ``re`` has no ``\\p{L}`` (letters) or ``\\p{N}`` (numbers), so the pattern is rewritten with each
    class spelled out as character ranges, read from the ``regex`` module itself (one pass over all
    1.1 million code points, 0.2 s once) so that both agree on every character. ``re`` tests ranges
    above U+FFFF one by one, which would slow down every letter of ordinary text, so those
    characters get their own ranges, tried only after a quick "is it above U+FFFF?" look-ahead.
    On the Wikipedia sample: 0.15 s instead of 0.3 s, which was a third of all encoding time. The
    price: characters above U+FFFF (emoji) are slow to classify, so emoji-dense text splits slower.
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
        raise BPEError("This regex module's \\s includes characters above U+FFFF; update helpers/bpe.py.")
    other = rf"(?:[^{spaces}{letters}{numbers}\U00010000-\U0010ffff]++|{big}[^{big_letters}{big_numbers}])++"
    pattern = (  # the same alternatives, in the same order, as GPT2_PATTERN
        rf"'(?:[sdmt]|ll|ve|re)| ?{run(letters, big_letters)}| ?{run(numbers, big_numbers)}| ?{other}"
        rf"|[{spaces}]++$|[{spaces}]+(?![^{spaces}])|[{spaces}]"
    )
    return re.compile(pattern).findall


def _check_text(text, what: str = "text") -> None:
    if not isinstance(text, str):
        raise TypeError(
            f"The {what} must be a str, not {type(text).__name__}. "
            f"Fix: pass the text itself (for a file: open(path, encoding='utf-8').read())."
        )


def _special_splitter(tokens: Iterable[str]):
    tokens = sorted(tokens, key=len, reverse=True)  # longest first, so no token hides a longer one
    return regex.compile("(" + "|".join(regex.escape(t) for t in tokens) + ")") if tokens else None


def pretokenize(text: str, pattern: str = GPT2_PATTERN, special_tokens: Iterable[str] = ()) -> list[str]:
    """Cut ``text`` into pre-tokens with ``pattern``; special tokens are removed and cut at."""
    _check_text(text)
    split = _findall(pattern)
    splitter = _special_splitter(special_tokens)
    if splitter is None:
        return split(text)
    out: list[str] = []
    for i, part in enumerate(splitter.split(text)):
        if i % 2 == 0 and part:
            out.extend(split(part))
    return out


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


def _best_pair(counts: dict[tuple[int, int], int]) -> tuple[int, int]:
    """The tie rule: highest count, then the smallest (first id, second id)."""
    return max(counts, key=lambda p: (counts[p], -p[0], -p[1]))


def _num_merges(vocab_size, special_tokens: Sequence[str]) -> int:
    if isinstance(vocab_size, bool) or not isinstance(vocab_size, int):
        raise TypeError(f"vocab_size must be an int, not {type(vocab_size).__name__}.")
    smallest = 256 + len(special_tokens)
    if vocab_size < smallest:
        raise BPEError(
            f"vocab_size={vocab_size} is too small: the 256 byte tokens and {len(special_tokens)} "
            f"special token(s) already take {smallest} ids. Fix: ask for vocab_size >= {smallest} "
            f"(every id above that is one merge; 1000 is a good start)."
        )
    return vocab_size - smallest


def _training_words(text, pattern, special_tokens) -> list[str]:
    _check_text(text)
    words = pretokenize(text, pattern, special_tokens)
    if not words:
        raise BPEError(
            "There is nothing to learn from: the training text is empty (or holds only special "
            "tokens). Fix: train on a real text, for example helpers.load_verdict()."
        )
    return words


# ---------------------------------------------------------------- the readable trainer


def train_simple(
    text: str, num_merges: int, pattern: str = GPT2_PATTERN, special_tokens: Iterable[str] = ()
) -> tuple[list[tuple[int, int]], list[int]]:
    """Learn ``num_merges`` merges the plain way; return (merged pairs in order, their counts).

    Every round recounts all neighbouring pairs in all pre-tokens. Merge i creates token 256 + i.
    Stops early when no pair is left (every pre-token is a single token).
    """
    chunks = [list(w.encode("utf-8")) for w in _training_words(text, pattern, special_tokens)]
    merges: list[tuple[int, int]] = []
    counts_seen: list[int] = []
    for i in range(num_merges):
        counts: Counter = Counter()
        for ids in chunks:
            counts.update(zip(ids, ids[1:], strict=False))
        if not counts:
            break
        pair = _best_pair(counts)
        chunks = [merge_pair(ids, pair, 256 + i) for ids in chunks]
        merges.append(pair)
        counts_seen.append(counts[pair])
    return merges, counts_seen


# ---------------------------------------------------------------- the fast trainer


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
    special_tokens: Iterable[str] = (),
    progress: bool | None = None,
) -> tuple[list[tuple[int, int]], TrainingLog]:
    """The same merges as ``train_simple``, in the same order, with incremental pair counts.

    ``progress``: show a tqdm bar (None: only for long jobs, over 200 KB of text and 500 merges).
    """
    words_seen = Counter(_training_words(text, pattern, special_tokens))
    words = [list(w.encode("utf-8")) for w in words_seen]
    freqs = list(words_seen.values())

    pair_counts: dict[tuple[int, int], int] = defaultdict(int)
    where: dict[tuple[int, int], set[int]] = defaultdict(set)
    for wi, (ids, f) in enumerate(zip(words, freqs, strict=True)):
        for pair in zip(ids, ids[1:], strict=False):
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

        bar = tqdm(total=num_merges, desc="BPE merges", unit="merge")

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
            for p in zip(old, old[1:], strict=False):
                delta[p] -= f
            for p in zip(new, new[1:], strict=False):
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


# ---------------------------------------------------------------- the tokenizer


def _join_table(rank_of_bytes: dict[bytes, int]) -> dict[tuple[int, int], int]:
    """(left id, right id) -> id of the token spelled by their bytes together, for every such pair.

    This holds more than the merges: tiktoken joins any two neighbours whose bytes form a token,
    even if that token was learned from a different split (``"a" + "bc"`` when the merge was
    ``"ab" + "c"``), so every split of every token is listed. GPT-2: about 108,000 pairs, 0.2 s.
    """
    joins = {}
    for token, token_id in rank_of_bytes.items():
        for cut in range(1, len(token)):
            left, right = rank_of_bytes.get(token[:cut]), rank_of_bytes.get(token[cut:])
            if left is not None and right is not None:
                joins[left, right] = token_id
    return joins



class BPETokenizer:
    """A byte-level BPE tokenizer: 256 byte tokens, learned merges, and special tokens.

    * ``BPETokenizer().train(text, vocab_size)`` learns merges (returns the tokenizer itself);
    * ``BPETokenizer.gpt2()`` loads GPT-2's 50,000 merges (ids identical to tiktoken's "gpt2");
    * ``encode(text, allowed_special=...)`` / ``decode(ids)`` as in tiktoken;
    * ``save(path)`` / ``BPETokenizer.load(path)`` in the plain text format of the module docstring.

    ``merges[i]`` is the pair of ids merged into the token with id ``256 + i``; ``byte_ids[b]`` is the
    id of byte ``b`` (``b`` itself for a trained tokenizer; GPT-2 numbers its byte tokens differently).
    """

    def __init__(
        self,
        merges: Sequence[tuple[int, int]] = (),
        *,
        pattern: str = GPT2_PATTERN,
        special_tokens: dict[str, int] | None = None,
        byte_ids: Sequence[int] | None = None,
        merge_counts: Sequence[int] | None = None,
    ):
        _compile(pattern)
        self.pattern = pattern
        self.byte_ids = list(range(256)) if byte_ids is None else list(byte_ids)
        if sorted(self.byte_ids) != list(range(256)):
            raise BPEError("byte_ids must give each of the 256 bytes its own id from 0 to 255.")
        self.merges = [(int(a), int(b)) for a, b in merges]
        self.merge_counts = list(merge_counts) if merge_counts is not None else [0] * len(self.merges)
        self.log: TrainingLog | None = None
        self._build(dict(special_tokens or {}))

    def _build(self, special_tokens: dict[str, int]) -> None:
        """Derive the vocabulary (id -> bytes) and the merge ranks, checking consistency."""
        vocab: dict[int, bytes] = {i: bytes([b]) for b, i in enumerate(self.byte_ids)}
        ranks: dict[tuple[int, int], int] = {}
        for i, (a, b) in enumerate(self.merges):
            new_id = 256 + i
            if a not in vocab or b not in vocab:
                raise BPEError(f"merge {i} uses id {a if a not in vocab else b}, which does not exist yet.")
            if (a, b) in ranks:
                earlier = ranks[(a, b)] - 256
                raise BPEError(f"merge {i} repeats the pair ({a}, {b}) already merged as merge {earlier}.")
            vocab[new_id] = vocab[a] + vocab[b]
            ranks[(a, b)] = new_id
        first_free = 256 + len(self.merges)
        for token, i in special_tokens.items():
            if not isinstance(token, str) or not token:
                raise BPEError(f"special token {token!r} must be a non-empty str.")
            if not isinstance(i, int) or i < first_free or i in vocab:
                raise BPEError(
                    f"special token {token!r} has id {i!r}; special ids must be unused ints >= {first_free}."
                )
            vocab[i] = token.encode("utf-8")
        self.vocab = vocab
        self.ranks = ranks
        self.special_tokens = dict(special_tokens)
        self._cache: dict[str, list[int]] = {}
        special_ids = set(special_tokens.values())
        # bytes -> id for merging; if two merges made the same bytes, the earlier (lower) id wins
        self._rank_of_bytes = {v: i for i, v in sorted(vocab.items(), reverse=True) if i not in special_ids}
        # Encoding works on ids, not bytes: the id of each byte, and which two ids join into a token.
        self._byte_table = bytes(self.byte_ids)  # byte b -> its id (all byte ids are 0-255)
        self._joins = _join_table(self._rank_of_bytes)

    # ---- sizes and views

    @property
    def n_vocab(self) -> int:
        """How many ids there are (byte tokens + merges + special tokens), as in tiktoken."""
        return len(self.vocab)

    def __repr__(self) -> str:
        specials = ", ".join(f"{t}={i}" for t, i in self.special_tokens.items())
        return f"BPETokenizer(n_vocab={self.n_vocab}, merges={len(self.merges)}, special=[{specials}])"

    def token_bytes(self, token_id: int) -> bytes:
        """The bytes of one token id (clear error for an id that does not exist)."""
        try:
            return self.vocab[token_id]
        except (KeyError, TypeError):
            raise BPEError(
                f"Token id {token_id!r} is not in this tokenizer (ids go from 0 to {self.n_vocab - 1}). "
                f"Fix: decode only ids this same tokenizer produced."
            ) from None

    def pieces(self, ids: Iterable[int]) -> list[str]:
        """Each id as readable text (a character cut between tokens shows as "�")."""
        return [self.token_bytes(i).decode("utf-8", errors="replace") for i in ids]

    # ---- training

    def train(
        self,
        text: str,
        vocab_size: int,
        *,
        special_tokens: Sequence[str] = (ENDOFTEXT,),
        progress: bool | None = None,
    ) -> BPETokenizer:
        """Learn merges from ``text`` until there are ``vocab_size`` ids; returns ``self``.

        ``vocab_size`` counts the 256 byte tokens, the merges and the ``special_tokens`` (which get the
        last ids and are never merged with text). Uses the fast trainer; ``progress`` shows a tqdm bar
        (default: only for long jobs). Stops early if every pre-token has become a single token.
        """
        special_tokens = list(special_tokens)
        n = _num_merges(vocab_size, special_tokens)
        merges, log = train_fast(text, n, self.pattern, special_tokens, progress)
        self.byte_ids = list(range(256))
        self.merges = merges
        self.merge_counts = list(log.counts)
        first = 256 + len(merges)
        self._build({t: first + k for k, t in enumerate(special_tokens)})
        self.log = log
        return self

    # ---- encoding

    def _encode_pairs(self, data: bytes, ranks: dict[tuple[int, int], int]) -> list[int]:
        """Replay merges inside one pre-token: always the earliest-learned pair present (classic BPE)."""
        ids = [self.byte_ids[b] for b in data]
        get = ranks.get
        while len(ids) > 1:
            best = None
            best_id = None
            for pair in zip(ids, ids[1:], strict=False):
                r = get(pair)
                if r is not None and (best_id is None or r < best_id):
                    best, best_id = pair, r
            if best is None:
                break
            ids = merge_pair(ids, best, best_id)
        return ids

    def _encode_bytes(self, data: bytes) -> tuple[int, ...]:
        """One pre-token to ids, by tiktoken's rule, so that GPT-2's ids match tiktoken's exactly.

        If the whole pre-token is a token, that is the answer (one dict lookup; true for 44% of the
        distinct pre-tokens of the Wikipedia sample, 91% of all it holds). Otherwise start from
        single bytes and repeatedly join the leftmost neighbouring pair whose joined bytes form the
        lowest-rank token (rank = id: a token learned earlier has a smaller id). For real text this
        equals replaying the merges pair by pair (notebook 09 checks it on GPT-2's merges).
        """
        whole = self._rank_of_bytes.get(data)
        if whole is not None:
            return (whole,)
        # Speed: work on ids and look pairs up in the join table, rather than joining bytes objects
        # and looking those up (a third faster). ranks[i] is the id that ids[i] and ids[i + 1] join
        # into (_NONE if none); after a join only its two neighbouring entries change. translate(),
        # map(), min() and index() run in C.
        join = self._joins.get
        ids = list(data.translate(self._byte_table))
        ranks = list(map(join, pairwise(ids), repeat(_NONE)))
        while ranks:
            best = min(ranks)
            if best == _NONE:
                break
            i = ranks.index(best)  # the leftmost of equal ranks, as tiktoken does
            ids[i] = best
            del ids[i + 1], ranks[i]
            if i > 0:
                ranks[i - 1] = join((ids[i - 1], best), _NONE)
            if i < len(ranks):
                ranks[i] = join((best, ids[i + 1]), _NONE)
        return tuple(ids)

    def encode_ordinary(self, text: str) -> list[int]:
        """Encode ``text``, treating special-token text like any other text."""
        _check_text(text)
        # Speed: each distinct pre-token is encoded once and remembered (cache); the loops over
        # pre-tokens run in C (set difference, map, chain), so Python works only on new words.
        cache = self._cache
        words = _findall(self.pattern)(text)
        new_words = set(words).difference(cache)
        if len(cache) + len(new_words) > _CACHE_LIMIT:
            cache.clear()
            new_words = set(words)
        try:
            new_words = list(new_words)
            encoded = map(self._encode_bytes, map(str.encode, new_words))
            cache.update(zip(new_words, encoded, strict=True))
        except UnicodeEncodeError:
            # A lone surrogate cannot be UTF-8: replace it by U+FFFD, exactly as tiktoken does.
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            return self.encode_ordinary(text)
        return list(chain.from_iterable(map(cache.__getitem__, words)))

    def encode(
        self,
        text: str,
        *,
        allowed_special: Iterable[str] | str = frozenset(),
        disallowed_special: Iterable[str] | str = "all",
    ) -> list[int]:
        """Encode ``text`` to ids, with tiktoken's rules for special tokens.

        A special token in the text becomes its id only if it is in ``allowed_special`` ("all" for
        every one). By default any other special token in the text is an error, since text from a
        user could otherwise inject control tokens; put it in ``disallowed_special=()`` to encode it
        as ordinary text instead.
        """
        _check_text(text)
        specials = set(self.special_tokens)
        if allowed_special == "all":
            allowed = specials
        else:
            allowed = _token_set(allowed_special, "allowed_special")
        unknown = allowed - specials
        if unknown:
            raise BPEError(
                f"allowed_special names {sorted(unknown)}, which this tokenizer does not have "
                f"(its special tokens: {sorted(specials)}). Fix: check the spelling."
            )
        if disallowed_special == "all":
            disallowed = specials - allowed
        else:
            disallowed = set(_token_set(disallowed_special, "disallowed_special"))
        for token in sorted(disallowed):
            at = text.find(token)
            if at >= 0:
                raise SpecialTokenError(
                    f"The text contains the special token {token!r} (at character {at}), which is not "
                    f"allowed here. Fix: to encode it as the special token (id "
                    f"{self.special_tokens.get(token, '?')}), pass allowed_special={{{token!r}}}; to "
                    f"encode it as plain text, pass disallowed_special=()."
                )
        splitter = _special_splitter(allowed)
        if splitter is None:
            return self.encode_ordinary(text)
        out: list[int] = []
        for i, part in enumerate(splitter.split(text)):
            if i % 2:
                out.append(self.special_tokens[part])
            elif part:
                out.extend(self.encode_ordinary(part))
        return out

    def segment(self, text: str, merges_used: int | None = None) -> list[str]:
        """The text cut into pieces using only the first ``merges_used`` merges (all if None)."""
        _check_text(text)
        n = len(self.merges) if merges_used is None else merges_used
        if not isinstance(n, int) or not 0 <= n <= len(self.merges):
            raise BPEError(f"merges_used must be an int from 0 to {len(self.merges)}, not {merges_used!r}.")
        limit = 256 + n
        ranks = {p: r for p, r in self.ranks.items() if r < limit}
        ids: list[int] = []
        for word in pretokenize(text, self.pattern, self.special_tokens):
            ids.extend(self._encode_pairs(word.encode("utf-8"), ranks))
        return self.pieces(ids)

    # ---- decoding

    def decode_bytes(self, ids: Iterable[int]) -> bytes:
        if isinstance(ids, (str, bytes)):
            raise TypeError(f"decode expects a list of token ids (ints), not {type(ids).__name__}.")
        vocab = self.vocab
        try:
            return b"".join([vocab[i] for i in ids])
        except (KeyError, TypeError):
            for i in ids:
                self.token_bytes(i)  # raises the clear error for the first bad id
            raise

    def decode(self, ids: Iterable[int]) -> str:
        """Ids back to text (bytes that are not valid UTF-8 become "�", as in tiktoken)."""
        return self.decode_bytes(ids).decode("utf-8", errors="replace")

    # ---- GPT-2

    @classmethod
    def gpt2(cls) -> BPETokenizer:
        """GPT-2's tokenizer from its own files (``vocab.bpe``, ``encoder.json``): ids equal tiktoken's."""
        merges, byte_ids, eot = _gpt2_tables()
        return cls(merges, pattern=GPT2_PATTERN, special_tokens={ENDOFTEXT: eot}, byte_ids=byte_ids)

    # ---- saving and loading

    def save(self, path: str | Path) -> Path:
        """Write the tokenizer in the plain text format described in the module docstring."""
        path = Path(path)
        lines = [FORMAT_HEADER, "pattern " + json.dumps(self.pattern)]
        if self.byte_ids == list(range(256)):
            lines.append("byte_ids identity")
        else:
            lines.append("byte_ids " + " ".join(map(str, self.byte_ids)))
        for token, i in self.special_tokens.items():
            lines.append(f"special {json.dumps(token)} {i}")
        lines.append(f"merges {len(self.merges)}")
        lines += [f"{a} {b} {c}" for (a, b), c in zip(self.merges, self.merge_counts, strict=True)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> BPETokenizer:
        """Read a file written by ``save``; a malformed file raises ``TokenizerFileError``."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise TokenizerFileError(
                f"There is no tokenizer file at {path}. Fix: check the path, or save one first "
                f"with tokenizer.save(path)."
            ) from None
        except UnicodeDecodeError:
            raise TokenizerFileError(f"{path} is not UTF-8 text, so it is not a saved tokenizer.") from None
        return _parse(text, str(path))


@lru_cache(maxsize=1)
def _gpt2_tables() -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], int]:
    """GPT-2's merges (as id pairs), the id of each byte, and the id of <|endoftext|>, read once."""
    from .gpt2 import gpt2_bpe_files

    vocab_bpe, encoder_json = gpt2_bpe_files()
    encoder = json.loads(encoder_json.read_text(encoding="utf-8"))
    byte_ids = tuple(encoder[ch] for ch in bytes_to_unicode().values())
    lines = vocab_bpe.read_text(encoding="utf-8").split("\n")
    merges = []
    for i, line in enumerate(x for x in lines[1:] if x):
        left, right = line.split(" ")
        if encoder.get(left + right) != 256 + i:
            raise BPEError(f"GPT-2's merge {i} ({line!r}) does not create id {256 + i} in encoder.json.")
        merges.append((encoder[left], encoder[right]))
    return tuple(merges), byte_ids, encoder[ENDOFTEXT]


def _token_set(value, name: str) -> set[str]:
    if isinstance(value, str):
        raise BPEError(f"{name} must be a set of special tokens or 'all', not the string {value!r}. "
                       f"Fix: write {name}={{{value!r}}}.")
    return set(value)


def _parse(text: str, where: str) -> BPETokenizer:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    pos = 0

    def fail(message: str, line_no: int | None = None) -> TokenizerFileError:
        at = f", line {line_no}" if line_no else ""
        return TokenizerFileError(
            f"{where}{at}: {message}. The file is damaged or was not written by BPETokenizer.save; "
            f"save the tokenizer again."
        )

    def next_line(expected: str) -> str:
        nonlocal pos
        if pos >= len(lines):
            raise fail(f"the file ends early: expected {expected}")
        pos += 1
        return lines[pos - 1]

    header = next_line(f"the header {FORMAT_HEADER!r}")
    if header != FORMAT_HEADER:
        raise fail(f"the first line is {header[:60]!r}, expected {FORMAT_HEADER!r}", 1)
    line = next_line("'pattern ...'")
    if not line.startswith("pattern "):
        raise fail(f"expected 'pattern \"...\"', found {line[:60]!r}", pos)
    try:
        pattern = json.loads(line[len("pattern "):])
        if not isinstance(pattern, str):
            raise ValueError
        _compile(pattern)
    except (ValueError, BPEError):
        raise fail("the pattern is not a JSON string holding a valid regex", pos) from None
    line = next_line("'byte_ids ...'")
    fields = line.split(" ")
    if fields[0] != "byte_ids":
        raise fail(f"expected 'byte_ids identity' or 'byte_ids' and 256 ids, found {line[:60]!r}", pos)
    if fields[1:] == ["identity"]:
        byte_ids = list(range(256))
    else:
        try:
            byte_ids = [int(x) for x in fields[1:]]
        except ValueError:
            raise fail("byte_ids holds something that is not an integer", pos) from None
        if sorted(byte_ids) != list(range(256)):
            raise fail("byte_ids must be the 256 ids 0-255 in some order", pos)
    specials: dict[str, int] = {}
    line = next_line("'special ...' or 'merges N'")
    while line.startswith("special "):
        body = line[len("special "):]
        token_text, _, id_text = body.rpartition(" ")
        try:
            token, token_id = json.loads(token_text), int(id_text)
            if not isinstance(token, str):
                raise ValueError
        except ValueError:
            raise fail(f"expected 'special \"<token>\" <id>', found {line[:60]!r}", pos) from None
        specials[token] = token_id
        line = next_line("'merges N'")
    fields = line.split(" ")
    if len(fields) != 2 or fields[0] != "merges" or not fields[1].isdigit():
        raise fail(f"expected 'merges N', found {line[:60]!r}", pos)
    n = int(fields[1])
    merges, counts = [], []
    for i in range(n):
        line = next_line(f"merge {i} of {n}")
        parts = line.split(" ")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise fail(f"merge {i} should be three integers 'left right count', found {line[:60]!r}", pos)
        a, b, c = map(int, parts)
        if a >= 256 + i or b >= 256 + i:
            raise fail(f"merge {i} uses id {max(a, b)}, which is only created later", pos)
        merges.append((a, b))
        counts.append(c)
    if pos != len(lines):
        raise fail(f"unexpected extra text after the {n} merges: {lines[pos][:60]!r}", pos + 1)
    try:
        return BPETokenizer(merges, pattern=pattern, special_tokens=specials, byte_ids=byte_ids,
                            merge_counts=counts)
    except BPEError as err:
        raise fail(str(err).rstrip(".")) from None


# ---------------------------------------------------------------- questions about a trained tokenizer


def merge_summary(tokenizer: BPETokenizer, step: int) -> dict:
    """Merge number ``step`` (1-based): the two pieces, the new token, its id and its count."""
    if not isinstance(step, int) or not 1 <= step <= len(tokenizer.merges):
        raise BPEError(f"step must be an int from 1 to {len(tokenizer.merges)}, not {step!r}.")
    a, b = tokenizer.merges[step - 1]
    return {
        "step": step,
        "left": tokenizer.token_bytes(a).decode("utf-8", errors="replace"),
        "right": tokenizer.token_bytes(b).decode("utf-8", errors="replace"),
        "new": tokenizer.token_bytes(255 + step).decode("utf-8", errors="replace"),
        "id": 255 + step,
        "count": tokenizer.merge_counts[step - 1],
    }


def tokens_per_word(log: TrainingLog) -> list[float]:
    """Tokens per word of the training text after 0, 1, 2, ... merges."""
    return [t / log.words for t in [log.tokens_before, *log.tokens_after]]


def first_single_token_word(tokenizer: BPETokenizer, text: str, min_letters: int = 3) -> tuple[str, int]:
    """The pre-token of ``text`` with at least ``min_letters`` letters that becomes one token first.

    Returns (the pre-token, the merge number that made it whole). A pre-token encoded as one token t
    became whole at merge t - 255, the merge that created t.
    """
    best: tuple[int, str] | None = None
    for word in set(pretokenize(text, tokenizer.pattern, tokenizer.special_tokens)):
        if sum(ch.isalpha() for ch in word) < min_letters:
            continue
        ids = tokenizer.encode_ordinary(word)
        if len(ids) == 1 and ids[0] >= 256:
            step = ids[0] - 255
            if best is None or step < best[0]:
                best = (step, word)
    if best is None:
        raise BPEError(f"No word with {min_letters}+ letters became a single token; train more merges.")
    return best[1], best[0]
