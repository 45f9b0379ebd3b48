"""``copilot-lint - --stdin-filename PATH``: lint an unsaved buffer in its workspace on disk.

Editors and pre-commit-like tools pipe a buffer that may differ from the file on disk. The
buffer takes the place of ``PATH`` when the workspace around it is loaded, so cross-file rules
(imports, environments, addon merges) see the buffer together with the saved files, and only
the findings in ``PATH`` are reported. ``PATH`` need not exist, but the workspace loader reads
only the files Copilot reads (manifests, addon templates and parameters, ``.workspace``), so a
buffer for any other path is not linted (the command says so).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from copilot_lint.load.discover import display_path, find_copilot_dir


class StdinUsageError(Exception):
    """``--stdin-filename`` names no place in a workspace."""


@dataclass
class StdinTarget:
    """The workspace to load, the buffer's display path, and the buffer by real path."""

    root: Path
    shown: str
    buffers: dict[str, bytes]


def stdin_target(paths: list[str], stdin_filename: str | None, fixing: bool, stream: BinaryIO,
                 cwd: Path) -> StdinTarget:
    """Where the buffer on ``stream`` belongs, for the command line's ``paths`` (``[]`` or
    ``["-"]``) and ``--stdin-filename`` (raises :class:`StdinUsageError`)."""
    if paths not in ([], ["-"]):
        raise StdinUsageError("'-' (standard input) cannot be combined with other paths")
    if not stdin_filename:
        raise StdinUsageError("reading standard input needs --stdin-filename PATH (the file it "
                              "stands for, inside the workspace)")
    if fixing:
        raise StdinUsageError("--fix and --diff cannot change standard input; save the file "
                              "first")
    path = Path(stdin_filename)
    root = find_copilot_dir(cwd / path)
    if root is None:
        raise StdinUsageError(f"--stdin-filename {path}: no copilot/ folder found around it")
    absolute = (cwd / path).absolute()
    return StdinTarget(root, display_path(absolute, cwd),
                       {os.path.realpath(absolute): stream.read()})
