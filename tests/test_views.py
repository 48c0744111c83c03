"""Tests for the shared look (helpers.style), the HTML views' chip builder (helpers.html_views) and
the one way every figure takes ``ax=`` (helpers.plots.canvas). The views of each explorer are tested
with their explorer (test_tokenizers, test_embeddings, test_sampling, test_word2vec, test_bpe)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import html_views, plots, style  # noqa: E402


def test_visible_shows_spaces_and_newlines_with_the_shared_glyphs():
    assert style.visible(" a\nb") == f"{style.SPACE_GLYPH}a{style.NEWLINE_GLYPH}b"
    assert style.tint(len(style.TINTS)) == style.TINTS[0]


def test_one_chip_builder_marks_unknown_and_new_pieces():
    page = html_views.tokens_html(["a", " b", "c"], [1, 2, 3], marks={1: "unknown", 2: "new"})
    chips = page.split("<span ")[1:]
    assert chips[0].startswith("class='t2t-token' data-index='0'")
    assert "<small style='color:#333'>1</small>" in chips[0]
    assert chips[1].startswith("class='t2t-token t2t-unknown'") and f"{style.SPACE_GLYPH}b&nbsp;?" in chips[1]
    assert "dashed" in chips[1] and style.UNKNOWN_COLOR in chips[1]
    assert chips[2].startswith("class='t2t-token t2t-new-token'") and "3px solid" in chips[2]
    assert html_views.tokens_html(["<b>"], show_space=False).count("&lt;b&gt;") == 1


def test_an_unknown_chip_mark_is_a_clear_error():
    with pytest.raises(ValueError, match=r"mark\(s\) \['bold'\]; use one of \['new', 'unknown'\]"):
        html_views.tokens_html(["a"], marks={0: "bold"})


def test_error_html_names_the_error_type_and_escapes_the_message():
    assert "ValueError: &#x27;x&#x27; &lt;" in html_views.error_html(ValueError("'x' <"))


def test_figures_draw_on_the_axes_given_and_return_their_figure():
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    assert plots.draw_token_pieces(["a", "b"], [1, 2], ax=ax) is fig
    assert plots.draw_tokens_per_word([2.0, 1.5, 1.2], marks=[1], ax=ax) is fig
    both = Figure().subplots(1, 2)
    drawn = plots.draw_accuracy_by_corpus_size([1000, 2000], [0.1, 0.2], [5, 8], 10, ax=both)
    assert drawn is both[0].figure and drawn._suptitle is None  # the caller owns the figure's title
    assert len(drawn.axes) == 2


def test_figures_with_no_axes_make_their_own_pyplot_figure():
    before = len(plt.get_fignums())
    fig = plots.draw_token_pieces(["a"])
    assert isinstance(fig, plt.Figure) and len(plt.get_fignums()) == before + 1
    plt.close(fig)


def test_too_few_or_too_many_axes_is_a_clear_error():
    with pytest.raises(ValueError, match=r"ax must hold 2 Axes \(1 x 2 panels\).*got 1.*subplots\(1, 2\)"):
        plots.draw_accuracy_by_corpus_size([1000], [0.1], [5], 10, ax=[Figure().subplots()])
    with pytest.raises(TypeError, match="ax must be one matplotlib Axes for this figure, got 2"):
        plots.draw_token_pieces(["a"], ax=Figure().subplots(1, 2))


def test_every_figure_takes_ax_the_same_way():
    import inspect

    for name in plots.__all__:
        parameters = inspect.signature(getattr(plots, name)).parameters
        ax = parameters.get("ax")
        assert ax is not None and ax.kind is ax.KEYWORD_ONLY and ax.default is None, name
        assert not {"fig", "axes"} & set(parameters), f"{name} takes a second way to say where to draw"
