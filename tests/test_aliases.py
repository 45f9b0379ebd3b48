"""Copilot's alias patterns (``query/aliases.py``): names are data, dots match any character as
Copilot codes them, and a hostile application or environment name cannot make CL108 backtrack."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import write_tree
from copilot_lint.query.aliases import alias_patterns, zone_pattern


def test_names_are_data_and_dots_match_any_character() -> None:
    root, app, env = alias_patterns("example.org", "shop", "test")
    assert root.match("www.example.org") and root.match("example.org")
    assert app.match("api.shop.example.org") and env.match("api.test.shop.example.org")
    assert root.match("www.exampleXorg")          # Copilot's dots are unescaped
    assert not app.match("api.shop.example.com")
    hostile = zone_pattern("(a+)+", "example.org")
    assert hostile.match("x.(a+)+.example.org")
    assert not hostile.match("aaaa.example.org")
    assert zone_pattern("example.org", label="").match("www.example.org")
    assert not zone_pattern("example.org", label="").match("example.org")


def test_a_hostile_application_name_does_not_hang_cl108(tmp_path: Path) -> None:
    """``application: '(a+)+'`` and a 34-letter alias backtracked for hours before."""
    alias = "a" * 34 + "!"
    write_tree(tmp_path, {
        ".copilot-lint.yml": "application:\n  domain: example.org\n",
        "copilot/.workspace": "application: '(a+)+'\n",
        "copilot/environments/(a+)+/manifest.yml": "name: '(a+)+'\ntype: Environment\n",
        "copilot/web/manifest.yml": "name: web\ntype: Load Balanced Web Service\n"
                                    f"http:\n  path: /\n  alias: {alias}\n"
                                    "image:\n  location: nginx\n  port: 80\n",
        "copilot/docs/manifest.yml": "name: docs\ntype: Request-Driven Web Service\n"
                                     f"http:\n  alias: {alias}\n"
                                     "image:\n  location: nginx\n  port: 80\n"})
    run = subprocess.run([sys.executable, "-m", "copilot_lint", "--no-cfn-lint",
                          "--select", "CL108", "copilot"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 1, run.stderr
    assert run.stdout.count(" CL108 ") == 2, run.stdout
