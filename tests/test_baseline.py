"""Baselines: ``--write-baseline`` records today's findings, ``--baseline`` hides exactly them,
even after unrelated edits move them, and says how many recorded findings are gone."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_tree
from sample_workspaces import BAD

from copilot_lint.cli.main import main
from copilot_lint.model.finding import Finding
from copilot_lint.report.baseline import BaselineError, apply_baseline, fingerprint, write_baseline


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_tree(tmp_path, BAD)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def lint(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["--no-cfn-lint", "--format", "text", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text())


def test_write_then_apply_hides_everything(repo: Path, capsys) -> None:
    code, before, _ = lint(capsys)
    assert code == 1 and len(before) == 4
    code, out, err = lint(capsys, "--write-baseline", "baseline.json")
    assert code == 0 and out == [] and "recorded 4 findings" in err
    entries = json.loads((repo / "baseline.json").read_text())["findings"]
    assert {e["rule"] for e in entries} == {"CL002", "CL503", "CL105"}
    code, out, err = lint(capsys, "--baseline", "baseline.json")
    assert (code, out) == (0, [])
    assert "4 known findings not reported" in err and "gone" not in err


def test_blank_lines_above_keep_findings_baselined(repo: Path, capsys) -> None:
    lint(capsys, "--write-baseline", "baseline.json")
    _, before, _ = lint(capsys)
    prepend(repo / "copilot/api/manifest.yml", "\n\n\n# moved down\n")
    prepend(repo / "copilot/worker/manifest.yml", "\n\n")
    _, moved, _ = lint(capsys)
    assert len(moved) == 4
    assert all(a.split(": ")[0] != b.split(": ")[0] for a, b in zip(before, moved))
    code, out, _ = lint(capsys, "--baseline", "baseline.json")
    assert (code, out) == (0, [])


def test_new_finding_is_reported_and_gone_ones_counted(repo: Path, capsys) -> None:
    lint(capsys, "--write-baseline", "baseline.json")
    manifest = repo / "copilot/api/manifest.yml"
    manifest.write_text(manifest.read_text().replace("LOG_LEVEL: debug", "LOG_FORMAT: json")
                        .replace("image:\n", "image:\n  port: 80\n  port: 81\n"))
    code, out, err = lint(capsys, "--baseline", "baseline.json")
    assert code == 1
    assert len(out) == 1 and "CL002" in out[0] and '"port"' in out[0]
    assert "1 baselined finding is gone" in err and "--write-baseline baseline.json" in err


def test_same_identity_twice_needs_two_entries() -> None:
    one = Finding("copilot/a.yml", 3, 1, "duplicate key", rule="CL002", key="variables.X")
    two = Finding("copilot/a.yml", 9, 1, "duplicate key", rule="CL002", key="variables.X")
    assert fingerprint(one) == fingerprint(two)


def test_baseline_from_another_working_directory(repo: Path, capsys,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    lint(capsys, "--write-baseline", "baseline.json")
    monkeypatch.chdir(repo / "copilot")
    code, out, _ = lint(capsys, "--baseline", "../baseline.json", ".")
    assert (code, out) == (0, [])


def test_keyless_findings_fall_back_to_message_without_numbers(tmp_path: Path) -> None:
    old = Finding("copilot/a.yml", 7, 3, 'duplicate key "A" (first defined at line 6)',
                  rule="CL002", severity="error")
    moved = Finding("copilot/a.yml", 9, 3, 'duplicate key "A" (first defined at line 8)',
                    rule="CL002", severity="error")
    other = Finding("copilot/a.yml", 7, 3, 'duplicate key "B" (first defined at line 6)',
                    rule="CL002", severity="error")
    path = tmp_path / "b.json"
    write_baseline(path, [old])
    result = apply_baseline(path, [moved, other])
    assert result.new == [other] and (result.matched, result.gone) == (1, 0)


def test_internal_errors_are_never_baselined(tmp_path: Path) -> None:
    crash = Finding("copilot", 1, 1, "internal error in rule CL999", rule="CL999",
                    severity="error", internal=True)
    path = tmp_path / "b.json"
    assert write_baseline(path, [crash]) == 0
    assert apply_baseline(path, [crash]).new == [crash]


@pytest.mark.parametrize("content", ["not json", "[]", '{"version": 99, "findings": []}'])
def test_unreadable_baseline_is_a_clear_error(repo: Path, capsys, content: str) -> None:
    (repo / "baseline.json").write_text(content)
    with pytest.raises(BaselineError):
        apply_baseline(repo / "baseline.json", [])
    code, out, err = lint(capsys, "--baseline", "baseline.json")
    assert code == 2 and out == [] and "baseline" in err


def test_missing_baseline_is_a_clear_error(repo: Path, capsys) -> None:
    code, _, err = lint(capsys, "--baseline", "nope.json")
    assert code == 2 and "nope.json" in err and "Errno" not in err


def test_a_baseline_in_a_missing_folder_is_a_clear_error(repo: Path, capsys) -> None:
    code, _, err = lint(capsys, "--write-baseline", "no/such/baseline.json")
    assert code == 2 and "Errno" not in err
    assert err.strip().endswith(f"the folder {repo / 'no' / 'such'} does not exist")
    code, _, err = lint(capsys, "-q", "--output", "sarif=missing/out.sarif")
    assert code == 2 and err.strip() == (f"copilot-lint: cannot write missing/out.sarif: the "
                                         f"folder {repo / 'missing'} does not exist")


def test_a_baseline_that_is_a_fifo_or_a_device_is_refused(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo.json")
    os.symlink("/dev/zero", tmp_path / "zero.json")
    for name in ("fifo.json", "zero.json"):
        with pytest.raises(BaselineError, match="cannot read baseline"):
            apply_baseline(tmp_path / name, [])
