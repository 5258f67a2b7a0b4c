"""Build the website: a landing page and one site per edition, into _build/html.

    python tools/build_site.py --fresh    # what `make html` runs (about 20 s)
    python tools/build_site.py --fresh --out /tmp/site   # what the tests run

--fresh reads every source again and writes every page: without it Sphinx rewrites only
the pages whose sources changed, and an edit to _ext/ or to this file's finishing of the
pages would not show on the others.

_build/html/index.html   the landing page (index.md)
_build/html/zh/          the Chinese edition (chapters/zh)
_build/html/en/          the English edition (chapters/en)

Each edition is its own Sphinx build so that its language (search with jieba
for Chinese, the theme's interface strings) is its own. The editions' tables of
contents come from the one _toc.yml: each edition's index is its root and that
index's sections are its chapters. Notebooks are not executed: pages show the
outputs stored in them. Any warning fails the build.
"""

from __future__ import annotations

import argparse
import html
import re
import struct
import subprocess
import sys
from pathlib import Path

import yaml
from jupyter_book.config import get_final_config
from jupyter_book.sphinx import build_sphinx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebooks import repository_url  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "_config.yml"

EDITIONS = {
    # Smart quotes off in Chinese: Sphinx would turn the “…” typed in the source into ”…”.
    "zh": {"language": "zh_CN", "html_title": "深度学习讲义", "smartquotes": False},
    "en": {"language": "en", "html_title": "Deep Learning Lecture Notebooks"},
}
#: The landing page's title, in both languages.
SITE_TITLE = "Deep Learning Lecture Notebooks · 深度学习讲义"
#: Interface strings that the theme takes from its options rather than from Sphinx's
#: translations (Jupyter Book sets an English search placeholder).
THEME_TEXT = {
    "zh": {"search_bar_text": "搜索本书……", "toc_title": "本页目录"},
    "en": {"search_bar_text": "Search this book...", "toc_title": "Contents"},
}


def site_url() -> str:
    """Where GitHub Pages publishes the site of the repository in _config.yml."""
    owner, name = repository_url().split("/")[-2:]
    return f"https://{owner}.github.io/{name}/"


def edition_tocs() -> dict[str, dict]:
    """Split _toc.yml into one table of contents per edition."""
    book = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf8"))
    tocs = {}
    for entry in book["chapters"]:
        folder, _, root = entry["file"].rpartition("/")
        lang = folder.rsplit("/", 1)[-1]
        chapters = []
        for section in entry.get("sections", []):
            path = section["file"]
            if not path.startswith(folder + "/"):
                raise ValueError(f"_toc.yml: {path} is listed under {entry['file']} but not in {folder}/")
            chapters.append({"file": path[len(folder) + 1:]})
        toc = {"format": "jb-book", "root": root}
        if chapters:
            toc["chapters"] = chapters
        tocs[lang] = {"folder": folder, "toc": toc}
    if set(tocs) != set(EDITIONS):
        raise ValueError(f"_toc.yml should hold the editions {sorted(EDITIONS)}, found {sorted(tocs)}")
    return tocs


