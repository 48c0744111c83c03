"""Token and position embeddings: the learned lookup tables of GPT-2, the fixed sinusoidal encoding
of the original Transformer, and rotary embeddings (RoPE).

Notebook 07 builds the token lookup by hand and notebook 08 the position encodings; this module holds
the same ideas, checked, so that bad input gets a message that names both numbers:

- ``TokenEmbedding`` is ``torch.nn.Embedding`` that refuses a token id outside ``0..vocab_size-1``.
- ``PositionEmbedding`` is GPT-2's learned absolute position table; ``GPTInputEmbedding`` adds it
  to the token vectors and refuses a sequence longer than the context length.
- ``one_hot_lookup`` is the same lookup written as one-hot matrix times weights.
- ``sinusoidal_encoding`` and ``apply_rope`` are the two fixed encodings.
- ``position_scores`` and ``causal_curves`` measure how the score of two positions varies with their
  distance, and show which kinds depend only on that distance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from . import checks
from .i18n import gettext as _

KINDS = ("learned", "sinusoidal", "rotary")


class TokenIdOutOfRangeError(IndexError, ValueError):
    """A token id is negative or not smaller than the vocabulary size.

    It is an ``IndexError`` (what torch raises for the same mistake) and a ``ValueError`` (bad input).
    """


class ContextLengthError(ValueError):
    """A sequence is longer than the position table's context length."""


# --- checks --------------------------------------------------------------------------------------


def _check_even(name: str, value) -> int:
    checks.positive_int(value, name)
    if value % 2:
        raise ValueError(
            f"{name} must be even for this encoding (it works on pairs of dimensions), got {value}; "
            f"use {value - 1} or {value + 1}."
        )
    return value


def as_token_ids(ids, what: str = "token ids") -> torch.Tensor:
    """``ids`` (an int, a list of ints, or an integer tensor) as a ``torch.long`` tensor.

    Raises ``TypeError`` for floats, booleans, strings and None, which are never token ids (``what``
    names the values in the message, for example "positions").
    """
    if isinstance(ids, torch.Tensor):
        if ids.dtype == torch.bool or ids.is_floating_point() or ids.is_complex():
            raise TypeError(
                f"{what} must be an integer tensor, got dtype {ids.dtype}; "
                "ids come from a tokenizer as whole numbers (use torch.tensor([...]) of ints or .long())."
            )
        return ids.long()
    if isinstance(ids, bool) or isinstance(ids, str) or ids is None:
        raise TypeError(f"{what} must be whole numbers, got {type(ids).__name__} {ids!r}.")
    if isinstance(ids, int):
        return torch.tensor(ids)
    try:
        tensor = torch.tensor(ids)
    except (TypeError, ValueError, RuntimeError) as err:
        raise TypeError(
            f"{what} must be whole numbers (a list of ints or a tensor), got {ids!r}: {err}"
        ) from None
    if tensor.numel() and (tensor.dtype == torch.bool or tensor.is_floating_point() or tensor.is_complex()):
        raise TypeError(f"{what} must be whole numbers, got values of dtype {tensor.dtype}: {ids!r}.")
    return tensor.long()


def check_token_ids(ids, vocab_size: int) -> torch.Tensor:
    """``ids`` as a long tensor, after checking that every id is in ``0..vocab_size-1``.

    Raises ``TokenIdOutOfRangeError`` naming the bad id, where it is, and the vocabulary size.
    """
    checks.positive_int(vocab_size, "vocab_size")
    ids = as_token_ids(ids)
    if ids.numel() == 0:
        return ids
    low, high = int(ids.min()), int(ids.max())
    if high >= vocab_size:
        raise TokenIdOutOfRangeError(
            f"token id {high}{_where(ids, high)} is out of range for an embedding with "
            f"vocab_size={vocab_size}: valid ids are 0 to {vocab_size - 1}. Make the embedding with "
            f"vocab_size of at least {high + 1}, or encode with the tokenizer this embedding was made for."
        )
    if low < 0:
        raise TokenIdOutOfRangeError(
            f"token id {low}{_where(ids, low)} is negative; token ids are 0 to {vocab_size - 1} "
            f"for vocab_size={vocab_size}. Negative ids do not come from a tokenizer: check how the ids "
            "were made."
        )
    return ids


