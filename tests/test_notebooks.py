"""The notebooks are complete, listed, executed, and their stored outputs are fresh.

nbval (run by `make test` over chapters/) re-executes them and compares outputs.
"""

import re

import pytest
import yaml

import notebooks

ALL = notebooks.notebooks()
IDS = [f"{p.parent.name}/{p.stem}" for p in ALL]


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_outputs_are_fresh(path):
    nb = notebooks.read(path)
    stored = nb.metadata.get(notebooks.META_KEY, {}).get("fingerprint")
    assert stored == notebooks.fingerprint(nb), (
        f"{path.name}: its code or utils/ changed since its outputs were stored; "
        f"run `make execute` (or python tools/execute_notebooks.py {path.relative_to(notebooks.ROOT)})")


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_every_code_cell_was_executed_in_order(path):
    counts = [c.execution_count for c in notebooks.read(path).cells if c.cell_type == "code"]
    assert None not in counts, "some code cells were never executed"
    assert counts == list(range(1, len(counts) + 1)), "cells were not run top to bottom once"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_no_stored_errors(path):
    for cell in notebooks.read(path).cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"stored error: {out.get('ename')}: {out.get('evalue')}"
            assert out.get("name") != "stderr" or "Warning" not in out.get("text", ""), out["text"]


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_shape_of_a_chapter(path):
    nb = notebooks.read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "first cell: '# Title'"
    titles = [c for c in nb.cells if c.cell_type == "markdown"
              for line in c.source.splitlines() if line.startswith("# ")]
    assert len(titles) == 1, "exactly one top-level heading"
    code = notebooks.code_cells(nb)
    assert "utils.seed_everything(" in code[1], "the code cell after the Colab set-up seeds everything"
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_colab_setup_cell_comes_first_and_is_current(path):
    nb = notebooks.read(path)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert notebooks.is_colab_cell(first), "the first code cell is the Colab set-up cell"
    assert first.source == notebooks.colab_cell_source(path.parent.name), (
        "the Colab set-up cell is out of date: run `make execute`")
    # A release tag, never a moving branch; torch and torchvision are left alone.
    assert re.search(r"@v\d+\.\d+\.\d+\"", first.source)
    code = [line for line in first.source.splitlines() if not line.lstrip().startswith("#")]
    assert "--no-deps" in first.source and not any("torch" in line for line in code)
    wants_gpu = path.stem in notebooks.GPU_CHAPTERS
    assert (nb.metadata.get("accelerator") == "GPU") is wants_gpu
    assert (nb.metadata.get("colab", {}).get("gpuType") == "T4") is wants_gpu


def test_colab_cell_pins_the_version_of_utils():
    import utils
    assert notebooks.release_tag() == f"v{utils.__version__}"


def test_every_notebook_is_in_the_table_of_contents():
    toc = yaml.safe_load((notebooks.ROOT / "_toc.yml").read_text(encoding="utf8"))
    listed = {s["file"] for entry in toc["chapters"] for s in entry.get("sections", [])}
    on_disk = {p.relative_to(notebooks.ROOT).with_suffix("").as_posix() for p in ALL}
    pages = {p.relative_to(notebooks.ROOT).with_suffix("").as_posix()
             for p in (notebooks.ROOT / "chapters").glob("*/*.md") if p.stem != "index"}
    assert listed == on_disk | pages


EXERCISES = {"en": ("## Exercises", "Not yet: ", "Solution"), "zh": ("## 练习", "还不对：", "答案")}


def _outputs_text(cell) -> str:
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                   for o in cell.get("outputs", []))


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_chapter_ends_with_exercises_and_hidden_solutions(path):
    """Issue 7: 3-6 exercises, each with a hidden worked solution; at least two self-checking."""
    lang = path.parent.name
    heading, not_yet, solution = EXERCISES[lang]
    cells = notebooks.read(path).cells
    starts = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith(heading)]
    assert len(starts) == 1, f"one '{heading}' section, found {len(starts)}"
    section = cells[starts[0] + 1:]
    assert not any(c.cell_type == "markdown" and re.search(r"^## ", c.source, re.M) for c in section), \
        "the exercises are the last section"
    exercises, current = [], None
    for cell in section:
        if cell.cell_type == "markdown" and cell.source.startswith("### "):
            current = {"title": cell.source.splitlines()[0], "solutions": 0}
            exercises.append(current)
        elif current is not None:
            hidden = "hide-cell" in cell.metadata.get("tags", [])
            dropdown = cell.cell_type == "markdown" and f":::{{dropdown}} {solution}" in cell.source
            current["solutions"] += hidden or dropdown
    assert 3 <= len(exercises) <= 6, f"{len(exercises)} exercises"
    unsolved = [e["title"] for e in exercises if not e["solutions"]]
    assert not unsolved, f"exercises without a hidden solution: {unsolved}"

    code = [c for c in section if c.cell_type == "code"]
    hidden = [c for c in code if "hide-cell" in c.metadata.get("tags", [])]
    for cell in hidden:
        prompt = cell.metadata.get("mystnb", {}).get("code_prompt_show", "")
        assert solution.lower() in prompt.lower(), f"hidden cell without a '{solution}' prompt"
    checked = set()
    for cell in code:
        for name, arg in re.findall(r"\b(check_\w+)\(\s*\w+\s*,\s*lang=\"(\w+)\"\)", cell.source):
            assert arg == lang, f"{name} called with lang={arg!r} in the {lang} edition"
            if cell in hidden:
                assert f"{name}(" in cell.source and ".assert_passed()" in cell.source, \
                    f"the solution of {name} does not assert that it passes"
                checked.add(name)
            else:  # the reader's stub: stored output is the checker's message, not an error
                assert _outputs_text(cell).startswith(not_yet), \
                    f"the unsolved {name} cell should show the checker's message"
    assert len(checked) >= 2, f"self-checking exercises with checked solutions: {sorted(checked)}"