def build(srcdir: Path, outdir: Path, toc: dict, overrides: dict, fresh: bool) -> None:
    toc_path = outdir.parent / "tocs" / f"{outdir.name or 'site'}.yml"
    toc_path.parent.mkdir(parents=True, exist_ok=True)
    toc_path.write_text(yaml.safe_dump(toc, allow_unicode=True), encoding="utf8")

    # The theme options from _config.yml, with the edition's folder as the path to
    # its sources, so launch (Colab) and repository links point at the right file.
    config, _ = get_final_config(user_yaml=CONFIG, cli_config={"latex_individualpages": False},
                                 sourcedir=srcdir)
    theme = dict(config["html_theme_options"])
    rel = srcdir.relative_to(ROOT).as_posix()
    theme["path_to_docs"] = "" if rel == "." else rel
    edition = overrides.pop("bilingual_edition", "")
    # No top bar (the article header has every button; the bar's hidden ☰ caught the
    # clicks meant for the header's), no full-screen button, no ad slot in the sidebar.
    theme.update({"navbar_start": [], "navbar_center": [], "navbar_end": [],
                  "navbar_persistent": [], "primary_sidebar_end": [],
                  "use_fullscreen_button": False})
    if edition:
        theme.update(THEME_TEXT[edition])
        # The header's buttons, then the switch to this page in the other edition.
        theme["article_header_end"] = ["article-header-buttons.html", "language-switch.html"]
    else:
        # The landing page is one page: no chapter list (and no ☰ for it), nothing to download,
        # and no search of its own; each edition's card has a search field for that edition.
        theme.update({"article_header_start": [], "use_download_button": False,
                      "disable_search": True})
        overrides = {"html_sidebars": {"**": []}, **overrides}
    base = site_url()

    result = build_sphinx(
        srcdir, outdir,
        noconfig=True,
        path_config=str(CONFIG),
        confoverrides={
            "external_toc_path": str(toc_path),
            "html_theme_options": theme,
            # MathJax is served from the site itself (_vendor/mathjax), not a CDN.
            "html_static_path": [str(ROOT / "_vendor")],
            "mathjax_path": "mathjax/tex-mml-chtml.js",
            # Math is typeset as it comes into view (_ext/static/bilingual.js), not all at once.
            "mathjax3_config": {**(config.get("mathjax3_config") or {}),
                                "startup": {"typeset": False}},
            "html_context": {"default_mode": "auto"},
            "latex_individualpages": False,
            # No live code on the pages (Thebe would fetch its code from unpkg.com,
            # and its settings script is added twice, a console error).
            "extensions": [e for e in config["extensions"] if e != "sphinx_thebe"],
            # _ext/bilingual.py: the language switch and hreflang links.
            "bilingual_edition": edition,
            "bilingual_site_url": base,
            "html_baseurl": f"{base}{edition}/" if edition else base,
            "html_favicon": str(ROOT / "_ext" / "static" / "favicon.svg"),
            **overrides,
        },
        doctreedir=outdir.parent / "doctrees" / (outdir.name or "site"),
        freshenv=fresh,
        warningiserror=True,
        quiet=True,
    )
    if result != 0:
        raise SystemExit(f"The build of {srcdir} failed: {result!r}")
    print(f"built {outdir}")


def build_one(name: str, out: Path, fresh: bool) -> None:
    """Build one site: an edition ("zh", "en") or the landing page ("landing")."""
    if name == "landing":
        build(ROOT, out, {"format": "jb-book", "root": "index"},
              {"language": "en", "html_title": SITE_TITLE}, fresh)
    else:
        edition = edition_tocs()[name]
        build(ROOT / edition["folder"], out / name, edition["toc"],
              {**EDITIONS[name], "bilingual_edition": name}, fresh)


def image_size(path: Path) -> tuple[int, int] | None:
    """The CSS size of a PNG or SVG: a PNG saved at 2× (144 dpi or more) shows at half its pixels."""
    data = path.read_bytes()
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", data[16:24])
        phys = data.find(b"pHYs")
        if phys > 0:
            per_metre = struct.unpack(">I", data[phys + 4:phys + 8])[0]
            if data[phys + 12] == 1 and per_metre * 0.0254 >= 143:
                width, height = width // 2, height // 2
        return width, height
    if path.suffix == ".svg":
        head = data[:2000].decode("utf8", "replace")
        box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', head)
        if box:
            return round(float(box[1])), round(float(box[2]))
    return None


#: A figure of plots side by side is cut, for phones, into strips that stack: each strip one
#: plot (or one column of plots) with its labels. The cuts go through background columns that
#: run the figure's whole height, one between each two stretches of ink at least PANEL_MIN
#: wide (CSS px), in the widest gap between them; the narrow stretches (axis and tick labels,
#: a word's letters, a legend at the side) go with the plot on their side of the cut. A figure
#: stays whole unless it has two or more wide stretches of about the same width (within 1.5x,
#: as plots side by side are): a row of small images, most diagrams, a figure with a legend
#: or title across its plots (which joins them into one stretch) stay whole.
PANEL_MIN = 200


