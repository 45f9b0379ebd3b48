"""Packaging guard rails for the rules/ → copilot_lint.rules mapping."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).parent.parent


def test_every_rules_package_is_listed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    on_disk = {"copilot_lint.rules" + ("." + ".".join(p.parent.relative_to(ROOT / "rules").parts)
                                        if p.parent != ROOT / "rules" else "")
               for p in (ROOT / "rules").rglob("__init__.py")}
    on_disk |= {"copilot_lint." + ".".join(p.parent.relative_to(ROOT / "copilot_lint").parts)
                for p in (ROOT / "copilot_lint").rglob("__init__.py")
                if p.parent != ROOT / "copilot_lint"} | {"copilot_lint"}
    assert on_disk - listed == set()


def test_nobody_imports_top_level_rules() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+rules\b", re.M)
    offenders = [str(p) for folder in ("copilot_lint", "rules", "tests", "bench")
                 for p in (ROOT / folder).rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_the_checkout_runs_without_the_install_mapping() -> None:
    """``python -m copilot_lint`` from the checkout's root, where ``copilot_lint/`` shadows an
    installed copy, finds the rules in ``rules/`` without the editable install's finder."""
    probe = ("import runpy, sys\n"
             "sys.meta_path[:] = [f for f in sys.meta_path if 'Editable' not in repr(f)]\n"
             "sys.argv = ['copilot-lint', '--list-rules']\n"
             "runpy.run_module('copilot_lint', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("CL001  yaml-syntax ")


def _floor(requirement: str) -> str:
    """``name>=X[,<Y][; marker]`` → ``name==X[; marker]``: the version .ci/floors installs."""
    spec, _, marker = requirement.partition(";")
    match = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*>=\s*([0-9][0-9.]*)\s*(,\s*<\s*[0-9.]+)?\s*",
                         spec)
    assert match, f"{requirement!r} has no lower bound that .ci/floors can test"
    floor = f"{match[1]}=={match[2]}"
    return f"{floor}; {marker.strip()}" if marker.strip() else floor


def test_ci_floors_are_pyprojects_lower_bounds() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    pinned = [line.strip() for line in (ROOT / ".ci" / "floors.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    assert pinned == [_floor(requirement) for requirement in declared]
