"""``BPETokenizer``: byte pair encoding that trains, encodes, decodes, saves, and loads GPT-2 exactly.

The algorithm, step by step and written for reading, is ``helpers.bpe_simple`` (what notebook 09
teaches); ``helpers.bpe_fast`` makes the same steps fast. This module puts them together in one
tokenizer with tiktoken's interface, and keeps it in a file.

``merges[i]`` is the pair of ids merged into the token with id ``256 + i``; ``byte_ids[b]`` is the id
of byte ``b`` (``b`` itself for a trained tokenizer; GPT-2 numbers its byte tokens differently).

**File format** (``save`` / ``load``): one JSON object in UTF-8, read back with the standard
library's ``json``; ``save`` writes one merge per line so the file also reads well::

    {
     "format": "bpe-tokenizer",
     "version": 2,
     "pattern": "<the pre-tokenizing regex>",
     "byte_ids": "identity",
     "special_tokens": {"<|endoftext|>": 999},
     "merges": [
      [32, 116, 462],
      [104, 101, 410]
     ]
    }

* ``format`` and ``version``: always ``"bpe-tokenizer"`` and ``2`` (version 1 was a line-based text
  format that started with ``bpe-tokenizer 1``).
* ``pattern``: the regex that cuts text into pre-tokens (``GPT2_PATTERN`` for GPT-2).
* ``byte_ids``: ``"identity"`` (byte ``b`` is token ``b``) or a list of the 256 ids 0-255 in some
  order: the id of byte 0, 1, ..., 255.
* ``special_tokens``: each special token and its id (ids above every merge).
* ``merges``: merge ``i`` as ``[left id, right id, count seen in training]`` (count 0 if unknown); it
  creates the token with id ``256 + i``.

No other fields. Loading checks every field and raises ``TokenizerFileError`` naming the file, what
is wrong, and the fix.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from .bpe_fast import TrainingLog, WordEncoder, train_fast
from .bpe_simple import (
    ENDOFTEXT,
    GPT2_PATTERN,
    BPEError,
    SpecialTokenError,
    TokenizerFileError,
    bytes_to_unicode,
    check_text,
    compile_pattern,
    encode_merges,
    gpt2_visible,
    merge_pair,
    num_merges,
    pretokenize,
    special_splitter,
    train_simple,
)
from .gpt2 import gpt2_bpe_files

# Public names that live in the two modules beside this one, importable from here as before.
__all__ = [
    "ENDOFTEXT", "GPT2_PATTERN", "BPEError", "SpecialTokenError", "TokenizerFileError", "TrainingLog",
    "BPETokenizer", "bytes_to_unicode", "gpt2_visible", "merge_pair", "pretokenize", "train_fast",
    "train_simple", "merge_summary", "tokens_per_word", "first_single_token_word",
]

FORMAT = "bpe-tokenizer"
FORMAT_VERSION = 2
FIELDS = ("format", "version", "pattern", "byte_ids", "special_tokens", "merges")


class BPETokenizer:
    """A byte-level BPE tokenizer: 256 byte tokens, learned merges, and special tokens.

    * ``BPETokenizer().train(text, vocab_size)`` learns merges (returns the tokenizer itself);
    * ``BPETokenizer.gpt2()`` loads GPT-2's 50,000 merges (ids identical to tiktoken's "gpt2");
    * ``encode(text, allowed_special=...)`` / ``decode(ids)`` as in tiktoken;
    * ``save(path)`` / ``BPETokenizer.load(path)`` in the JSON format of the module docstring.
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
        compile_pattern(pattern)
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
        special_ids = set(special_tokens.values())
        self._encoder = WordEncoder(
            {i: v for i, v in vocab.items() if i not in special_ids}, self.byte_ids, self.pattern
        )

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
        n = num_merges(vocab_size, special_tokens)
        merges, log = train_fast(text, n, self.pattern, special_tokens, progress)
        self.byte_ids = list(range(256))
        self.merges = merges
        self.merge_counts = list(log.counts)
        first = 256 + len(merges)
        self._build({t: first + k for k, t in enumerate(special_tokens)})
        self.log = log
        return self

    # ---- encoding

    def encode_ordinary(self, text: str) -> list[int]:
        """Encode ``text``, treating special-token text like any other text."""
        check_text(text)
        return self._encoder.encode(text)

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
        check_text(text)
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
        splitter = special_splitter(allowed)
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
        check_text(text)
        n = len(self.merges) if merges_used is None else merges_used
        if not isinstance(n, int) or not 0 <= n <= len(self.merges):
            raise BPEError(f"merges_used must be an int from 0 to {len(self.merges)}, not {merges_used!r}.")
        limit = 256 + n
        ranks = {p: r for p, r in self.ranks.items() if r < limit}
        ids: list[int] = []
        for word in pretokenize(text, self.pattern, self.special_tokens):
            ids.extend(encode_merges([self.byte_ids[b] for b in word.encode("utf-8")], ranks))
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
        """Write the tokenizer as JSON, in the format described in the module docstring."""
        path = Path(path)
        head = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "pattern": self.pattern,
            "byte_ids": "identity" if self.byte_ids == list(range(256)) else self.byte_ids,
            "special_tokens": self.special_tokens,
        }
        lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
        merges = [f"  [{a}, {b}, {c}]" for (a, b), c in zip(self.merges, self.merge_counts, strict=True)]
        lines += [' "merges": [', ",\n".join(merges), " ]", "}"] if merges else [' "merges": []', "}"]
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
        return _from_json(text, str(path))


