"""The options users of ruff reach for: ``--exit-zero``, ``--statistics``, ``-q``,
``--show-source``, ``--color``, ``--stdin-filename`` and ``--completion``, added to the parser.

What they do lives in :mod:`copilot_lint.cli.main` (exit code, summary),
:mod:`copilot_lint.cli.color`, :mod:`copilot_lint.report.statistics`,
:mod:`copilot_lint.report.source_excerpt`, :mod:`copilot_lint.cli.stdin_buffer` and
:mod:`copilot_lint.cli.completion`.
"""
from __future__ import annotations

import argparse

from copilot_lint.cli.color import CHOICES

SHELLS = ("bash", "zsh", "fish")
"""The shells ``--completion`` writes a script for (:mod:`copilot_lint.cli.completion`)."""


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """Add the options to ``parser``."""
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings (usage and internal errors "
                             "still exit 2)")
    parser.add_argument("--statistics", action="store_true",
                        help="print how many findings each rule has, most frequent first, "
                             "instead of the findings (text or json)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print the findings and nothing else (no summary line)")
    parser.add_argument("--show-source", action=argparse.BooleanOptionalAction, default=None,
                        help="print each finding's source line with the flagged token "
                             "underlined (default: on when the output is a terminal)")
    parser.add_argument("--color", choices=CHOICES, default="auto",
                        help="colour the text output: auto (a terminal, unless NO_COLOR is "
                             "set; FORCE_COLOR forces it), always or never (default: auto)")
    parser.add_argument("--no-color", dest="color", action="store_const", const="never",
                        help="the same as --color never")
    parser.add_argument("--stdin-filename", metavar="PATH",
                        help="read the file from standard input (PATH '-' or no PATH) and lint "
                             "it as PATH, in the workspace on disk around it")
    parser.add_argument("--completion", choices=SHELLS,
                        help="print a completion script for this shell and exit")
