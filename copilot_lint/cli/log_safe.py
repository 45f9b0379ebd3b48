"""Standard error as GitHub's runner may read it: no line is a workflow command.

Every message the command prints on stderr (configuration errors naming a policy id or a
``policy-paths`` entry, plugin problems, fix problems, argparse's usage errors quoting an
argument) passes through :class:`LogSafe` while :func:`~copilot_lint.cli.main.main` runs, which
rewrites complete lines with :func:`~copilot_lint.model.escape.no_workflow_commands`. Control
characters are escaped where each message is built (:func:`~copilot_lint.model.escape.visible`);
this is the net under all of them for the two command syntaxes.
"""
from __future__ import annotations

import io
from typing import TextIO

from copilot_lint.model.escape import TEXT_ESCAPES, no_workflow_commands


class LogSafe(io.TextIOBase):
    """A text stream writing to ``stream`` line by line, workflow commands neutralised."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        if "\n" in self.pending or "\r" in self.pending:
            cut = max(self.pending.rfind("\n"), self.pending.rfind("\r")) + 1
            done, self.pending = self.pending[:cut], self.pending[cut:]
            self.stream.write(no_workflow_commands(done, TEXT_ESCAPES))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(no_workflow_commands(self.pending, TEXT_ESCAPES))
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")
