"""Word-level tokenizers of notebooks 02-04: split text, build a vocabulary, encode and decode.

* ``split_text(text)``: the notes' regular expression. It cuts text at whitespace, at each of the
  punctuation marks ``, . : ; ? _ ! " ( ) '`` and at the double dash ``--``, and drops the whitespace
  (``keep_whitespace=True`` keeps it, so that ``"".join(pieces) == text``).
* ``build_vocab(tokens, special_tokens=())``: sorted unique tokens -> ids 0, 1, 2, ...; the special
  tokens get the last ids, in the order given.
* ``SimpleTokenizerV1(vocab)``: ``encode(text)`` -> ids, ``decode(ids)`` -> text. A word missing from
  the vocabulary is an error. ``SimpleTokenizerV2(vocab)`` maps such words to ``<|unk|>`` instead.
* ``compare_tokenizers(text)``: the same text through the splitter, V1, V2 and GPT-2's BPE, as data
  for the tokenizer playground.

Whitespace rules (why ``decode(encode(text))`` is not always ``text``)
--------------------------------------------------------------------------
``encode`` throws whitespace away, so ``decode`` has to put it back by rule. ``join_tokens`` writes the
tokens with one space between neighbours, except:

1. no space before ``, . : ; ? ! )``;
2. no space after ``(``;
3. no space on either side of ``--`` and ``'`` (``genius--though``, ``it's``);
4. ``"`` and ``_`` come in pairs: the 1st, 3rd, ... one opens (no space after it), the 2nd, 4th, ...
   one closes (no space before it) -- counted within one ``decode`` call;
5. a space is kept anyway where gluing would change the split: ``--`` after a token that ends in
   ``-`` (``"x---"`` would split as ``x``, ``--``, ``-``).

So ``encode(decode(ids)) == ids`` for every list of ids, and ``decode(encode(text)) == text`` exactly
when the text is written this way ("canonical"): no leading or trailing whitespace, single spaces,
spaces only where the rules put them. The book's rule (remove the space before punctuation) decodes
``"hello--world"`` as ``"hello -- world"``; these rules give back ``"hello--world"``. What no rule can
restore: line breaks and repeated spaces (they become one space), a space typed where the rules put
none (``"hello -- world"`` comes back as ``"hello--world"``), and ``'`` used as a quotation mark
(``'done'`` inside a sentence) rather than an apostrophe.

Bad input
---------
Every error names the problem and the fix, and is catchable as a ``ValueError`` or ``TypeError``:
text that is not a ``str`` (``TypeError``); text with nothing to tokenize, that is empty or (with
whitespace dropped) only whitespace: ``EmptyTextError``, for ``split_text`` and every ``encode`` alike;
a word that V1 cannot encode (``UnknownTokenError``); an id ``decode`` does not know
(``UnknownTokenIdError``); a vocabulary that is not a ``str -> int`` mapping with unique ids
(``TypeError`` / ``VocabularyError``); a V2 vocabulary without ``<|unk|>`` or ``<|endoftext|>``
(``MissingSpecialTokenError``). ``decode([])`` is ``""``.
"""

from __future__ import annotations

import numbers
import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from . import checks
from .i18n import gettext as _
from .i18n import ngettext

UNK = "<|unk|>"
ENDOFTEXT = "<|endoftext|>"
SPECIAL_TOKENS = (ENDOFTEXT, UNK)  # the notes' order: <|endoftext|> gets 1130, <|unk|> 1131

# The notes' pattern: one punctuation mark, a double dash, or whitespace (the brackets keep the
# separators in re.split's result). \s+ instead of \s keeps a run of spaces together when whitespace
# is kept; with whitespace dropped the result is the same.
SPLIT_PATTERN = re.compile(r'([,.:;?_!"()\']|--|\s+)')

NO_SPACE_BEFORE = frozenset(",.:;?!)")
NO_SPACE_AFTER = frozenset("(")
JOINERS = frozenset({"--", "'"})
PAIRED = frozenset({'"', "_"})


# --- errors ---------------------------------------------------------------------------------------

class EmptyTextError(ValueError):
    """The text has nothing to tokenize (it is empty, or only whitespace)."""


class UnknownTokenError(ValueError):
    """``SimpleTokenizerV1.encode`` met words that are not in its vocabulary (``.words``)."""

    def __init__(self, message: str, words: list[str]):
        super().__init__(message)
        self.words = words


