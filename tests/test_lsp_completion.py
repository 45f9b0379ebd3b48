"""Completion in manifests (lsp/completion.py) and the cursor context it reads from half-typed
text (lsp/cursor.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("lsprotocol")

from conftest import write_tree  # noqa: E402
from lsprotocol import types  # noqa: E402

from copilot_lint.load.discover import load_workspace  # noqa: E402
from copilot_lint.lsp.completion import complete, schema_kind  # noqa: E402
from copilot_lint.lsp.cursor import cursor_at  # noqa: E402

FILES = {
    "copilot/.workspace": "application: demo\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
    "copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage:\n  location: x\n"
                                "publish:\n  topics:\n    - name: orders\n    - name: refunds\n",
    "copilot/mailer/manifest.yml": "name: mailer\ntype: Backend Service\nimage:\n"
                                   "  location: x\npublish:\n  topics:\n    - name: mails\n",
}


@pytest.fixture
def ws(tmp_path: Path):
    write_tree(tmp_path, FILES)
    return load_workspace(tmp_path / "copilot")


def labels(root: Path, rel: str, text: str, ws=None) -> list[str]:
    """The completion labels at the end of ``text`` (the cursor after its last character)."""
    lines = text.split("\n")
    at = types.Position(len(lines) - 1, len(lines[-1]))
    found = complete(root, root / rel, text, at, ws)
    return [item.label for item in found.items] if found else []


def items(root: Path, rel: str, text: str, ws=None) -> dict[str, types.CompletionItem]:
    lines = text.split("\n")
    found = complete(root, root / rel, text, types.Position(len(lines) - 1, len(lines[-1])), ws)
    return {item.label: item for item in found.items} if found else {}


def test_top_level_keys_per_workload_type_with_type_and_description(tmp_path: Path) -> None:
    root = tmp_path / "copilot"
    got = items(root, "svc/manifest.yml", "name: svc\ntype: Worker Service\n")
    assert {"image", "subscribe", "count", "sidecars", "environments"} <= got.keys()
    assert "name" not in got and "type" not in got and "http" not in got
    assert got["cpu"].detail == "an integer"
    assert "Fargate" in got["cpu"].documentation.value
    assert "Since Copilot" in got["subscribe"].documentation.value
    lbws = labels(root, "web/manifest.yml", "type: Load Balanced Web Service\n")
    assert "nlb" in lbws and "subscribe" not in lbws


def test_nested_keys_skip_those_already_written(tmp_path: Path) -> None:
    root = tmp_path / "copilot"
    text = "type: Load Balanced Web Service\nhttp:\n  path: /\n  "
    got = labels(root, "web/manifest.yml", text)
    assert "healthcheck" in got and "alias" in got and "path" not in got


def test_values_of_type_placement_and_booleans(tmp_path: Path) -> None:
    root = tmp_path / "copilot"
    assert labels(root, "w/manifest.yml", "name: w\n") == ["type"]
    assert labels(root, "w/manifest.yml", "name: w\ntype: ") == [
        "Load Balanced Web Service", "Backend Service", "Worker Service",
        "Request-Driven Web Service", "Scheduled Job", "Static Site"]
    text = "type: Backend Service\nnetwork:\n  vpc:\n    placement: "
    assert labels(root, "w/manifest.yml", text) == ["public", "private"]
    assert labels(root, "w/manifest.yml", "type: Backend Service\nexec: ") == ["true", "false"]
    assert labels(root, "environments/test/manifest.yml", "type: ") == ["Environment"]


def test_fargate_sizes_go_together(tmp_path: Path) -> None:
    root = tmp_path / "copilot"
    cpus = items(root, "w/manifest.yml", "type: Backend Service\ncpu: ")
    assert list(cpus) == ["256", "512", "1024", "2048", "4096", "8192", "16384"]
    assert cpus["256"].detail == "Fargate: 0.25 vCPU, memory 512-2048 MiB"
    text = "type: Backend Service\ncpu: 512\nmemory: "
    assert labels(root, "w/manifest.yml", text) == ["1024", "2048", "3072", "4096"]
    override = "type: Backend Service\ncpu: 256\nenvironments:\n  prod:\n    cpu: 1024\n" \
               "    memory: "
    assert labels(root, "w/manifest.yml", override)[:2] == ["2048", "3072"]
    rdws = "type: Request-Driven Web Service\ncpu: 2048\nmemory: "
    assert labels(root, "w/manifest.yml", rdws) == ["4096", "6144"]


def test_environment_names_under_environments(tmp_path: Path, ws) -> None:
    root = tmp_path / "copilot"
    text = "type: Backend Service\nenvironments:\n  test:\n    count: 2\n  "
    assert labels(root, "api/manifest.yml", text, ws) == ["prod"]
    override = "type: Backend Service\nenvironments:\n  prod:\n    "
    assert "count" in labels(root, "api/manifest.yml", override, ws)


def test_topic_names_under_subscribe(tmp_path: Path, ws) -> None:
    root = tmp_path / "copilot"
    text = "type: Worker Service\nsubscribe:\n  topics:\n    - name: "
    assert labels(root, "jobs/manifest.yml", text, ws) == ["orders", "refunds", "mails"]
    text = "type: Worker Service\nsubscribe:\n  topics:\n    - service: mailer\n      name: "
    assert labels(root, "jobs/manifest.yml", text, ws) == ["mails"]
    text = "type: Worker Service\nsubscribe:\n  topics:\n    - name: mails\n      service: "
    assert labels(root, "jobs/manifest.yml", text, ws) == ["api", "mailer"]


def test_pipeline_stage_names_are_environments(tmp_path: Path, ws) -> None:
    root = tmp_path / "copilot"
    text = "name: release\nversion: 1\nstages:\n  - name: "
    assert labels(root, "pipelines/release/manifest.yml", text, ws) == ws.env_names
    assert sorted(ws.env_names) == ["prod", "test"]


def test_no_completion_outside_manifests_or_in_comments(tmp_path: Path) -> None:
    root = tmp_path / "copilot"
    assert labels(root, "api/addons/db.yml", "Resources:\n  ") == []
    assert labels(root, "api/manifest.yml", "type: Backend Service\n# cp") == []
    assert schema_kind(root, root / "api" / "manifest.yml", "type: Nope\n") == ""
    assert schema_kind(root, root / "api" / "addons" / "manifest.yml", "") is None


def test_cursor_context_of_half_typed_yaml() -> None:
    lines = ["subscribe:", "  topics:", "    - name: x", "      serv"]
    cursor = cursor_at(lines, 3, len(lines[3]))
    assert cursor.path == ("subscribe", "topics") and cursor.on_key and cursor.prefix == "serv"
    assert cursor.siblings == {"name": "x"} and cursor.in_list
    lines = ["image:", "  build: Dockerfile", "  port: 80", "http:", "  path: /x"]
    cursor = cursor_at(lines, 4, len(lines[4]))
    assert cursor.path == ("http",) and cursor.key == "path" and cursor.prefix == "/x"
    assert cursor_at(["labels: {a: "], 0, 12) is None


def test_key_descriptions_from_the_buffer_text(tmp_path: Path) -> None:
    from copilot_lint.lsp.cursor import key_under
    from copilot_lint.lsp.hover import buffer_hover

    root = tmp_path / "copilot"
    text = "name: web\ntype: Load Balanced Web Service\nhttp:\n  path: /\n  healthcheck:\n" \
           "    interval: 10s\nimage: [broken\n"
    lines = text.split("\n")
    assert key_under(lines, 5, 6) == ("http", "healthcheck", "interval")
    assert key_under(lines, 5, 14) is None and key_under(lines, 3, 1) is None
    shown = buffer_hover(root, root / "web" / "manifest.yml", text, types.Position(3, 3))
    assert shown.contents.value.startswith("**http.path**")
    assert "Requests whose path starts" in shown.contents.value
    assert buffer_hover(root, root / "web" / "addons" / "x.yml", text,
                        types.Position(3, 3)) is None
