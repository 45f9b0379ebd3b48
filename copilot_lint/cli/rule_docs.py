"""The rule documentation commands: ``--list-rules``, ``--explain RULE`` and ``--generate-docs``.

They know every rule a run would: built-in ones, installed plugins and the configuration's team
policies (the configuration is found as for a run, so a broken one exits 2 here too).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from copilot_lint.model.escape import (
    TEXT_ESCAPES, no_workflow_commands, visible, visible_lines,
)

EXIT_OK, EXIT_ERROR = 0, 2


def main(args: argparse.Namespace) -> int:
    """Run whichever of the three documentation options ``args`` asks for."""
    if args.list_rules:
        return _list_rules(args)
    if args.explain:
        return _explain(args.explain, args)
    return _generate_docs(args.generate_docs)


def _listed_rules(args: argparse.Namespace) -> list | None:
    """Every rule --list-rules and --explain know: built-in, plugins and the configuration's
    policies (the configuration is found as for a run); ``None`` after a configuration error."""
    from copilot_lint.engine.run import known_rules
    from copilot_lint.load.config import ConfigError, find_config, load_config
    from copilot_lint.load.discover import find_copilot_dir

    if args.config:
        config_path: Path | None = Path(args.config)
    else:
        roots = [find_copilot_dir(Path(p)) for p in args.paths if Path(p).exists()]
        config_path = find_config([r.parent for r in roots if r is not None] + [Path.cwd()])
    try:
        rules = known_rules(load_config(config_path))
    except ConfigError as err:
        print(visible(f"copilot-lint: {err}"), file=sys.stderr)
        return None
    warn_plugins()
    return rules


def warn_plugins() -> None:
    """Print a warning for each plugin that could not be loaded."""
    from copilot_lint.engine.registry import plugin_problems

    for problem in plugin_problems():
        print(visible(f"copilot-lint: warning: {problem}"), file=sys.stderr)


def _list_rules(args: argparse.Namespace) -> int:
    rules = _listed_rules(args)
    if rules is None:
        return EXIT_ERROR
    lines = []
    for rule in rules:
        origin = f"  [{rule.origin}]" if rule.origin else ""
        lines.append(visible(f"{rule.id}  {rule.name:<24} {rule.severity:<8} {rule.summary()}"
                             f"{origin}") + "\n")
    sys.stdout.write(no_workflow_commands("".join(lines), TEXT_ESCAPES))
    print(f"{'CFN-*':<5}  {'cfn-lint':<24} {'E/W/I':<8} cfn-lint's own rules on addon templates "
          "(--explain CFN-E3012)")
    return EXIT_OK


def _explain(ref: str, args: argparse.Namespace) -> int:
    rules = _listed_rules(args)
    if rules is None:
        return EXIT_ERROR
    wanted = ref.strip().lower()
    rule = next((r for r in rules if r.id.lower() == wanted or r.name.lower() == wanted), None)
    if rule is None and ref.strip().upper().startswith("CFN-"):
        return _explain_cfn(ref)
    if rule is None:
        from copilot_lint.model.suggest import did_you_mean

        hint = did_you_mean(ref.strip(), [r.id for r in rules] + [r.name for r in rules])
        print(visible(f"copilot-lint: unknown rule {ref!r}"
                      f"{hint if '?' in hint else '; see --list-rules'}"), file=sys.stderr)
        return EXIT_ERROR
    from copilot_lint.report.docs import explain

    sys.stdout.write(printable(explain(rule)))
    return EXIT_OK


def printable(text: str) -> str:
    """Documentation text (a team policy's comes from the configuration, which a pull request
    may change) as it may reach a terminal or a CI log: controls other than line breaks and
    tabs escaped, no line a workflow command."""
    return no_workflow_commands(visible_lines(text), TEXT_ESCAPES)


def _explain_cfn(ref: str) -> int:
    from copilot_lint.cfn import stage as cfn_pass
    from copilot_lint.load.config import ConfigError

    try:
        text = cfn_pass.explain(ref)
    except ConfigError as err:
        print(visible(f"copilot-lint: {err}"), file=sys.stderr)
        return EXIT_ERROR
    if text is None:
        print(f"copilot-lint: cfn-lint has no rule {ref.strip()[4:]!r}; see cfn-lint --list-rules",
              file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(printable(text))
    return EXIT_OK


def _generate_docs(target: str) -> int:
    from copilot_lint.engine.registry import builtin_rules
    from copilot_lint.report.docs import rules_page

    text = rules_page(builtin_rules())
    if target == "-":
        sys.stdout.write(text)
    else:
        from copilot_lint.load.confined import write_replacing

        write_replacing(target, text, within=[Path.cwd()])
        print(f"copilot-lint: wrote {target}", file=sys.stderr)
    return EXIT_OK
