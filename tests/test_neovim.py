"""The language server in a real editor: Neovim's built-in LSP client, headless, driven by
``tests/neovim_session.lua`` on a copy of ``examples/shop``. It opens manifests and addon
templates, receives diagnostics, hovers keys of several manifest kinds, completes keys and
values, goes to the definition of a secret, asks for code lenses and inlay hints, applies the
CL301 quick fix and fix-all, and sees the diagnostics update.

Needs Neovim 0.7 or later (``apt-get install neovim``; ``.ci/run`` installs it); without it the
test is skipped and says why.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

HERE = Path(__file__).resolve().parent
SHOP = HERE.parent / "examples" / "shop"
SCRIPT = HERE / "neovim_session.lua"
MINIMUM = (0, 7)


def _neovim() -> str:
    found = shutil.which("nvim")
    if found is None:
        pytest.skip("Neovim (nvim) is not installed: apt-get install neovim (.ci/run does)")
    version = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30)
    match = re.search(r"NVIM v(\d+)\.(\d+)", version.stdout)
    if match is None or tuple(map(int, match.groups())) < MINIMUM:
        pytest.skip(f"Neovim {'.'.join(map(str, MINIMUM))}+ needed, found "
                    f"{version.stdout.splitlines()[:1]}")
    return found


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict:
    nvim = _neovim()
    work = tmp_path_factory.mktemp("neovim")
    shutil.copytree(SHOP, work / "shop")
    shutil.copytree(SHOP, work / "cli")
    out = work / "out.json"
    env = {**os.environ, "NVIM_TEST_PYTHON": sys.executable,
           "NVIM_TEST_ROOT": str(work / "shop"), "NVIM_TEST_OUT": str(out),
           "XDG_CONFIG_HOME": str(work / "config"), "XDG_DATA_HOME": str(work / "data"),
           "XDG_STATE_HOME": str(work / "state"), "COPILOT_LINT_CACHE_DIR": str(work / "cache")}
    run = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
                          "-c", f"luafile {SCRIPT}"], cwd=work / "shop", env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.exists(), f"Neovim wrote no result (exit {run.returncode}): {run.stderr[-2000:]}"
    result = json.loads(out.read_text())
    result["work"] = str(work)
    return result


def test_no_step_failed_or_timed_out(session: dict) -> None:
    assert session["errors"] == []


def test_diagnostics_arrive(session: dict) -> None:
    assert "CL503" in session["web_codes"]


def test_hover_on_keys_of_several_manifest_kinds(session: dict) -> None:
    hover = session["hover"]
    assert "kind of workload" in hover["type"]
    assert "main container's image" in hover["image"]
    assert "Application Load Balancer listener rule" in hover["http"]
    assert "Requests whose path starts" in hover["http_path"]
    assert "Dockerfile" in hover["image_build"]
    assert "How many tasks run" in hover["count"]
    assert "ECS Exec" in hover["exec"]
    assert "Secrets passed to the container" in hover["secrets"]
    assert "Container Insights" in hover["environment"] or "Monitoring" in hover["environment"]
    assert "environments the pipeline deploys to" in hover["pipeline"]
    assert all("Since Copilot v" in text for key, text in hover.items()
               if key not in ("environment", "pipeline"))


def test_completion_of_keys_and_of_memory_for_the_cpu(session: dict) -> None:
    assert {"deregistration_delay", "alias", "stickiness"} <= set(session["complete_http"])
    assert "path" not in session["complete_http"] and "healthcheck" not in \
        session["complete_http"]
    assert session["complete_memory"] == ["1024", "2048", "3072", "4096"]


def test_definition_of_a_secret_is_the_addon_parameter(session: dict) -> None:
    (target,) = session["definition"]
    assert target["uri"].endswith("/copilot/web/addons/db.yml")
    db = (SHOP / "copilot/web/addons/db.yml").read_text().splitlines()
    assert "secrets/db-secret-arn" in db[target["line"]]


def test_code_lens_and_inlay_hint_on_the_overridden_count(session: dict) -> None:
    web = (SHOP / "copilot/web/manifest.yml").read_text().splitlines()
    count = next(i for i, line in enumerate(web) if line.startswith("count:"))
    assert {"line": count, "title": "prod: {range: 2-10, cpu_percentage: 70}"} in \
        session["code_lenses"]
    assert {"line": count, "label": "▸ prod: {range: 2-10, cpu_percentage: 70}"} in \
        session["inlay_hints"]


def test_quick_fix_applies_and_diagnostics_update(session: dict) -> None:
    assert any(t.startswith("CL301:") for t in session["quick_fixes"])
    assert "BucketName: !Sub '${App}-${Env}-media'" in session["media_after_fix"]
    assert "CL301" in session["media_codes_before"]
    assert "CL301" not in session["media_codes_after"]
    assert "CL401" in session["media_codes_after"]


def test_fix_all_equals_fix_on_the_file(session: dict) -> None:
    assert session["fix_all"] == ["source.fixAll.copilot-lint"]
    cli = Path(session["work"]) / "cli"
    subprocess.run([sys.executable, "-m", "copilot_lint", "--fix", "--no-cfn-lint",
                    "copilot/environments/addons/redis.yml"], cwd=cli, capture_output=True,
                   timeout=300, check=False)
    expected = (cli / "copilot/environments/addons/redis.yml").read_text()
    assert expected != (SHOP / "copilot/environments/addons/redis.yml").read_text()
    assert session["redis_after_fix_all"] == expected
    assert "CL301" not in session["redis_codes_after"]
