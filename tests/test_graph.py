"""``copilot-lint graph``: the wiring drawn from the index, findings placed on the narrowest
element, Mermaid that keeps to the syntax, DOT that Graphviz renders (when ``dot`` exists)."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import corpus_dir, write_tree
from sample_workspaces import BAD, WIRED

from copilot_lint.cli.main import main
from copilot_lint.graph.build import build_graph, snake
from copilot_lint.graph.elements import Graph
from copilot_lint.graph.render import dot_text, mermaid_text, to_dot, to_mermaid
from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config

MERMAID_LINE = re.compile(
    r'^(flowchart LR'
    r'|\s*n\d+(\{\{|\[/|\[\\|\(\[|\[\[|\[\(|\(|\[|>)"[^"]*"(\}\}|/\]|\\\]|\]\)|\]\]|\)\]|\)|\])'
    r'|\s*subgraph g\d+\["[^"]*"\]|\s*end'
    r'|  n\d+ (-->|-\.->|==>)\|"[^"|]*"\| n\d+'
    r'|  classDef \w+ [\w:#,.-]+|  class n\d+ \w+|  style g\d+ [\w:#,.-]+'
    r'|  linkStyle \d+ [\w:#,.-]+)$')


def check_mermaid(text: str) -> None:
    """Every line is one of the statements we emit, and every id is declared once."""
    lines = text.splitlines()
    bad = [line for line in lines if not MERMAID_LINE.match(line)]
    assert bad == []
    declared = re.findall(r"^\s*(n\d+)[\[({>]", text, re.M)
    assert len(declared) == len(set(declared))
    used = set(re.findall(r"\b(n\d+)\b", text))
    assert used <= set(declared)
    assert sum(1 for line in lines if line.strip().startswith("subgraph")) == \
        sum(1 for line in lines if line.strip() == "end")


def lint(root: Path, monkeypatch) -> tuple:
    monkeypatch.chdir(root)
    config = Config()
    config.cfn_lint["enabled"] = False
    outcome = lint_workspace(root / "copilot", config)
    return outcome.context, outcome.findings


def edges(graph: Graph) -> dict[tuple, object]:
    first = {key: node.label.split("\n")[0] for key, node in graph.nodes.items()}
    return {(first[e.src], first[e.dst], e.label, e.kind): e for e in graph.edges.values()}


@pytest.fixture
def wired(tmp_path: Path, monkeypatch) -> Graph:
    ws, findings = lint(write_tree(tmp_path, WIRED), monkeypatch)
    return build_graph(ws, findings)


def test_wiring_of_every_kind(wired: Graph) -> None:
    got = edges(wired)
    expected = [
        ("Uploads", "WebAccess", "UploadsArn", "import"),
        ("Uploads", "web", "UploadsName", "import"),
        ("ApiKey", "web", "API_KEY (Secrets Manager)", "secret"),
        ("Flags", "web", "FEATURE_FLAGS (SSM)", "secret"),
        ("/copilot/shop/${Env}/secrets/*", "web", "GITHUB_TOKEN (SSM)", "secret"),
        ("no such export", "web", "REPORT_TOKEN (from_cfn)", "secret"),
        ("SessionKey", "web", "SESSION_KEY (injected)", "secret"),
        ("WebAccess", "web", "task role", "policy"),
        ("WebAccess", "Sessions", "dynamodb:GetItem, dynamodb:PutItem +1", "grants"),
        ("web", "orders", "publishes", "subscribe"),
        ("orders", "mailer", "subscribes", "subscribe"),
        ("refunds", "mailer", "subscribes", "subscribe"),
        ("pipeline", "test", "stage 1", "deploy"),
        ("pipeline", "prod", "stage 2", "deploy"),
    ]
    assert sorted(got) == sorted(expected)
    kinds = {node.label.split("\n")[0]: node.kind for node in wired.nodes.values()}
    assert kinds["web"] == "lb-web-service" and kinds["mailer"] == "worker-service"
    assert kinds["nightly"] == "scheduled-job" and kinds["refunds"] == "missing"
    assert kinds["OrdersDb"] == "database" and kinds["Uploads"] == "bucket"
    audit = next(n for n in wired.nodes.values() if n.label.startswith("AuditBucket"))
    assert wired.only_in(audit) == ["prod"]
    orders_db = next(n for n in wired.nodes.values() if n.label.startswith("OrdersDb"))
    assert "master secret" in orders_db.label


def test_findings_sit_on_the_narrowest_element(wired: Graph) -> None:
    edge = edges(wired)[("no such export", "web", "REPORT_TOKEN (from_cfn)", "secret")]
    assert [(f.rule, f.environments) for f in edge.findings] == [("CL503", ["prod"]),
                                                                ("CL503", ["test"])]
    refunds = edges(wired)[("refunds", "mailer", "subscribes", "subscribe")]
    assert [f.rule for f in refunds.findings] == ["CL104"]
    assert sum(len(e.findings) for e in wired.edges.values()) == 3
    assert not any(n.findings for n in wired.nodes.values())


def test_whole_file_findings_mark_the_workload(tmp_path: Path, monkeypatch) -> None:
    ws, findings = lint(write_tree(tmp_path, BAD), monkeypatch)
    graph = build_graph(ws, findings)
    marks = {n.label.split("\n")[0]: sorted(f.rule for f in n.findings)
             for n in graph.nodes.values() if n.findings}
    assert marks == {"api": ["CL002"], "worker": ["CL105"]}
    assert sorted(f.rule for e in graph.edges.values() for f in e.findings) == ["CL503"] * 2
    mermaid = to_mermaid(graph)
    check_mermaid(mermaid)
    assert mermaid.count("class n") and "linkStyle 0 stroke:#d73a49" in mermaid
    assert "⚠ 1 error" in mermaid and "(!) 2 errors" in to_dot(graph)


def test_mermaid_and_dot_escaping() -> None:
    nasty = 'A"B|C<b>#1&x`y\nz\\w\x01'
    escaped = mermaid_text(nasty)
    assert not set('"|<>`\n\x01') & set(escaped.replace("<br/>", ""))
    assert escaped.startswith("A#quot;B#124;C#lt;b#gt;#35;1#38;x#96;y<br/>z")
    assert dot_text(nasty) == 'A\\"B|C<b>#1&x`y\\nz\\\\w\\\\x01'


def test_strange_names_stay_inside_labels(tmp_path: Path, monkeypatch) -> None:
    files = dict(WIRED)
    files["copilot/web/manifest.yml"] = files["copilot/web/manifest.yml"].replace(
        "GITHUB_TOKEN: /copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/github_token",
        "'GIT\"HUB|<b>#1': '/odd\"path|<i>/x'")
    ws, findings = lint(write_tree(tmp_path, files), monkeypatch)
    graph = build_graph(ws, findings)
    check_mermaid(to_mermaid(graph))
    _render_dot(to_dot(graph), tmp_path)


def _render_dot(text: str, tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot is not installed")
    source = tmp_path / "graph.dot"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(["dot", "-Tsvg", str(source)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stderr == "" and "<svg" in result.stdout


def test_dot_renders(wired: Graph, tmp_path: Path) -> None:
    check_mermaid(to_mermaid(wired))
    _render_dot(to_dot(wired), tmp_path)


def test_graph_subcommand(tmp_path: Path, monkeypatch, capsys) -> None:
    write_tree(tmp_path, BAD)
    monkeypatch.chdir(tmp_path)
    assert main(["graph", "--no-cfn-lint", "--format", "dot", "."]) == 0
    assert capsys.readouterr().out.startswith("digraph copilot {")
    assert main(["graph", "--no-findings", "-o", "g.mmd"]) == 0
    text = (tmp_path / "g.mmd").read_text()
    check_mermaid(text)
    assert "⚠" not in text and "linkStyle" not in text
    assert main(["graph", str(tmp_path / "nowhere")]) == 2
    elsewhere = Path(tempfile.mkdtemp())
    (tmp_path / "copilot" / "docs").symlink_to(elsewhere)
    assert main(["graph", "--no-findings", "-o", "copilot/docs/g.mmd", "copilot"]) == 2
    assert "through a symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
    elsewhere.rmdir()


def test_snake_case_of_outputs() -> None:
    assert [snake(n) for n in ("MyTableName", "usersDdbTableName", "MyDDBTable",
                               "DBClusterSecret", "Bucket2Name", "queueURL")] == \
        ["MY_TABLE_NAME", "USERS_DDB_TABLE_NAME", "MY_DDB_TABLE", "DB_CLUSTER_SECRET",
         "BUCKET2_NAME", "QUEUE_URL"]


def test_every_corpus_workspace_draws(tmp_path: Path, monkeypatch) -> None:
    real = corpus_dir("real")
    texts = []
    for folder in sorted(p for p in real.iterdir() if (p / "copilot").is_dir()):
        ws, findings = lint(folder, monkeypatch)
        graph = build_graph(ws, findings)
        check_mermaid(to_mermaid(graph))
        texts.append(to_dot(graph))
    assert len(texts) > 40
    if shutil.which("dot"):
        for number, text in enumerate(texts):
            folder = tmp_path / str(number)
            folder.mkdir()
            _render_dot(text, folder)


def test_placing_findings_and_drawing_are_linear() -> None:
    """20,000 workloads, one finding each, each workload in its own group: placing the findings
    compared every finding with every element (minutes), and drawing looked each group up in a
    list of its siblings. Here what is placed and drawn; how long it takes is timed against a
    budget by ``bench/hostile_input.py`` (no wall-clock bound in a unit test)."""
    from copilot_lint.graph.elements import place_findings
    from copilot_lint.model.finding import Finding

    count = 20_000
    graph = Graph("app", ["test"])
    for i in range(count):
        graph.group(f"wl-group:{i}", f"group {i}", spans=[(f"copilot/s{i}/manifest.yml", 1, 9)])
        graph.node(f"wl:{i}", f"s{i}", "workload", f"wl-group:{i}",
                   spans=[(f"copilot/s{i}/manifest.yml", 1, 5)])
        graph.node(f"extra:{i}", "x", "workload", f"wl-group:{i}")
    findings = [Finding(f"copilot/s{i}/manifest.yml", 2 if i % 2 else 7, 1, "m", rule="CL101",
                        severity="error")
                for i in range(count)]
    place_findings(graph, findings)
    text = to_mermaid(graph)
    to_dot(graph)
    assert len(graph.nodes["wl:1"].findings) == 1 and not graph.nodes["wl:0"].findings
    assert len(graph.groups["wl-group:0"].findings) == 1 and not graph.unplaced
    assert text.count("subgraph ") == count