def panel_strips(png: Path) -> list[tuple[int, int]]:
    """The pixel columns [start, stop) of the strips to cut ``png`` into; [] to keep it whole."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    width = pixels.shape[1]
    scale = width // image_size(png)[0]  # 2 for a 2x PNG
    background = (np.abs(pixels - pixels[0, 0]).sum(axis=2) < 30).all(axis=0)
    edges = np.flatnonzero(np.diff(np.r_[1, background.astype(np.int8), 1]))
    stretches = list(zip(edges[::2].tolist(), edges[1::2].tolist()))  # runs of ink: [start, stop)
    wide = [i for i, (a, b) in enumerate(stretches) if b - a >= PANEL_MIN * scale]
    widths = [stretches[i][1] - stretches[i][0] for i in wide]
    if len(wide) < 2 or max(widths) > 1.5 * min(widths):
        return []
    # Between two wide stretches, cut in the middle of the widest gap: a plot's axis and tick
    # labels sit closer to it than to the plot before, a label's letters closer to each other.
    cuts = []
    for left, right in zip(wide, wide[1:]):
        gap = max(range(left, right), key=lambda k: stretches[k + 1][0] - stretches[k][1])
        cuts.append((stretches[gap][1] + stretches[gap + 1][0]) // 2)
    bounds = [0, *cuts, width]
    return list(zip(bounds[:-1], bounds[1:]))


def stacked_figure(page: Path, src: str, alt: str) -> str:
    """The phone's version of a wide figure: its strips, one under another ("" if none)."""
    png = page.parent / html.unescape(src)
    strips = panel_strips(png) if png.suffix == ".png" else []
    if not strips:
        return ""
    from PIL import Image

    images = []
    with Image.open(png) as image:
        scale = image.width // image_size(png)[0]  # 2 for a 2x PNG
        for n, (start, stop) in enumerate(strips):
            name = f"{png.stem}-strip{n}.png"
            image.crop((start, 0, stop, image.height)).save(png.with_name(name), dpi=image.info.get("dpi", (72, 72)))
            images.append(f'<img src="{src.rsplit("/", 1)[0]}/{name}" alt="" class="dlbook-strip" '
                          f'width="{(stop - start) // scale}" height="{image.height // scale}" '
                          f'loading="lazy" decoding="async" />')
    return f'<div class="dlbook-stacked" role="img" aria-label="{alt}">{"".join(images)}</div>'


#: Pygments' names, punctuation and whitespace: the same colour as the code's own text
#: (_ext/static/bilingual.css), so their thousands of <span>s go (a lighter page).
_PLAIN_TOKEN = re.compile(r'<span class="[npw]">([^<]*)</span>')
#: docutils puts each word of inline code in a <span class="pre"> that does not wrap: plain
#: text instead, so a long command wraps on a phone (and hundreds of elements fewer).
_CODE_WORD = re.compile(r'<span class="pre">([^<]*)</span>')
_IMG = re.compile(r"<img\b([^>]*?)\s*/?>")
_SECTION = re.compile(r'<section\b[^>]*?\bid="([^"]+)"')
_SWITCH = re.compile(r'(<a class="dlbook-language-switch"[^>]*?)(\s*>)')


def finish_page(page: Path, other_page: Path | None) -> None:
    """What the page needs that only the built files know: each image's size (so the page
    does not jump as figures load) with lazy loading, for the language switch the other
    edition's section anchors, in order; and fewer elements in the code."""
    text = page.read_text(encoding="utf8")

    def sized(match):
        attrs = match[1]
        src = re.search(r'src="([^"]+)"', attrs)
        if not src or "decoding=" in attrs or src[1].startswith(("http:", "https:", "data:")):
            return match[0]  # not ours, or finished by an earlier run
        file = page.parent / html.unescape(src[1])
        size = image_size(file) if file.exists() else None
        if size is None:
            return match[0]
        if 'alt="Colab logo"' in attrs:  # next to the word "Colab": decoration
            attrs = attrs.replace('alt="Colab logo"', 'alt=""')
        # myst-nb writes a 2x figure's size as an inline style, whose fixed height would
        # distort the figure where the column is narrower: the size goes to attributes.
        style = re.search(r'\s*style="width: (\d+)px; height: (\d+)px;"', attrs)
        if style:
            size = int(style[1]), int(style[2])
            attrs = attrs.replace(style[0], "")
        if "width=" not in attrs:
            attrs += f' width="{size[0]}" height="{size[1]}"'
        if "_static/" in src[1]:  # the header's icons
            return f"<img{attrs} decoding=\"async\" />"
        # Every figure loads as it nears the screen, the first too: a chapter's first screen is
        # its title and opening prose, and a figure fetched with them delays their first paint
        # on a slow connection (one on the first screen still loads at once).
        attrs += ' loading="lazy" decoding="async"'
        if size[0] <= 560:
            return f"<img{attrs} />"
        # On a phone a wide figure keeps a legible size and scrolls sideways in its box (Sphinx
        # links every figure to its file: a tap opens it alone, whole, to zoom).
        # Plots side by side stack there instead, each as wide as the column.
        attrs = (attrs.replace('class="', 'class="dlbook-wide ', 1) if 'class="' in attrs
                 else attrs + ' class="dlbook-wide"')
        alt = re.search(r'alt="([^"]*)"', attrs)
        stacked = stacked_figure(page, src[1], alt[1] if alt else "")
        box = "dlbook-wide-figure dlbook-has-strips" if stacked else "dlbook-wide-figure"
        return f'<div class="{box}" tabindex="0"><img{attrs} /></div>{stacked}'

    text = _IMG.sub(sized, text)
    text = _PLAIN_TOKEN.sub(r"\1", text)
    text = _CODE_WORD.sub(r"\1", text)
    # Code, display math and tables scroll sideways in their own box on a phone: a reader
    # with a keyboard reaches them too.
    text = re.sub(r'<(pre|div class="math notranslate nohighlight"|table class="table")(?![^>]*tabindex)',
                  r'<\1 tabindex="0"', text)
    if other_page is not None and other_page.exists():
        anchors = " ".join(_SECTION.findall(other_page.read_text(encoding="utf8")))
        text = re.sub(r' data-anchors="[^"]*"', "", text)
        text = _SWITCH.sub(lambda m: f'{m[1]} data-anchors="{anchors}"{m[2]}', text, count=1)
    page.write_text(text, encoding="utf8")


