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
