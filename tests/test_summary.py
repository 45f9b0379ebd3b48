"""``--format summary``: the Markdown job summary (counts per rule and severity, the findings
table, the wiring as Mermaid), escaped for Markdown, linked to GitHub when it runs there."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import write_tree
from sample_workspaces import BAD, CLEAN
from test_graph import check_mermaid

from copilot_lint.cli.main import main
from copilot_lint.model.finding import Finding
from copilot_lint.report import Context, render
from copilot_lint.report.summary_format import MAX_ROWS, md


@pytest.fixture(autouse=True)
def no_github(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY",
                 "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)


def summary(tmp_path: Path, files: dict, monkeypatch, capsys) -> tuple[int, str]:
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    code = main(["--no-cfn-lint", "--format", "summary"])
    return code, capsys.readouterr().out


def test_summary_of_a_workspace_with_findings(tmp_path: Path, monkeypatch, capsys) -> None:
    code, text = summary(tmp_path, BAD, monkeypatch, capsys)
    assert code == 1
    assert ":x: **4 errors** in 2 files" in text
    rows = re.findall(r"^\| (CL\d+)() \| ([\w-]+) \| (\d*) \| (\d*) \| "
                      r"(\d*) \| (\d+) \|$", text, re.M)  # no link: published nowhere
    assert [(r[0], r[2], r[3], r[6]) for r in rows] == [
        ("CL002", "duplicate-key", "1", "1"), ("CL105", "name-mismatch", "1", "1"),
        ("CL503", "unresolved-import", "2", "2")]
    findings = [line for line in text.splitlines() if line.startswith("| :x: |")]
    assert len(findings) == 4
    assert "| copilot/api/manifest.yml:10:15 | CL503 | prod | from\\_cfn" in text
    mermaid = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert len(mermaid) == 1
    check_mermaid(mermaid[0])
    assert "⚠ 1 error" in mermaid[0]


def test_summary_of_a_clean_workspace(tmp_path: Path, monkeypatch, capsys) -> None:
    code, text = summary(tmp_path, CLEAN, monkeypatch, capsys)
    assert code == 0 and ":white_check_mark: **No findings**" in text
    assert "### Findings" not in text and "```mermaid" in text


def test_links_to_the_commit_on_github(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/shop")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    _, text = summary(tmp_path, BAD, monkeypatch, capsys)
    assert ("[copilot/worker/manifest.yml:1:7](https://github.com/acme/shop/blob/0123abc/"
            "copilot/worker/manifest.yml#L1)") in text


def test_markdown_escaping() -> None:
    assert md("a|b *c* _d_ [e](f) <script>&\nx `y`") == \
        "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) &lt;script&gt;&amp;\\\\nx \\`y\\`"


def test_long_reports_are_cut() -> None:
    findings = [Finding("copilot/a.yml", n, 1, f"problem {n}", rule="CL002", severity="error")
                for n in range(1, MAX_ROWS + 51)]
    text = render("summary", findings, Context())
    assert sum(1 for line in text.splitlines() if line.startswith("| :x: |")) == MAX_ROWS
    assert "… and 50 more" in text


def test_a_summary_of_huge_values_stays_under_githubs_limit(tmp_path: Path, monkeypatch,
                                                            capsys) -> None:
    """400 workloads with a 20 KB ``type:`` made a 6 MB summary, which GitHub drops whole: the
    quoted value is shortened and the summary is capped by bytes."""
    files = {"copilot/.workspace": "application: app\n",
             "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n"}
    for n in range(400):
        files[f"copilot/w{n}/manifest.yml"] = f"name: w{n}\ntype: {'é' * 20_000}\n"
    code, text = summary(tmp_path, files, monkeypatch, capsys)
    assert code == 1
    assert len(text.encode()) <= 1_000_000
    rows = [line for line in text.splitlines() if line.startswith("| :x: |")]
    assert len(rows) == MAX_ROWS and all(len(row.encode()) < 1_000 for row in rows)
    assert "…" in rows[0]


def test_the_summary_is_capped_by_bytes_whatever_the_messages() -> None:
    """Messages long in themselves (a plugin's, a team policy's): rows stop at the byte limit,
    and the note says how many were left out."""
    findings = [Finding("copilot/a.yml", n, 1, "word " * 2_000, rule="CL002", severity="error")
                for n in range(1, MAX_ROWS + 1)]
    text = render("summary", findings, Context())
    shown = sum(1 for line in text.splitlines() if line.startswith("| :x: |"))
    assert len(text.encode()) <= 1_000_000 and 0 < shown < MAX_ROWS
    assert f"… and {MAX_ROWS - shown} more" in text
