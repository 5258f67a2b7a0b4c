"""The website builds from scratch with warnings as errors and shows the stored outputs."""

import json
import re

import pytest

import notebooks


def test_landing_page_links_both_editions(site):
    html = (site / "index.html").read_text(encoding="utf8")
    assert 'href="zh/index.html"' in html and 'href="en/index.html"' in html


@pytest.mark.parametrize("lang, html_lang", [("zh", "zh-CN"), ("en", "en")])
def test_each_edition_speaks_its_language(site, lang, html_lang):
    html = (site / lang / "index.html").read_text(encoding="utf8")
    assert f'<html lang="{html_lang}"' in html


@pytest.mark.parametrize("path", notebooks.notebooks(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_page_shows_its_outputs(site, path):
    page = site / path.parent.name / (path.stem + ".html")
    assert page.exists(), f"{page} was not built"
    html = page.read_text(encoding="utf8")
    nb = notebooks.read(path)
    images = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    shown = re.findall(r'<img[^>]+src="(_images/[^"]+)"', html)
    assert len(shown) >= images, f"{images} figures stored, {len(shown)} shown"
    for src in shown:
        assert (page.parent / src).stat().st_size > 0
    texts = [o.text for c in nb.cells for o in c.get("outputs", []) if o.output_type == "stream"]
    if texts:  # the first printed line appears on the page
        first = texts[0].strip().splitlines()[0].strip()
        assert first.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")[:40] in html


def test_chinese_search_index_is_segmented(site):
    text = (site / "zh" / "searchindex.js").read_text(encoding="utf8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    # jieba cuts Chinese text into words; without it the index holds whole sentences.
    assert {"线性", "回归", "线性回归"} & set(index["terms"])


@pytest.mark.parametrize("lang, other", [("zh", "en"), ("en", "zh")])
def test_every_page_has_hreflang_links_and_a_counterpart(site, lang, other):
    # The switch itself is clicked in tests/test_browser.py.
    for page in sorted((site / lang).glob("*.html")):
        html = page.read_text(encoding="utf8")
        if page.stem in ("search", "genindex"):
            continue
        for code in ("zh-Hans", "en", "x-default"):
            assert f'hreflang="{code}"' in html, f"{lang}/{page.name}: no hreflang {code}"
        assert (site / other / page.name).exists(), f"{other}/{page.name} is missing"


@pytest.mark.parametrize("lang, placeholder, toc", [("zh", "搜索本书", "本页目录"),
                                                    ("en", "Search this book", "Contents")])
def test_interface_speaks_the_edition_language(site, lang, placeholder, toc):
    html = (site / lang / "index.html").read_text(encoding="utf8")
    assert f'placeholder="{placeholder}' in html
    assert toc in html


# Issue 15: the site finished in both languages, light enough for a phone.

def content_pages(site, lang=None):
    langs = notebooks.LANGUAGES if lang is None else (lang,)
    return [p for l in langs for p in sorted((site / l).glob("*.html"))
            if p.stem not in ("search", "genindex")]


def article(html: str) -> str:
    start = html.index('<article class="bd-article">') if '<article class="bd-article">' in html else 0
    return html[start:html.index("</article>", start)] if "</article>" in html[start:] else html


ENGLISH_INTERFACE = ("Toggle primary sidebar", "Toggle secondary sidebar", "Launch interactive content",
                     "Source repositories", "Color mode", "System Settings", "Link to this heading",
                     ">Repository<", "Open issue", "The book's contributors", "Toggle hidden content",
                     "列印成 PDF")


def test_zh_interface_is_chinese(site):
    for page in content_pages(site, "zh"):
        html = page.read_text(encoding="utf8")
        left = [s for s in ENGLISH_INTERFACE if s in html]
        assert not left, f"zh/{page.name}: English interface strings {left}"
    html = (site / "zh" / "03_softmax_regression.html").read_text(encoding="utf8")
    assert "打印为 PDF" in html and "报告问题" in html and "本书的贡献者" in html


@pytest.mark.parametrize("lang, words", [("zh", "%E9%A1%B5%E9%9D%A2"),  # 页面
                                         ("en", "Page%3A")])
def test_open_issue_names_the_edition_and_page_in_its_language(site, lang, words):
    html = (site / lang / "03_softmax_regression.html").read_text(encoding="utf8")
    links = re.findall(r'href="(https://github.com/[^"]+/issues/new\?[^"]+)"', html)
    assert len(links) == 1, links
    title = re.search(r"title=([^&]+)", links[0])[1]
    assert title.startswith(f"%5B{lang}%5D%2003_softmax_regression"), title
    assert re.search(r"body=" + re.escape(words), links[0].replace("&amp;", "&")), links[0]


def test_every_page_has_one_viewport_a_description_social_tags_and_a_favicon(site):
    for page in [site / "index.html", *content_pages(site)]:
        html = page.read_text(encoding="utf8")
        name = page.relative_to(site)
        viewports = html.count('name="viewport"')
        assert viewports == 1, f"{name}: {viewports} viewport tags"
        description = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert description and len(description[1]) >= 40, f"{name}: no description"
        assert "\\(" not in description[1] and "$" not in description[1], f"{name}: TeX in description"
        for tag in ('property="og:title"', 'property="og:description"', 'property="og:url"',
                    'name="twitter:card"', 'rel="icon"'):
            assert tag in html, f"{name}: no {tag}"
        title = re.search(r"<title>(.*?)</title>", html)[1]
        parts = [p.strip() for p in title.split("&#8212;")]
        assert len(parts) == len(set(parts)), f"{name}: title repeats itself: {title}"


def test_site_titles(site):
    titles = {p: re.search(r"<title>(.*?)</title>", (site / p).read_text(encoding="utf8"))[1]
              for p in ("index.html", "en/index.html", "zh/03_softmax_regression.html")}
    assert titles["index.html"] == "Deep Learning Lecture Notebooks · 深度学习讲义"
    assert titles["en/index.html"] == "Deep Learning Lecture Notebooks"
    assert titles["zh/03_softmax_regression.html"].endswith("深度学习讲义")


def test_pages_load_no_script_they_do_not_use(site):
    for page in content_pages(site):
        html = page.read_text(encoding="utf8")
        for script in ("searchindex.js", "fontawesome.js", "togglebutton.js"):
            assert script not in html, f"{page.relative_to(site)} loads {script}"
    assert "searchindex.js" in (site / "zh" / "search.html").read_text(encoding="utf8")


def test_images_have_a_size_lazy_loading_and_alt_text(site):
    """Alt text comes from the cell's metadata (mystnb.image.alt), not the file's path."""
    missing = []
    for page in content_pages(site):
        text = article(page.read_text(encoding="utf8"))
        for img in re.findall(r"<img\b[^>]*>", text):
            where = f"{page.relative_to(site)}: {img[:120]}"
            assert re.search(r'width="\d+" height="\d+"', img), f"{where}: no width/height"
            assert 'loading="lazy"' in img, f"{where}: not lazy"
            if "dlbook-strip" in img:  # a strip of a figure stacked on a phone: named below
                continue
            alt = re.search(r'alt="([^"]*)"', img)
            if not alt or not alt[1].strip() or re.search(r"_images/|\.(png|svg|jpe?g)$", alt[1]):
                missing.append(where)
        # The strips of a stacked figure are one image with the figure's own alt text.
        for label in re.findall(r'<div class="dlbook-stacked" role="img" aria-label="([^"]*)"', text):
            if not label.strip():
                missing.append(f"{page.relative_to(site)}: stacked strips without a label")
    assert not missing, f"{len(missing)} figures without alt text:\n" + "\n".join(missing[:20])


def test_chinese_quotes_are_as_typed_and_lines_join_without_spaces(site):
    """Smart quotes are off in zh ("…" stays, no ”…” made of it), and a source line break
    between two Chinese characters leaves no space on the page."""
    cjk = "\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"
    for path in notebooks.notebooks("zh"):
        source = path.read_text(encoding="utf8")
        html = (site / "zh" / f"{path.stem}.html").read_text(encoding="utf8")
        for quote in "“”‘’":
            assert article(html).count(quote) <= source.count(quote), (path.name, quote)
        prose = re.sub(r"<pre.*?</pre>|<script.*?</script>", "", article(html), flags=re.S)
        breaks = re.findall(rf"[{cjk}][ \t]*\n\s*[{cjk}]", prose)
        assert not breaks, (path.name, breaks[:5])
    landing = (site / "index.html").read_text(encoding="utf8")
    assert not re.findall(rf"[{cjk}]\s+[{cjk}]", landing), "stray spaces in the landing page"


def test_landing_page_marks_each_cards_language_and_names_the_sources(site):
    html = (site / "index.html").read_text(encoding="utf8")
    assert re.search(r'<div class="[^"]*sd-card[^"]*" lang="zh-hans"', html, re.I)
    assert re.search(r'<div class="[^"]*sd-card[^"]*" lang="en"', html)
    for url in ("https://d2l.ai", "https://zh.d2l.ai", "BV18p4y1h7Dr", "BV1Wv411h7kN", "BV1hE411t7RN"):
        assert html.count(url) >= 2, f"{url} is not in both cards"


def test_language_switch_knows_the_other_editions_sections(site):
    for lang, other in (("zh", "en"), ("en", "zh")):
        for page in content_pages(site, lang):
            html = page.read_text(encoding="utf8")
            theirs = re.findall(r'<section\b[^>]*?\bid="([^"]+)"', (site / other / page.name).read_text(encoding="utf8"))
            anchors = re.search(r'class="dlbook-language-switch"[^>]*data-anchors="([^"]*)"', html)
            assert anchors and anchors[1].split() == theirs, f"{lang}/{page.name}"


def test_every_icon_on_the_pages_is_in_the_cut_icon_fonts(site):
    """The pages draw their icons from Font Awesome cut to the glyphs they use
    (_ext/static/fonts): an icon missing there would show as an empty box."""
    from fontTools.ttLib import TTFont

    css = (site / "zh" / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf8")
    fonts = {style: set(TTFont(notebooks.ROOT / "_ext" / "static" / "fonts" / name).getBestCmap() or {})
             for style, name in (("solid", "fa-solid-900-subset.woff"),
                                 ("brands", "fa-brands-400-subset.woff"))}
    used = set()
    for page in [site / "index.html", *(site / lang / p.name for lang in notebooks.LANGUAGES
                                        for p in sorted((site / lang).glob("*.html")))]:
        used |= set(re.findall(r'class="[^"]*\b(fa-solid|fas|fab|fa-brands) fa-([a-z0-9-]+)',
                               page.read_text(encoding="utf8")))
    assert len(used) >= 10
    for style, name in sorted(used):
        code = re.search(r"\.fa-" + re.escape(name) + r':before[^{]*\{content:"\\(\w+)"', css)
        assert code, f"fa-{name}: not in the theme's CSS"
        font = fonts["brands" if style in ("fab", "fa-brands") else "solid"]
        assert int(code[1], 16) in font, f"fa-{name} (U+{code[1]}) is not in the cut font"


def test_the_themes_load_time_measuring_of_every_box_is_taken_out(site, tmp_path):
    """tools/build_site.py takes pydata-sphinx-theme's measuring of every code block on load
    out of its script (bilingual.js measures each as it comes into view), in all three sites;
    a theme script it does not recognise stops the build with a message, not a slow page."""
    import build_site

    for where in (site, *(site / lang for lang in notebooks.LANGUAGES)):
        script = (where / "_static" / "scripts" / "pydata-sphinx-theme.js").read_text(encoding="utf8")
        assert script.count(build_site._NO_THEME_TAB_STOPS) == 1, where
        assert not build_site._THEME_TAB_STOPS.search(script), where
    scripts = tmp_path / "_static" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "pydata-sphinx-theme.js").write_text('window.addEventListener("load",n);', encoding="utf8")
    with pytest.raises(SystemExit, match="_THEME_TAB_STOPS"):
        build_site.lighten_theme_script(tmp_path)


def test_plots_side_by_side_stack_on_a_phone(site):
    """Wide figures of plots side by side come with their strips (tests/test_build_site.py
    tests the cutting), as many in each edition, each strip a file of the site."""
    counts = {}
    for lang in notebooks.LANGUAGES:
        for page in content_pages(site, lang):
            for block in re.findall(r'<div class="dlbook-stacked".*?</div>', page.read_text(encoding="utf8")):
                strips = re.findall(r'src="([^"]+)"', block)
                assert len(strips) >= 2, (page.name, block[:200])
                assert all((page.parent / s).is_file() for s in strips), (page.name, strips)
                counts[lang] = counts.get(lang, 0) + 1
    assert counts.get("en", 0) >= 15 and counts["en"] == counts.get("zh"), counts
