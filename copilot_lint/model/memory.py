"""Files held in memory that stand in for the disk: an editor's unsaved buffers, a buffer piped
on standard input. One mechanism for every entry point (``load_workspace``, ``lint_workspace``,
the language server, ``--stdin-filename``, ``--fix``), with the parse cache that goes with it.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol


class ParseCacheLike(Protocol):
    """What the loader needs of a parse cache (:class:`~copilot_lint.load.parse_cache.ParseCache`).
    """

    def load(self, shown: str, data: bytes) -> Any: ...


class MemoryFiles:
    """Contents by path that replace the files on disk when the loader reads them.

    Paths are resolved (``os.path.realpath``) once, so a buffer opened through a symlinked
    folder still replaces the file the loader finds; the loader uses a content only for a file
    it found inside the workspace root, never to look up a path of its own.
    """

    def __init__(self, contents: Mapping[Path | str, bytes] | None = None,
                 cache: ParseCacheLike | None = None) -> None:
        self.contents: dict[str, bytes] = {
            os.path.realpath(path): data for path, data in (contents or {}).items()}
        self.cache = cache
        """Files parsed by earlier loads, re-used when their display path and content match."""

    def get(self, path: Path | str) -> bytes | None:
        """The content standing in for ``path``, or ``None`` (read the disk)."""
        return self.contents.get(os.path.realpath(path)) if self.contents else None
