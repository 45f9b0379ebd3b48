"""The addon-contract and IAM rules never crash when any value of a fixture takes an odd shape."""
from __future__ import annotations

import pytest
from conftest import FIXTURES, analysed

from copilot_lint.engine.registry import all_rules
from copilot_lint.model.node import MAP, SCALAR, SEQ, Node

IDS = ("CL201", "CL202", "CL203", "CL204", "CL205", "CL401", "CL402", "CL403", "CL405", "CL504")
RULES = [r for r in all_rules() if r.id in IDS]
CASES = ["CL402/good/granted", "CL402/bad/from-cfn-wrong-action", "CL205/good/classified-as-meant",
         "CL401/bad/tag-conditions-on-s3", "CL203/good/attached", "CL202/good/passed-or-defaulted",
         "CL405/bad/task-role-for-injected-secrets", "CL504/bad/anyone-can-call"]


def _odd(file: str) -> list[Node]:
    def scalar(value) -> Node:
        return Node(SCALAR, value, file, 1, 1, text=None if value is None else str(value))
    return [scalar(None), scalar(7), scalar("*"), Node(SEQ, [scalar(None)], file, 1, 1),
            Node(MAP, {}, file, 1, 1, keys={}),
            Node(MAP, {"Ref": scalar(5)}, file, 1, 1, keys={"Ref": scalar("Ref")}),
            Node(MAP, {"Fn::If": Node(SEQ, [scalar(1)], file, 1, 1)}, file, 1, 1,
                 keys={"Fn::If": scalar("Fn::If")})]


@pytest.mark.parametrize("case", CASES)
def test_rules_survive_odd_values(case: str) -> None:
    root = FIXTURES / case
    ws = analysed(root / "copilot", cwd=root)
    for source in [f for f in ws.files if f.root is not None]:
        containers = [n for _, n in source.root.walk() if n.kind in (MAP, SEQ)]
        for parent in containers:
            for key in list(parent.value) if parent.kind == MAP else range(len(parent.value)):
                original = parent.value[key]
                for odd in _odd(source.path):
                    parent.value[key] = odd
                    ws.analysis.clear()
                    for rule in RULES:
                        list(rule().check(ws))
                parent.value[key] = original
