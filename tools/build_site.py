"""Build the website: a landing page and one site per edition, into _build/html.

    python tools/build_site.py            # what `make html` runs
    python tools/build_site.py --fresh --out /tmp/site   # what the tests run

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
    "zh": {"language": "zh_CN", "html_title": "深度学习课堂笔记"},
    "en": {"language": "en", "html_title": "Deep Learning Lecture Notebooks"},
}
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
    if edition:
        theme.update(THEME_TEXT[edition])
        # The header's buttons, then the switch to this page in the other edition.
        theme["article_header_end"] = ["article-header-buttons.html", "language-switch.html"]
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
            "latex_individualpages": False,
            # No live code on the pages (Thebe would fetch its code from unpkg.com,
            # and its settings script is added twice, a console error).
            "extensions": [e for e in config["extensions"] if e != "sphinx_thebe"],
            # _ext/bilingual.py: the language switch and hreflang links.
            "bilingual_edition": edition,
            "bilingual_site_url": base,
            "html_baseurl": f"{base}{edition}/" if edition else base,
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
              {"language": "en", "html_title": "Deep Learning Lecture Notebooks · 深度学习课堂笔记"}, fresh)
    else:
        edition = edition_tocs()[name]
        build(ROOT / edition["folder"], out / name, edition["toc"],
              {**EDITIONS[name], "bilingual_edition": name}, fresh)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html", help="output folder")
    parser.add_argument("--fresh", action="store_true", help="ignore cached doctrees (what CI does)")
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
    print(f"Open {out / 'index.html'}")


if __name__ == "__main__":
    sys.exit(main())