#: pydata-sphinx-theme measures every code block and output of the page once it has loaded
#: (``addTabStopsToScrollableElements``: the boxes that scroll become keyboard stops). On a
#: chapter that lays out every part that ``content-visibility`` had left for later, which
#: was the longest task of a page load on a phone (Lighthouse: performance 87 -> 97 without
#: it). The build takes that call out of the theme's script; _ext/static/bilingual.js does
#: the same for each box as it comes into view.
_THEME_TAB_STOPS = re.compile(
    r'"complete"===document\.readyState\?(\w+)\(\):window\.addEventListener\("load",\1\)')
_NO_THEME_TAB_STOPS = "void 0/* tab stops: bilingual.js */"


def lighten_theme_script(site: Path) -> None:
    """Take the theme's load-time measuring of every box out of one site's theme script."""
    script = site / "_static" / "scripts" / "pydata-sphinx-theme.js"
    text = script.read_text(encoding="utf8")
    text, found = _THEME_TAB_STOPS.subn(_NO_THEME_TAB_STOPS, text)
    if found != 1 and _NO_THEME_TAB_STOPS not in text:
        raise SystemExit(f"{script}: the theme's call to addTabStopsToScrollableElements was not "
                         "found (a new pydata-sphinx-theme?): update _THEME_TAB_STOPS in "
                         "tools/build_site.py to the new script.")
    script.write_text(text, encoding="utf8")


def finish(out: Path) -> None:
    """Post-process every page once all three sites are built."""
    langs = list(EDITIONS)
    for site in (out, *(out / lang for lang in langs)):
        lighten_theme_script(site)
    for page in sorted(out.glob("*.html")):
        finish_page(page, None)
    for lang in langs:
        other = langs[1 - langs.index(lang)]
        for page in sorted((out / lang).glob("*.html")):
            finish_page(page, out / other / page.name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html", help="output folder")
    parser.add_argument("--fresh", action="store_true", help="ignore cached doctrees, write every page")
    parser.add_argument("--only", choices=["landing", *EDITIONS], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if args.only:
        build_one(args.only, out, args.fresh)
        return

    # One process per site, side by side: Sphinx keeps its interface translations
    # in process-wide state, so two languages in one process would mix them.
    edition_tocs()  # a malformed _toc.yml fails here, once
    common = ["--out", str(out)] + (["--fresh"] if args.fresh else [])
    jobs = {name: subprocess.Popen([sys.executable, __file__, "--only", name, *common])
            for name in ("landing", *EDITIONS)}
    failed = [name for name, job in jobs.items() if job.wait() != 0]
    if failed:
        raise SystemExit(f"The build failed for: {', '.join(failed)}")
    finish(out)
    print(f"Open {out / 'index.html'}")


if __name__ == "__main__":
    sys.exit(main())
