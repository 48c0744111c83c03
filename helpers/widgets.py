"""Explorers: controls wired to functions elsewhere; no computation of their own."""

from __future__ import annotations

import contextlib

import ipywidgets as widgets

from .i18n import gettext as _

# --- 02-05 tokenizer playground ---


class TokenizerPlayground(widgets.VBox):
    """Type text, see it cut by the regex splitter, SimpleTokenizerV1, V2 and GPT-2's BPE.

    ``TokenizerPlayground(text="...", vocab=None, rows=None)``: ``vocab`` defaults to the verdict
    vocabulary with ``<|endoftext|>`` and ``<|unk|>`` (1132 entries; the V1 row uses it without them,
    1130). ``rows`` picks the rows a notebook has taught (keys in ``tokenizers.ROW_KEYS``, e.g.
    ``("regex", "regex_kept")`` in notebook 02); ``None`` shows all four. The rows come from
    ``tokenizers.compare_tokenizers`` and are drawn by ``html_views.tokenizer_rows_html`` (CSS classes
    ``t2t-row-regex``, ``t2t-row-v1``, ``t2t-row-v2``, ``t2t-row-gpt2``; pieces ``.t2t-token``).
    """

    def __init__(self, text: str = "Hello, do you like tea? <|endoftext|> In the sunlit terraces "
                                   "of the palace.", vocab=None, rows=None, **kwargs):
        from .html_views import tokenizer_rows_html
        from .tokenizers import (
            DEFAULT_ROWS,
            check_rows,
            check_text,
            check_vocab,
            compare_tokenizers,
            verdict_vocab,
        )

        if not isinstance(text, str):
            check_text(text)  # raises the TypeError that names the fix
        self._rows = DEFAULT_ROWS if rows is None else check_rows(rows)
        self._check_vocab = check_vocab
        self._vocab = verdict_vocab() if vocab is None else check_vocab(vocab)
        self._compare = compare_tokenizers
        self._render = tokenizer_rows_html
        self.text = widgets.Textarea(
            value=text, description=_("Text"), placeholder=_("Type any text"),
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
        self.rows = self._compare(self.text.value, self._vocab, self._rows)
        self.view.value = self._render(self.rows)

    def __repr__(self) -> str:
        return f"TokenizerPlayground(vocab of {len(self._vocab)} tokens)"


# --- 07/08 embedding lookup and positions explorers ---


@contextlib.contextmanager
def one_torch_thread():
    """Run an explorer's tensors (a few thousand numbers) on one thread: handing such small work to
    a pool costs more than it saves, and on a busy machine the pool's threads wait for each other
    (the positions explorer took 3 times as long with 2 threads as with 1). Restored afterwards."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class EmbeddingLookupExplorer(widgets.VBox):
    """Choose token ids and see their rows of the weight table light up, and the output tensor.

    Knobs: ``vocab_size``, ``output_dim`` (the table is ``torch.nn.Embedding`` made after
    ``torch.manual_seed(seed)``, as in the notes) and the ids as text ("2, 3, 5, 1"). An id out of
    range or a typo shows the clear error instead of a table lookup. Computation: ``embeddings``;
    drawing: ``html_views.embedding_lookup_html``. Picked rows carry ``data-picked='1'`` in the HTML.
    """

    def __init__(self, ids: str = "2, 3, 5, 1", vocab_size: int = 6, output_dim: int = 3,
                 seed: int = 123, **kwargs):
        from .checks import positive_int

        positive_int(vocab_size, "vocab_size")
        positive_int(output_dim, "output_dim")
        if not isinstance(ids, str):
            raise TypeError(f"ids must be text such as '2, 3, 5, 1', got {type(ids).__name__}.")
        self.seed = seed
        self.vocab_size = widgets.IntSlider(value=vocab_size, min=1, max=max(20, vocab_size),
                                            description="vocab_size", continuous_update=False)
        self.output_dim = widgets.IntSlider(value=output_dim, min=1, max=max(8, output_dim),
                                            description="output_dim", continuous_update=False)
        self.ids = widgets.Text(value=ids, description=_("token ids"), placeholder="2, 3, 5, 1",
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
        from .html_views import embedding_lookup_html, error_html

        layer = seeded_token_embedding(self.vocab_size.value, self.output_dim.value, self.seed)
        self.weight = layer.weight.detach()
        try:
            chosen = parse_token_ids(self.ids.value)
            self.output = layer(chosen).detach()
        except (ValueError, TypeError) as err:
            self.output, self.error = None, err
            self.view.value = error_html(err) + embedding_lookup_html(self.weight, [])
            return
        self.error = None
        self.view.value = embedding_lookup_html(self.weight, chosen, output_text=f"output = {self.output}")

    def __repr__(self) -> str:
        return (f"EmbeddingLookupExplorer(vocab_size={self.vocab_size.value}, "
                f"output_dim={self.output_dim.value}, ids={self.ids.value!r})")


class PositionsExplorer(widgets.VBox):
    """Learned, sinusoidal and rotary position encodings for a chosen context length and dimension,
    drawn as in notebook 08: left, what each position gets (the added table; for rotary, the angle
    each pair is turned by); right, the causal score-by-distance curves: a query at three positions,
    each with the keys ``d`` steps before it, so the curves lie on top of each other exactly when only
    the distance counts.

    ``measure`` is "token score" (the same query and key token placed at two positions) or "position
    similarity" (cosine between the position vectors; for rotary, between rotated copies of one
    vector). Computation: ``embeddings``; drawing: ``svg_views.positions_svg`` (SVG the browser draws)
    and ``html_views``.
    """

    MEASURES = ("token score", "position similarity")

    def __init__(self, kind: str = "rotary", context_length: int = 32, dim: int = 16,
                 measure: str = "token score", seed: int = 123, **kwargs):
        from .checks import positive_int
        from .embeddings import KINDS, explorer_queries

        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}.")
        if measure not in self.MEASURES:
            raise ValueError(f"measure must be one of {', '.join(self.MEASURES)}; got {measure!r}.")
        explorer_queries(context_length)  # a clear error below 4 positions (the slider starts at 4)
        positive_int(dim, "dim")
        self.seed = seed
        self.kind = widgets.Dropdown(options=[(_("learned (GPT-2)"), "learned"),
                                              (_("sinusoidal"), "sinusoidal"),
                                              (_("rotary (RoPE)"), "rotary")], value=kind,
                                     description=_("kind"))
        labels = (_("token score"), _("position similarity"))  # in the order of MEASURES
        self.measure = widgets.Dropdown(options=list(zip(labels, self.MEASURES, strict=True)), value=measure,
                                        description=_("measure"))
        self.context_length = widgets.IntSlider(value=context_length, min=4, max=max(128, context_length),
                                                description=_("context"), continuous_update=False)
        self.dim = widgets.IntSlider(value=dim, min=2, max=max(64, dim), step=2, description=_("dimension"),
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
        from .embeddings import (
            causal_curves,
            explorer_queries,
            position_scores,
            position_similarity,
            position_table,
            rope_angles,
        )
        from .html_views import KIND_NAMES, error_html, positions_summary_html
        from .svg_views import positions_svg

        kind, n, d = self.kind.value, self.context_length.value, self.dim.value
        score = position_scores if self.measure.value == "token score" else position_similarity
        try:
            with one_torch_thread():
                # the left panel: RoPE adds no vector, so it shows the angle each pair is turned by
                self.table = rope_angles(n, d) if kind == "rotary" else position_table(kind, n, d, self.seed)
                queries, span = explorer_queries(n)
                self.curves = causal_curves(score(kind, n, d, self.seed), queries, span)
        except (ValueError, TypeError) as err:
            self.table = self.curves = None
            self.error = err
            self.summary.value = error_html(err)
            self.figure.value = ""
            return
        self.error = None
        ylabel = _("score q.k / sqrt(d)") if self.measure.value == "token score" else _("cosine similarity")
        # The picture first, the summary last: once the summary shows the new settings, so does the picture.
        left = _("rotation angles") if kind == "rotary" else _("positions")
        alt = _("{kind} {left} and causal {measure} by distance").format(
            kind=_(KIND_NAMES[kind]), left=left, measure=self.measure.label)
        self.figure.value = positions_svg(kind, self.table, self.curves, ylabel=ylabel, alt=alt)
        self.summary.value = positions_summary_html(kind, n, d, self.measure.label, self.curves)

    def __repr__(self) -> str:
        return (f"PositionsExplorer(kind={self.kind.value!r}, context_length={self.context_length.value}, "
                f"dim={self.dim.value}, measure={self.measure.value!r})")


# --- 06 sliding windows ---


class SlidingWindowExplorer(widgets.VBox):
    """Move ``max_length``, ``stride`` and ``batch_size``, toggle ``shuffle`` and ``drop_last``, pick a
    batch: see the first windows over the text, that batch's tensors, and the counts.

    ``SlidingWindowExplorer(text=None)`` explores the-verdict (or the text given). Everything shown
    is computed by ``sampling.explore_windows`` and drawn by ``html_views.sliding_windows_html``; see
    the latter for the CSS classes (``t2t-count-samples`` ...). Controls carry the descriptions
    ``max_length``, ``stride``, ``batch_size``, ``shuffle``, ``drop_last`` and ``batch``.
    """

    def __init__(self, text: str | None = None, *, max_length: int = 4, stride: int = 4, batch_size: int = 2,
                 shuffle: bool = False, drop_last: bool = True, seed: int = 123, tokenizer=None, **kwargs):
        from .corpora import load_verdict
        from .html_views import sliding_windows_html
        from .sampling import explore_windows, prepare_explorer_text
        from .windows import check_window_settings

        max_length, stride = check_window_settings(max_length, stride)
        self.source = prepare_explorer_text(load_verdict() if text is None else text, tokenizer)
        self.seed = seed
        self._explore, self._render = explore_windows, sliding_windows_html
        style = {"description_width": "80px"}
        self.max_length = widgets.IntSlider(value=max_length, min=1, max=max(32, max_length),
                                            description="max_length", style=style, continuous_update=True)
        self.stride = widgets.IntSlider(value=stride, min=1, max=max(32, stride), description="stride",
                                        style=style)
        self.batch_size = widgets.IntSlider(value=batch_size, min=1, max=max(16, batch_size),
                                            description="batch_size", style=style)
        self.shuffle = widgets.Checkbox(value=shuffle, description="shuffle", indent=False)
        self.drop_last = widgets.Checkbox(value=drop_last, description="drop_last", indent=False)
        self.batch = widgets.IntSlider(value=0, min=0, max=0, description=_("batch"), style=style)
        for name, control in (("max-length", self.max_length), ("stride", self.stride),
                              ("batch-size", self.batch_size), ("shuffle", self.shuffle),
                              ("drop-last", self.drop_last), ("batch", self.batch)):
            control.add_class(f"t2t-control-{name}")
        self.view = widgets.HTML()
        self.view.add_class("t2t-sliding-view")
        controls = widgets.HBox([
            widgets.VBox([self.max_length, self.stride, self.batch_size]),
            widgets.VBox([self.shuffle, self.drop_last, self.batch]),
        ])
        super().__init__(children=[controls, self.view], **kwargs)
        self.add_class("t2t-sliding-window-explorer")
        controls = (self.max_length, self.stride, self.batch_size, self.shuffle, self.drop_last, self.batch)
        for control in controls:
            control.observe(self._update, names="value")
        self._update()

    def _update(self, change=None) -> None:
        self.current = self._explore(
            self.source, self.max_length.value, self.stride.value, self.batch_size.value,
            shuffle=self.shuffle.value, drop_last=self.drop_last.value, batch_index=self.batch.value,
            seed=self.seed,
        )
        batches = self.current.stats.batches
        if self.batch.max != max(0, batches - 1):  # observers re-enter _update once with the clamp
            self.batch.max = max(0, batches - 1)
        self.batch.disabled = batches <= 1
        self.view.value = self._render(self.current)

    def __repr__(self) -> str:
        return f"SlidingWindowExplorer({len(self.source.ids)} tokens)"


# --- 01 word picker ---


class WordPicker(widgets.VBox):
    """Choose word groups and type your own words; see them placed in a 2-D map of the vectors.

    ``WordPicker(model, groups, chosen=(...), method="PCA")``. The words come from
    ``word_maps.pick_words``, the coordinates from ``word_maps.project_words`` (PCA or t-SNE), the
    picture from ``svg_views.word_map_svg`` (the notebook's ``plots.draw_word_map``, as SVG the browser
    draws). Typed words the model does not know are listed, not placed. After each change:
    ``selection``, ``xy`` (None when nothing can be placed) and ``error``.
    """

    def __init__(self, model, groups, chosen=(), extra: str = "", method: str = "PCA", **kwargs):
        from .word2vec import Word2VecInputError, keyed_vectors
        from .word_maps import PROJECTIONS, group_name

        self.wv = keyed_vectors(model)
        self.group_words = {name: list(words) for name, words in groups.items()}
        unknown_groups = [name for name in chosen if name not in self.group_words]
        if unknown_groups:
            raise Word2VecInputError(
                f"no group named {unknown_groups[0]!r}; the groups are {sorted(self.group_words)}.")
        if method not in PROJECTIONS:
            raise Word2VecInputError(f"method must be one of {PROJECTIONS}, got {method!r}.")
        self.groups = widgets.SelectMultiple(
            options=[(group_name(name), name) for name in self.group_words], value=tuple(chosen),
            description=_("Groups"),
            rows=min(8, max(2, len(self.group_words))))
        self.extra = widgets.Text(value=extra, description=_("Your words"), placeholder="king, queen, paris",
                                  continuous_update=False)
        self.method = widgets.ToggleButtons(options=list(PROJECTIONS), value=method,
                                            description=_("Projection"))
        self.status = widgets.HTML()
        self.status.add_class("t2t-picker-status")
        self.view = widgets.HTML()
        self.view.add_class("t2t-picker-view")
        super().__init__(children=[widgets.HBox([self.groups, widgets.VBox([self.extra, self.method])]),
                                   self.status, self.view], **kwargs)
        self.add_class("t2t-word-picker")
        for control in (self.groups, self.extra, self.method):
            control.observe(self._update, names="value")
        self._update()

    def _update(self, change=None) -> None:
        from .html_views import word_picker_status_html
        from .svg_views import word_map_svg
        from .word2vec import Word2VecInputError
        from .word_maps import pick_words, project_words

        self.selection = pick_words(self.wv, self.group_words, self.groups.value, self.extra.value)
        words, labels, method = self.selection.words, self.selection.labels, self.method.value
        try:
            self.xy = project_words(self.wv, words, method)
        except Word2VecInputError as err:
            self.xy, self.error = None, err
            self.status.value = word_picker_status_html(words, labels, method, self.selection.unknown, err)
            self.view.value = ""
            return
        self.error = None
        self.status.value = word_picker_status_html(words, labels, method, self.selection.unknown)
        self.view.value = word_map_svg(
            self.xy, words, labels,
            title=_("{method} map of {n_words} Word2Vec vectors").format(method=method, n_words=len(words)),
            alt=_("{method} map of: {words}").format(method=method, words=", ".join(words)))

    def __repr__(self) -> str:
        return (f"WordPicker(groups={list(self.groups.value)}, extra={self.extra.value!r}, "
                f"method={self.method.value!r})")


# --- 09 BPE step by step ---


class BPEStepper(widgets.VBox):
    """Step through BPE training merge by merge: the new token, its count, the passage re-cut.

    ``BPEStepper(tokenizer, passage)``: ``tokenizer`` is a ``BPETokenizer`` trained in this session
    (its ``log`` holds the counts); ``passage`` is the text shown in pieces. The slider (or the
    buttons) sets how many merges are used; ``step`` is that number.
    """

    def __init__(self, tokenizer, passage: str, *, step: int = 0, **kwargs):
        from .bpe import BPEError

        if getattr(tokenizer, "log", None) is None:
            raise BPEError("BPEStepper needs a tokenizer trained in this session, whose log holds the "
                           "merge counts. Fix: tokenizer = BPETokenizer().train(text, vocab_size).")
        if not isinstance(passage, str) or not passage:
            raise TypeError("passage must be a non-empty str: the text to show in pieces.")
        self.tokenizer, self.passage = tokenizer, passage
        n = len(tokenizer.merges)
        if not isinstance(step, int) or not 0 <= step <= n:
            raise BPEError(f"step must be an int from 0 to {n}, not {step!r}.")
        self.slider = widgets.IntSlider(value=step, min=0, max=n, description=_("Merges"),
                                        continuous_update=True,
                                        layout=widgets.Layout(width="60%"))
        self.back = widgets.Button(description=_("Previous merge"), icon="step-backward")
        self.forward = widgets.Button(description=_("Next merge"), icon="step-forward")
        self.view = widgets.HTML()
        self.view.add_class("t2t-bpe-stepper-view")
        super().__init__(children=[widgets.HBox([self.slider, self.back, self.forward]), self.view], **kwargs)
        self.add_class("t2t-bpe-stepper")
        self.slider.observe(self._update, names="value")
        self.back.on_click(lambda _: self._move(-1))
        self.forward.on_click(lambda _: self._move(+1))
        self._update()

    @property
    def step(self) -> int:
        return self.slider.value

    def _move(self, delta: int) -> None:
        self.slider.value = min(self.slider.max, max(0, self.slider.value + delta))

    def _update(self, change=None) -> None:
        from .bpe import merge_summary
        from .html_views import bpe_step_html

        k = self.slider.value
        log = self.tokenizer.log
        self.summary = merge_summary(self.tokenizer, k) if k else None
        self.pieces = self.tokenizer.segment(self.passage, k)
        total = log.tokens_after[k - 1] if k else log.tokens_before
        self.view.value = bpe_step_html(self.summary, self.pieces, total, log.words)

    def __repr__(self) -> str:
        return f"BPEStepper(merges={self.slider.max}, step={self.step}, passage of {len(self.passage)} chars)"
