"""Rule plugins from installed distributions (entry-point group ``copilot_lint.rules``):
discovery, listing with their distribution, a broken plugin or a crashing rule named in one
warning or finding while the other rules run, no cost without plugins, and the example plugin
installed into a fresh virtual environment and uninstalled again."""
from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import write_tree

ROOT = Path(__file__).parent.parent
PLUGIN = ROOT / "examples" / "rule-plugin"
DEMO = PLUGIN / "demo" / "copilot"
RULES = '''\
"""Workloads named demo.

## What it does
Reports a workload whose name is demo.
"""
from copilot_lint.api import Finding, Rule


class DemoName(Rule):
    id = "DM100"
    name = "demo-name"
    severity = "info"

    def check(self, ws):
        for workload in ws.workloads:
            if workload.name == "demo":
                yield Finding.at(workload.root.get("name"), "named demo", key="demo")


class Crashes(Rule):
    id = "DM200"
    name = "demo-crash"

    def check(self, ws):
        raise KeyError("boom")
'''
WORKSPACE = {"copilot/.workspace": "application: app\n",
             "copilot/demo/manifest.yml": "name: demo\ntype: Backend Service\n"
                                          "image: {build: Dockerfile}\n",
             "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n"}


def fake_distribution(site_dir: Path, entry_points: str, name: str = "demo-plugin") -> None:
    """An installed distribution as pip leaves it: a module and a ``.dist-info`` folder."""
    dist = site_dir / f"{name.replace('-', '_')}-1.0.dist-info"
    write_tree(site_dir, {
        "demo_rules.py": RULES,
        f"{dist.name}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
        f"{dist.name}/entry_points.txt": "[copilot_lint.rules]\n" + entry_points})


def cli(args: list[str], cwd: Path, extra_path: Path | None = None,
        python: str = sys.executable) -> subprocess.CompletedProcess:
    env = os.environ.copy()
    if extra_path is not None:
        env["PYTHONPATH"] = str(extra_path)
    return subprocess.run([python, "-m", "copilot_lint", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def test_plugin_rules_are_listed_explained_and_run(tmp_path: Path) -> None:
    fake_distribution(tmp_path / "site", "demo = demo_rules:DemoName\n")
    write_tree(tmp_path, WORKSPACE)
    listed = cli(["--list-rules"], tmp_path, tmp_path / "site")
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if x.startswith("DM100 "))
    assert "demo-name" in line and "info" in line and "[plugin demo-plugin 1.0]" in line
    assert "DM200" not in listed.stdout
    explained = cli(["--explain", "demo-name"], tmp_path, tmp_path / "site")
    assert explained.stdout.startswith("## DM100\n\n**demo-name** · default severity: info · "
                                       "source: plugin demo-plugin 1.0\n\nWorkloads named demo.")
    run = cli(["--no-cfn-lint", "--format", "json", "--select", "DM,CL"], tmp_path,
              tmp_path / "site")
    findings = json.loads(run.stdout)["findings"]
    assert [(f["rule"], f["path"], f["line"]) for f in findings] == [
        ("DM100", "copilot/demo/manifest.yml", 1)]
    suppressed = "name: demo  # copilot-lint: disable=demo-name\ntype: Backend Service\n" \
                 "image: {build: Dockerfile}\n"
    write_tree(tmp_path, {"copilot/demo/manifest.yml": suppressed})
    run = cli(["--no-cfn-lint", "--select", "DM100"], tmp_path, tmp_path / "site")
    assert run.returncode == 0 and run.stdout == ""


def test_a_module_entry_point_and_a_crashing_rule(tmp_path: Path) -> None:
    fake_distribution(tmp_path / "site", "all = demo_rules\n")
    write_tree(tmp_path, WORKSPACE)
    run = cli(["--no-cfn-lint", "--format", "json"], tmp_path, tmp_path / "site")
    assert run.returncode == 2
    findings = json.loads(run.stdout)["findings"]
    crash = [f for f in findings if f["rule"] == "DM200"]
    assert len(crash) == 1
    assert "internal error in rule DM200 (plugin demo-plugin 1.0) (KeyError" in \
        crash[0]["message"]
    assert any(f["rule"] == "DM100" for f in findings)
    assert "Traceback" not in run.stderr
    for how in (["--debug"], []):
        env_debug = {} if how else {"COPILOT_LINT_DEBUG": "1"}
        with_debug = subprocess.run(
            [sys.executable, "-m", "copilot_lint", "--no-cfn-lint", "-q", *how], cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(tmp_path / "site"), **env_debug},
            capture_output=True, text=True, check=False)
        assert with_debug.returncode == 2
        err = with_debug.stderr
        assert "copilot-lint: traceback of the crash in rule DM200 (plugin demo-plugin 1.0):" \
            in err and "Traceback (most recent call last)" in err, err
        assert 'demo_rules.py", line' in err and "KeyError" in err, err


@pytest.mark.parametrize(("entry", "problem"), [
    ("broken = demo_missing:Rule\n", "plugin 'broken' (demo-plugin 1.0): cannot import "
                                     "demo_missing:Rule: ModuleNotFoundError"),
    ("text = demo_rules:__doc__\n", "plugin 'text' (demo-plugin 1.0): demo_rules:__doc__ is not "
                                    "a Rule subclass"),
])
def test_a_broken_plugin_is_one_warning_and_the_rest_runs(tmp_path: Path, entry: str,
                                                          problem: str) -> None:
    fake_distribution(tmp_path / "site", entry + "demo = demo_rules:DemoName\n")
    write_tree(tmp_path, WORKSPACE)
    run = cli(["--no-cfn-lint", "--select", "DM"], tmp_path, tmp_path / "site")
    assert run.returncode == 0
    assert " DM100 " in run.stdout
    warnings = [x for x in run.stderr.splitlines() if "warning:" in x]
    assert len(warnings) == 1 and problem in warnings[0], run.stderr


def test_a_plugin_cannot_take_a_built_in_id(tmp_path: Path) -> None:
    rules = RULES.replace('id = "DM100"', 'id = "CL301"')
    fake_distribution(tmp_path / "site", "demo = demo_rules:DemoName\n")
    (tmp_path / "site" / "demo_rules.py").write_text(rules)
    listed = cli(["--list-rules"], tmp_path, tmp_path / "site")
    assert listed.returncode == 0 and "demo-name" not in listed.stdout
    assert "rule DemoName has no id or name, or its id 'CL301' is already used" in listed.stderr


def test_no_plugin_machinery_without_plugins(tmp_path: Path) -> None:
    write_tree(tmp_path, WORKSPACE)
    probe = ("import sys\nfrom copilot_lint.cli import main\nrc = main(['--no-cfn-lint'])\n"
             "print('metadata' if 'importlib.metadata' in sys.modules else 'lean', rc)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    assert out.stdout.split()[-2:] == ["lean", "0"]


def fresh_venv(where: Path) -> Path:
    """A new virtual environment that sees this one's packages (copilot-lint, pip, setuptools)
    through a ``.pth`` file, so nothing is downloaded; returns its python."""
    venv.EnvBuilder(with_pip=False).create(where)
    python = where / "bin" / "python"
    own_site = subprocess.run([str(python), "-c", "import sysconfig; "
                               "print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    parents = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(own_site, "_parent_env.pth").write_text(
        "".join(f"import site; site.addsitedir({p!r})\n" for p in parents))
    return python


@pytest.mark.install
def test_example_plugin_installs_fires_and_uninstalls(tmp_path: Path) -> None:
    source = shutil.copytree(PLUGIN, tmp_path / "src", ignore=shutil.ignore_patterns(
        "build", "*.egg-info", "__pycache__"))
    python = str(fresh_venv(tmp_path / "venv"))
    before = cli(["--list-rules"], tmp_path, python=python)
    assert before.returncode == 0 and "HC101" not in before.stdout, before.stderr
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps",
                              str(source)], capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stderr
    listed = cli(["--list-rules"], tmp_path, python=python)
    assert "HC101  healthcheck-on-root" in listed.stdout
    assert "[plugin copilot-lint-healthcheck 0.1.0]" in listed.stdout
    run = cli([str(DEMO), "--no-cfn-lint", "--format", "json"], ROOT, python=python)
    found = [(f["rule"], f["path"].rsplit("/", 2)[-2], f["line"], f["environment"])
             for f in json.loads(run.stdout)["findings"]]
    assert found == [("HC101", "admin", 15, ["prod"]), ("HC101", "web", 7, ["prod", "test"])]
    assert run.returncode == 0, run.stderr
    removed = subprocess.run([python, "-m", "pip", "uninstall", "--yes",
                              "copilot-lint-healthcheck"], capture_output=True, text=True,
                             check=False)
    assert removed.returncode == 0, removed.stderr
    after = cli(["--list-rules"], tmp_path, python=python)
    assert after.returncode == 0 and "HC101" not in after.stdout
    gone = cli([str(DEMO), "--no-cfn-lint", "--format", "json"], ROOT, python=python)
    assert json.loads(gone.stdout)["findings"] == []


HOSTILE_PLUGIN = {
    "evil_rules-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: evil-rules\n"
                                         "Version: 1.0\n",
    "evil_rules-1.0.dist-info/entry_points.txt": "[copilot_lint.rules]\nevil = evil_rules\n",
    "evil_rules.py": "open('PWNED-plugin', 'w').close()\n",
}
HOSTILE_CHECKOUT = {
    **HOSTILE_PLUGIN,
    "yaml.py": "open('PWNED-yaml', 'w').close()\n",
    "argparse.py": "open('PWNED-argparse', 'w').close()\n",
    "dataclasses.py": "open('PWNED-dataclasses', 'w').close()\n",
}


def test_python_m_imports_nothing_from_the_working_directory(tmp_path: Path) -> None:
    """A pull request's checkout is the working directory of ``python -m copilot_lint`` in CI:
    its ``*.dist-info`` declares no plugin and its ``yaml.py`` shadows nothing."""
    write_tree(tmp_path, {**WORKSPACE, **HOSTILE_CHECKOUT})
    for args in (["--list-rules"], ["--no-cfn-lint", "--format", "json"], ["copilot"]):
        run = cli(args, tmp_path)
        assert run.returncode in (0, 1), run.stderr
        assert sorted(p.name for p in tmp_path.glob("PWNED-*")) == []
        assert "evil" not in run.stdout + run.stderr


def test_plugins_are_not_searched_in_the_working_directory(tmp_path: Path) -> None:
    """``python -c`` (or ``PYTHONPATH=.``) leaves the working directory on ``sys.path``: the
    library still takes plugins only from installed distributions."""
    write_tree(tmp_path, {**WORKSPACE, **HOSTILE_PLUGIN})
    fake_distribution(tmp_path / "site", "demo = demo_rules:DemoName\n")
    probe = ("import sys\nsys.path.insert(1, '.')\n"
             "from copilot_lint.engine.registry import all_rules\n"
             "print(' '.join(r.id for r in all_rules() if not r.id.startswith('CL')))")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["DM100"]
    assert sorted(p.name for p in tmp_path.glob("PWNED-*")) == []