class UnknownTokenIdError(ValueError):
    """``decode`` got ids that are not in the vocabulary (``.ids``)."""

    def __init__(self, message: str, ids: list[int]):
        super().__init__(message)
        self.ids = ids


class VocabularyError(ValueError):
    """The vocabulary is not a usable ``str -> int`` mapping (duplicate or negative ids, empty)."""


class MissingSpecialTokenError(VocabularyError):
    """A tokenizer needs a special token (``<|unk|>``, ``<|endoftext|>``) the vocabulary lacks."""


def _list_some(items: Iterable, limit: int = 8) -> str:
    items = list(items)
    shown = ", ".join(repr(x) for x in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _fix_for(value) -> str:
    """What to do with a value that is not text: decode bytes, decode ids, or tokenize texts one by one."""
    if isinstance(value, bytes):
        return "Fix: decode it first, e.g. text.decode('utf-8')."
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(x, int) for x in value):
            return "These look like token ids: to turn ids into text, use decode(ids)."
        return ("To tokenize several texts, tokenize each one, or join them into one str "
                f"with ' {ENDOFTEXT} '.join(texts).")
    return ""


def check_text(text) -> str:
    """Return ``text`` if it is a non-empty ``str``; raise ``TypeError`` / ``EmptyTextError`` if not."""
    return checks.text(
        text, hint=_fix_for, empty_error=EmptyTextError,
        empty_message="text is empty, so there is nothing to tokenize. Fix: pass at least one word, "
                      "e.g. 'Hello, world.'",
    )


# --- splitting ------------------------------------------------------------------------------------

def split_text(text: str, keep_whitespace: bool = False) -> list[str]:
    """Cut ``text`` into word and punctuation tokens with the notes' regular expression.

    ``keep_whitespace=False`` (the notes' choice) drops the whitespace; ``True`` keeps each run of
    whitespace as one token, so ``"".join(split_text(text, True)) == text``. Raises ``TypeError`` for
    a non-str and ``EmptyTextError`` when no token is left.
    """
    check_text(text)
    pieces = [p for p in SPLIT_PATTERN.split(text) if p]
    if not keep_whitespace:
        pieces = [p for p in pieces if not p.isspace()]
        if not pieces:
            raise EmptyTextError(
                f"text holds only whitespace ({len(text)} characters), so there is nothing to "
                "tokenize once whitespace is dropped. Fix: pass text with at least one word, or "
                "keep_whitespace=True to see the whitespace itself."
            )
    return pieces


def join_tokens(tokens: Iterable[str]) -> str:
    """Write tokens back as text by the whitespace rules in the module docstring."""
    out: list[str] = []
    glue_next = True  # nothing goes before the first token
    is_open = {mark: False for mark in PAIRED}
    previous = ""
    for token in tokens:
        glue = glue_next or token in NO_SPACE_BEFORE or token in JOINERS
        glue_next = token in NO_SPACE_AFTER or token in JOINERS
        if token in PAIRED:
            if is_open[token]:
                glue = True  # a closing mark sticks to the word before it
            else:
                glue_next = True  # an opening mark sticks to the word after it
            is_open[token] = not is_open[token]
        if token == "--" and previous.endswith("-"):
            glue = False  # "x-" + "--" would split as "x", "--", "-"
        out.append(token if glue else " " + token)
        previous = token
    return "".join(out)


