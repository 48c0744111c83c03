"""Chinese in figures: a CJK font behind the Latin one, so Chinese labels draw as characters, not boxes.

matplotlib falls back glyph by glyph along a text's list of font families, so the CJK font goes
last in that list: the series' Latin text keeps its font (DejaVu Sans; DejaVu Sans Mono where a
figure asks for ``monospace()``) and only characters that font lacks come from the first CJK font
found here: Noto Sans CJK, Source Han Sans, PingFang, Microsoft YaHei, WenQuanYi, ...

matplotlib keeps a list of the fonts it found when it first ran; a font installed after that is not
on it. So when the list has no CJK font, the system's font folders are searched once as well (by
matplotlib's own ``findSystemFonts``), and what is found is added for this process only.

Without any CJK font, figures in the Chinese edition (``TEXT_TO_TENSORS_LANGUAGE=zh_CN``) would show
empty boxes: ``use_cjk_font`` then warns once, saying how to install one. The English edition draws
nothing that needs one and is not warned.
"""

from __future__ import annotations

import os
import re
import warnings

import matplotlib as mpl
from matplotlib import font_manager

from .i18n import current_language

# The common CJK fonts, Simplified Chinese forms first.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "PingFang SC",
    "Microsoft YaHei",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Hiragino Sans GB",
    "Heiti SC",
    "SimHei",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "Arial Unicode MS",
)
# Font files that may hold one of them (searched only when matplotlib's list has none).
CJK_FILES = re.compile(r"cjk|sourcehan|wqy|wenquanyi|pingfang|msyh|simhei|hiragino|notosanssc", re.I)
INSTALL_HINT = (
    "No CJK font found: Chinese text in figures would be drawn as empty boxes. Install one, then restart "
    "the kernel: Debian/Ubuntu `sudo apt install fonts-noto-cjk`, Fedora `sudo dnf install "
    "google-noto-sans-cjk-fonts`, Arch `sudo pacman -S noto-fonts-cjk`, conda `conda install -c "
    "conda-forge font-ttf-noto-cjk`. macOS (PingFang SC) and Windows (Microsoft YaHei) have one already."
)


class CJKFontWarning(UserWarning):
    """No CJK font: Chinese characters in figures would be empty boxes."""


_state = {"warned": False, "searched": False}


def find_cjk_font(available=None) -> str | None:
    """The first of ``CJK_FONTS`` among ``available`` font names (default: the fonts matplotlib
    knows, plus CJK fonts installed since its font list was made)."""
    if available is not None:
        return next((name for name in CJK_FONTS if name in set(available)), None)
    found = find_cjk_font(font_manager.get_font_names())
    if found is None and not _state["searched"]:
        _state["searched"] = True
        for path in font_manager.findSystemFonts():
            if CJK_FILES.search(os.path.basename(path)):
                font_manager.fontManager.addfont(path)
        found = find_cjk_font(font_manager.get_font_names())
    return found


def use_cjk_font(available=None) -> str | None:
    """Put the first CJK font found last in matplotlib's default font families (``font.family``), and
    return its name. Without one, return None, and in the Chinese edition warn (once per process)."""
    font = find_cjk_font(available)
    if font is None:
        if current_language() != "en" and not _state["warned"]:  # the Chinese edition
            _state["warned"] = True
            warnings.warn(INSTALL_HINT, CJKFontWarning, stacklevel=2)
        return None
    families = list(mpl.rcParams["font.family"])
    if font not in families:
        mpl.rcParams["font.family"] = [*families, font]
    return font


def monospace(available=None) -> list[str]:
    """The font families for a figure's monospace text (token pieces): monospace, then the CJK font."""
    font = use_cjk_font(available)
    return ["monospace"] if font is None else ["monospace", font]
