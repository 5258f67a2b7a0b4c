"""The GitHub Actions workflows pass actionlint and pin every action to a commit."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is not installed: run `make test` (it installs it)"
    return found


def test_actionlint_finds_nothing():
    proc = subprocess.run([_actionlint(), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_can_fail(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo ${{ github.event.nope.nope }\n")
    proc = subprocess.run([_actionlint(), str(bad)], capture_output=True, text=True)
    assert proc.returncode != 0


def test_actions_are_pinned_to_commits():
    for path in WORKFLOWS:
        for ref in re.findall(r"uses:\s*(\S+)", path.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path.name}: {ref} is not pinned"


def test_jobs_get_only_the_permissions_they_need():
    for path in WORKFLOWS:
        text = path.read_text()
        assert re.search(r"^permissions:\n  contents: read$", text, re.M), f"{path.name}: top-level permissions"
        assert "write-all" not in text


# --- What the workflows do, checked offline -----------------------------------------

import os  # noqa: E402
import shutil as _shutil  # noqa: E402

import nbformat  # noqa: E402
import yaml  # noqa: E402

import notebooks  # noqa: E402  (tools/notebooks.py)


def _workflow(name: str) -> dict:
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    wf["on"] = wf.pop(True, wf.get("on"))  # YAML 1.1 reads the key `on` as True
    return wf


def _step(name: str, needle: str) -> dict:
    """The one step of workflow ``name`` whose command contains ``needle``."""
    steps = [s for job in _workflow(name)["jobs"].values() for s in job.get("steps", [])
             if needle in s.get("run", "")]
    assert len(steps) == 1, f"{name}: {len(steps)} steps run {needle!r}"
    return steps[0]


def _run_step(step: dict, cwd: Path, **env) -> subprocess.CompletedProcess:
    """Run a step's command as the runner would (bash, from the checkout), with ``env``."""
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **step.get("env", {}), **env})


def _checkout(tmp_path: Path, chapters: bool = True) -> Path:
    """A copy of what the release and execute steps read, with this Python's environment at .venv."""
    repo = tmp_path / "repo"
    for rel in ("tools/notebooks.py", "tools/execute_notebooks.py", "pyproject.toml",
                "utils/__init__.py", "_config.yml"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        _shutil.copy(ROOT / rel, repo / rel)
    if chapters:
        _shutil.copytree(ROOT / "chapters", repo / "chapters")
    (repo / ".venv").symlink_to(sys.prefix)  # the environment running these tests
    return repo


def test_the_site_is_published_only_from_a_release_tag():
    wf = _workflow("pages.yml")
    assert wf["on"]["push"] == {"tags": ["v*"]}, "publish tags vX.Y.Z only, not a moving branch"
    assert set(wf["on"]) <= {"push", "workflow_dispatch"}
    assert wf["jobs"]["deploy"]["needs"] == "build", "a failed build must stop the deploy"


def test_release_step_points_colab_links_at_the_tag_and_checks_it(tmp_path):
    step = _step("pages.yml", "tools/notebooks.py release")
    assert step["env"]["REF"] == "${{ github.ref_name }}"
    tag = notebooks.release_tag()
    repo = _checkout(tmp_path)
    proc = _run_step(step, repo, REF=tag)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The ref of the Colab links, as the site build reads it from _config.yml.
    from jupyter_book.config import get_final_config
    config, _ = get_final_config(user_yaml=repo / "_config.yml", sourcedir=repo / "chapters" / "en",
                                 cli_config={"latex_individualpages": False})
    assert config["html_theme_options"]["repository_branch"] == tag
    assert notebooks.utils_version() == tag[1:]
    # Any other ref is refused, with the reason.
    proc = _run_step(step, _checkout(tmp_path / "other"), REF="main")
    assert proc.returncode == 1 and f"push the tag {tag}" in proc.stderr


def test_release_check_sees_a_stale_colab_cell_and_a_version_mismatch(tmp_path):
    step = _step("pages.yml", "tools/notebooks.py release")
    repo = _checkout(tmp_path)
    init = repo / "utils" / "__init__.py"
    init.write_text(re.sub(r'__version__ = ".*"', "__version__ = '9.9.9'", init.read_text()))
    path = sorted((repo / "chapters" / "en").glob("*.ipynb"))[0]
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if notebooks.is_colab_cell(c))
    cell.source = cell.source.replace(notebooks.release_tag(), "v0.0.1")
    nbformat.write(nb, path)
    proc = _run_step(step, repo, REF=notebooks.release_tag())
    assert proc.returncode == 1
    assert "__version__ = '9.9.9'" in proc.stderr and f"{path.name}: its Colab set-up cell" in proc.stderr


