"""Internal helpers of the ``files`` rules: the engine's named queries and model
details they use beyond the public rule API (:mod:`copilot_lint.api`).

Not part of the plugin contract: these names may change in any release. A helper that
only these rules need can live here too (a leading underscore keeps the module out of
the rule registry's view of the family).
"""
from __future__ import annotations

from copilot_lint.model.rule import ADDON_INPUTS, INDEX_INPUTS, MANIFEST_INPUTS
from copilot_lint.model.node import INTRINSICS, MAP
from copilot_lint.model.problem import LoadProblem, ProblemKind
from copilot_lint.model.suppression import SuppressionComment
from copilot_lint.query.containers import containers
from copilot_lint.query.workspace_files import (
    FILE, FOLDER, MISSING, copied_out, inside_copilot, named_file,
)

__all__ = [
    "ADDON_INPUTS", "INDEX_INPUTS", "MANIFEST_INPUTS",
    "FILE", "FOLDER", "INTRINSICS", "LoadProblem", "MAP", "MISSING", "ProblemKind",
    "SuppressionComment", "containers", "copied_out", "inside_copilot", "named_file"
]
