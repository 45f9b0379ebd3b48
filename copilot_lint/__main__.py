"""``python -m copilot_lint``: the same as the ``copilot-lint`` command."""
from copilot_lint.cli.main import console

console()