def test_pages_executes_the_book_on_the_full_data_with_the_tested_command(tmp_path):
    """The workflow's step, run here with the sample standing in for the full dataset."""
    step = _step("pages.yml", "tools/execute_notebooks.py")
    assert step["env"] == {"BOOK_DATA": "full"} and '--data "$BOOK_DATA"' in step["run"]
    steps = [s.get("run", "") for s in _workflow("pages.yml")["jobs"]["build"]["steps"]]
    assert steps.index(step["run"]) < next(i for i, s in enumerate(steps) if "make html" in s), \
        "execute before building"
    repo = _checkout(tmp_path, chapters=False)
    folder = repo / "chapters" / "en"
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import utils\nutils.load_data_fashion_mnist(100)\nprint('ran')")]
    nbformat.write(nb, folder / "00_data.ipynb")
    proc = _run_step(step, repo, BOOK_DATA="sample", DLBOOK_DATA_DIR=str(tmp_path / "data"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 notebooks on the sample data" in proc.stdout
    outputs = "".join(o.get("text", "") for c in nbformat.read(folder / "00_data.ipynb", 4).cells
                      for o in c.get("outputs", []))
    assert "SAMPLE" in outputs and "ran" in outputs
    # A notebook that fails stops the job (and so the deploy), saying which one.
    nb.cells.append(nbformat.v4.new_code_cell("assert False, 'a claim that does not hold'"))
    nbformat.write(nb, folder / "01_fails.ipynb")
    proc = _run_step(step, repo, BOOK_DATA="sample", DLBOOK_DATA_DIR=str(tmp_path / "data"))
    assert proc.returncode == 1 and "FAILED  chapters/en/01_fails.ipynb" in proc.stderr


def test_pages_artifact_holds_only_the_site(tmp_path):
    step = _step("pages.yml", "rm -rf _build/html/")
    upload = next(s for s in _workflow("pages.yml")["jobs"]["build"]["steps"]
                  if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    site = tmp_path / "_build" / "html"
    keep = ["index.html", "en/index.html", "en/_sources/03.ipynb", "en/_images/a.png",
            "zh/_static/x.css", "_static/y.js", "searchindex.js"]
    drop = ["doctrees/en/index.doctree", "tocs/en.yml", "jupyter_execute/03.ipynb"]
    for rel in keep + drop:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x")
    proc = _run_step(step, tmp_path)
    assert proc.returncode == 0, proc.stderr
    left = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert left == set(keep)


def test_ci_tests_the_readers_install_on_every_supported_python():
    import tomllib
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version
    job = _workflow("ci.yml")["jobs"]["reader"]
    versions = [Version(v) for v in job["strategy"]["matrix"]["python"]]
    supported = SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"])
    assert all(v in supported for v in versions)
    lowest = min(v for v in (Version(f"3.{m}") for m in range(6, 20)) if v in supported)
    assert min(versions) == lowest, "CI must test the oldest Python that pyproject.toml accepts"
    install = next(s["run"] for s in job["steps"] if "requirements.txt" in s.get("run", ""))
    cpu_line = "pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu"
    assert cpu_line in install and cpu_line in (ROOT / "README.md").read_text()
    assert "-r requirements.txt" in install
    assert any(".ipynb" in s.get("run", "") for s in job["steps"])
