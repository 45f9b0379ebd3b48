"""The ruff-style flags: --exit-zero, --statistics, --quiet, --show-source, --color, stdin, and
--completion (the scripts themselves are tested in test_completion.py)."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from copilot_lint.cli import main

from conftest import write_tree
from test_cli import run as run_cli

ROOT = Path(__file__).parent.parent
SHOP = ROOT / "examples" / "shop"
API = "type: Backend Service\nimage: {build: Dockerfile}\n"
CLEAN = {"copilot/.workspace": "application: shop\n",
         "copilot/api/manifest.yml": "name: api\n" + API,
         "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def _no_color_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


def run(args: list[str], cwd: Path, capsys, stdin: bytes | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    """test_cli's ``run`` (in ``cwd``, without cfn-lint), with ``stdin`` as standard input."""
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    return run_cli(args, cwd, capsys)


def shop_json(capsys) -> list[dict]:
    return json.loads(run(["--format", "json"], SHOP, capsys)[1])["findings"]


def test_exit_zero_reports_but_exits_0(capsys) -> None:
    code, out, err = run([], SHOP, capsys)
    assert code == 1 and out
    code, out_zero, err_zero = run(["--exit-zero"], SHOP, capsys)
    assert (code, out_zero, err_zero) == (0, out, err)


def test_exit_zero_keeps_usage_and_internal_errors_at_2(tmp_path: Path, capsys) -> None:
    assert run(["--exit-zero", str(tmp_path / "missing")], tmp_path, capsys)[0] == 2
    write_tree(tmp_path, {**CLEAN, ".copilot-lint.yml": "select: 3\n"})
    assert run(["--exit-zero"], tmp_path, capsys)[0] == 2


def test_statistics_is_rufffs_format_sorted_by_count(capsys) -> None:
    findings = shop_json(capsys)
    code, out, err = run(["--statistics"], SHOP, capsys)
    assert code == 1 and err == ""
    rows = [re.fullmatch(r"( *\d+)\t(\S+ *)\t(\[[* ]\] )?([a-z0-9-]+)", line)
            for line in out.splitlines()]
    assert all(rows), out
    counts = {}
    for finding in findings:
        counts[finding["rule"]] = counts.get(finding["rule"], 0) + 1
    assert [(int(r[1]), r[2].strip()) for r in rows] == \
        sorted(((n, rule) for rule, n in counts.items()), key=lambda p: (-p[0], p[1]))
    assert len({len(r[1]) for r in rows}) == 1 and len({len(r[2]) for r in rows}) == 1
    by_rule = {r[2].strip(): r for r in rows}
    assert by_rule["CL301"][3] == "[*] " and by_rule["CL301"][4] == "name-missing-env"
    assert by_rule["CL503"][3] == "[ ] " and by_rule["CL503"][4] == "unresolved-import"


def test_statistics_json_and_exit_codes(tmp_path: Path, capsys) -> None:
    code, out, _ = run(["--statistics", "--format", "json"], SHOP, capsys)
    stats = json.loads(out)
    assert code == 1 and stats[0]["count"] >= stats[-1]["count"]
    assert {"code": "CL301", "name": "name-missing-env", "count": 2, "fixable": True} in stats
    assert run(["--statistics", "--exit-zero"], SHOP, capsys)[0] == 0
    assert run(["--statistics", "--format", "sarif"], SHOP, capsys)[0] == 2
    write_tree(tmp_path, CLEAN)
    assert run(["--statistics"], tmp_path, capsys)[:2] == (0, "")


def test_quiet_prints_findings_only(capsys) -> None:
    code, out, err = run([], SHOP, capsys)
    assert "errors in" in err
    for flag in ("-q", "--quiet"):
        assert run([flag], SHOP, capsys) == (code, out, "")


def test_show_source_underlines_the_token(capsys) -> None:
    code, out, _ = run(["--show-source", "--select", "CL301"], SHOP, capsys)
    assert code == 1
    lines = out.split("copilot/web/addons/media.yml:18:19: error CL301 ", 1)[1].split("\n")
    assert lines[1].startswith("  help: add ${Env} (e.g. !Sub '${App}-${Env}-media')")
    block = lines[2:6]
    assert block == ["   |",
                     "18 |       BucketName: shop-media",
                     "   |                   ^^^^^^^^^^ CL301",
                     "   |"]
    assert run(["--no-show-source", "--select", "CL301"], SHOP, capsys)[1] == \
        run(["--select", "CL301"], SHOP, capsys)[1]
    assert "^" not in run(["--select", "CL301"], SHOP, capsys)[1], "off when not a terminal"


def test_show_source_is_for_the_terminal_only(tmp_path: Path, capsys) -> None:
    report = tmp_path / "findings.txt"
    run(["--show-source", "--select", "CL301", "--output", f"text={report}"], SHOP, capsys)
    assert report.read_text() == run(["--select", "CL301"], SHOP, capsys)[1]


def test_show_source_escapes_control_characters(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, {**CLEAN, "copilot/api/manifest.yml": "name: \"w\x1b[2Jeb\"\n" + API})
    _, out, _ = run(["--show-source"], tmp_path, capsys)
    assert "\x1b" not in out
    block = [line for line in out.split(" CL001 ", 1)[1].split("\n")[1:5]
             if not line.startswith("  help: ")]
    assert block[:2] == ["  |", '1 | name: "w\\x1b[2Jeb"']
    assert block[2].startswith("  |" + " " * 9 + "^^^^"), "the caret is under the escape"


