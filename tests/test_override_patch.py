"""CL110 on an empty overrides folder (git keeps no empty folder, so no fixture can hold one)."""
from __future__ import annotations

from pathlib import Path

from conftest import write_tree

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config


def test_empty_overrides_folders(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/api/manifest.yml": "name: api\ntype: Backend Service\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/pipelines/release/manifest.yml": "name: release\n",
    })
    for folder in ("api", "environments", "pipelines/release"):
        (tmp_path / "copilot" / folder / "overrides").mkdir()
    config = Config()
    config.select = ["CL110"]
    found = lint_workspace(tmp_path / "copilot", config, cwd=tmp_path).findings
    assert [(f.file, f.line, f.severity, f.hint.split(": ", 1)[1]) for f in found] == [
        ("copilot/api/overrides", 1, "error",
         'Copilot refuses to package or deploy "api" until then'),
        ("copilot/environments/overrides", 1, "error",
         "Copilot refuses to package or deploy any environment until then"),
        ("copilot/pipelines/release/overrides", 1, "error",
         'Copilot refuses to package or deploy pipeline "release" until then'),
    ]
    assert all("is empty" in f.message for f in found)
