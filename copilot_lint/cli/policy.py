"""``copilot-lint policy test PACK`` and ``copilot-lint policy docs PACK``: a policy pack is
code, so it has tests and a documentation page.

A pack is a folder with a configuration (``copilot-lint.yml`` or ``.copilot-lint.yml``, usually
``policy-paths: [pack/]``; ``--config`` names another) and fixtures: for each policy id,
``fixtures/<ID>/bad/<case>/`` workspaces where it must fire and ``fixtures/<ID>/good/<case>/``
workspaces where it must stay silent (each case a folder holding ``copilot/``). A bad case with
an ``expected.txt`` must give exactly those findings (text format, paths relative to the case
folder); ``--update`` rewrites them. ``test`` exits 0 when every case passes, 1 on any mismatch
or a policy without both kinds of fixtures, 2 for a broken pack.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CONFIG_NAMES = ("copilot-lint.yml", ".copilot-lint.yml", "copilot-lint.yaml",
                ".copilot-lint.yaml")
EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copilot-lint policy", allow_abbrev=False,
        description="Test a policy pack against its fixtures, or render its documentation.")
    sub = parser.add_subparsers(dest="action", required=True)
    test = sub.add_parser("test", allow_abbrev=False,
                          help="run each policy on its fixtures/<ID>/{bad,good}/ cases")
    test.add_argument("pack", metavar="PACK", help="the pack's folder")
    test.add_argument("--config", metavar="FILE", help="the pack's configuration file")
    test.add_argument("--update", action="store_true",
                      help="rewrite each bad case's expected.txt with what it gives now")
    docs = sub.add_parser("docs", allow_abbrev=False,
                          help="render the pack's rules as a Markdown page")
    docs.add_argument("pack", metavar="PACK", help="the pack's folder")
    docs.add_argument("--config", metavar="FILE", help="the pack's configuration file")
    docs.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not stdout")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from copilot_lint.load.config import ConfigError

    pack = Path(args.pack)
    try:
        config_path = _config_path(pack, args.config)
        rules = _pack_rules(config_path)
    except ConfigError as err:
        print(f"copilot-lint: {_escaped(str(err))}", file=sys.stderr)
        return EXIT_ERROR
    if args.action == "docs":
        return _docs(rules, args.output)
    return _test(pack, config_path, rules, args.update)


def _escaped(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _config_path(pack: Path, given: str | None) -> Path:
    from copilot_lint.load.config import ConfigError

    if given:
        return Path(given)
    for name in CONFIG_NAMES:
        if (pack / name).is_file():
            return pack / name
    raise ConfigError(f"{pack}: no pack configuration ({' or '.join(CONFIG_NAMES[:2])}); "
                      "name one with --config")


def _pack_rules(config_path: Path) -> list:
    from copilot_lint.engine.run import known_rules
    from copilot_lint.load.config import load_config

    rules = known_rules(load_config(config_path))
    return [r for r in rules if r.origin.startswith("policy ")]


def _docs(rules: list, output: str | None) -> int:
    from copilot_lint.report.docs import explain

    parts = ["# Policy pack", "| id | severity | summary |\n|---|---|---|\n" + "\n".join(
        f"| {r.id} | {r.severity} | {r.summary().replace('|', chr(92) + '|')} |"
        for r in rules)]
    parts.extend(explain(rule).rstrip("\n") for rule in rules)
    text = "\n\n".join(parts) + "\n"
    if output:
        from copilot_lint.load.confined import write_replacing

        try:
            write_replacing(output, text, within=[Path.cwd()])
        except OSError as err:
            print(f"copilot-lint: cannot write {_escaped(output)}: {_escaped(str(err))}",
                  file=sys.stderr)
            return EXIT_ERROR
        print(f"copilot-lint: wrote {_escaped(output)}", file=sys.stderr)
    else:
        from copilot_lint.cli.rule_docs import printable

        sys.stdout.write(printable(text))
    return EXIT_OK


def run_case(config_path: Path, rule_id: str, case: Path) -> list[str]:
    """The findings of one policy on one fixture case, as text lines relative to the case
    (findings about the pack itself, outside the case, are left out)."""
    from copilot_lint.lint import lint_workspace
    from copilot_lint.load.config import load_config
    from copilot_lint.report.text_format import line

    config = load_config(config_path)
    config.select = [rule_id]
    config.cfn_lint["enabled"] = False
    old = Path.cwd()
    os.chdir(case)
    try:
        outcome = lint_workspace(case / "copilot", config, cwd=case)
    finally:
        os.chdir(old)
    if outcome.internal_errors:
        return ["internal error: " + f.message for f in outcome.findings if f.internal]
    return [line(f) for f in outcome.findings if not f.file.startswith((".", "/"))]


def _test(pack: Path, config_path: Path, rules: list, update: bool) -> int:
    fixtures = pack / "fixtures"
    config_path = config_path.resolve()
    failures = passed = 0
    for rule in rules:
        bad = sorted(p for p in (fixtures / rule.id / "bad").glob("*/") if p.is_dir())
        good = sorted(p for p in (fixtures / rule.id / "good").glob("*/") if p.is_dir())
        if not bad or not good:
            print(f"FAIL {rule.id}: needs fixtures/{rule.id}/bad/<case>/ and "
                  f"fixtures/{rule.id}/good/<case>/")
            failures += 1
            continue
        for case in bad:
            got = run_case(config_path, rule.id, case.resolve())
            expected_file = case / "expected.txt"
            problem = None
            if update:
                from copilot_lint.load.confined import write_replacing

                try:
                    write_replacing(expected_file, "".join(g + "\n" for g in got),
                                    within=[pack])
                except OSError as err:
                    problem = f"cannot write expected.txt: {_escaped(str(err))}"
            problem = problem or _bad_problem(rule.id, got, expected_file)
            failures, passed = _report(rule.id, case, problem, got, failures, passed)
        for case in good:
            got = run_case(config_path, rule.id, case.resolve())
            problem = "expected no finding" if got else None
            failures, passed = _report(rule.id, case, problem, got, failures, passed)
    print(f"{passed} passed, {failures} failed")
    return EXIT_FAILED if failures else EXIT_OK


def _bad_problem(rule_id: str, got: list[str], expected_file: Path) -> str | None:
    if not got or any(f" {rule_id} " not in g and f" {rule_id}[" not in g for g in got):
        return "expected findings of this policy"
    if expected_file.is_file():
        expected = expected_file.read_text(encoding="utf-8").splitlines()
        if got != expected:
            return "findings differ from expected.txt"
    return None


def _report(rule_id: str, case: Path, problem: str | None, got: list[str], failures: int,
            passed: int) -> tuple[int, int]:
    from copilot_lint.model.escape import TEXT_ESCAPES, no_workflow_commands

    where = no_workflow_commands(_escaped(f"{case.parent.name}/{case.name}"), TEXT_ESCAPES)
    if problem is None:
        print(f"ok   {rule_id} {where}")
        return failures, passed + 1
    print(f"FAIL {rule_id} {where}: {problem}")
    for finding in got:
        print(no_workflow_commands(f"       {_escaped(finding)}", TEXT_ESCAPES))
    return failures + 1, passed
