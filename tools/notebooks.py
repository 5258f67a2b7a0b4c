"""What the tools and the tests need to know about the book's notebooks."""

from __future__ import annotations

import ast
import hashlib
import io
import sys
import tokenize
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("zh", "en")
#: Notebook metadata key under which tools/execute_notebooks.py stores the fingerprint.
META_KEY = "dlbook"


def notebooks(lang: str | None = None) -> list[Path]:
    """Every chapter notebook, sorted, of one edition or of both."""
    langs = LANGUAGES if lang is None else (lang,)
    return sorted(p for l in langs for p in (ROOT / "chapters" / l).glob("*.ipynb"))


def code_cells(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def fingerprint(nb) -> str:
    """SHA-256 of what a notebook's outputs depend on: its code cells and utils/*.py."""
    digest = hashlib.sha256()
    for source in code_cells(nb):
        digest.update(source.encode() + b"\0")
    for path in sorted((ROOT / "utils").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


# Python >= 3.12 tokenizes f-strings in parts; older versions have no such tokens.
FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
FSTRING_END = getattr(tokenize, "FSTRING_END", -1)


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The tokens of a code cell, without comments and blank lines.

    IPython magics and shell lines (``%...``, ``!...``) are kept as one token each.
    """
    lines = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith(("%", "!")):
            lines.append(repr(stripped))  # a string token that compares exactly
        else:
            lines.append(line)
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENCODING,
            tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    tokens = tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline)
    result, fstring = [], None
    for t in tokens:
        # Python >= 3.12 splits an f-string into parts; compare it whole, as a string.
        if t.type == FSTRING_START:
            fstring = fstring if fstring is not None else [t.start, 0]
            fstring[1] += 1
        if fstring is not None:
            if t.type == FSTRING_END:
                fstring[1] -= 1
                if fstring[1] == 0:
                    result.append((tokenize.STRING, _slice(lines, fstring[0], t.end)))
                    fstring = None
            continue
        if t.type not in skip:
            result.append((t.type, t.string))
    return result


def _slice(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> str:
    """The source text between two tokenize positions (rows count from 1)."""
    (r0, c0), (r1, c1) = start, end
    if r0 == r1:
        return lines[r0 - 1][c0:c1]
    return "\n".join([lines[r0 - 1][c0:], *lines[r0:r1 - 1], lines[r1 - 1][:c1]])


def same_code(a: str, b: str) -> str | None:
    """Compare two code cells as the bilingual rule says; return why they differ, or None.

    The rule: identical code, except comments, and except string literals where one
    side contains non-ASCII text (a translated label or message) or that are the
    edition's language code, "zh" on one side and "en" on the other (as in
    ``check_softmax(my_softmax, lang="zh")``).
    """
    ta, tb = code_tokens(a), code_tokens(b)
    if len(ta) != len(tb):
        return f"{len(ta)} tokens vs {len(tb)} tokens"
    for (kind_a, text_a), (kind_b, text_b) in zip(ta, tb):
        if (kind_a, text_a) == (kind_b, text_b):
            continue
        translated = (kind_a == kind_b == tokenize.STRING
                      and (not text_a.isascii() or not text_b.isascii()
                           or {_string_value(text_a), _string_value(text_b)} == {"zh", "en"}))
        if not translated:
            return f"{text_a!r} vs {text_b!r}"
    return None


def _string_value(token: str):
    """The value of a string literal token, or None for one that is not a plain constant (an f-string)."""
    try:
        return ast.literal_eval(token)
    except (ValueError, SyntaxError):
        return None


def read(path: Path):
    return nbformat.read(path, as_version=4)


# --- The Colab set-up cell -------------------------------------------------------
# Every notebook starts with the same code cell: in Colab it installs this book's
# utils from a fixed release (never a moving branch) without touching Colab's own
# torch and torchvision; anywhere else it does nothing. tools/execute_notebooks.py
# writes it, tests/test_notebooks.py checks it.

#: Chapters that train convolutional networks and ask Colab for a GPU runtime.
GPU_CHAPTERS = {"10_convolutions"}

COLAB_COMMENT = {
    "en": ("# In Colab: install this book's utils from release {tag}; Colab's torch stays as it is.\n"
           "# Anywhere else this cell does nothing (see the README to set up your machine)."),
    "zh": ("# 在 Colab 中：从发布版本 {tag} 安装本书的 utils，Colab 自带的 torch 保持不变。\n"
           "# 在其他环境中这个单元格什么也不做（本地环境的安装见 README）。"),
}
COLAB_TAG = "dlbook-colab-setup"


def release_tag() -> str:
    """The git tag of this version of utils, e.g. ``v0.2.0``: ``v`` + ``utils.__version__``,
    the one place the version is written (pyproject.toml reads it from there too)."""
    return "v" + utils_version()


def repository_url() -> str:
    """The repository's address, set in one place: _config.yml."""
    import yaml
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    return config["repository"]["url"].rstrip("/")


def colab_cell_source(lang: str) -> str:
    tag = release_tag()
    url = repository_url()
    return (COLAB_COMMENT[lang].format(tag=tag) + "\n"
            "import sys\n"
            "\n"
            "if \"google.colab\" in sys.modules:\n"
            "    import importlib, subprocess\n"
            "    subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"--quiet\", \"--no-deps\",\n"
            f"                    \"dlbook-utils @ git+{url}@{tag}\"], check=True)\n"
            "    importlib.invalidate_caches()")


def is_colab_cell(cell) -> bool:
    return cell.cell_type == "code" and COLAB_TAG in cell.metadata.get("tags", [])


def ensure_colab_setup(nb, path: Path) -> None:
    """Put the current Colab set-up cell first among the code cells, and ask Colab
    for a GPU in the chapters that want one."""
    lang = path.parent.name
    nb.cells = [c for c in nb.cells if not is_colab_cell(c)]
    cell = nbformat.v4.new_code_cell(colab_cell_source(lang))
    # Not shown on the website: it only matters to someone running the notebook.
    cell.metadata["tags"] = [COLAB_TAG, "remove-cell"]
    cell["id"] = COLAB_TAG  # a fixed id, so re-running the tool changes nothing
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, cell)
    colab = nb.metadata.setdefault("colab", {})
    colab.setdefault("provenance", [])
    if path.stem in GPU_CHAPTERS:
        nb.metadata["accelerator"] = "GPU"
        colab["gpuType"] = "T4"
    else:
        nb.metadata.pop("accelerator", None)
        colab.pop("gpuType", None)


