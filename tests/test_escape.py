"""Escaping workspace text for output: the helper, and every format on a hostile workspace."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copilot_lint.cli import main
from copilot_lint.model.escape import uri_path, visible
from copilot_lint.report import FORMATS

from conftest import write_tree

RAW = ("\x1b", "\x07", "\r", "\x9b", "\u2028", "\u202e")
INJECTED = 'type: "x\\e]0;pwned\\a\\e[2J\\nfake.yml:9:9: error CL999 injected"\n'
BASE = {
    "copilot/.workspace": "application: app\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
}


def test_visible_escapes_controls_separators_bidi_and_undecodable_bytes() -> None:
    assert visible("a\x1b]0;t\x07\nb\rc\td") == "a\\x1b]0;t\\x07\\nb\\rc\\td"
    assert visible("\x9b\x7f\u2028\u202e") == "\\x9b\\x7f\\u2028\\u202e"
    assert visible(os.fsdecode(b"w\xff")) == "w\\xff"
    assert visible("\ud800") == "\\ud800"


def test_visible_keeps_printable_text_of_any_script() -> None:
    for text in ("copilot/web/addons/db.yml", "café ☕ 名前", 'a "quoted" \\ value %20'):
        assert visible(text) == text


def test_uri_path_percent_encodes_the_bytes_on_disk() -> None:
    assert uri_path(os.fsdecode(b"copilot/w\xff/manifest.yml")) == "copilot/w%FF/manifest.yml"
    assert uri_path("copilot/x y#/café.yml") == "copilot/x%20y%23/caf%C3%A9.yml"
    assert uri_path("a\ud800") == "a%ED%A0%80"


def _hostile(tmp_path: Path) -> Path:
    write_tree(tmp_path, {**BASE, "copilot/web/manifest.yml": "name: web\n" + INJECTED,
                          "copilot/w\nfake.yml:9:9: error CL999 x\x1b[2J/manifest.yml":
                              "name: x\ntype: Nope\n"})
    odd = tmp_path / "copilot" / os.fsdecode(b"w\xff")
    odd.mkdir()
    (odd / "manifest.yml").write_text("name: w\ntype: Nope\n")
    return tmp_path


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_escapes_workspace_text(fmt: str, tmp_path: Path, capsys,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_hostile(tmp_path))
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    code = main(["--no-cfn-lint", "--format", fmt])
    out = capsys.readouterr().out
    assert code == 1
    out.encode("utf-8")  # strictly encodable: no lone surrogate anywhere
    assert not [c for c in RAW if c in out]
    assert not [line for line in out.splitlines() if line.startswith("fake.yml")]
    if fmt == "text":
        assert all(line.startswith("copilot/") for line in out.splitlines())
        assert "\\x1b]0;pwned\\x07\\x1b[2J\\nfake.yml:9:9" in out
        assert "copilot/w\\xff/manifest.yml:2:7: error CL101" in out
    if fmt == "json":
        findings = json.loads(out)["findings"]
        assert {f["path"] for f in findings} >= {"copilot/w\\xff/manifest.yml",
                                                  "copilot/web/manifest.yml"}
        assert any("\\x1b]0;pwned" in f["message"] for f in findings)
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in results}
        assert "copilot/w%FF/manifest.yml" in uris
        assert "copilot/w%0Afake.yml%3A9%3A9%3A%20error%20CL999%20x%1B%5B2J/manifest.yml" in uris
    if fmt == "junit":
        ET.fromstring(out.encode())
    if fmt == "github":
        assert all(line.startswith(("::error ", "::warning ", "::notice "))
                   for line in out.splitlines())


NAME_BYTES = st.binary(min_size=1, max_size=12).map(
    lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")).filter(
    lambda b: b not in (b".", b"..", b"environments", b"pipelines"))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(NAME_BYTES, st.text(max_size=40))
def test_outputs_stay_clean_for_any_folder_name_and_value(folder: bytes, value: str) -> None:
    from copilot_lint.load.config import Config
    from copilot_lint.lint import lint_workspace
    from copilot_lint.report import Context, render

    root = Path(tempfile.mkdtemp())
    try:
        write_tree(root, BASE)
        workload = root / "copilot" / os.fsdecode(folder)
        workload.mkdir()
        quoted = json.dumps(value)  # a YAML double-quoted scalar: any character, escaped
        (workload / "manifest.yml").write_text(f"name: {quoted}\ntype: {quoted}\n"
                                               f"{quoted}: {quoted}\n")
        config = Config()
        config.cfn_lint["enabled"] = False
        outcome = lint_workspace(root / "copilot", config, cwd=root)
        assert outcome.internal_errors == 0
        for fmt in FORMATS:
            out = render(fmt, outcome.findings, Context(extra={"workspaces": [outcome.workspace]}))
            out.encode("utf-8")
            assert not [c for c in RAW if c in out], (fmt, out)
            if fmt == "json":
                json.loads(out)
        text = render("text", outcome.findings, Context())
        assert len(text.splitlines()) == len(outcome.findings)
    finally:
        shutil.rmtree(root)


def test_long_quoted_values_are_shortened_and_the_words_between_quotes_kept() -> None:
    from copilot_lint.model.escape import MAX_QUOTED, no_workflow_commands, shorten_quoted

    prose = f'key "{"a" * 50}" names an environment this workspace does not have, so the ' \
            'override never applies; did you mean "b"'
    assert shorten_quoted(prose) == prose
    short = shorten_quoted(f'unknown type "{"x" * 20_000}"; use one of "A", "B"')
    assert short.endswith('"; use one of "A", "B"') and "…" in short
    assert len(short) < MAX_QUOTED + 40
    assert no_workflow_commands("AWS::S3::Bucket\n  ::x") == "AWS::S3::Bucket\n  \\u003a:x"
