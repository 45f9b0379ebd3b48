"""The sub-commands of ``copilot-lint``, registered in one table.

``copilot-lint [check] [OPTIONS] [PATH…]`` lints (``check`` is implied when the first argument
is not a sub-command's name); every other sub-command is a module with ``main(argv) -> int``
that parses its own arguments. Adding one is one line in :data:`SUBCOMMANDS`.

The command line is parsed with argparse sub-parsers (abbreviated options are refused
everywhere). A folder whose name is a sub-command's (``graph``) is linted with
``copilot-lint check graph``, ``copilot-lint ./graph`` or ``copilot-lint -- graph``.
"""
from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import NamedTuple


class Command(NamedTuple):
    """A sub-command: the module whose ``main(argv) -> int`` runs it, and one line of help (a
    named tuple: ``--version`` loads this module, and a dataclass would import ``dataclasses``
    with ``inspect``, about 5 ms)."""

    module: str
    help: str


CHECK = "check"
"""The lint command: the default."""

SUBCOMMANDS: dict[str, Command] = {
    "graph": Command("copilot_lint.cli.graph", "draw the workspace as Copilot wires it "
                                               "(Mermaid or Graphviz)"),
    "schema": Command("copilot_lint.cli.schema", "print the manifests' JSON Schema for editors"),
    "policy": Command("copilot_lint.cli.policy", "test a policy pack against its fixtures, or "
                      "render its documentation"),
    "lsp": Command("copilot_lint.lsp", "run the language server on stdin/stdout"),
}


def epilog() -> str:
    """The sub-commands as the top-level help lists them."""
    width = max(len(name) for name in SUBCOMMANDS)
    lines = [f"  {name:<{width}}  {command.help}" for name, command in SUBCOMMANDS.items()]
    return ("sub-commands (copilot-lint COMMAND --help for their options):\n" + "\n".join(lines)
            + "\n\nA folder named like a sub-command is linted with: copilot-lint check NAME "
              "(or ./NAME).")


def command_parser(add_lint_arguments: Callable[[argparse.ArgumentParser], None],
                   description: str) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The whole command line: ``check`` (with the lint options) and every sub-command; and
    the ``check`` sub-parser (which reports errors in lint options)."""
    parser = argparse.ArgumentParser(prog="copilot-lint", allow_abbrev=False,
                                     description=description)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    check = commands.add_parser(
        CHECK, prog="copilot-lint", allow_abbrev=False, description=description, epilog=epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="lint workspaces (the default when no command is given)")
    add_lint_arguments(check)
    for name, command in SUBCOMMANDS.items():
        commands.add_parser(name, help=command.help, add_help=False, allow_abbrev=False)
    return parser, check


def parse_check(add_lint_arguments: Callable[[argparse.ArgumentParser], None], description: str,
                argv: list[str]) -> argparse.Namespace:
    """Parse a ``check`` command line; an unknown option is an error of the lint command, with
    the option it was probably meant to be."""
    parser, check = command_parser(add_lint_arguments, description)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        from copilot_lint.model.suggest import did_you_mean

        flags = [flag for action in check._actions for flag in action.option_strings]
        first = unknown[0].partition("=")[0]
        hint = did_you_mean(first, flags) if first.startswith("-") else ""
        check.error(f"unrecognized arguments: {' '.join(unknown)}"
                    f"{hint if '?' in hint else ''}")
    return args


def with_command(argv: list[str]) -> list[str]:
    """``argv`` with ``check`` in front unless it starts with a command's name."""
    if argv and (argv[0] == CHECK or argv[0] in SUBCOMMANDS):
        return argv
    return [CHECK, *argv]


def run_subcommand(name: str, argv: list[str]) -> int:
    """Run the sub-command ``name`` (not ``check``) with its own arguments."""
    return importlib.import_module(SUBCOMMANDS[name].module).main(argv)
