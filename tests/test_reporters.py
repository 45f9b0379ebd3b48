"""The machine-readable formats: SARIF 2.1.0 (validated against the OASIS schema), GitHub
workflow commands (well formed and escaped), JUnit XML, and ``auto`` inside GitHub Actions."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import shared_file, write_tree
from sample_workspaces import BAD

from copilot_lint.cli.main import main
from copilot_lint.engine.registry import all_rules
from copilot_lint.model.finding import Finding
from copilot_lint.report import FORMATS, Context, pick_format, render
from copilot_lint.report.github_format import escape_data, escape_property

NASTY = [
    Finding("copilot/api/manifest.yml", 3, 5, 'value "50%,a:b"\nsecond line\r', rule="CL002",
            severity="error", environments=["test", "prod"], key="variables.X"),
    Finding("copilot/we,ird:dir/addons/x y#.yml", 7, 1, "a warning", rule="CL004",
            severity="warning"),
    Finding("copilot/api/addons/db.yml", 12, 9, "E3012 Property should be of type String",
            rule="CFN-E3012", severity="error", environments=["test"]),
    Finding("copilot/api/manifest.yml", 1, 1, "control \x01 char & <tag>", rule="CL105",
            severity="info"),
]


@pytest.fixture
def bad_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_tree(tmp_path, BAD)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def run_cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(["--no-cfn-lint", *args])
    return code, capsys.readouterr().out


def text_findings(capsys: pytest.CaptureFixture) -> list[str]:
    return run_cli(capsys, "--format", "text")[1].splitlines()


def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared_file("schemas", "sarif-schema-2.1.0.json").read_text())
    checker = jsonschema.FormatChecker()
    assert "uri" in checker.checkers, "install the test extra (rfc3986-validator checks URIs)"
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def test_every_format_is_listed_and_renders_nothing_for_no_findings() -> None:
    assert {"text", "json", "sarif", "github", "junit"} <= set(FORMATS)
    for name in FORMATS:
        assert isinstance(render(name, [], Context()), str)


def test_auto_picks_github_inside_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert pick_format("auto") == "github"
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert pick_format("auto") == "text"


def test_sarif_validates_and_carries_every_finding(bad_workspace: Path, capsys) -> None:
    lines = text_findings(capsys)
    code, out = run_cli(capsys, "--format", "sarif")
    log = json.loads(out)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert errors == []
    run = log["runs"][0]
    results = run["results"]
    assert code == 1 and len(results) == len(lines) == 4
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][:len(all_rules())] == [r.id for r in all_rules()]
    for descriptor in rules:
        for field in ("shortDescription", "fullDescription", "help"):
            assert descriptor[field]["text"].strip()
        assert "helpUri" not in descriptor, "copilot-lint's rules page is published nowhere"
    assert "informationUri" not in run["tool"]["driver"]
    for res, line in zip(results, lines):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert line.startswith(f"{uri}:{region['startLine']}:{region['startColumn']}: error "
                               f"{res['ruleId']} ")
        assert res["message"]["text"].split("\nhelp: ")[0] in line
        assert res["level"] == "error"
    fingerprints = [r["partialFingerprints"]["copilotLint/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_fingerprints_survive_moved_lines(bad_workspace: Path, capsys) -> None:
    before = json.loads(run_cli(capsys, "--format", "sarif")[1])["runs"][0]["results"]
    manifest = bad_workspace / "copilot/api/manifest.yml"
    manifest.write_text("# a comment\n\n" + manifest.read_text())
    after = json.loads(run_cli(capsys, "--format", "sarif")[1])["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] != \
        [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]


def test_sarif_of_foreign_and_odd_findings_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    log = json.loads(render("sarif", NASTY, Context(extra={"internal_errors": 1})))
    assert sorted(sarif_validator().iter_errors(log), key=str) == []
    run = log["runs"][0]
    assert len(run["results"]) == len(NASTY)
    by_id = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "cfn-lint" in by_id["CFN-E3012"]["helpUri"]
    cfn = next(r for r in run["results"] if r["ruleId"] == "CFN-E3012")
    assert run["tool"]["driver"]["rules"][cfn["ruleIndex"]]["id"] == "CFN-E3012"
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "copilot/we%2Cird%3Adir/addons/x%20y%23.yml"
    assert [r["level"] for r in run["results"]] == ["error", "warning", "error", "note"]
    assert run["results"][0]["message"]["text"].startswith("[test, prod] value")
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_paths_are_relative_to_the_github_workspace(bad_workspace: Path, capsys,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(bad_workspace.parent))
    log = json.loads(run_cli(capsys, "--format", "sarif")[1])
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == f"{bad_workspace.name}/copilot/api/manifest.yml"
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == \
        bad_workspace.parent.as_uri() + "/"


COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),"
                     r"(?:endLine=\d+,)?(?:endColumn=\d+,)?title=([^,:]*)::([^\r\n]*)$")


def _unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), text)


def test_github_annotations_are_well_formed_and_escaped(monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    out = render("github", NASTY, Context())
    lines = out.split("\n")[:-1]
    assert len(lines) == len(NASTY)
    parsed = [COMMAND.match(line) for line in lines]
    assert all(parsed), lines
    levels, files, titles, messages = zip(*((m[1], _unescape(m[2]), _unescape(m[5]),
                                             _unescape(m[6])) for m in parsed))
    assert levels == ("error", "warning", "error", "notice")
    assert files == tuple(f.file for f in NASTY)
    assert titles == ("CL002 duplicate-key", "CL004 workspace-layout", "CFN-E3012",
                      "CL105 name-mismatch")
    assert messages[0] == '[test, prod] value "50%,a:b"\\nsecond line\\r'
    assert [(m[3], m[4]) for m in parsed] == [("3", "5"), ("7", "1"), ("12", "9"), ("1", "1")]


def test_github_escaping_rules() -> None:
    assert escape_data("100%\r\nx:y,z") == "100%25%0D%0Ax:y,z"
    assert escape_property("a%b:c,d\ne") == "a%25b%3Ac%2Cd%0Ae"


def test_github_format_from_the_cli(bad_workspace: Path, capsys) -> None:
    lines = text_findings(capsys)
    code, out = run_cli(capsys, "--format", "github")
    commands = out.splitlines()
    assert code == 1 and len(commands) == len(lines)
    for command, line in zip(commands, lines):
        match = COMMAND.match(command)
        assert match and line.startswith(f"{match[2]}:{match[3]}:{match[4]}: {match[1]} ")


def test_junit_is_well_formed_xml() -> None:
    root = ET.fromstring(render("junit", NASTY, Context()).encode())
    cases = root.findall("testsuite/testcase")
    assert root.get("tests") == str(len(NASTY)) == str(len(cases))
    failures = [case.find("failure") for case in cases]
    assert [f.get("type") for f in failures] == ["error", "info", "warning", "error"]
    assert failures[0].get("message").startswith('[test, prod] value "50%,a:b"\\nsecond line')
    assert "control \\x01 char" in failures[1].get("message")
    assert "<tag>" in failures[1].get("message")
    empty = ET.fromstring(render("junit", [], Context()).encode())
    assert empty.get("tests") == "0" and not list(empty)


def test_output_writes_extra_formats(bad_workspace: Path, capsys) -> None:
    code, out = run_cli(capsys, "--format", "github", "--output", "sarif=out.sarif",
                        "--output", "junit=out.xml")
    sarif = json.loads((bad_workspace / "out.sarif").read_text())
    assert code == 1
    assert len(sarif["runs"][0]["results"]) == len(out.splitlines()) == 4
    assert len(ET.parse(bad_workspace / "out.xml").getroot().findall(".//testcase")) == 4


def test_unknown_output_format_is_a_usage_error(bad_workspace: Path, capsys) -> None:
    assert main(["--output", "yaml=x"]) == 2
    assert "unknown format 'yaml'" in capsys.readouterr().err


def _workflow_commands(text: str) -> list[str]:
    """Lines GitHub's runner would obey: ``::`` after leading blanks (any white space it trims,
    a lone CR starting a line too), or the legacy ``##[`` anywhere."""
    import re as _re

    return [line for line in _re.split(r"\r\n|\r|\n", text)
            if line.lstrip().startswith("::") or "##[" in line]


