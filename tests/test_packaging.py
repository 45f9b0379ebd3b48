"""Packaging guard rails for the rules/ → copilot_lint.rules mapping."""
from __future__ import annotations

import re
from pathlib import Path

import tomllib

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
