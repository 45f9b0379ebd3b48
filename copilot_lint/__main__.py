"""``python -m copilot_lint``: the same as the ``copilot-lint`` command.

``python -m`` puts the working directory first on ``sys.path``; in CI that is the checkout of
an untrusted pull request, whose ``yaml.py`` would shadow a library and whose ``*.dist-info``
folders would declare plugins. The working directory leaves ``sys.path`` before anything else
is imported, so only the installed environment is used. (This package itself is already found
by then: run ``python -P -m copilot_lint`` or the ``copilot-lint`` command in a checkout that
may hold a ``copilot_lint/`` folder.)
"""
import os
import sys


def _without_working_directory(path: list[str]) -> list[str]:
    """``path`` without the working directory and relative entries (``""``, ``"."``)."""
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:
        here = None
    return [entry for entry in path
            if os.path.isabs(entry) and os.path.realpath(entry) != here]


sys.path[:] = _without_working_directory(sys.path)

from copilot_lint.cli.main import console  # noqa: E402 - only after sys.path is cleaned

console()
