"""The message convention, over every rule's ``bad`` fixtures: a message says what is wrong in
one line of at most 100 characters (no trailing period, no ``; how to fix`` tail), and the fix
is the finding's hint. Only the findings listed in ``WITHOUT_HINT`` (whose message never carried
advice: the fix is to write what the message says is expected) may have no hint."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_rule_fixtures import _cases

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import find_config, load_config
from copilot_lint.schema.issue import fit, split_advice

LIMIT = 100
WITHOUT_HINT = {
    "CL001": re.compile(r"binary file|invalid YAML: found unexpected end of stream"),
    "CL005": re.compile(r".* must be a (YAML )?mapping, got "),
    "CL006": re.compile(r"!\w+ expects "),
}


def _findings(rule_id: str, case: Path) -> list:
    config = load_config(find_config([case]))
    config.select = [rule_id]
    return lint_workspace(case / "copilot", config, cwd=case).findings


@pytest.mark.parametrize(("rule_id", "case"), _cases("bad"))
def test_message_is_the_problem_and_the_hint_the_fix(rule_id: str, case: Path) -> None:
    for finding in _findings(rule_id, case):
        message = finding.message
        assert len(message) <= LIMIT, message
        assert "\n" not in message and "\n" not in finding.hint, message
        assert not message.endswith("."), message
        assert split_advice(message)[1] == "", f"advice left in the message: {message}"
        if not finding.hint:
            allowed = WITHOUT_HINT.get(rule_id)
            assert allowed is not None and allowed.match(message), f"no hint: {message}"


def test_split_advice_ignores_a_semicolon_inside_quotes() -> None:
    assert split_advice('"a" must be x, got string "b; c"; fix it') == \
        ('"a" must be x, got string "b; c"', "fix it")
    assert split_advice('got "\\"; x"; fix') == ('got "\\"; x"', "fix")
    assert split_advice("no advice") == ("no advice", "")


def test_fit_moves_what_does_not_fit_to_the_hint() -> None:
    long_form = '"a.b" must be a service name of lower-case letters, digits and single "-", ' \
                'starting with a letter, got string "X"'
    assert fit(long_form, "fix the value") == (
        '"a.b" must be a service name, got string "X"',
        'it must be a service name of lower-case letters, digits and single "-", starting with '
        'a letter: fix the value')
    exclusive = '"subscribe.queue.fifo.high_throughput" and ' \
                '"subscribe.queue.fifo.throughput_limit" are mutually exclusive'
    assert fit(exclusive, "keep one") == (
        '"subscribe.queue.fifo": "high_throughput" and "throughput_limit" are mutually '
        'exclusive', "keep one")
    assert fit("short", "hint") == ("short", "hint")
