"""Ranges in every machine format, and the formats other CI systems read: JSON Lines, GitLab
Code Quality and reviewdog's rdjson, each validated against a JSON Schema written from the
format's documentation (``tests/schemas/``)."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import TESTS, write_tree
from sample_workspaces import BAD
from test_reporters import COMMAND, NASTY, sarif_validator

from copilot_lint.cli.main import main
from copilot_lint.model.finding import Finding
from copilot_lint.report import FORMATS, Context, render
from copilot_lint.report.source_excerpt import excerpt

SCHEMAS = TESTS / "schemas"
SHOP = TESTS.parent / "examples" / "shop"


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(name: str, document: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(document)]


def lint(capsys, cwd: Path, *args: str) -> tuple[int, str]:
    import os

    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = main(["--no-cfn-lint", *args])
    finally:
        os.chdir(old)
    return code, capsys.readouterr().out


@pytest.fixture
def no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_WORKSPACE", "GITHUB_ACTIONS", "CI_PROJECT_DIR"):
        monkeypatch.delenv(name, raising=False)


def positions(text_lines: list[str]) -> list[tuple[str, int, int, str]]:
    out = []
    for line in text_lines:
        where, _, rest = line.partition(": ")
        path, row, col = where.rsplit(":", 2)
        out.append((path, int(row), int(col), rest.split()[1]))
    return out


WITH_RANGE = [
    Finding("copilot/api/manifest.yml", 2, 7, "x is wrong", rule="CL105", severity="error",
            hint="rename it", end_line=2, end_column=10),
    Finding("copilot/api/manifest.yml", 4, 3, "spans lines", rule="CL101", severity="warning",
            end_line=6, end_column=4),
    Finding("copilot/api/manifest.yml", 9, 1, "no end known", rule="CL004", severity="info"),
]


def test_new_formats_are_listed() -> None:
    assert {"json-lines", "gitlab", "rdjson"} <= set(FORMATS)


@pytest.mark.parametrize("fmt", ["json", "json-lines", "gitlab", "rdjson", "sarif", "github"])
def test_every_format_shows_where_each_finding_ends(capsys, no_ci, fmt: str) -> None:
    code, text = lint(capsys, SHOP, "--format", "text")
    expected = positions(text.splitlines())
    code, out = lint(capsys, SHOP, "--format", fmt)
    assert code == 1 and expected
    if fmt == "json":
        got = [(f["path"], f["line"], f["column"], f["rule"], f["end_line"], f["end_column"])
               for f in json.loads(out)["findings"]]
    elif fmt == "json-lines":
        got = [(f["path"], f["line"], f["column"], f["rule"], f["end_line"], f["end_column"])
               for f in map(json.loads, out.splitlines())]
    elif fmt == "gitlab":
        got = [(i["location"]["path"], i["location"]["positions"]["begin"]["line"],
                i["location"]["positions"]["begin"]["column"], i["check_name"],
                i["location"]["positions"]["end"]["line"],
                i["location"]["positions"]["end"]["column"]) for i in json.loads(out)]
    elif fmt == "rdjson":
        got = [(d["location"]["path"], d["location"]["range"]["start"]["line"],
                d["location"]["range"]["start"]["column"], d["code"]["value"],
                d["location"]["range"]["end"]["line"], d["location"]["range"]["end"]["column"])
               for d in json.loads(out)["diagnostics"]]
    elif fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        regions = [(r["locations"][0]["physicalLocation"], r["ruleId"]) for r in results]
        got = [(loc["artifactLocation"]["uri"], loc["region"]["startLine"],
                loc["region"]["startColumn"], rule, loc["region"]["endLine"],
                loc["region"]["endColumn"]) for loc, rule in regions]
    else:
        import re

        got = []
        for line in out.splitlines():
            match = COMMAND.match(line)
            ends = dict(re.findall(r",(endLine|endColumn)=(\d+)", line))
            got.append((match[2], int(match[3]), int(match[4]), match[5].split()[0],
                        int(ends["endLine"]), int(ends["endColumn"])))
    assert [g[:4] for g in got] == expected
    for path, row, col, _, end_row, end_col in got:
        assert (end_row, end_col) > (row, col), (path, row, col)


def test_json_and_json_lines_validate_and_agree(capsys, no_ci) -> None:
    findings = json.loads(lint(capsys, SHOP, "--format", "json")[1])["findings"]
    lines = lint(capsys, SHOP, "--format", "json-lines")[1].splitlines()
    assert len(lines) == len(findings) > 0
    for finding, line in zip(findings, lines):
        record = json.loads(line)
        assert errors("copilot-lint-finding.schema.json", finding) == []
        assert errors("copilot-lint-finding.schema.json", record) == []
        assert record == finding
    assert {f["name"] for f in findings} >= {"name-missing-env", "unresolved-import"}
    assert any(f["fixable"] for f in findings) and not all(f["fixable"] for f in findings)
    assert all(f["url"] is None for f in findings), "the rules page is published nowhere"


@pytest.mark.parametrize("findings", [NASTY, WITH_RANGE, NASTY + NASTY], ids=["nasty", "ranges",
                                                                               "repeated"])
def test_new_formats_validate_against_their_schemas(no_ci, findings: list[Finding]) -> None:
    gitlab = json.loads(render("gitlab", findings, Context()))
    assert errors("gitlab-code-quality.schema.json", gitlab) == []
    fingerprints = [issue["fingerprint"] for issue in gitlab]
    assert len(set(fingerprints)) == len(fingerprints) == len(findings)
    rdjson = json.loads(render("rdjson", findings, Context()))
    assert errors("rdjson.schema.json", rdjson) == []
    assert len(rdjson["diagnostics"]) == len(findings)
    lines = render("json-lines", findings, Context()).split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(findings)
    for line in lines[:-1]:
        assert errors("copilot-lint-finding.schema.json", json.loads(line)) == []
    sarif = json.loads(render("sarif", findings, Context()))
    assert sorted(sarif_validator().iter_errors(sarif), key=str) == []


def test_schemas_catch_what_consumers_refuse() -> None:
    issue = {"description": "d", "check_name": "CL1", "fingerprint": "f", "severity": "error",
             "location": {"path": "./a.yml", "lines": {"begin": 0}}}
    problems = errors("gitlab-code-quality.schema.json", [issue])
    assert len(problems) == 3, problems
    assert errors("rdjson.schema.json", {"diagnostics": [{"message": "m", "location": {
        "path": "a", "range": {"start": {"line": 1, "col": 2}}}, "severity": "FATAL"}]})
    assert errors("copilot-lint-finding.schema.json", {"rule": "CL1"})


def test_known_ends_hints_and_unknown_ends(no_ci) -> None:
    (first, multi, unknown) = [json.loads(line) for line in
                               render("json-lines", WITH_RANGE, Context()).splitlines()]
    assert (first["end_line"], first["end_column"], first["hint"]) == (2, 10, "rename it")
    assert (multi["end_line"], multi["end_column"]) == (6, 4)
    assert (unknown["end_line"], unknown["end_column"], unknown["hint"]) == (None, None, None)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in
               json.loads(render("sarif", WITH_RANGE, Context()))["runs"][0]["results"]]
    assert regions == [{"startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 10},
                       {"startLine": 4, "startColumn": 3, "endLine": 6, "endColumn": 4},
                       {"startLine": 9, "startColumn": 1}]
    github = render("github", WITH_RANGE, Context()).splitlines()
    assert "line=2,col=7,endLine=2,endColumn=10,title=" in github[0]
    assert "line=4,col=3,endLine=6,title=" in github[1]
    assert "line=9,col=1,title=" in github[2]
    gitlab = json.loads(render("gitlab", WITH_RANGE, Context()))
    assert gitlab[0]["content"] == {"body": "rename it"} and "content" not in gitlab[1]
    assert gitlab[2]["location"]["positions"] == {"begin": {"line": 9, "column": 1}}
    rdjson = json.loads(render("rdjson", WITH_RANGE, Context()))["diagnostics"]
    assert rdjson[0]["message"] == "x is wrong\nrename it"
    assert rdjson[0]["location"]["range"] == {"start": {"line": 2, "column": 7},
                                              "end": {"line": 2, "column": 10}}


def test_rdjson_columns_are_utf8_bytes(tmp_path: Path, capsys, no_ci) -> None:
    write_tree(tmp_path, {**BAD, "copilot/api/manifest.yml":
                          "name: api\ntype: Backend Service\nimage: {build: Dockerfile}\n"
                          "variables:\n  ÄÖÜ: x\n  ÄÖÜ: y\n"})
    text = lint(capsys, tmp_path, "--format", "text", "--select", "CL002")[1]
    assert text.startswith("copilot/api/manifest.yml:6:3: error CL002")
    (diag,) = json.loads(lint(capsys, tmp_path, "--format", "rdjson", "--select", "CL002")[1])[
        "diagnostics"]
    assert diag["location"]["range"] == {"start": {"line": 6, "column": 3},
                                         "end": {"line": 6, "column": 9}}


def test_gitlab_paths_are_relative_to_the_project(tmp_path: Path, capsys,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path / "infra", BAD)
    monkeypatch.setenv("CI_PROJECT_DIR", str(tmp_path))
    issues = json.loads(lint(capsys, tmp_path / "infra", "--format", "gitlab")[1])
    assert issues and all(i["location"]["path"].startswith("infra/copilot/") for i in issues)


def test_show_source_underlines_the_whole_range() -> None:
    text = "a: 1\nname: [web, api]  # x\n  more: 2\n"
    def marks(**end: int) -> str:
        return excerpt(text, 2, 7, "CL1", **end).splitlines()[2]

    assert marks(end_line=2, end_column=17) == "  |       " + "^" * 10 + " CL1"
    assert marks(end_line=3, end_column=10) == "  |       " + "^" * 15 + " CL1"
    # no end known (nothing re-lexes the text): the rest of the line
    assert marks() == "  |       " + "^" * 15 + " CL1"


def test_help_names_every_format(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in FORMATS:
        assert name in text, name