def _where(ids: torch.Tensor, value: int) -> str:
    if ids.dim() == 0:
        return ""
    index = [int(i) for i in (ids == value).nonzero()[0]]
    return f" (at index {index[0] if len(index) == 1 else tuple(index)})"


def check_sequence_length(seq_len: int, context_length: int) -> None:
    """Raise ``ContextLengthError`` when ``seq_len`` tokens do not fit ``context_length`` positions."""
    if seq_len > context_length:
        # In the learner's language: 08 shows this message as the helpful one (Common mistakes).
        raise ContextLengthError(_(
            "the sequence has {seq_len} tokens but the position embedding has only context_length="
            "{context_length} positions (0 to {last}). Cut the input to at most {context_length} tokens "
            "(max_length <= context_length), or make a position embedding with context_length >= {seq_len}."
        ).format(seq_len=seq_len, context_length=context_length, last=context_length - 1))


def parse_token_ids(text: str) -> list[int]:
    """Token ids typed as text, such as ``"2, 3, 5, 1"`` or ``"2 3 5 1"``, as a list of ints."""
    checks.text(text, message="expected the ids as text such as '2, 3, 5, 1', got {type}.")
    parts = [p for p in text.replace(",", " ").split() if p]
    ids = []
    for part in parts:
        try:
            ids.append(int(part))
        except ValueError:
            raise ValueError(
                f"{part!r} is not a token id: type whole numbers separated by commas, such as '2, 3, 5, 1'."
            ) from None
    return ids


# --- token embeddings ------------------------------------------------------------------------------


class TokenEmbedding(torch.nn.Embedding):
    """``torch.nn.Embedding(vocab_size, output_dim)`` that checks its token ids first.

    Same weights as ``torch.nn.Embedding`` under the same seed, same output; an id outside
    ``0..vocab_size-1`` raises ``TokenIdOutOfRangeError`` naming the id and the vocabulary size
    (torch's own message is "index out of range in self"). Lists and ints are accepted as ids.
    """

    def __init__(self, vocab_size: int, output_dim: int, **kwargs):
        checks.positive_int(vocab_size, "vocab_size")
        checks.positive_int(output_dim, "output_dim")
        super().__init__(vocab_size, output_dim, **kwargs)

    def forward(self, ids) -> torch.Tensor:
        return super().forward(check_token_ids(ids, self.num_embeddings))


