"""Whether the repository deliberately keeps ``copilot/.workspace`` out of git (its
``.gitignore`` names it), which makes a missing ``.workspace`` expected rather than a mistake."""
from __future__ import annotations

from pathlib import Path

from copilot_lint.load.confined import read_regular
from copilot_lint.load.parse import MAX_BYTES

_WORKSPACE_IGNORES = {"copilot/.workspace", "/copilot/.workspace", "**/copilot/.workspace",
                      ".workspace", "**/.workspace"}


def ignores_workspace_file(root: Path) -> bool:
    """True when the repository's ``.gitignore`` (next to ``copilot/``, or inside it) names
    ``copilot/.workspace`` explicitly (``copilot/.workspace``, ``.workspace``), and no later
    ``!`` line takes it back. Symlinked ``.gitignore`` files are not read."""
    for gitignore, names in ((root.parent / ".gitignore", _WORKSPACE_IGNORES),
                             (root / ".gitignore", {".workspace", "/.workspace"})):
        try:
            if gitignore.is_symlink():
                continue
            data = read_regular(gitignore, MAX_BYTES)
            lines = data.decode("utf-8", "replace").splitlines()
        except OSError:
            continue
        verdicts = [not line.startswith("!") for line in map(str.strip, lines)
                    if line.lstrip("!") in names]
        if verdicts and verdicts[-1]:
            return True
    return False
