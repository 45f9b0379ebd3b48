"""The source tree keeps its layers (scripts/check_structure.py), and the check finds each kind of
problem it claims to."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import write_tree

ROOT = Path(__file__).parent.parent
_spec = importlib.util.spec_from_file_location("check_structure",
                                               ROOT / "scripts" / "check_structure.py")
check_structure = importlib.util.module_from_spec(_spec)
sys.modules["check_structure"] = check_structure
_spec.loader.exec_module(check_structure)

RULE = '''"""A rule."""
from copilot_lint.api import Rule


class One(Rule):
    id = "X1"
'''


def test_the_project_has_no_structure_problem() -> None:
    assert check_structure.problems(ROOT) == []


def test_a_clean_tree_has_no_problem(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot_lint/__init__.py": "",
        "copilot_lint/api.py": "from copilot_lint.model.rule import Rule\n",
        "copilot_lint/model/__init__.py": '"""Model."""\n',
        "copilot_lint/model/rule.py": "class Rule:\n    pass\n",
        "copilot_lint/engine/__init__.py": "",
        "copilot_lint/engine/registry.py": 'import importlib\nimportlib.import_module('
                                           '"copilot_lint.rules")\n',
        "rules/__init__.py": '"""Rules."""\n',
        "rules/files/__init__.py": '"""Files."""\n',
        "rules/files/one.py": RULE,
    })
    assert check_structure.problems(tmp_path) == []


def test_the_public_api_is_small(tmp_path: Path) -> None:
    names = ", ".join(f'"N{i}"' for i in range(check_structure.API_MAX_NAMES + 1))
    write_tree(tmp_path, {"copilot_lint/__init__.py": "",
                          "copilot_lint/api.py": f"__all__ = [{names}]\n"})
    found = "\n".join(check_structure.problems(tmp_path))
    assert f"copilot_lint/api.py: {check_structure.API_MAX_NAMES + 1} public names" in found
    assert len(check_structure.api_names(ROOT)) <= check_structure.API_MAX_NAMES


def test_each_kind_of_problem_is_found(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot_lint/__init__.py": "",
        "copilot_lint/api.py": "from copilot_lint.model.rule import Rule\n",
        "copilot_lint/model/__init__.py": "",
        "copilot_lint/model/rule.py": "class Rule:\n    pass\n",
        "copilot_lint/model/a.py": "def f():\n    from copilot_lint.model import b\n",
        "copilot_lint/model/b.py": "from copilot_lint.model import a\n",
        "copilot_lint/model/big.py": "x = 1\n" * 401,
        "copilot_lint/model/late.py": "from copilot_lint.engine import registry\n",
        "copilot_lint/stray.py": "",
        "copilot_lint/model/ids.py": '"""Says CL001 in prose."""\nBROKEN = {"CL001"}\n',
        "copilot_lint/model/shim.py": RULE.replace("copilot_lint.api", "copilot_lint.model.rule"),
        "copilot_lint/engine/__init__.py": "",
        "copilot_lint/engine/registry.py": "",
        "rules/__init__.py": "",
        "rules/files/__init__.py": '"""Files."""\nHELPER = 1\n',
        "rules/files/two.py": RULE + "\n\nclass Two(Rule):\n    id = 'X2'\n",
        "rules/files/long.py": RULE + "\n" * 250,
        "rules/files/inside.py": RULE + "from copilot_lint.model import a\n",
        "rules/files/_support.py": '"""Helpers."""\nfrom copilot_lint.engine import registry\n',
        "rules/files/uses_support.py": RULE + "from copilot_lint.rules.files import _support\n",
        "rules/other/__init__.py": '"""Other."""\n',
        "rules/other/borrow.py": RULE + "from copilot_lint.rules.files import _support\n",
    })
    found = "\n".join(check_structure.problems(tmp_path))
    assert "import cycle: copilot_lint.model.a -> copilot_lint.model.b" in found
    assert "big.py" not in found and "long.py" not in found
    notes = "\n".join(check_structure.guidance(tmp_path))
    assert "copilot_lint/model/big.py: 401 lines" in notes
    assert "rules/files/long.py: 256 lines" in notes
    assert "copilot_lint/model/late.py: imports copilot_lint.engine.registry from a later " \
           "layer" in found
    assert "copilot_lint/stray.py: in no layer" in found
    assert "rules/files/__init__.py: a rules package __init__ holds code" in found
    assert "rules/files/two.py: 2 Rule classes" in found
    assert "rules/files/inside.py: imports copilot_lint.model.a (rules import only " \
           "copilot_lint.api and their family's support modules)" in found
    assert "rules/files/_support.py: imports copilot_lint.engine.registry from a later " \
           "layer than copilot_lint.api" in found
    assert "uses_support" not in found
    assert "rules/other/borrow.py: imports copilot_lint.rules.files._support" in found
    assert "0 engine modules import the rules" in found
    assert "copilot_lint/model/ids.py:2: rule id 'CL001' in the engine" in found
    assert "CL001 in prose" not in found
    assert "copilot_lint/model/shim.py: rule One outside rules/" in found
