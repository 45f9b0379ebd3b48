"""The command line: ``copilot-lint`` and its sub-commands (``schema``, ``graph``, ``lsp``)."""
from copilot_lint.cli.main import console, main

__all__ = ["console", "main"]
