"""Explorers: controls wired to functions elsewhere; no computation of their own."""

from __future__ import annotations

import ipywidgets as widgets

# --- 02-05 tokenizer playground ---


class TokenizerPlayground(widgets.VBox):
    """Type text, see it cut by the regex splitter, SimpleTokenizerV1, V2 and GPT-2's BPE.

    ``TokenizerPlayground(text="...", vocab=None)``: ``vocab`` defaults to the verdict vocabulary
    with ``<|endoftext|>`` and ``<|unk|>`` (1132 entries). The rows come from
    ``tokenizers.compare_tokenizers`` and are drawn by ``plots.tokenizer_rows_html`` (CSS classes
    ``t2t-row-regex``, ``t2t-row-v1``, ``t2t-row-v2``, ``t2t-row-gpt2``; pieces ``.t2t-token``).
    """

    def __init__(self, text: str = "Hello, do you like tea? <|endoftext|> In the sunlit terraces "
                                   "of the palace.", vocab=None, **kwargs):
        from .plots import tokenizer_rows_html
        from .tokenizers import check_text, check_vocab, compare_tokenizers, verdict_vocab

        if not isinstance(text, str):
            check_text(text)  # raises the TypeError that names the fix
        self._check_vocab = check_vocab
        self._vocab = verdict_vocab() if vocab is None else check_vocab(vocab)
        self._compare = compare_tokenizers
        self._render = tokenizer_rows_html
        self.text = widgets.Textarea(
            value=text, description="Text", placeholder="Type any text",
            layout=widgets.Layout(width="95%", height="4em"),
        )
        self.text.add_class("t2t-playground-text")
        self.view = widgets.HTML()
        self.view.add_class("t2t-playground-view")
        super().__init__(children=[self.text, self.view], **kwargs)
        self.add_class("t2t-tokenizer-playground")
        self.text.observe(self._update, names="value")
        self._update()

    @property
    def vocab(self) -> dict[str, int]:
        """The vocabulary of the V1/V2 rows; setting it checks it first, then re-renders."""
        return self._vocab

    @vocab.setter
    def vocab(self, value) -> None:
        self._vocab = self._check_vocab(value)  # a bad vocabulary raises here; the view is kept
        self._update()

    def _update(self, change=None) -> None:
        self.rows = self._compare(self.text.value, self._vocab)
        self.view.value = self._render(self.rows)

    def __repr__(self) -> str:
        return f"TokenizerPlayground(vocab of {len(self._vocab)} tokens)"


# --- 07/08 embedding lookup and positions explorers ---


def _error_html(err: Exception) -> str:
    import html

    return (f"<div class='t2t-error' style='color:#A33;font-family:monospace;margin:4px 0'>"
            f"{type(err).__name__}: {html.escape(str(err))}</div>")


class EmbeddingLookupExplorer(widgets.VBox):
    """Choose token ids and see their rows of the weight table light up, and the output tensor.

    Knobs: ``vocab_size``, ``output_dim`` (the table is ``torch.nn.Embedding`` made after
    ``torch.manual_seed(seed)``, as in the notes) and the ids as text ("2, 3, 5, 1"). An id out of
    range or a typo shows the clear error instead of a table lookup. Computation: ``embeddings``;
    drawing: ``plots.embedding_lookup_html``. Picked rows carry ``data-picked='1'`` in the HTML.
    """

    def __init__(self, ids: str = "2, 3, 5, 1", vocab_size: int = 6, output_dim: int = 3,
                 seed: int = 123, **kwargs):
        from .embeddings import _check_size

        _check_size("vocab_size", vocab_size)
        _check_size("output_dim", output_dim)
        if not isinstance(ids, str):
            raise TypeError(f"ids must be text such as '2, 3, 5, 1', got {type(ids).__name__}.")
        self.seed = seed
        self.vocab_size = widgets.IntSlider(value=vocab_size, min=1, max=max(20, vocab_size),
                                            description="vocab_size", continuous_update=False)
        self.output_dim = widgets.IntSlider(value=output_dim, min=1, max=max(8, output_dim),
                                            description="output_dim", continuous_update=False)
        self.ids = widgets.Text(value=ids, description="token ids", placeholder="2, 3, 5, 1",
                                continuous_update=False)
        self.view = widgets.HTML()
        self.view.add_class("t2t-lookup-view")
        super().__init__(children=[widgets.HBox([self.vocab_size, self.output_dim]), self.ids, self.view],
                         **kwargs)
        self.add_class("t2t-lookup-explorer")
        for control in (self.vocab_size, self.output_dim, self.ids):
            control.observe(self._update, names="value")
        self._update()

    def _update(self, change=None) -> None:
        from .embeddings import parse_token_ids, seeded_token_embedding
        from .plots import embedding_lookup_html

        layer = seeded_token_embedding(self.vocab_size.value, self.output_dim.value, self.seed)
        self.weight = layer.weight.detach()
        try:
            chosen = parse_token_ids(self.ids.value)
            self.output = layer(chosen).detach()
        except (ValueError, TypeError) as err:
            self.output, self.error = None, err
            self.view.value = _error_html(err) + embedding_lookup_html(self.weight, [])
            return
        self.error = None
        self.view.value = embedding_lookup_html(self.weight, chosen, output_text=f"output = {self.output}")

    def __repr__(self) -> str:
        return (f"EmbeddingLookupExplorer(vocab_size={self.vocab_size.value}, "
                f"output_dim={self.output_dim.value}, ids={self.ids.value!r})")


