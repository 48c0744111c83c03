"""Does the page draw Chinese as real glyphs or as empty boxes? Asked of the page's own fonts.

A character no installed font has is drawn as the font's ".notdef" glyph, an empty box, the same box
for every such character. So ``probe`` finds the first visible text with Chinese characters, draws
each of (up to eight of) them on a canvas in that text's font family, and compares the pixels with
the box drawn for U+0378 (a code point that is unassigned, so no font has it): every Chinese
character must differ from the box and from each other.
"""

from __future__ import annotations

from playwright.sync_api import Page

PROBE = r"""(scopeSelector) => {
    const han = /[\u4e00-\u9fff]/g;
    const scope = document.querySelector(scopeSelector) || document.body;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    let node = null;
    while ((node = walker.nextNode())) {
        const el = node.parentElement;
        if (node.data.match(han) && el && el.getClientRects().length) break;
    }
    if (!node) return null;
    const family = getComputedStyle(node.parentElement).fontFamily;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    ctx.font = `32px ${family}`;
    const draw = (s) => {
        ctx.clearRect(0, 0, 48, 48);
        ctx.fillText(s, 4, 38);
        return Array.from(ctx.getImageData(0, 0, 48, 48).data).filter((_, i) => i % 4 === 3).join(',');
    };
    const chars = [...new Set(node.data.match(han))].slice(0, 8);
    const box = draw('\u0378');
    const drawn = chars.map(draw);
    return {
        text: node.data.slice(0, 80), family, chars,
        boxes: chars.filter((c, i) => drawn[i] === box),
        distinct: new Set(drawn).size,
    };
}"""


def probe(page: Page, scope: str = "body") -> dict | None:
    """What the page draws for the Chinese characters of its first visible Chinese text in ``scope``
    (None: there is none)."""
    return page.evaluate(PROBE, scope)


def assert_real_glyphs(page: Page, scope: str, where: str) -> dict:
    found = probe(page, scope)
    assert found is not None, f"{where}: no visible Chinese text in {scope}"
    assert not found["boxes"], (
        f"{where}: {found['boxes']} drawn as empty boxes in {found['family']!r} (text {found['text']!r}); "
        "install a CJK font: `sudo apt install fonts-noto-cjk`")
    assert found["distinct"] == len(found["chars"]), f"{where}: Chinese characters drawn alike: {found}"
    return found
