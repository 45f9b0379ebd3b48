"""``source.fixAll.copilot-lint``: every safe fix of one file at once, as ruff's server offers
it, for a "fix all" command or on save (``editor.codeActionsOnSave``).

The fixes are those of the file's findings in the latest lint (the command line's suppressions
and filters applied), planned together by the fixer exactly as ``copilot-lint --fix FILE``
plans them, so applying the edit gives the bytes ``--fix`` writes. A fix that also changes
another file (a policy template beside the manifest, say) changes it in the same edit.
"""
from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from copilot_lint.lsp.actions import EditSupport, plan_edit
from copilot_lint.lsp.session import Snapshot

KIND = "source.fixAll.copilot-lint"


def wanted(only: list[str] | None) -> bool:
    """Whether a request limited to the action kinds ``only`` (``None``: any) wants fix-all."""
    if only is None:
        return True
    return any(KIND == kind or KIND.startswith(f"{kind}.") for kind in only)


def fix_all(snapshot: Snapshot, path: Path, support: EditSupport) -> types.CodeAction | None:
    """The action applying every fix of ``path``'s findings, or ``None`` when there is none."""
    fixable = [f for f in snapshot.by_path.get(path, []) if f.fix is not None and f.fix.edits]
    if not fixable:
        return None
    from copilot_lint.fix.plan import plan_fixes

    plan = plan_fixes(snapshot.context, fixable)
    edit = plan_edit(snapshot, plan, support)
    if edit is None:
        return None
    count = len(plan.fixed)
    return types.CodeAction(
        title=f"copilot-lint: fix all ({count} fixable problem{'s' if count != 1 else ''})",
        kind=KIND, edit=edit)
