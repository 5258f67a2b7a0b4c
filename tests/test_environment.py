"""The dependency files agree: requirements.txt, environment.yml, the lock."""

from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _requirements(path: Path) -> dict[str, str]:
    reqs = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        reqs[canonicalize_name(req.name)] = str(req.specifier)
    return reqs


def _conda_environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    reqs = {}
    for dep in env["dependencies"]:
        entries = dep["pip"] if isinstance(dep, dict) else [dep]
        for entry in entries:
            if entry.startswith("-"):
                continue
            req = Requirement(entry.replace("=", "==", 1) if "=" in entry and not any(
                op in entry for op in (">=", "<=", "==", "!=")) else entry)
            reqs[canonicalize_name(req.name)] = str(req.specifier)
    reqs.pop("python")
    reqs.pop("pip")
    return reqs


def test_environment_yml_matches_requirements_txt():
    assert _conda_environment() == _requirements(ROOT / "requirements.txt")


def test_both_install_the_book_utils():
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()
    pip = next(d["pip"] for d in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
               if isinstance(d, dict))
    assert "-e ." in pip


def test_lock_pins_every_requirement_within_its_range():
    lock = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[canonicalize_name(name)] = version
    wanted = _requirements(ROOT / "requirements.txt") | _requirements(ROOT / "requirements-dev.txt")
    for name, spec in wanted.items():
        assert name in lock, f"{name} is not in requirements-lock.txt: run `make lock`"
        assert Requirement(f"{name}{spec}").specifier.contains(lock[name], prereleases=True), \
            f"{name}=={lock[name]} in the lock is outside {spec}"


def test_no_d2l_dependency():
    # d2l 0.17's pins do not install on Python >= 3.10; utils replaces it.
    for path in ("requirements.txt", "requirements-dev.txt"):
        assert "d2l" not in _requirements(ROOT / path), path
    assert "d2l==" not in (ROOT / "requirements-lock.txt").read_text()


def _pyproject() -> dict:
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_python_version_claims_agree():
    from packaging.specifiers import SpecifierSet
    supported = SpecifierSet(_pyproject()["project"]["requires-python"])
    oldest = min(v for v in (f"3.{m}" for m in range(6, 20)) if v in supported)
    # what pip enforces, what the README promises, what conda and the lock were made with
    assert f"Python {oldest} or newer" in (ROOT / "README.md").read_text()
    assert f"Python {oldest}" in (ROOT / "requirements-lock.txt").read_text().split("\n\n")[0]
    python = next(d for d in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
                  if isinstance(d, str) and d.startswith("python"))
    assert python.split("=")[-1] in supported
    # tools/notebooks.py reads pyproject.toml with tomllib (3.11+)
    assert "3.10" not in supported


def test_pip_on_an_old_python_stops_at_once():
    # `-e .` first: pip reads this project's requires-python before resolving torch & co.
    lines = [l.split("#", 1)[0].strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    assert [l for l in lines if l][0] == "-e ."


def test_build_backend_understands_the_license_expression():
    # `license = "MIT"` (an SPDX string) needs setuptools 77 or newer.
    from packaging.requirements import Requirement
    assert isinstance(_pyproject()["project"]["license"], str)
    setuptools = next(Requirement(r) for r in _pyproject()["build-system"]["requires"]
                      if Requirement(r).name == "setuptools")
    assert "76.9" not in setuptools.specifier and "77" in setuptools.specifier
