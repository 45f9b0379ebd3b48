"""Which files of a workspace root git leaves out of a commit, with git's own ``.gitignore``
semantics (negation, anchoring, ``**``, directory patterns, nested ``.gitignore`` files) through
the maintained matcher ``pathspec``, imported only when a ``.gitignore`` has lines to match (it
loads its regex backends, about 10 ms that a workspace without one never needs).

Only ``.gitignore`` files inside the root are read, through
:class:`~copilot_lint.load.confined.Confined`; a symlinked ``.gitignore`` is skipped (git itself
refuses to follow one). Files that are ignored but were force-added (``git add -f``) cannot be
told apart without the index, which is not read.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from copilot_lint.load.confined import Confined
from copilot_lint.load.parse import MAX_BYTES

if TYPE_CHECKING:
    import pathspec

GITIGNORE = ".gitignore"


class GitIgnore:
    """The ignore rules of the ``.gitignore`` files below ``root`` (read on first use)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(os.path.abspath(root))
        self.confined = Confined(self.root)
        self._specs: dict[str, pathspec.GitIgnoreSpec | None] = {}

    def ignored(self, relative: str, *, is_dir: bool = False) -> bool:
        """Whether git ignores ``relative`` (``/``-separated, below the root): a folder on its
        way is ignored (git never looks inside, so no later ``!`` can take a file back), or the
        deepest ``.gitignore`` pattern that matches the path itself ignores it."""
        parts = [p for p in relative.split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            return False
        for depth in range(1, len(parts)):
            if self._verdict(parts[:depth], True):
                return True
        return self._verdict(parts, is_dir)

    def _verdict(self, parts: list[str], is_dir: bool) -> bool:
        ignored = False
        for depth in range(len(parts)):
            spec = self._spec("/".join(parts[:depth]))
            if spec is None:
                continue
            below = "/".join(parts[depth:]) + ("/" if is_dir else "")
            include = spec.check_file(below).include
            if include is not None:
                ignored = include
        return ignored

    def _spec(self, folder: str) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._specs:
            self._specs[folder] = self._read(self.root / folder / GITIGNORE if folder
                                             else self.root / GITIGNORE)
        return self._specs[folder]

    def _read(self, path: Path) -> pathspec.GitIgnoreSpec | None:
        try:
            if path.is_symlink():
                return None
            data = self.confined.read_bytes(path, MAX_BYTES)
        except (OSError, ValueError):
            return None
        lines = data.decode("utf-8", "replace").splitlines()
        if not lines:
            return None
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(lines)


def ignores_workspace_file(root: Path) -> bool:
    """True when git ignores ``copilot/.workspace``: a ``.gitignore`` next to ``copilot/`` or
    below it leaves it out on purpose (and no later ``!`` line takes it back)."""
    return GitIgnore(root.parent).ignored(f"{root.name}/.workspace")