def seeded_token_embedding(vocab_size: int, output_dim: int, seed: int = 123) -> TokenEmbedding:
    """A ``TokenEmbedding`` made right after ``torch.manual_seed(seed)``, without touching the
    caller's random state. With ``(6, 3, seed=123)`` it holds the notes' weights."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return TokenEmbedding(vocab_size, output_dim)


def _check_weight(weight) -> None:
    if not isinstance(weight, torch.Tensor) or weight.dim() != 2 or not weight.is_floating_point():
        shape = tuple(weight.shape) if isinstance(weight, torch.Tensor) else type(weight).__name__
        raise ValueError(f"expected a (vocab_size, output_dim) float weight matrix, got {shape}.")


def one_hot_lookup(ids, weight: torch.Tensor) -> torch.Tensor:
    """The embedding lookup written as a matrix product: ``one_hot(ids) @ weight``.

    Equal to ``weight[ids]`` in values and in the gradient it sends back to ``weight``, but it builds a
    ``len(ids) x vocab_size`` matrix of zeros first, which is why layers use the lookup.
    """
    _check_weight(weight)
    ids = check_token_ids(ids, weight.shape[0])
    one_hot = torch.nn.functional.one_hot(ids, num_classes=weight.shape[0]).to(weight.dtype)
    return one_hot @ weight


@dataclass(frozen=True)
class LookupComparison:
    """Lookup and one-hot product side by side: outputs and the gradients on the weight."""

    lookup: torch.Tensor
    one_hot: torch.Tensor
    lookup_grad: torch.Tensor
    one_hot_grad: torch.Tensor

    @property
    def same_values(self) -> bool:
        return torch.allclose(self.lookup, self.one_hot)

    @property
    def same_gradients(self) -> bool:
        return torch.allclose(self.lookup_grad, self.one_hot_grad)


def compare_lookup_and_one_hot(weight: torch.Tensor, ids, upstream: torch.Tensor | None = None):
    """Run both the lookup and the one-hot product on a copy of ``weight`` and backpropagate the same
    ``upstream`` gradient (default: all ones, as for ``loss = output.sum()``) through each."""
    _check_weight(weight)
    ids = check_token_ids(ids, weight.shape[0])
    results = []
    for fn in (lambda w: torch.nn.functional.embedding(ids, w), lambda w: one_hot_lookup(ids, w)):
        w = weight.detach().clone().requires_grad_(True)
        out = fn(w)
        grad = torch.ones_like(out) if upstream is None else upstream
        out.backward(grad)
        results.append((out.detach(), w.grad))
    (a, ga), (b, gb) = results
    return LookupComparison(a, b, ga, gb)


def rows_with_gradient(grad: torch.Tensor) -> list[int]:
    """Which rows of a weight gradient are not all zero (the token ids that were looked up)."""
    return [int(i) for i in (grad != 0).any(dim=1).nonzero().flatten()]


# --- learned absolute positions (GPT-2) --------------------------------------------------------


class PositionEmbedding(torch.nn.Embedding):
    """GPT-2's learned absolute position table: one trainable vector per position ``0..context_length-1``.

    ``layer(seq_len)`` (an int) returns the vectors of positions ``0..seq_len-1``, like the notes'
    ``pos_embedding_layer(torch.arange(context_length))``; a tensor of positions works too. Asking
    for more positions than ``context_length`` raises ``ContextLengthError`` naming both sizes.
    """

    def __init__(self, context_length: int, output_dim: int, **kwargs):
        checks.positive_int(context_length, "context_length")
        checks.positive_int(output_dim, "output_dim")
        super().__init__(context_length, output_dim, **kwargs)

    @property
    def context_length(self) -> int:
        return self.num_embeddings

    def forward(self, positions) -> torch.Tensor:
        if isinstance(positions, int) and not isinstance(positions, bool):
            checks.positive_int(positions, "seq_len")
            check_sequence_length(positions, self.context_length)
            positions = torch.arange(positions)
        positions = as_token_ids(positions, "positions")
        if positions.numel():
            if int(positions.max()) >= self.context_length:
                raise ContextLengthError(_(
                    "position {position} is past the end of the position embedding, which has "
                    "context_length={context_length} positions (0 to {last}). Use inputs of at most "
                    "{context_length} tokens, or a context_length of at least {needed}."
                ).format(position=int(positions.max()), context_length=self.context_length,
                         last=self.context_length - 1, needed=int(positions.max()) + 1))
            if int(positions.min()) < 0:
                raise ValueError(f"positions must be 0 or more, got {int(positions.min())}.")
        return super().forward(positions)


class GPTInputEmbedding(torch.nn.Module):
    """Token vectors plus learned position vectors, as GPT-2's input layer: ``(batch, seq)`` ids in,
    ``(batch, seq, output_dim)`` vectors out. The position vectors are broadcast over the batch."""

    def __init__(self, vocab_size: int, context_length: int, output_dim: int):
        super().__init__()
        self.tok_emb = TokenEmbedding(vocab_size, output_dim)
        self.pos_emb = PositionEmbedding(context_length, output_dim)

    def forward(self, ids) -> torch.Tensor:
        ids = as_token_ids(ids)
        if ids.dim() == 0:
            raise ValueError("expected a sequence of token ids (seq,) or a batch (batch, seq), got one id.")
        check_sequence_length(ids.shape[-1], self.pos_emb.context_length)
        return self.tok_emb(ids) + self.pos_emb(ids.shape[-1])


# --- fixed encodings ---------------------------------------------------------------------------


def frequencies(dim: int, base: float = 10000.0) -> torch.Tensor:
    """The ``dim // 2`` angular frequencies ``1 / base**(2i/dim)`` shared by sinusoidal and RoPE."""
    _check_even("dim", dim)
    return base ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)


