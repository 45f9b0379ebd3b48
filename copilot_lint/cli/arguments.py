"""The options of the lint command (``copilot-lint [check] …``), added to a parser.

The parser itself is built by :func:`copilot_lint.cli.commands.command_parser` (with the
sub-commands) and by :func:`build_parser` (the lint command alone: shell completion).
"""
from __future__ import annotations

import argparse

from copilot_lint import __version__
from copilot_lint.cli.commands import epilog
from copilot_lint.cli.output_options import add_output_options
from copilot_lint.model.vocabulary import SEVERITIES

LEVELS = SEVERITIES
DESCRIPTION = ("Lint an AWS Copilot workspace: manifests, addons, pipelines and how they wire "
               "together, per environment. No AWS credentials, no network. Exit codes: 0 clean, "
               "1 findings at or above --fail-level, 2 usage, configuration or internal error. "
               "Configuration: .copilot-lint.yml or [tool.copilot-lint] in pyproject.toml.")


def build_parser() -> argparse.ArgumentParser:
    """The lint command's parser on its own."""
    parser = argparse.ArgumentParser(prog="copilot-lint", allow_abbrev=False,
                                     description=DESCRIPTION, epilog=epilog(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_lint_arguments(parser)
    return parser


def add_lint_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the lint command's positional paths and options to ``parser``."""
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="a copilot/ folder, a folder holding one, or files inside one "
                             "(default: find copilot/ from the working directory)")
    parser.add_argument("--format", default="auto",
                        help="output format: auto (github inside GitHub Actions, else text), "
                             "text, json, json-lines, sarif, github, gitlab (Code Quality), "
                             "rdjson (reviewdog), junit, summary (default: auto)")
    parser.add_argument("--output", action="append", default=[], metavar="FORMAT=FILE",
                        help="also write the findings in FORMAT to FILE (repeatable), e.g. "
                             "--output sarif=copilot-lint.sarif")
    parser.add_argument("--baseline", metavar="FILE",
                        help="report only findings not recorded in this baseline file")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="record the current findings in FILE as the baseline and exit 0")
    parser.add_argument("--select", action="append", default=[], metavar="RULES",
                        help="only these rules (ids, names or prefixes such as CL3; "
                             "comma-separated or repeated)")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULES",
                        help="skip these rules (ids, names or prefixes)")
    parser.add_argument("--severity", action="append", default=[], metavar="RULE=LEVEL",
                        help="change a rule's severity, e.g. CL403=error")
    parser.add_argument("--fail-level", choices=LEVELS + ("none",), default=None,
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--env", metavar="ENV", help="only report findings for this environment")
    parser.add_argument("--config", metavar="FILE", help="configuration file to use")
    parser.add_argument("--no-cfn-lint", action="store_true",
                        help="skip the cfn-lint pass on addon templates")
    parser.add_argument("--jobs", type=jobs_count, metavar="N",
                        help="worker processes for the cfn-lint pass (default: CPU count)")
    add_output_options(parser)
    fixing = parser.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true",
                        help="apply the safe automatic fixes, then report what is left")
    fixing.add_argument("--diff", action="store_true",
                        help="print the changes --fix would make as a unified diff; write "
                             "nothing (exit 1 when there is something to fix)")
    parser.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")
    parser.add_argument("--generate-docs", metavar="FILE",
                        help="write the rules page (docs/rules.md) from the rules' docstrings "
                             "and exit ('-' for standard output)")
    parser.add_argument("--debug", action="store_true",
                        help="print the traceback of an internal error (also: "
                             "COPILOT_LINT_DEBUG=1)")
    parser.add_argument("--version", action="version", version=f"copilot-lint {__version__}")


def jobs_count(text: str) -> int:
    """``--jobs``: a whole number from 1 to 1024 (argparse turns the error into exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 1024:
        raise argparse.ArgumentTypeError(f"expected 1 to 1024 worker processes, got {value}")
    return value
