"""Sphinx extension: tie the two editions of the book together, and finish the theme in both.

Every page of one edition links to the same page of the other edition: a switch
in the page header, and ``<link rel="alternate" hreflang=...>`` in the head, so
readers and search engines find the counterpart. The landing page links to both.
The switch keeps the reader's section and search query (static/bilingual.js;
tools/build_site.py writes the other page's section anchors into each switch).

It also finishes the theme where it is English-only or heavy (templates/ overrides
the theme's templates of the same name): interface strings in the page's language
(``dlbook_say(en, zh)`` in a template), an "Open issue" link that names the page
and asks in the page's language, a description and social-preview tags, and no
script a page does not use. In Chinese text a line break between two Chinese
characters is dropped (HTML would show it as a space).

Configuration (set by tools/build_site.py):

* ``bilingual_edition``: ``"zh"`` or ``"en"`` for an edition, ``""`` for the landing page;
* ``bilingual_site_url``: the published site's address, e.g.
  ``https://dlbook.github.io/dl-notebooks/`` (hreflang links must be absolute).

Both editions live side by side under the site root (``zh/``, ``en/``) with the
same page names, which tests/test_parity.py guarantees.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: edition -> its hreflang code, and the labels and tooltip of the switch that leads to it
EDITIONS = {
    "zh": {"hreflang": "zh-Hans", "label": "中文 (Chinese)", "short": "中文",
           "title": "This page in Chinese", "locale": "zh_CN"},
    "en": {"hreflang": "en", "label": "English (英文)", "short": "English",
           "title": "本页的英文版", "locale": "en_US"},
}

#: The header buttons' texts (sphinx-book-theme's ``header_buttons``, by their ``label``):
#: the theme's own translations are missing or in Taiwan usage for zh.
BUTTONS = {
    "launch-buttons": {"tooltip": ("Run this notebook", "运行本笔记本")},
    "source-buttons": {"tooltip": ("Source", "源代码")},
    "source-repository-button": {"tooltip": ("Source repository", "源代码仓库"),
                                 "text": ("Repository", "源代码仓库")},
    "source-issues-button": {"tooltip": ("Report a problem with this page", "报告本页的问题"),
                             "text": ("Open issue", "报告问题")},
    "download-buttons": {"tooltip": ("Download this page", "下载本页")},
    "download-source-button": {"tooltip": ("Download the notebook", "下载笔记本")},
    "download-pdf-button": {"tooltip": ("Print to PDF", "打印为 PDF")},
}
LAUNCH_TOOLTIP = ("Open in Colab", "在 Colab 中打开")
ISSUE_BODY = ("Page: {url}\n\nWhat is wrong or unclear, and what would make it better:\n\n",
              "页面：{url}\n\n哪里有错或不清楚？怎样改会更好？\n\n")
#: Sphinx's and myst-nb's strings in the page body that have no Chinese translation.
BODY_TEXT = {
    'title="Link to this heading"': ('title="Link to this heading"', 'title="链接到本节"'),
    'title="Link to this equation"': ('title="Link to this equation"', 'title="链接到此公式"'),
    'title="Link to this image"': ('title="Link to this image"', 'title="链接到此图"'),
    'title="Link to this table"': ('title="Link to this table"', 'title="链接到此表"'),
    'title="Link to this code"': ('title="Link to this code"', 'title="链接到此代码"'),
    # A hidden cell's <summary> is named by its visible text ("Show solution", "显示答案").
    '<summary aria-label="Toggle hidden content">': ("<summary>", "<summary>"),
}

CJK = "\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*(?=[{CJK}])")


def other(edition: str) -> str:
    return "en" if edition == "zh" else "zh"


def say(edition: str, en: str, zh: str) -> str:
    return zh if edition == "zh" else en


def counterpart(edition: str, pagename: str) -> dict:
    """The link from ``pagename`` of ``edition`` to the same page of the other edition."""
    target = other(edition)
    up = "../" * (pagename.count("/") + 1)
    return {"href": f"{up}{target}/{pagename}.html", **EDITIONS[target]}


def join_chinese_lines(text: str) -> str:
    """Drop the line breaks between two Chinese characters (a browser shows them as spaces)."""
    return _CJK_LINE_BREAK.sub("", text)


class JoinChineseLines(SphinxTransform):
    """Source lines that break inside Chinese text join without a space."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.Text)):
            if isinstance(node.parent, (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw)):
                continue
            text = str(node)
            joined = join_chinese_lines(text)
            if joined != text:
                node.parent.replace(node, nodes.Text(joined))


def description(doctree, limit: int = 160) -> str:
    """The page's first prose (no math, no code), cut to ``limit`` characters."""
    if doctree is None:
        return ""
    text = ""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(a, (nodes.FixedTextElement, nodes.admonition, nodes.container))
               for a in _ancestors(paragraph)):
            continue
        words = [str(t) for t in paragraph.findall(nodes.Text)
                 if not any(isinstance(a, (nodes.math, nodes.literal)) for a in _ancestors(t))]
        part = re.sub(r"\s+", " ", "".join(words)).strip()
        if len(part) >= 20:
            text = f"{text} {part}".strip()
        if len(text) >= 80:
            break
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _issue_url(url: str, edition: str, pagename: str, pageurl: str) -> str:
    base = url.split("?", 1)[0]
    title = f"[{edition}] {pagename}: " if edition else f"{pagename}: "
    body = say(edition, *ISSUE_BODY).format(url=pageurl)
    return f"{base}?title={quote(title)}&body={quote(body)}"