def word_differences(original: str, decoded: str) -> list[tuple[str, str]]:
    """Where ``decoded`` differs from ``original``, comparing whitespace-separated words.

    Returns ``(original words, decoded words)`` for each differing stretch (spacing inside a
    stretch normalised to single spaces), so a round trip can be checked place by place.
    """
    from difflib import SequenceMatcher

    a, b = original.split(), decoded.split()
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(" ".join(a[i1:i2]), " ".join(b[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


# --- vocabulary -----------------------------------------------------------------------------------

def build_vocab(tokens: Iterable[str], special_tokens: Iterable[str] = ()) -> dict[str, int]:
    """Map each distinct token, in sorted order, to 0, 1, 2, ...; special tokens get the last ids.

    ``build_vocab(split_text(load_verdict()))`` has 1130 entries; with
    ``special_tokens=("<|endoftext|>", "<|unk|>")`` 1132, the two specials at 1130 and 1131.
    """
    if isinstance(tokens, str):
        raise TypeError(
            "tokens must be a list of tokens, got one str (it would give a vocabulary of single "
            "characters). Fix: split it first: build_vocab(split_text(text))."
        )
    if isinstance(special_tokens, str):
        raise TypeError(
            f"special_tokens must be a list or tuple of str, got the str {special_tokens!r}. "
            f"Fix: special_tokens=[{special_tokens!r}]."
        )
    try:
        tokens = list(tokens)
        specials = list(special_tokens)
    except TypeError as err:
        raise TypeError(f"tokens and special_tokens must be iterables of str ({err}).") from None
    for what, items in (("tokens", tokens), ("special_tokens", specials)):
        bad = [t for t in items if not isinstance(t, str)]
        if bad:
            raise TypeError(
                f"{what} must all be str; found {_list_some(bad, 3)} "
                f"({type(bad[0]).__name__}). Fix: convert them with str() or drop them."
            )
    if not tokens:
        raise VocabularyError("tokens is empty: a vocabulary needs at least one token.")
    if "" in tokens or "" in specials:
        raise VocabularyError("tokens holds the empty string ''; no text splits into it. Fix: drop it, "
                              "e.g. [t for t in tokens if t].")
    if len(set(specials)) != len(specials):
        raise VocabularyError(f"special_tokens repeats a token: {specials!r}. List each one once.")
    words = sorted(set(tokens) - set(specials))
    return {token: i for i, token in enumerate(words + specials)}


def check_vocab(vocab) -> dict[str, int]:
    """Return ``vocab`` as a dict after checking that it maps str tokens to unique ints >= 0."""
    if not isinstance(vocab, Mapping):
        hint = (
            " It looks like a list of tokens; build the mapping with build_vocab(tokens)."
            if isinstance(vocab, (list, tuple, set)) else ""
        )
        raise TypeError(f"vocab must be a mapping token (str) -> id (int), got {type(vocab).__name__}.{hint}")
    if not vocab:
        raise VocabularyError("vocab is empty. Fix: build it from a text: build_vocab(split_text(text)).")
    seen: dict[int, str] = {}
    for token, token_id in vocab.items():
        if not isinstance(token, str):
            raise TypeError(
                f"vocab keys must be str tokens, found {token!r} ({type(token).__name__}). "
                "Is the mapping the wrong way round (id -> token)? Then invert it: "
                "{token: i for i, token in vocab.items()}."
            )
        if not token:
            raise VocabularyError("vocab holds the empty string '' as a token; no text splits into it. "
                                  "Fix: remove it (build_vocab(tokens) never adds it).")
        if isinstance(token_id, bool) or not isinstance(token_id, numbers.Integral):
            raise TypeError(
                f"vocab ids must be int, but {token!r} maps to {token_id!r} ({type(token_id).__name__})."
            )
        token_id = int(token_id)
        if token_id < 0:
            raise VocabularyError(f"vocab ids must be >= 0, but {token!r} maps to {token_id}.")
        if token_id in seen:
            raise VocabularyError(
                f"vocab ids must be unique, but {seen[token_id]!r} and {token!r} both map to "
                f"{token_id}, so decode could not tell them apart. Fix: build the vocabulary with "
                "build_vocab(tokens), which gives every token its own id."
            )
        seen[token_id] = token
    return {token: int(token_id) for token, token_id in vocab.items()}


@lru_cache(maxsize=1)
def _verdict_vocab() -> tuple[tuple[str, int], ...]:
    from .corpora import load_verdict

    return tuple(build_vocab(split_text(load_verdict()), special_tokens=SPECIAL_TOKENS).items())


def verdict_vocab(special_tokens: bool = True) -> dict[str, int]:
    """The vocabulary of "The Verdict": 1132 entries with the two special tokens, else 1130."""
    vocab = dict(_verdict_vocab())
    if not special_tokens:
        for token in SPECIAL_TOKENS:
            del vocab[token]
    return vocab


# --- tokenizers -----------------------------------------------------------------------------------

class SimpleTokenizerV1:
    """The notes' first tokenizer: text -> ids through a fixed vocabulary, and back.

    ``str_to_int`` is the vocabulary, ``int_to_str`` its inverse. ``encode`` raises
    ``UnknownTokenError`` for words that are not in the vocabulary.
    """

    def __init__(self, vocab: Mapping[str, int]):
        self.str_to_int = check_vocab(vocab)
        self.int_to_str = {i: s for s, i in self.str_to_int.items()}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(vocab of {len(self.str_to_int)} tokens)"

    def _ids_for(self, tokens: list[str]) -> list[int]:
        missing = [t for t in dict.fromkeys(tokens) if t not in self.str_to_int]
        if missing:
            # In the learner's language: the tokenizer playground shows this message in its V1 row.
            raise UnknownTokenError(ngettext(
                "{words} is not in the vocabulary ({size} tokens), so {name} cannot encode it. Fix: use "
                "SimpleTokenizerV2, which encodes unknown words as {unk} (notebook 04 · Special context "
                "tokens), or build the vocabulary from a text that contains them.",
                "{words} are not in the vocabulary ({size} tokens), so {name} cannot encode them. Fix: use "
                "SimpleTokenizerV2, which encodes unknown words as {unk} (notebook 04 · Special context "
                "tokens), or build the vocabulary from a text that contains them.", len(missing)).format(
                words=_list_some(missing), size=len(self.str_to_int), name=type(self).__name__, unk=UNK),
                missing,
            )
        return [self.str_to_int[t] for t in tokens]

    def encode(self, text: str) -> list[int]:
        """Split ``text`` (whitespace dropped) and look each token up in the vocabulary."""
        return self._ids_for(split_text(text))

    def decode(self, ids: Iterable[int]) -> str:
        """Turn ids back into tokens and join them by the whitespace rules (see the module)."""
        ids = _check_ids(ids)
        unknown = [i for i in dict.fromkeys(ids) if i not in self.int_to_str]
        if unknown:
            raise UnknownTokenIdError(
                f"{'id' if len(unknown) == 1 else 'ids'} {_list_some(unknown)} "
                f"{'is' if len(unknown) == 1 else 'are'} not in the "
                f"vocabulary (ids {min(self.int_to_str)}..{max(self.int_to_str)}), so there is no "
                "token to write. Fix: decode only ids this tokenizer's encode produced (ids from "
                "another tokenizer, such as GPT-2's, do not fit this vocabulary).",
                unknown,
            )
        return join_tokens(self.int_to_str[i] for i in ids)


class SimpleTokenizerV2(SimpleTokenizerV1):
    """V1 plus the notes' special tokens: unknown words become ``<|unk|>``.

    The vocabulary must contain ``<|unk|>`` and ``<|endoftext|>``; put ``<|endoftext|>`` between
    unrelated texts (with a space on each side: it is split like a word).
    """

    def __init__(self, vocab: Mapping[str, int]):
        super().__init__(vocab)
        missing = [t for t in SPECIAL_TOKENS if t not in self.str_to_int]
        if missing:
            raise MissingSpecialTokenError(
                f"SimpleTokenizerV2 needs the special token(s) {_list_some(missing)} in its "
                f"vocabulary ({len(self.str_to_int)} tokens). Fix: build_vocab(tokens, "
                f"special_tokens=({ENDOFTEXT!r}, {UNK!r}))."
            )

    def encode(self, text: str) -> list[int]:
        """Like V1, but a token missing from the vocabulary gets the id of ``<|unk|>``."""
        unk = self.str_to_int[UNK]
        return [self.str_to_int.get(t, unk) for t in split_text(text)]


def _check_ids(ids) -> list[int]:
    if isinstance(ids, str):
        raise TypeError("decode takes a list of ids, got a str. To turn text into ids, use encode(text).")
    if isinstance(ids, int) or (hasattr(ids, "ndim") and getattr(ids, "ndim", 1) == 0):
        raise TypeError(f"decode takes a list of ids, got the single id {ids!r}. Fix: decode([{ids!r}]).")
    try:
        items = list(ids)
    except TypeError:
        raise TypeError(f"decode takes a list of ids (int), got {type(ids).__name__}.") from None
    out = []
    for x in items:
        if isinstance(x, bool):
            raise TypeError(f"ids must be ints, found the bool {x!r}.")
        try:
            out.append(operator.index(x))
        except TypeError:
            hint = (" A nested list? Decode one row at a time." if isinstance(x, (list, tuple)) or
                    getattr(x, "ndim", 0) else "")
            raise TypeError(f"ids must be ints, found {x!r} ({type(x).__name__}).{hint}") from None
    return out


# --- side by side, for the tokenizer playground ---------------------------------------------------

@dataclass(frozen=True)
class TokenizerRow:
    """One tokenizer's view of a text: its pieces, their ids, which pieces are unknown, or its error.

    ``key`` is a short stable name ("regex", "v1", "v2", "gpt2"); ``error`` holds
    ``"ErrorType: message"`` when the tokenizer refused the text (then ``pieces`` is empty).
    """

    key: str
    label: str
    pieces: tuple[str, ...] = ()
    ids: tuple[int, ...] | None = None
    unknown: tuple[int, ...] = ()
    error: str | None = None


def _error_text(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"


def gpt2_pieces(text: str) -> tuple[list[str], list[int]]:
    """GPT-2's BPE pieces and ids for ``text`` (``<|endoftext|>`` allowed as the special token).

    A piece that is only part of a multi-byte character is shown with its bytes escaped.
    """
    import tiktoken

    check_text(text)
    enc = tiktoken.get_encoding("gpt2")
    ids = enc.encode(text, allowed_special={ENDOFTEXT})
    pieces = [enc.decode_single_token_bytes(i).decode("utf-8", errors="backslashreplace") for i in ids]
    return pieces, ids


ROW_KEYS = ("regex", "regex_kept", "v1", "v2", "gpt2")  # every row compare_tokenizers can give
DEFAULT_ROWS = ("regex", "v1", "v2", "gpt2")


def check_rows(rows) -> tuple[str, ...]:
    """``rows`` (one key or several, from ``ROW_KEYS``) as a tuple; raise ``ValueError`` if not."""
    rows = (rows,) if isinstance(rows, str) else tuple(rows)
    bad = [r for r in rows if r not in ROW_KEYS]
    if not rows or bad:
        raise ValueError(f"rows must name some of {', '.join(map(repr, ROW_KEYS))}; got {list(rows)!r}.")
    return rows


def compare_tokenizers(text: str, vocab: Mapping[str, int] | None = None,
                       rows: Iterable[str] = DEFAULT_ROWS) -> list[TokenizerRow]:
    """The same text through the regex splitter, V1, V2 and GPT-2's BPE, one row each.

    ``vocab`` defaults to ``verdict_vocab()`` (1132 entries). V2 uses ``vocab``; V1 uses it without
    the special tokens, as notebook 03 builds it (1130 entries for the default), since V1 has none.
    ``rows`` picks the rows, in the order of ``ROW_KEYS``: also ``"regex_kept"``, the splitter with
    whitespace kept. A tokenizer that refuses the text (V1 with unknown words, any of them with empty
    text) gives a row with ``error`` set instead of raising, so all can be shown; a ``vocab`` that is
    not a vocabulary, or an unknown row key, still raises.
    """
    vocab = verdict_vocab() if vocab is None else check_vocab(vocab)
    wanted = set(check_rows(rows))
    out = []
    try:
        pieces = split_text(text)
    except (TypeError, ValueError) as err:
        pieces = None
        regex_row = TokenizerRow("regex", _("Regex splitter"), error=_error_text(err))
    else:
        regex_row = TokenizerRow("regex", _("Regex splitter"), tuple(pieces))
    if "regex" in wanted:
        out.append(regex_row)
    if "regex_kept" in wanted:
        label = _("Regex splitter, whitespace kept")
        try:
            out.append(TokenizerRow("regex_kept", label, tuple(split_text(text, keep_whitespace=True))))
        except (TypeError, ValueError) as err:
            out.append(TokenizerRow("regex_kept", label, error=_error_text(err)))

    v1_vocab = {t: i for t, i in vocab.items() if t not in SPECIAL_TOKENS}
    for key, cls, its_vocab in (("v1", SimpleTokenizerV1, v1_vocab), ("v2", SimpleTokenizerV2, vocab)):
        if key not in wanted:
            continue
        label = cls.__name__
        try:
            tokenizer = cls(its_vocab)
            ids = tokenizer.encode(text)
        except (TypeError, ValueError) as err:
            out.append(TokenizerRow(key, label, error=_error_text(err)))
            continue
        unknown = tuple(i for i, p in enumerate(pieces) if p not in its_vocab)
        out.append(TokenizerRow(key, label, tuple(pieces), tuple(ids), unknown))

    if "gpt2" in wanted:
        try:
            bpe_pieces, bpe_ids = gpt2_pieces(text)
        except (TypeError, ValueError) as err:
            out.append(TokenizerRow("gpt2", "GPT-2 BPE (tiktoken)", error=_error_text(err)))
        else:
            out.append(TokenizerRow("gpt2", "GPT-2 BPE (tiktoken)", tuple(bpe_pieces), tuple(bpe_ids)))
    return out