@pytest.mark.parametrize(("args", "env", "colored"), [
    ([], {}, False),
    (["--color", "always"], {}, True),
    (["--color", "always"], {"NO_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    (["--no-color"], {"FORCE_COLOR": "1"}, False),
])
def test_color_choice(args: list[str], env: dict, colored: bool, capsys,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    plain = run(["--show-source"], SHOP, capsys)[1]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _, out, _ = run(args + ["--show-source"], SHOP, capsys)
    assert bool(ANSI.search(out)) is colored
    assert ANSI.sub("", out) == plain


def test_no_color_on_a_terminal(tmp_path: Path) -> None:
    """NO_COLOR turns colour off where ``auto`` would colour: a real terminal (a pty)."""
    pty = pytest.importorskip("pty")
    script = ("import sys\nfrom copilot_lint.cli import main\n"
              "sys.exit(main(['--no-cfn-lint', '--no-show-source', '--select', 'CL301']))\n")
    outputs = {}
    for no_color in ("", "1"):
        env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
        env["NO_COLOR"] = no_color
        leader, follower = pty.openpty()
        with subprocess.Popen([sys.executable, "-c", script], cwd=SHOP, env=env,
                              stdout=follower, stderr=subprocess.DEVNULL) as proc:
            os.close(follower)
            chunks = []
            while True:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            proc.wait()
        os.close(leader)
        outputs[no_color] = b"".join(chunks).decode()
    assert "\x1b[31merror" in outputs[""]
    assert "\x1b" not in outputs["1"] and "error CL301" in outputs["1"]


def test_stdin_buffer_is_linted_in_its_workspace(tmp_path: Path, capsys,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, CLEAN)
    assert run([], tmp_path, capsys)[0] == 0
    buffer = b"name: web\n" + API.encode()
    for args in (["-", "--stdin-filename", "copilot/api/manifest.yml"],
                 ["--stdin-filename", "copilot/api/manifest.yml"]):
        code, out, _ = run(args, tmp_path, capsys, buffer, monkeypatch)
        assert code == 1
        assert out.startswith("copilot/api/manifest.yml:1:7: error CL105 ")
    assert (tmp_path / "copilot/api/manifest.yml").read_text() == "name: api\n" + API


def test_stdin_sees_the_rest_of_the_workspace(tmp_path: Path, capsys,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A cross-file rule: the environment the buffer names must exist on disk."""
    write_tree(tmp_path, CLEAN)
    buffer = (b"name: api\n" + API.encode() + b"environments:\n  test: {count: 1}\n"
              b"  prod: {count: 2}\n")
    code, out, _ = run(["-", "--stdin-filename", "copilot/api/manifest.yml", "--select", "CL103",
                        "--fail-level", "info", "-q"], tmp_path, capsys, buffer, monkeypatch)
    assert code == 1
    assert [line.split(":")[:2] for line in out.splitlines()] == \
        [["copilot/api/manifest.yml", "6"]]
    assert '"environments.prod"' in out


def test_stdin_reports_only_the_buffer(tmp_path: Path, capsys,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    wrong_env = "name: prod\ntype: Environment\n"
    write_tree(tmp_path, {**CLEAN, "copilot/environments/test/manifest.yml": wrong_env})
    assert run([], tmp_path, capsys)[0] == 1
    code, out, _ = run(["-", "--stdin-filename", "copilot/api/manifest.yml"], tmp_path, capsys,
                       ("name: api\n" + API).encode(), monkeypatch)
    assert (code, out) == (0, "")


def test_stdin_usage_errors(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, CLEAN)
    for args in (["-"], ["-", "copilot", "--stdin-filename", "copilot/api/manifest.yml"],
                 ["-", "--stdin-filename", "copilot/api/manifest.yml", "--fix"],
                 ["-", "--stdin-filename", str(tmp_path.parent / "elsewhere.yml")]):
        code, out, err = run(args, tmp_path, capsys, b"name: api\n", monkeypatch)
        assert (code, out) == (2, ""), args
        assert err.startswith("copilot-lint: ") and err.count("\n") == 1, err


def test_stdin_for_a_file_the_workspace_does_not_read(tmp_path: Path, capsys,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, CLEAN)
    code, out, err = run(["-", "--stdin-filename", "copilot/notes.yml"], tmp_path, capsys,
                         b"a: [", monkeypatch)
    assert (code, out) == (0, "")
    assert "copilot/notes.yml is not a file copilot-lint reads" in err


def test_python_dash_m_runs_the_shop_example() -> None:
    done = subprocess.run([sys.executable, "-m", "copilot_lint", "--no-cfn-lint", "--statistics",
                           "--exit-zero"], cwd=SHOP, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert re.match(r"\d+\tCL", done.stdout)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_with_every_rule(shell: str, capsys) -> None:
    from copilot_lint.engine.registry import all_rules

    assert main(["--completion", shell]) == 0
    script = capsys.readouterr().out
    assert all(rule.id in script for rule in all_rules())
    assert "--stdin-filename" in script or "stdin-filename" in script
