"""Every real workspace of ../shared/corpus/real lints without a crash (skipped when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, corpus_dir

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config

REAL = sorted(p for p in (CORPUS / "real").glob("*/copilot")) if (CORPUS / "real").is_dir() else []
CLI_WORKSPACES = sorted({p for p in (CORPUS / "copilot-cli").rglob("copilot")
                         if p.is_dir()}) if (CORPUS / "copilot-cli").is_dir() else []


def _config() -> Config:
    config = Config()
    config.cfn_lint["enabled"] = False
    return config


# Ids as lists, not callables: pytest 7.0 cannot name the empty parameter set of a callable.
@pytest.mark.parametrize("copilot_dir", REAL, ids=[p.parent.name for p in REAL])
def test_real_workspace_does_not_crash(copilot_dir: Path) -> None:
    outcome = lint_workspace(copilot_dir, _config(), cwd=copilot_dir.parent)
    assert outcome.internal_errors == 0, [f.message for f in outcome.findings]


@pytest.mark.parametrize("copilot_dir", CLI_WORKSPACES,
                         ids=[str(p.relative_to(CORPUS / "copilot-cli")) for p in CLI_WORKSPACES])
def test_copilot_cli_workspace_does_not_crash(copilot_dir: Path) -> None:
    outcome = lint_workspace(copilot_dir, _config(), cwd=copilot_dir.parent)
    assert outcome.internal_errors == 0, [f.message for f in outcome.findings]


def test_corpus_is_present_or_skipped() -> None:
    corpus_dir("real")
    assert REAL
