"""``python -m copilot_lint``: the same as the ``copilot-lint`` command."""
import sys

from copilot_lint.cli.main import main

sys.exit(main())