class PositionsExplorer(widgets.VBox):
    """Learned, sinusoidal and rotary position encodings for a chosen context length and dimension:
    the table each position gets, and how the similarity of two positions varies with their distance.

    ``measure`` is "token score" (the same query and key token placed at two positions: does the
    score depend only on the distance?) or "position similarity" (cosine between the position
    vectors). Computation: ``embeddings``; drawing: ``plots.draw_position_explorer``.
    """

    MEASURES = ("token score", "position similarity")

    def __init__(self, kind: str = "rotary", context_length: int = 32, dim: int = 16,
                 measure: str = "token score", seed: int = 123, **kwargs):
        from .embeddings import KINDS, _check_size

        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}.")
        if measure not in self.MEASURES:
            raise ValueError(f"measure must be one of {', '.join(self.MEASURES)}; got {measure!r}.")
        _check_size("context_length", context_length)
        _check_size("dim", dim)
        self.seed = seed
        self.kind = widgets.Dropdown(options=[("learned (GPT-2)", "learned"), ("sinusoidal", "sinusoidal"),
                                              ("rotary (RoPE)", "rotary")], value=kind, description="kind")
        self.measure = widgets.Dropdown(options=self.MEASURES, value=measure, description="measure")
        self.context_length = widgets.IntSlider(value=context_length, min=2, max=max(128, context_length),
                                                description="context", continuous_update=False)
        self.dim = widgets.IntSlider(value=dim, min=2, max=max(64, dim), step=2, description="dimension",
                                     continuous_update=False)
        self.summary = widgets.HTML()
        self.summary.add_class("t2t-positions-summary")
        self.figure = widgets.HTML()
        self.figure.add_class("t2t-positions-figure")
        super().__init__(children=[widgets.HBox([self.kind, self.measure]),
                                   widgets.HBox([self.context_length, self.dim]), self.summary, self.figure],
                         **kwargs)
        self.add_class("t2t-positions-explorer")
        for control in (self.kind, self.measure, self.context_length, self.dim):
            control.observe(self._update, names="value")
        self._update()

    def _update(self, change=None) -> None:
        from matplotlib.figure import Figure

        from .embeddings import position_scores, position_similarity, position_table, scores_by_distance
        from .plots import draw_position_explorer, figure_html

        kind, n, d = self.kind.value, self.context_length.value, self.dim.value
        score = position_scores if self.measure.value == "token score" else position_similarity
        try:
            table = position_table(kind, n, d, self.seed)
            self.profile = scores_by_distance(score(kind, n, d, self.seed))
        except (ValueError, TypeError) as err:
            self.profile, self.error = None, err
            self.summary.value = _error_html(err)
            self.figure.value = ""
            return
        self.error = None
        only = self.profile.only_distance()
        verdict = ("depends <b>only on the distance</b> n - m" if only
                   else "depends on <b>where</b> the two positions are, not only on their distance")
        self.summary.value = (
            f"<div data-only-distance='{int(only)}'>{kind}, context length {n}, dimension {d}: the "
            f"{self.measure.value} {verdict} (largest spread among pairs at one distance: "
            f"{self.profile.max_spread:.4f}).</div>")
        fig = Figure(figsize=(10, 3.4))
        ylabel = "score (q.k / sqrt(dim))" if self.measure.value == "token score" else "cosine similarity"
        draw_position_explorer(kind, table, self.profile, ylabel=ylabel, fig=fig)
        self.figure.value = figure_html(fig, alt=f"{kind} positions and {self.measure.value} by distance")

    def __repr__(self) -> str:
        return (f"PositionsExplorer(kind={self.kind.value!r}, context_length={self.context_length.value}, "
                f"dim={self.dim.value}, measure={self.measure.value!r})")