@lru_cache(maxsize=1)
def _gpt2_tables() -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], int]:
    """GPT-2's merges (as id pairs), the id of each byte, and the id of <|endoftext|>, read once."""
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


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _from_json(text: str, where: str) -> BPETokenizer:
    """The tokenizer in a saved file's text, every field checked (see the module docstring)."""

    def fail(message: str) -> TokenizerFileError:
        return TokenizerFileError(
            f"{where}: {message}. The file is damaged or was not written by BPETokenizer.save; "
            f"save the tokenizer again."
        )

    if text.startswith("bpe-tokenizer 1\n"):
        raise fail("it is in the older line-based format 'bpe-tokenizer 1', which is no longer read")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        at = f"line {err.lineno}, column {err.colno}"
        if err.msg == "Extra data":
            raise fail(f"unexpected extra text after the tokenizer's JSON object ({at})") from None
        raise fail(f"the file ends early or is not valid JSON ({err.msg} at {at})") from None
    if not isinstance(data, dict):
        raise fail(f"the file holds a JSON {type(data).__name__}, expected an object with the fields "
                   f"{', '.join(FIELDS)}")
    if (data.get("format"), data.get("version")) != (FORMAT, FORMAT_VERSION):
        raise fail(f"the format is {data.get('format')!r} version {data.get('version')!r}, expected "
                   f"{FORMAT!r} version {FORMAT_VERSION}")
    missing = [k for k in FIELDS if k not in data]
    extra = sorted(set(data) - set(FIELDS))
    if missing or extra:
        raise fail(f"missing field(s) {missing}, unexpected field(s) {extra}; expected exactly "
                   f"{list(FIELDS)}")
    pattern = data["pattern"]
    try:
        if not isinstance(pattern, str):
            raise BPEError
        compile_pattern(pattern)
    except BPEError:
        raise fail(f"the pattern {str(pattern)[:60]!r} is not a string holding a valid regex") from None
    byte_ids = data["byte_ids"]
    if byte_ids == "identity":
        byte_ids = list(range(256))
    elif not (isinstance(byte_ids, list) and all(map(_is_int, byte_ids))
              and sorted(byte_ids) == list(range(256))):
        raise fail(f"byte_ids must be \"identity\" or the 256 ids 0-255 in some order, found "
                   f"{str(byte_ids)[:60]}")
    specials = data["special_tokens"]
    if not isinstance(specials, dict) or not all(_is_int(i) for i in specials.values()):
        raise fail(f"special_tokens must map each special token (a string) to its id (an int), found "
                   f"{str(specials)[:60]}")
    merges = data["merges"]
    if not isinstance(merges, list):
        raise fail(f"merges must be a list of [left, right, count], found {str(merges)[:60]}")
    for i, merge in enumerate(merges):
        if not (isinstance(merge, list) and len(merge) == 3 and all(_is_int(x) and x >= 0 for x in merge)):
            raise fail(f"merge {i} should be three integers [left, right, count], found {str(merge)[:60]}")
        if max(merge[:2]) >= 256 + i:
            raise fail(f"merge {i} uses id {max(merge[:2])}, which is only created later")
    try:
        return BPETokenizer([m[:2] for m in merges], pattern=pattern, special_tokens=specials,
                            byte_ids=byte_ids, merge_counts=[m[2] for m in merges])
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
