"""Figures draw Chinese with a CJK font; Latin text keeps its font; no CJK font: one warning that says
how to install one (Chinese edition only)."""

from __future__ import annotations

import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest

from helpers import fonts
from helpers.fonts import CJK_FONTS, CJKFontWarning, find_cjk_font, monospace, use_cjk_font
from helpers.plots import draw_token_pieces


@pytest.fixture
def fresh(monkeypatch):
    """A process that has not warned yet, with matplotlib's font settings restored afterwards."""
    monkeypatch.setitem(fonts._state, "warned", False)
    with matplotlib.rc_context():
        # Earlier tests in the same process may have drawn Chinese, which adds the CJK font to the
        # process's families: start from matplotlib's default families, as a fresh kernel does.
        matplotlib.rcParams["font.family"] = matplotlib.rcParamsDefault["font.family"]
        yield monkeypatch


def png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def test_the_finder_prefers_simplified_chinese_fonts_and_finds_none_in_an_empty_list():
    assert find_cjk_font([]) is None
    assert find_cjk_font(["DejaVu Sans", "Noto Sans CJK JP", "Microsoft YaHei"]) == "Microsoft YaHei"
    assert find_cjk_font(["Noto Sans CJK JP", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    assert {"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"} <= set(CJK_FONTS)


def test_without_a_cjk_font_the_chinese_edition_is_told_once_how_to_install_one(fresh):
    fresh.setenv("TEXT_TO_TENSORS_LANGUAGE", "zh_CN")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert use_cjk_font([]) is None
        assert use_cjk_font([]) is None
        assert monospace([]) == ["monospace"]
    assert len(caught) == 1 and caught[0].category is CJKFontWarning
    assert "fonts-noto-cjk" in str(caught[0].message) and "empty boxes" in str(caught[0].message)


def test_the_english_edition_is_not_warned(fresh):
    fresh.delenv("TEXT_TO_TENSORS_LANGUAGE", raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert use_cjk_font([]) is None


def test_the_cjk_font_goes_last_so_latin_text_keeps_its_font(fresh):
    font = use_cjk_font(["Noto Sans CJK SC"])
    assert matplotlib.rcParams["font.family"][-1] == font == "Noto Sans CJK SC"
    assert matplotlib.rcParams["font.family"][0] == "sans-serif"
    assert monospace(["Noto Sans CJK SC"]) == ["monospace", "Noto Sans CJK SC"]


def test_a_figure_with_chinese_labels_draws_glyphs_and_latin_figures_do_not_change(fresh):
    fresh.delenv("TEXT_TO_TENSORS_LANGUAGE", raising=False)
    with matplotlib.rc_context(), pytest.MonkeyPatch.context() as no_cjk:
        no_cjk.setattr(fonts, "find_cjk_font", lambda available=None: None)
        latin_before = png(draw_token_pieces(["Hello", ",", " world"], title="Tokens"))
        assert "Noto Sans CJK SC" not in matplotlib.rcParams["font.family"]
    font = use_cjk_font()
    assert font is not None, fonts.INSTALL_HINT
    assert png(draw_token_pieces(["Hello", ",", " world"], title="Tokens")) == latin_before
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png(draw_token_pieces(["人", "咬", "狗"], title="词元：人咬狗"))
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing
