"""The prose of both editions, as a reader sees it on the page.

The markdown cells are parsed with the parser MyST itself uses (markdown-it-py
with MyST's extensions), so a check sees what the website shows: text, not the
code spans and formulas inside it.

- emphasis renders (CommonMark leaves ``**…。**`` before a Chinese character as
  literal asterisks);
- the book speaks to its reader, never about study notes the reader has not seen;
- both editions have the same headings in the same places, and one wording of the
  exercises' introduction;
- the zh edition uses one term per concept (chapters/glossary_terms.md, shown to
  readers as the glossary page), “” quotes, "第 3 章", no line break inside a
  Chinese paragraph, and prints Chinese.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

import notebooks

ROOT = notebooks.ROOT
GLOSSARY = ROOT / "chapters" / "glossary_terms.md"
PAGES = {lang: sorted((ROOT / "chapters" / lang).glob("*.md")) for lang in ("en", "zh")}
DOCS = {lang: notebooks.notebooks(lang) + PAGES[lang] for lang in ("en", "zh")}
ALL = DOCS["en"] + DOCS["zh"]
PAIRS = [(zh, zh.parents[1] / "en" / zh.name) for zh in notebooks.notebooks("zh")]

CJK_CHAR = "\u4e00-\u9fff"
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # characters and full-width punctuation
CODE, MATH = "\x00", "\x01"  # what an inline code span or formula becomes in the text


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@functools.cache
def _parser():
    return create_md_parser(MdParserConfig(enable_extensions={"dollarmath", "colon_fence"}),
                            RendererHTML)


def _markdown(path: Path) -> list[str]:
    """The markdown sources of a page: a notebook's markdown cells, or a .md file."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf8")]
    return [c.source for c in notebooks.read(path).cells if c.cell_type == "markdown"]


def _tokens(source: str):
    """The block tokens of ``source``, with the markdown inside directives (dropdowns) parsed too."""
    for token in _parser().parse(source):
        yield token
        if token.type in ("colon_fence", "fence") and token.info.startswith("{"):
            directive = token.info[1:].split("}", 1)[0]
            if directive not in ("code-cell", "math", "include", "code", "code-block"):
                body = "\n".join(line for line in token.content.split("\n")
                                 if not re.match(r"^:\w[\w-]*:", line))
                yield from _tokens(body)


@functools.cache
def _inlines(path: Path) -> list[list]:
    """Every paragraph, list item, heading and table cell of a page, as its inline children."""
    return [token.children or [] for source in _markdown(path)
            for token in _tokens(source) if token.type == "inline"]


def _text(children, softbreak: str = " ") -> str:
    """What a reader reads: text with code spans and formulas reduced to a marker."""
    parts = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(softbreak)
        elif child.type == "code_inline":
            parts.append(CODE)
        elif child.type.startswith("math"):
            parts.append(MATH)
    return "".join(parts)


def _prose(path: Path) -> list[str]:
    return [_text(children) for children in _inlines(path)]


def _outputs(path: Path, documentation: bool = True) -> list[str]:
    """The text a notebook prints (streams and plain-text results), line by line;
    without the output of ``help(...)`` (a library's own documentation) if not ``documentation``."""
    if path.suffix != ".ipynb":
        return []
    lines = []
    for cell in notebooks.read(path).cells:
        if not documentation and re.search(r"^\s*help\(", cell.source, re.MULTILINE):
            continue
        for out in cell.get("outputs", []):
            text = out.get("text", "") or out.get("data", {}).get("text/plain", "")
            lines += text.splitlines()
    return lines


# -- Both editions -----------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL, ids=_id)
def test_emphasis_renders(path):
    """``**…**`` and ``*…*`` that the parser does not close would show as literal asterisks."""
    for children in _inlines(path):
        for child in children:
            if child.type == "text":
                stray = re.search(r"\*\S|\S\*", child.content)
                assert not stray, (f"literal '*' on the page (emphasis not closed; in Chinese put "
                                   f"the punctuation outside: **重点**。): {child.content!r}")


UNSEEN_NOTES = {"en": re.compile(r"\bnotes\b", re.IGNORECASE), "zh": re.compile("笔记(?!本)")}


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_the_book_never_refers_to_notes_the_reader_has_not_seen(path):
    """Say "a common slip is …" / "常见的错误写法是 …", not "the notes write …"."""
    lang = path.parent.name
    pattern = UNSEEN_NOTES[lang]
    texts = _markdown(path) + _outputs(path)
    if path.suffix == ".ipynb":
        texts += notebooks.code_cells(notebooks.read(path))
    for text in texts:
        for line in text.splitlines():
            assert not pattern.search(line), f"refers to notes the reader has not seen: {line.strip()!r}"


def _headings(path: Path) -> list[tuple[int, int]]:
    """(number of code cells before it, level) for every heading of a notebook."""
    found, code = [], 0
    for cell in notebooks.read(path).cells:
        if cell.cell_type == "code":
            code += 1
            continue
        found += [(code, int(t.tag[1])) for t in _tokens(cell.source) if t.type == "heading_open"]
    return found


@pytest.mark.parametrize("zh, en", PAIRS, ids=[p[0].stem for p in PAIRS])
def test_both_editions_have_the_same_headings_in_the_same_places(zh, en):
    """The page's table of contents and the language switch's section anchors rely on it."""
    assert _headings(zh) == _headings(en), "headings (level, code cells before) differ between editions"


