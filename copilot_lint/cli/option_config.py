"""The lint options of the command line laid over one workspace's configuration.

``--select``/``--ignore`` (comma-separated or repeated; an empty selector is a usage error),
``--severity RULE=LEVEL``, ``--fail-level``, ``--no-cfn-lint`` and ``--jobs`` change the
configuration the workspace's own file gave; every selector must name a rule
(:mod:`copilot_lint.engine.selectors`), else :class:`~copilot_lint.load.config.ConfigError`.
"""
from __future__ import annotations

import argparse

from copilot_lint.cli.arguments import LEVELS
from copilot_lint.model.suggest import did_you_mean


def split_selectors(values: list[str]) -> list[str]:
    """The selectors of repeated, comma-separated option values."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def apply_arguments(config, args: argparse.Namespace) -> None:
    """Lay the command line's lint options over ``config`` (raises ``ConfigError``)."""
    from copilot_lint.cfn import stage as cfn_pass
    from copilot_lint.engine.run import known_rules
    from copilot_lint.engine.selectors import check_arguments
    from copilot_lint.load.config import ConfigError

    rules = known_rules(config)
    chosen = {}
    for option, values in (("--select", args.select), ("--ignore", args.ignore)):
        empty = next((value for value in values if not split_selectors([value])), None)
        if empty is not None:
            raise ConfigError(f"{option} {empty!r}: empty rule selector (name a rule, a prefix "
                              "such as CL3, or ALL)")
        chosen[option] = split_selectors(values)
        check_arguments(option, chosen[option], rules, cfn_pass.rule_ids)
    config.select = chosen["--select"] or config.select
    config.ignore = config.ignore + chosen["--ignore"]
    for item in args.severity:
        rule, sep, level = item.partition("=")
        if not sep or level.strip() not in LEVELS:
            raise ConfigError(f"--severity {item!r}: expected RULE=info|warning|error"
                              f"{did_you_mean(level.strip(), list(LEVELS)) if sep else ''}")
        check_arguments("--severity", [rule], rules, cfn_pass.rule_ids)
        config.severity[rule.strip()] = level.strip()
    if args.fail_level:
        config.fail_level = args.fail_level
    if args.no_cfn_lint:
        config.cfn_lint["enabled"] = False
    if args.jobs:
        config.jobs = args.jobs