def sinusoidal_encoding(context_length: int, dim: int, base: float = 10000.0) -> torch.Tensor:
    """Vaswani et al. (2017): ``PE[pos, 2i] = sin(pos * w_i)``, ``PE[pos, 2i+1] = cos(pos * w_i)``
    with ``w_i = 1 / base**(2i/dim)``. Shape ``(context_length, dim)``, float32. Nothing is learned."""
    checks.positive_int(context_length, "context_length")
    angles = torch.arange(context_length, dtype=torch.float64)[:, None] * frequencies(dim, base)[None, :]
    pe = torch.empty(context_length, dim, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe.float()


def apply_rope(x: torch.Tensor, positions=None, base: float = 10000.0) -> torch.Tensor:
    """Rotary position embedding (Su et al., 2021): rotate each pair of dimensions ``(2i, 2i+1)`` of
    the vector at position ``p`` by the angle ``p * w_i``.

    ``x`` has shape ``(..., seq, dim)`` with an even ``dim``; ``positions`` defaults to
    ``0..seq-1``. Rotations keep lengths, and ``apply_rope(q, [m]) . apply_rope(k, [n])`` depends
    only on ``n - m``.
    """
    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError("apply_rope needs a floating-point tensor of shape (..., seq, dim).")
    if x.dim() < 2:
        raise ValueError(f"apply_rope needs shape (..., seq, dim), got shape {tuple(x.shape)}.")
    seq, dim = x.shape[-2], x.shape[-1]
    _check_even("dim", dim)
    if positions is None:
        positions = torch.arange(seq)
    positions = as_token_ids(positions, "positions").to(torch.float64).reshape(-1)
    if positions.numel() != seq:
        raise ValueError(f"got {positions.numel()} positions for a sequence of {seq} vectors.")
    angles = positions[:, None] * frequencies(dim, base)[None, :]
    cos, sin = torch.cos(angles).to(x.dtype), torch.sin(angles).to(x.dtype)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def rope_pattern(context_length: int, dim: int, base: float = 10000.0) -> torch.Tensor:
    """RoPE has no vector to add; to picture it, rotate the same vector ``[1, 0, 1, 0, ...]`` to every
    position. Shape ``(context_length, dim)``: row ``p`` is ``cos(p w_i), sin(p w_i)`` pairs."""
    checks.positive_int(context_length, "context_length")
    _check_even("dim", dim)
    x = torch.zeros(context_length, dim)
    x[:, 0::2] = 1.0
    return apply_rope(x, base=base)


def rope_angles(context_length: int, dim: int, base: float = 10000.0) -> torch.Tensor:
    """The angle RoPE turns pair ``i`` (dimensions ``2i, 2i+1``) by at position ``p``: ``p * w_i``
    radians. Shape ``(context_length, dim // 2)``, float64; this, not an added vector, is what RoPE
    gives each position."""
    checks.positive_int(context_length, "context_length")
    return torch.arange(context_length, dtype=torch.float64)[:, None] * frequencies(dim, base)[None, :]


def position_table(kind: str, context_length: int, dim: int, seed: int = 123) -> torch.Tensor:
    """What each kind gives position ``p``, as a ``(context_length, dim)`` table for pictures:
    learned (a freshly initialised ``PositionEmbedding``, seeded), sinusoidal, or rotary
    (``rope_pattern``)."""
    kind = _check_kind(kind)
    if kind == "learned":
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            layer = PositionEmbedding(context_length, dim)
        return layer.weight.detach().clone()
    if kind == "sinusoidal":
        return sinusoidal_encoding(context_length, dim)
    return rope_pattern(context_length, dim)


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}.")
    return kind


# --- similarity between positions ------------------------------------------------------------


def position_scores(kind: str, context_length: int, dim: int, seed: int = 123) -> torch.Tensor:
    """The attention-style score between a query token at position ``m`` and a key token at ``n``,
    as a ``(context_length, context_length)`` matrix ``S[m, n]``.

    The same two random token vectors ``q`` and ``k`` (seeded) are used at every position, so all
    change comes from the position encoding:
    learned and sinusoidal add their vector, ``S[m, n] = (q + P[m]) . (k + P[n]) / sqrt(dim)``;
    rotary rotates, ``S[m, n] = R_m q . R_n k / sqrt(dim)``.
    """
    kind = _check_kind(kind)
    checks.positive_int(context_length, "context_length")
    gen = torch.Generator().manual_seed(seed + 1)
    q, k = torch.randn(2, dim, generator=gen, dtype=torch.float64)
    if kind == "rotary":
        _check_even("dim", dim)
        qs = apply_rope(q.expand(context_length, dim).clone())
        ks = apply_rope(k.expand(context_length, dim).clone())
    else:
        table = position_table(kind, context_length, dim, seed).to(torch.float64)
        qs, ks = q + table, k + table
    return (qs @ ks.T / dim**0.5).float()


