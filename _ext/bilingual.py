"""Sphinx extension: tie the two editions of the book together.

Every page of one edition links to the same page of the other edition: a switch
in the page header, and ``<link rel="alternate" hreflang=...>`` in the head, so
readers and search engines find the counterpart. The landing page links to both.

Configuration (set by tools/build_site.py):

* ``bilingual_edition``: ``"zh"`` or ``"en"`` for an edition, ``""`` for the landing page;
* ``bilingual_site_url``: the published site's address, e.g.
  ``https://dlbook.github.io/dl-notebooks/`` (hreflang links must be absolute).

Both editions live side by side under the site root (``zh/``, ``en/``) with the
same page names, which tests/test_parity.py guarantees.
"""

from __future__ import annotations

from pathlib import Path

#: edition -> its hreflang code, and the label and tooltip of the switch that leads to it
EDITIONS = {
    "zh": {"hreflang": "zh-Hans", "label": "中文 (Chinese)", "title": "This page in Chinese"},
    "en": {"hreflang": "en", "label": "English (英文)", "title": "本页的英文版"},
}


def other(edition: str) -> str:
    return "en" if edition == "zh" else "zh"


def counterpart(edition: str, pagename: str) -> dict:
    """The link from ``pagename`` of ``edition`` to the same page of the other edition."""
    target = other(edition)
    up = "../" * (pagename.count("/") + 1)
    return {"href": f"{up}{target}/{pagename}.html", **EDITIONS[target]}


def _page_context(app, pagename, templatename, context, doctree):
    edition = app.config.bilingual_edition
    base = app.config.bilingual_site_url.rstrip("/") + "/"
    if edition:
        context["bilingual_counterpart"] = counterpart(edition, pagename)
        pages = {lang: f"{base}{lang}/{pagename}.html" for lang in EDITIONS}
    else:  # the landing page: both editions' home pages
        pages = {lang: f"{base}{lang}/index.html" for lang in EDITIONS}
    links = [f'<link rel="alternate" hreflang="{EDITIONS[lang]["hreflang"]}" href="{url}" />'
             for lang, url in pages.items()]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{base}index.html" />')
    context["metatags"] = context.get("metatags", "") + "\n".join(links) + "\n"


def _add_templates(app, config):
    here = Path(__file__).parent
    config.templates_path.append(str(here / "templates"))
    config.html_static_path.append(str(here / "static"))


def setup(app):
    app.add_config_value("bilingual_edition", "", "html")
    app.add_config_value("bilingual_site_url", "", "html")
    app.connect("config-inited", _add_templates)
    app.connect("html-page-context", _page_context)
    app.add_css_file("bilingual.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
