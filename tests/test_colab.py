"""A notebook runs in an environment shaped like Google Colab.

Colab has torch, torchvision, numpy and matplotlib (and Jupyter) but not this
book's utils; google.colab is imported when its kernel starts. The test builds
such an environment: a new virtual environment that sees only those packages
(and what they need), a stub google.colab module imported at kernel start, and
git told to fetch the repository from a local clone instead of GitHub. Then it
runs a chapter top to bottom, so its first cell installs utils exactly as in
Colab (pip, git, the release tag), and checks that torch was left alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import notebooks

#: What a Colab runtime has before anyone installs anything (of what the book uses).
COLAB_HAS = ["torch", "torchvision", "numpy", "matplotlib", "ipykernel"]
NOTEBOOK = notebooks.ROOT / "chapters" / "en" / "02_linear_regression.ipynb"


def closure(names: list[str]) -> list[metadata.Distribution]:
    """The installed distributions ``names`` need, themselves included."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency that is not installed
        found[name] = dist
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return list(found.values())


def colab_like_site(folder: Path) -> Path:
    """A folder holding links to the packages Colab has, nothing else."""
    folder.mkdir()
    for dist in closure(COLAB_HAS):
        for top in {f.parts[0] for f in dist.files or [] if f.parts[0] != ".."}:
            source = Path(dist.locate_file(top))
            target = folder / top
            if source.exists() and not target.exists() and not top.endswith(".pth"):
                target.symlink_to(source)
    colab = folder / "google" / "colab"
    colab.mkdir(parents=True)
    (colab / "__init__.py").write_text('"""A stand-in for Colab\'s google.colab (tests only)."""\n')
    return folder


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    root = tmp_path_factory.mktemp("colab")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "colab_packages.pth").write_text(str(colab_like_site(root / "preinstalled")) + "\n")

    # The repository as GitHub would serve it: this commit, tagged with the release
    # the set-up cell asks for; git fetches it instead of the real address.
    clone = root / "repo"
    subprocess.run(["git", "clone", "--quiet", str(notebooks.ROOT), str(clone)], check=True)
    tag = notebooks.release_tag()
    subprocess.run(["git", "-C", str(clone), "tag", "-f", tag], check=True, capture_output=True)
    gitconfig = root / "gitconfig"
    gitconfig.write_text(f'[url "{clone.as_uri()}"]\n\tinsteadOf = {notebooks.repository_url()}\n'
                         '[protocol "file"]\n\tallow = always\n')

    # A kernel of that environment that imports google.colab first, as Colab's does.
    kernels = root / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.exec_lines=['import google.colab']"],
        "display_name": "Colab-like", "language": "python"}))
    return {"root": root, "site": site, "jupyter": root / "jupyter", "gitconfig": gitconfig}


def test_environment_is_shaped_like_colab(colab):
    python = colab["site"].parents[2] / "bin" / "python"
    code = ("import importlib.util as u; print(all(u.find_spec(m) for m in "
            "['torch', 'torchvision', 'numpy', 'matplotlib']), u.find_spec('utils') is None)")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                         cwd=colab["root"], check=True).stdout.split()
    assert out == ["True", "True"], "Colab-like: torch and friends present, utils absent"


def test_a_chapter_runs_in_colab(colab, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(colab["jupyter"]))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(colab["gitconfig"]))
    monkeypatch.setenv("DLBOOK_FASHION_MNIST", "sample")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    torch_before = sorted(p.name for p in colab["site"].iterdir())

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import utils, torch\nprint(utils.__file__)\nprint(utils.__version__, torch.__file__)"))
    workdir = colab["root"] / "work"  # not the repository: utils must come from the install
    workdir.mkdir()
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(workdir)}}).execute()

    first = next(c for c in nb.cells if c.cell_type == "code")
    assert notebooks.is_colab_cell(first)
    last = nb.cells[-1].outputs[0]["text"].splitlines()
    assert last[0].startswith(str(colab["site"])), f"utils came from {last[0]}, not the install"
    assert last[1].split()[0] == notebooks.release_tag().lstrip("v")
    # torch is still Colab's: nothing new in site-packages but utils itself.
    added = sorted(set(p.name for p in colab["site"].iterdir()) - set(torch_before))
    assert all(name.startswith(("utils", "dlbook_utils")) for name in added), added
    assert str(colab["root"] / "preinstalled") in last[1]