def position_similarity(kind: str, context_length: int, dim: int, seed: int = 123) -> torch.Tensor:
    """Cosine similarity between the position vectors themselves, ``cos(P[m], P[n])`` (for rotary:
    between the rotated copies of one vector). Shape ``(context_length, context_length)``."""
    table = position_table(kind, context_length, dim, seed).to(torch.float64)
    unit = table / table.norm(dim=1, keepdim=True).clamp_min(1e-12)
    return (unit @ unit.T).float()


def rounded(values: torch.Tensor | Sequence, digits: int = 4):
    """A tensor's values as nested lists of floats rounded to ``digits`` (readable, deterministic)."""
    if isinstance(values, torch.Tensor):
        values = values.detach().tolist()
    if isinstance(values, list | tuple):
        return [rounded(v, digits) for v in values]
    return round(float(values), digits)


@dataclass(frozen=True)
class CausalCurves:
    """Scores of a query at position ``m`` with the keys ``d`` steps before it (``n = m - d``, so
    ``n <= m`` as under GPT's causal mask), for a few query positions and ``d = 0..span``.

    ``curves[m][d]`` is ``S[m, m - d]``. Every query gets the same number of keys, so the curves are
    comparable point by point; ``max_gap`` is the largest difference between two curves at one ``d``.
    """

    distance: list[int]
    curves: dict[int, list[float]]

    @property
    def max_gap(self) -> float:
        columns = zip(*self.curves.values(), strict=True)
        return max(max(c) - min(c) for c in columns)

    def only_distance(self, tol: float = 1e-4) -> bool:
        """True when the curves lie on top of each other (``max_gap`` within ``tol`` times the largest
        score): the score depends only on the distance, not on where the query stands."""
        scale = max(1.0, max(abs(v) for values in self.curves.values() for v in values))
        return self.max_gap <= tol * scale


def causal_curves(scores: torch.Tensor, queries: Sequence[int], span: int) -> CausalCurves:
    """Read ``S[m, m - d]`` for each query position ``m`` in ``queries`` and ``d = 0..span`` from a
    square score matrix (rows: query positions, columns: key positions)."""
    if scores.dim() != 2 or scores.shape[0] != scores.shape[1]:
        raise ValueError(f"expected a square score matrix, got shape {tuple(scores.shape)}.")
    checks.positive_int(span, "span")
    for m in queries:
        if not span <= m < scores.shape[0]:
            last = scores.shape[0] - 1
            raise ValueError(f"query position {m} needs {span} keys before it, inside 0..{last}; "
                             f"use positions from {span} to {last}.")
    distance = list(range(span + 1))
    return CausalCurves(distance, {int(m): [float(scores[m, m - d]) for d in distance] for m in queries})


def explorer_queries(context_length: int) -> tuple[tuple[int, int, int], int]:
    """The query positions and span the positions explorer compares, as notebook 08 does for 64
    positions (queries 21, 42, 63, span 21): three queries evenly spaced and ending at the last
    position, each with ``span = (context_length - 1) // 3`` keys before it."""
    checks.positive_int(context_length, "context_length")
    span = (context_length - 1) // 3
    if span < 1:
        raise ValueError(f"comparing three query positions needs a context length of at least 4; "
                         f"got {context_length}. Fix: raise the context length.")
    last = context_length - 1
    return (last - 2 * span, last - span, last), span


def shift_sinusoidal(row: torch.Tensor, k: int, base: float = 10000.0) -> torch.Tensor:
    """``PE[p + k]`` computed from ``PE[p]`` alone (Vaswani et al.'s motivation): every pair
    ``(sin a, cos a)`` turned by the angle ``k * w_i``, a rotation that depends on ``k`` but not on ``p``."""
    row = torch.as_tensor(row, dtype=torch.float64)
    angle = k * frequencies(row.shape[-1], base)
    s, c = row[..., 0::2], row[..., 1::2]
    out = torch.empty_like(row)
    out[..., 0::2] = s * torch.cos(angle) + c * torch.sin(angle)
    out[..., 1::2] = c * torch.cos(angle) - s * torch.sin(angle)
    return out


def rope_score(q: torch.Tensor, k: torch.Tensor, m: int, n: int) -> float:
    """The dot product of query ``q`` rotated to position ``m`` with key ``k`` rotated to position ``n``."""
    rq = apply_rope(q.reshape(1, -1), [m])[0]
    rk = apply_rope(k.reshape(1, -1), [n])[0]
    return float(rq @ rk)
