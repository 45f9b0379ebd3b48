"""The finding record every rule yields and every reporter prints."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from copilot_lint.model.node import Node

if TYPE_CHECKING:
    from copilot_lint.model.fix import Fix



@dataclass
class Finding:
    """One problem at one place. ``rule`` and ``severity`` are stamped by the engine when empty."""

    file: str
    line: int
    column: int
    message: str
    rule: str = ""
    severity: str = ""
    environments: list[str] = field(default_factory=list)
    key: str = ""
    """A position-free identity (resource or key path, offending value) used for baselines."""
    fix: Fix | None = field(default=None, compare=False, repr=False)
    """How ``--fix`` repairs it (:mod:`copilot_lint.model.fix`), when the repair is unambiguous."""
    hint: str = field(default="", compare=False)
    """How to fix it, in one line, shown apart from ``message`` (which says only what is wrong)."""
    end_line: int = field(default=0, compare=False)
    """Where the offending token ends (1-based, inclusive line); 0 when unknown."""
    end_column: int = field(default=0, compare=False)
    """The column just after the offending token's last character (1-based); 0 when unknown."""
    internal: bool = field(default=False, compare=False)
    """True for an internal error (a rule or a pass crashed): never suppressed, filtered,
    re-levelled or baselined, and it makes the run exit 2."""

    @classmethod
    def at(cls, node: Node, message: str, *, env: str | None = None, key: str = "",
           severity: str = "", rule: str = "", fix: Fix | None = None,
           hint: str = "") -> Finding:
        """A finding at ``node``'s position, optionally for one environment; it ends where the
        node's span ends (:meth:`~copilot_lint.model.node.Node.span`: a scalar's whole token,
        the opening line of a block mapping or sequence)."""
        end_line, end_column = node.span()
        return cls(node.file, node.line, node.col, message, rule=rule, severity=severity,
                   environments=[env] if env else [], key=key, fix=fix, hint=hint,
                   end_line=end_line, end_column=end_column)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)