HOSTILE_FOLDER = "\u3000::error file=x::forged"


@pytest.mark.parametrize("fmt", ["text", "json", "json-lines", "sarif", "gitlab", "rdjson",
                                 "junit", "summary"])
def test_no_format_prints_a_workflow_command(fmt: str, tmp_path: Path, capsys) -> None:
    """A folder named like a command at the start of a text line, and a value holding the
    legacy ``##[add-mask]`` syntax: no output line is a command; JSON keeps the data."""
    import os

    from copilot_lint.cli.main import main

    project = tmp_path / HOSTILE_FOLDER
    write_tree(project, {"copilot/.workspace": "application: app\n",
                         "copilot/api/manifest.yml": "name: api\ntype: '##[add-mask]s3cr3t'\n",
                         "copilot/environments/test/manifest.yml": "name: test\n"
                                                                   "type: Environment\n"})
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main([HOSTILE_FOLDER, "--no-cfn-lint", "--format", fmt])
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "add-mask" in out and _workflow_commands(out) == [] and _workflow_commands(err) == []
    if fmt in ("json", "sarif", "gitlab", "rdjson"):
        assert "##[add-mask]s3cr3t" in json.dumps(json.loads(out), ensure_ascii=False)


def test_stderr_and_rule_documentation_print_no_workflow_command(tmp_path: Path,
                                                                 capsys) -> None:
    """A configuration path, and a team policy's message and description (from the
    configuration a pull request may change): escaped, and no line of stderr, --list-rules or
    --explain is a command."""
    import os

    from copilot_lint.cli.main import main

    write_tree(tmp_path, {
        "copilot/.workspace": "application: app\n",
        ".copilot-lint.yml": "policies:\n  - id: ORG-001\n"
                             "    message: \"x\\e]0;title\\a ##[add-mask]m\"\n"
                             "    require: {required: [name]}\n"
                             "    description: \"why\\n::error::forged\\n  ##[warning]w "
                             "\\u202eevil\"\n"})
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert main(["--config", "nope\n::error::forged ##[debug]d"]) == 2
        assert main(["--list-rules"]) == 0
        assert main(["--explain", "ORG-001"]) == 0
        assert main(["--format", "sarif", "--no-cfn-lint"]) == 0
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    assert "forged" in err and "ORG-001" in out and "forged" in out
    assert _workflow_commands(out) == [] and _workflow_commands(err) == []
    assert "\x1b" not in out + err and "\u202e" not in out and "\\u202e" in out