# --- One release: the website, its Colab links and the utils Colab installs ----------
# The Pages workflow (.github/workflows/pages.yml) publishes only from a tag vX.Y.Z:
# `python tools/notebooks.py release vX.Y.Z` points the site's Colab and source links at
# that tag (repository.branch in _config.yml, in the workflow's checkout) and stops the
# deploy when the tag, the version of utils or a notebook's set-up cell disagree.

def utils_version() -> str:
    """``utils.__version__``, read from utils/__init__.py without importing torch."""
    tree = ast.parse((ROOT / "utils" / "__init__.py").read_text(encoding="utf8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise ValueError("utils/__init__.py sets no __version__")


def link_ref() -> str:
    """The git ref the site's Colab and source links point at (repository.branch in _config.yml)."""
    import yaml
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    return str(config["repository"]["branch"])


def release_problems(ref: str) -> list[str]:
    """Why the site built from git ref ``ref`` would not be one release (empty: it is)."""
    tag = release_tag()
    problems = []
    if ref != tag:
        problems.append(f"the site is built from {ref!r}, but utils/__init__.py says __version__ = "
                        f"{tag[1:]!r}, released as {tag!r}: push the tag {tag} (or raise the "
                        "version and run `make execute`)")
    if link_ref() != ref:
        problems.append(f"the Colab links point at {link_ref()!r} (repository.branch in _config.yml), not {ref!r}")
    for path in notebooks():
        nb = read(path)
        cells = [c for c in nb.cells if is_colab_cell(c)]
        if not cells or cells[0].source != colab_cell_source(path.parent.name):
            problems.append(f"{path.relative_to(ROOT)}: its Colab set-up cell does not install utils "
                            f"from {tag}: run `make execute`")
    return problems


def pin_link_ref(ref: str) -> None:
    """Point the site's Colab and source links at ``ref``: rewrite repository.branch in _config.yml."""
    import re
    path = ROOT / "_config.yml"
    text = path.read_text(encoding="utf8")
    new, count = re.subn(r"(?m)^(repository:\n(?:[ \t]+.*\n)*?[ \t]+branch:[ \t]*).*$", rf"\g<1>{ref}", text)
    if count != 1:
        raise SystemExit(f"{path}: no repository.branch to point at {ref}")
    path.write_text(new, encoding="utf8")


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description="Release checks for the Pages workflow.")
    parser.add_argument("command", choices=["release"],
                        help="release REF: point the Colab links at REF, then check that REF, "
                             "utils' version and every Colab set-up cell agree")
    parser.add_argument("ref", help="the git tag being published, e.g. v0.2.0")
    args = parser.parse_args(argv)
    pin_link_ref(args.ref)
    problems = release_problems(args.ref)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print(f"One release: site, Colab links and utils all at {args.ref}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
