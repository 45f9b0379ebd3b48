"""docs/policies.md shows each example of issue 25 as a working policy: every ``- id: ORG-…``
YAML block on the page is, word for word, a policy of the example pack (whose fixtures test it),
and every variable of the expression form is documented."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from copilot_lint.policy.expression import VARIABLES

ROOT = Path(__file__).parent.parent
PAGE = (ROOT / "docs" / "policies.md").read_text()


def _pack() -> dict[str, dict]:
    found = {}
    for path in sorted((ROOT / "examples" / "policies" / "pack").glob("*.yml")):
        for policy in yaml.safe_load(path.read_text())["policies"]:
            found[policy["id"]] = policy
    return found


def test_every_example_on_the_page_is_a_tested_pack_policy() -> None:
    blocks = re.findall(r"```yaml\n(- id: ORG-\d+\n.*?)```", PAGE, re.S)
    pack = _pack()
    shown = [yaml.safe_load(block)[0] for block in blocks]
    assert [p["id"] for p in shown] == [f"ORG-0{n:02d}" for n in range(7, 14)]
    for policy in shown:
        assert policy == pack[policy["id"]]
        fixtures = ROOT / "examples" / "policies" / "fixtures" / policy["id"]
        assert list(fixtures.glob("bad/*/expected.txt")) and list(fixtures.glob("good/*/"))


def test_every_expression_variable_is_documented() -> None:
    table = PAGE[PAGE.index("| variable | what |"):]
    for name in VARIABLES:
        assert f"`{name}`" in table.split("\n\n")[0], name