HINTED = Finding("copilot/api/manifest.yml", 4, 3, 'unknown key "image.command" is ignored',
                 rule="CL106", severity="warning", environments=["dev"],
                 hint='move it to top-level "command"\x1b')
PLAIN = Finding("copilot/api/manifest.yml", 9, 1, "no advice here", rule="CL105",
                severity="error")


def test_every_format_carries_the_hint_once_and_escaped(monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    context = Context(extra={"sources": {"copilot/api/manifest.yml": "a\nb\nc\n  x: 1\n"}})
    text = render("text", [HINTED, PLAIN], context)
    lines = text.splitlines()
    assert lines[0].endswith('[dev] unknown key "image.command" is ignored')
    assert lines[1] == '  help: move it to top-level "command"\\x1b'
    assert text.count("help:") == 1
    assert "help:" not in render("text", [HINTED], Context())
    found = json.loads(render("json", [HINTED, PLAIN], Context()))["findings"]
    assert [f["hint"] for f in found] == ['move it to top-level "command"\\x1b', None]
    assert found[0]["message"] == 'unknown key "image.command" is ignored'
    sarif = json.loads(render("sarif", [HINTED, PLAIN], Context()))["runs"][0]["results"]
    assert sarif[0]["message"]["text"] == ('[dev] unknown key "image.command" is ignored\n'
                                           'help: move it to top-level "command"\\x1b')
    assert sarif[1]["message"]["text"] == "no advice here"
    github = render("github", [HINTED, PLAIN], Context()).splitlines()
    assert github[0].endswith('::[dev] unknown key "image.command" is ignored%0A'
                              'help: move it to top-level "command"\\x1b')
    assert github[1].endswith("::no advice here")
    failures = ET.fromstring(render("junit", [HINTED, PLAIN], Context())).iter("failure")
    assert [f.text.splitlines()[1:] for f in failures] == \
        [['help: move it to top-level "command"\\x1b'], []]
    summary = render("summary", [HINTED, PLAIN], Context())
    assert 'is ignored<br>*help:* move it to top-level "command"\\\\x1b |' in summary
    assert summary.count("*help:*") == 1


def test_sarif_with_hints_validates() -> None:
    validator = sarif_validator()
    log = json.loads(render("sarif", [HINTED, PLAIN], Context()))
    assert list(validator.iter_errors(log)) == []
