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
