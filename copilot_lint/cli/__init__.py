"""The command line: ``copilot-lint`` and its sub-commands (``schema``, ``graph``)."""
from copilot_lint.cli.main import main

__all__ = ["main"]