def _buttons(buttons: list, edition: str, pagename: str, pageurl: str) -> list:
    kept = []
    for button in buttons:
        button = dict(button)
        label = button.get("label", "")
        if label == "fullscreen-button":  # no use on a phone, one icon fewer in the header
            continue
        for key, texts in BUTTONS.get(label, {}).items():
            button[key] = say(edition, *texts)
        if button.get("text") == "Colab":
            button["tooltip"] = say(edition, *LAUNCH_TOOLTIP)
        if label == "source-issues-button":
            button["url"] = _issue_url(button["url"], edition, pagename, pageurl)
        if "buttons" in button:
            button["buttons"] = _buttons(button["buttons"], edition, pagename, pageurl)
        kept.append(button)
    return kept


def _uses(body: str, *markers: str) -> bool:
    return any(m in body for m in markers)


def _early_context(app, pagename, templatename, context, doctree):
    """What the templates use; before pydata-sphinx-theme renders its components."""
    edition = app.config.bilingual_edition
    context["dlbook_say"] = lambda en, zh: say(edition, en, zh)
    context["dlbook_is_home"] = pagename == app.config.root_doc
    context["dlbook_locale"] = EDITIONS.get(edition, EDITIONS["en"])["locale"]
    context["dlbook_description"] = description(doctree)
    if edition:
        context["bilingual_counterpart"] = counterpart(edition, pagename)


def _page_context(app, pagename, templatename, context, doctree):
    edition = app.config.bilingual_edition
    base = app.config.bilingual_site_url.rstrip("/") + "/"
    prefix = f"{edition}/" if edition else ""
    pageurl = f"{base}{prefix}{pagename}.html"

    if edition:
        context["bilingual_counterpart"] = counterpart(edition, pagename)
        pages = {lang: f"{base}{lang}/{pagename}.html" for lang in EDITIONS}
    else:  # the landing page: both editions' home pages
        pages = {lang: f"{base}{lang}/index.html" for lang in EDITIONS}
    links = [f'<link rel="alternate" hreflang="{EDITIONS[lang]["hreflang"]}" href="{url}" />'
             for lang, url in pages.items()]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{base}index.html" />')
    # docutils adds a second viewport tag; the page template has one already.
    metatags = re.sub(r'<meta name="viewport"[^>]*>\s*', "", context.get("metatags", ""))
    context["metatags"] = metatags + "\n".join(links) + "\n"

    if "header_buttons" in context:
        context["header_buttons"] = _buttons(context["header_buttons"], edition, pagename, pageurl)

    body = context.get("body", "")
    for old, texts in BODY_TEXT.items():
        body = body.replace(old, say(edition, *texts))
    # The landing page's cards: each marks the language it is written in.
    body = re.sub(r'(<div class="[^"]*\bdlbook-lang-([a-zA-Z-]+)\b[^"]*")', r'\1 lang="\2"', body)
    context["body"] = body

    # Scripts a page does not use: the toggle buttons (none on these pages; hidden cells
    # and solutions are <details>), sphinx-design's tabs.
    drop = set()
    if not _uses(body, 'class="toggle', "admonition dropdown", "dropdown admonition"):
        drop |= {"togglebutton.js", "toggleHint", "toggleOpenOnPrint", "togglebuttonSelector"}
    if not _uses(body, "sd-tab-set"):
        drop |= {"design-tabs.js"}
    if drop and "script_files" in context:
        context["script_files"] = [
            js for js in context["script_files"]
            if not any(d in (getattr(js, "filename", "") or str(js)) or
                       d in (getattr(js, "attributes", {}) or {}).get("body", "") for d in drop)]
    # MathJax is not loaded with the page: static/bilingual.js fetches it when the first
    # formula comes near the screen (its 270 kB no longer compete with the page's own files
    # for a slow connection before the first paint). Its settings script stays.
    if "script_files" in context:
        scripts = context["script_files"]
        mathjax = [js for js in scripts if str(getattr(js, "filename", "")).endswith(MATHJAX)]
        context["script_files"] = [js for js in scripts if js not in mathjax]
        context["dlbook_mathjax"] = str(mathjax[0].filename) if mathjax else ""
    # The rest wait for the page instead of holding up its first paint (documentation_options.js
    # stays: an inline script right after it uses it; and on the search page, whose
    # searchtools.js needs doctools.js at once, all stay).
    if "script_files" in context and pagename != "search":
        context["script_files"] = [_deferred(js) for js in context["script_files"]]
    if drop and "css_files" in context and "togglebutton.js" in drop:
        context["css_files"] = [css for css in context["css_files"]
                                if "togglebutton.css" not in (getattr(css, "filename", "") or str(css))]


MATHJAX = "mathjax/tex-mml-chtml.js"  # tools/build_site.py's mathjax_path
DEFERRED = {"doctools.js", "sphinx_highlight.js", "clipboard.min.js", "copybutton.js",
            "sphinx-book-theme.js", "translations.js", "design-tabs.js"}


def _deferred(js):
    name = Path(str(getattr(js, "filename", "") or "")).name
    attributes = getattr(js, "attributes", None)
    if name not in DEFERRED or attributes is None or "defer" in attributes:
        return js
    return type(js)(js.filename, priority=js.priority, **{**attributes, "defer": "defer"})


def _add_templates(app, config):
    here = Path(__file__).parent
    config.templates_path.insert(0, str(here / "templates"))
    config.html_static_path.append(str(here / "static"))


def setup(app):
    app.add_config_value("bilingual_edition", "", "html")
    app.add_config_value("bilingual_site_url", "", "html")
    app.connect("config-inited", _add_templates)
    # After sphinx-book-theme's handlers (priority 501), whose buttons it translates.
    app.connect("html-page-context", _early_context, priority=100)
    app.connect("html-page-context", _page_context, priority=900)
    app.add_transform(JoinChineseLines)
    app.add_css_file("bilingual.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