EXERCISES = {"en": "Exercises", "zh": "练习"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_wording_of_the_exercises_introduction(lang):
    intros = {}
    for path in notebooks.notebooks(lang):
        tokens = [t for source in _markdown(path) for t in _tokens(source)]
        heading = next(i for i, t in enumerate(tokens)
                       if t.type == "inline" and t.content == EXERCISES[lang]
                       and tokens[i - 1].type == "heading_open")
        first = next(t for t in tokens[heading + 1:] if t.type == "inline")
        intros.setdefault(first.content, []).append(path.stem)
    assert len(intros) == 1, "different introductions to the exercises:\n" + "\n".join(
        f"{chapters}: {text[:80]}…" for text, chapters in intros.items())


# -- The Chinese edition -----------------------------------------------------------------

def glossary() -> list[tuple[str, str, list[str]]]:
    """(English, the book's term, the variants to avoid) from chapters/glossary_terms.md."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf8").splitlines()[2:]:
        english, term, avoid = (cell.strip() for cell in line.strip().strip("|").split("|"))
        rows.append((english, term, [v for v in avoid.split("、") if v]))
    return rows


def _avoided(text: str, term: str, variants: list[str], cjk_only: bool = False) -> str | None:
    # The term itself, with a gloss right after it ("汇聚层（pooling，也常译作池化层）"), is fine.
    text = re.sub(re.escape(term) + r"（[^）]*）", "", text).replace(term, "")
    for variant in variants:
        if cjk_only and not re.search(f"[{CJK_CHAR}]", variant):
            continue
        if variant.isascii() and re.search(rf"\b{re.escape(variant)}\b", text, re.IGNORECASE):
            return variant
        if not variant.isascii() and variant in text:
            return variant
    return None


def test_the_glossary_is_well_formed():
    rows = glossary()
    assert len(rows) >= 20
    terms = [term for _, term, _ in rows]
    assert len(set(terms)) == len(terms), "a term listed twice"
    for english, term, variants in rows:
        assert english and term, f"incomplete row: {english!r} {term!r}"
        assert term not in variants


def test_the_avoided_variant_check_can_fail():
    rows = {term: variants for _, term, variants in glossary()}
    assert _avoided("训练 10 个周期", "迭代周期", rows["迭代周期"]) == "周期"
    assert _avoided("训练 10 个迭代周期", "迭代周期", rows["迭代周期"]) is None
    assert _avoided("汇聚层（pooling，也常译作池化层）", "汇聚层", rows["汇聚层"]) is None
    assert _avoided("池化层把输出缩小", "汇聚层", rows["汇聚层"]) == "池化"
    assert _avoided("每个 epoch 之后", "迭代周期", rows["迭代周期"]) == "epoch"


@pytest.mark.parametrize("path", DOCS["zh"], ids=_id)
def test_zh_uses_the_glossary_terms(path):
    """One term per concept, d2l-zh's (chapters/glossary_terms.md): 迭代周期, 汇聚层, 规范化 …"""
    if path.name == "glossary.md":
        return
    rows = [(term, variants) for _, term, variants in glossary() if variants]
    for text in _prose(path):
        for term, variants in rows:
            variant = _avoided(text, term, variants)
            assert variant is None, f"“{variant}” → “{term}” (chapters/glossary_terms.md): {text[:120]!r}"
    for line in _outputs(path):
        for term, variants in rows:
            variant = _avoided(line, term, variants, cjk_only=True)
            assert variant is None, f"printed “{variant}” → “{term}”: {line.strip()!r}"


@pytest.mark.parametrize("path", DOCS["zh"], ids=_id)
def test_zh_prose_uses_chinese_quotes_and_chapter_numbers(path):
    for text in _prose(path):
        if not re.search(f"[{CJK_CHAR}]", text):
            continue
        assert '"' not in text and "「" not in text, f"quotes in Chinese prose are “”: {text[:120]!r}"
        assert not re.search(r"第\s*0\d", text), f"chapter numbers without a leading zero: {text[:120]!r}"
        assert not re.search(rf"第\d|\d章", text), f"write 第 3 章, with spaces: {text[:120]!r}"


@pytest.mark.parametrize("path", DOCS["zh"], ids=_id)
def test_chinese_paragraphs_have_no_line_breaks(path):
    """A line break inside a paragraph is shown as a space: inside Chinese text, a typo on the page."""
    for children in _inlines(path):
        text = _text(children, softbreak="\n")
        if "\n" in text and re.search(f"[{CJK_CHAR}]", text):
            line = text.split("\n")[0]
            pytest.fail(f"join the lines of this Chinese paragraph: {line[-40:]!r} / …")


ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,:]+[A-Za-z]{2,})+")
NOT_PROSE = re.compile(r"^\s*(tensor\(|Parameter|Sequential|\(|\[|<|[A-Za-z_.]+\()|Error\b|Traceback")


def _english(line: str) -> bool:
    """A printed line in English words: "max gradient 0.25", not a repr or Python's True/False."""
    if re.search(f"[{CJK_CHAR}]", line) or NOT_PROSE.search(line):
        return False
    return bool(ENGLISH_SENTENCE.search(re.sub(r"\b(True|False|None|nan|inf)\b", " ", line)))


@pytest.mark.parametrize("path", notebooks.notebooks("zh"), ids=_id)
def test_zh_prints_chinese(path):
    """What a zh notebook prints is Chinese: no English sentences (reprs of objects are fine)."""
    for line in _outputs(path, documentation=False):  # help(torch.numel) shows PyTorch's English docs
        assert not _english(line), f"English printed in the zh edition: {line.strip()!r}"


@pytest.mark.parametrize("line, english", [
    ("max gradient 1.2e+03", True),
    ("training on cpu, 3 epochs", True),
    ("loss 0.512, train acc 0.812", True),
    ("训练设备：cpu", False),
    ("tensor([1., 2.])", False),
    ("torch.Size([2, 3])", False),
    ("Sequential(", False),
    ("False True", False),
    ("cpu", False),
])
def test_the_english_sentence_rule(line, english):
    assert _english(line) is english
