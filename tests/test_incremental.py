"""Incremental re-lint (engine/incremental.py, query/index_parts.py): after any sequence of
edits, the language server's findings are exactly those of a full run on the same text."""
from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import analysed, corpus_dir

from copilot_lint.engine.incremental import Incremental, owners
from copilot_lint.engine.registry import all_rules
from copilot_lint.engine.run import run_rules
from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config
from copilot_lint.load.parse_cache import ParseCache
from copilot_lint.model.memory import MemoryFiles
from copilot_lint.lsp.session import Session

SHOP = Path(__file__).resolve().parent.parent / "examples" / "shop"

EXTRA = {
    "copilot/jobs/manifest.yml": """\
name: jobs
type: Worker Service
image:
  location: busybox
cpu: 256
memory: 512
network:
  vpc:
    placement: private
secrets:
  DB_SECRET_ARN: /copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/db-secret-arn
variables:
  MAIL_QUEUE:
    from_cfn: shop-${COPILOT_ENVIRONMENT_NAME}-mail-queue
subscribe:
  topics:
    - name: orders
      service: web
environments:
  prod:
    count: 3
""",
    "copilot/jobs/addons/store.yml": """\
Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
Resources:
  Store:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${App}-${Env}-store'
  JobsSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Sub '${App}-${Env}-jobs-secret'
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/copilot/${App}/${Env}/secrets/jobs-token'
      Type: String
      Value: token
  StoreAccess:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: secretsmanager:GetSecretValue
            Resource: '*'
Outputs:
  StoreAccessArn:
    Value: !Ref StoreAccess
  StoreName:
    Value: !Ref Store
    Export:
      Name: !Sub '${App}-${Env}-mail-queue'
  JobsSecretArn:
    Value: !Ref JobsSecret
    Export:
      Name: !Sub '${App}-${Env}-jobs-secret-arn'
""",
}

FILES = ["copilot/web/manifest.yml", "copilot/web/addons/db.yml", "copilot/web/addons/media.yml",
         "copilot/worker/manifest.yml", "copilot/worker/addons/queue.yml",
         "copilot/jobs/manifest.yml", "copilot/jobs/addons/store.yml",
         "copilot/environments/addons/redis.yml", "copilot/environments/prod/manifest.yml"]
TOGGLES = [
    ("${Env}-store", "store"), ("BucketName: shop-media", "BucketName: !Sub '${App}-${Env}-m'"),
    ("secrets/db-secret-arn", "secrets/db-arn"), ("mail-queue", "mail-queu"),
    ("RedisEndpont", "RedisEndpoint"), ("name: orders", "name: order"),
    ("placement: private", "placement: public"), ("cpu: 256", "cpu: 300"),
    ("Resources:", "Resources: ["), ("AWS::SSM::Parameter", "AWS::SSM::Parametr"),
    ("secretsmanager:GetSecretValue", "s3:GetObject"), ("Export:", "Exported:"),
    ("count: 1", "count: 2"), ("type: Backend Service", "type: Worker Service"),
    ("Value: !Ref MediaAccessPolicy", "Value: !GetAtt MediaBucket.Arn"),
    ("container_insights: true", "container_insights: false"),
    ("jobs-secret'", "jobs-secrets'"), ("LOG_LEVEL: info", "LOG_LEVEL: debug"),
]


def _shown(findings) -> list[tuple]:
    return sorted((f.file, f.line, f.column, f.rule, f.message, f.severity,
                   tuple(f.environments), f.hint, f.key,
                   f.fix.description if f.fix else None,
                   repr(f.fix.edits) if f.fix else None) for f in findings)


def _edit(text: str, toggle: int, shift: bool) -> str:
    old, new = TOGGLES[toggle]
    if old in text:
        text = text.replace(old, new, 1)
    elif new in text:
        text = text.replace(new, old, 1)
    if shift:
        text = text[1:] if text.startswith("\n") else "\n" + text
    return text


def _workspace(tmp: Path) -> Path:
    shutil.copytree(SHOP, tmp / "shop")
    for rel, text in EXTRA.items():
        path = tmp / "shop" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    worker = tmp / "shop" / "copilot" / "worker" / "manifest.yml"
    worker.write_text(worker.read_text().replace("variables:\n", "variables:\n  JOBS_SECRET:\n"
                      "    from_cfn: shop-${COPILOT_ENVIRONMENT_NAME}-jobs-secret-arn\n", 1))
    return tmp / "shop" / "copilot"


edits = st.lists(st.tuples(st.integers(0, len(FILES) - 1), st.integers(0, len(TOGGLES) - 1),
                           st.booleans()), min_size=1, max_size=7)


@settings(max_examples=int(os.environ.get("COPILOT_LINT_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_incremental_equals_a_full_run_on_random_edit_sequences(steps) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _workspace(Path(tmp))
        session = Session(root)
        session.lint()
        texts: dict[Path, str] = {}
        for number, (file, toggle, shift) in enumerate(steps, 2):
            path = (root.parent / FILES[file]).absolute()
            texts[path] = _edit(texts.get(path) or path.read_text(), toggle, shift)
            session.open(path, number, texts[path])
            snapshot = session.lint()
            got = [f for found in snapshot.by_path.values() for f in found] + \
                snapshot.unplaced + snapshot.internal_errors
            full = lint_workspace(root, dataclasses.replace(
                Config(), cfn_lint={"enabled": False}), cwd=root.parent,
                memory=MemoryFiles({p: t.encode() for p, t in texts.items()}))
            assert _shown(got) == _shown(full.findings), (steps[:number - 1])


def test_an_addon_edit_runs_few_rules_on_everything(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    session = Session(root)
    session.lint()
    assert session.incremental.plan.full
    addon = root / "jobs" / "addons" / "store.yml"
    session.open(addon, 2, addon.read_text().replace("${Env}-store", "store"))
    snapshot = session.lint()
    plan = session.incremental.plan
    assert not plan.full and plan.units == ("jobs",)
    assert "CL301" in plan.narrowed and "CL101" in plan.kept
    assert {"CL006", "CL401", "CL510"} <= set(plan.narrowed)
    assert not {"CL301", "CL101", "CL006"} & set(plan.rerun)
    assert any(f.rule == "CL301" for f in snapshot.by_path[addon.absolute()])


def test_a_shared_file_or_a_new_file_runs_more(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    session = Session(root)
    session.lint()
    env = root / "environments" / "prod" / "manifest.yml"
    session.open(env, 2, env.read_text() + "\n# note\n")
    session.lint()
    assert not session.incremental.plan.full and not session.incremental.plan.narrowed
    (root / "jobs" / "addons" / "more.yml").write_text("Resources: {}\n")
    session.lint()
    assert session.incremental.plan.full


def test_index_parts_are_reused_and_pruned(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    cache = ParseCache()
    runner = Incremental()
    rules = all_rules()
    for _ in range(3):
        ws = analysed(root, memory=MemoryFiles({}, cache))
        runner.run(ws, rules)
        cache.prune()
    kept = len(runner.parts)
    ws = analysed(root, memory=MemoryFiles({}, cache))
    runner.run(ws, rules)
    assert len(runner.parts) == kept and not runner.parts.changed
    assert _shown(run_rules(analysed(root), rules).findings) == _shown(
        runner.run(analysed(root, memory=MemoryFiles({}, cache)), rules).findings)


def test_owners_are_the_workload_folders(tmp_path: Path) -> None:
    ws = analysed(_workspace(tmp_path))
    owner = owners(ws)
    assert owner[next(f.path for f in ws.files if f.path.endswith("jobs/addons/store.yml"))] \
        == "jobs"
    assert owner[next(f.path for f in ws.files if f.path.endswith("addons/redis.yml"))] is None


def test_incremental_equals_a_full_run_on_corpus_workspaces() -> None:
    """Random one-line edits (a comment inserted, a character changed) in real workspaces."""
    import random

    corpus = corpus_dir()
    roots = sorted({p.parent for p in corpus.rglob("copilot/.workspace")})[::2]
    rng = random.Random(26)
    for root in roots:
        session = Session(root)
        session.lint()
        texts: dict[Path, str] = {}
        files = sorted(f for f in root.rglob("*.y*ml") if f.is_file())
        for number, path in enumerate(rng.sample(files, min(3, len(files))), 2):
            lines = path.read_text(errors="replace").split("\n")
            row = rng.randrange(len(lines))
            if rng.random() < 0.5 or not lines[row]:
                lines.insert(row, "# edited")
            else:
                col = rng.randrange(len(lines[row]))
                lines[row] = lines[row][:col] + "x" + lines[row][col + 1:]
            texts[path.absolute()] = "\n".join(lines)
            session.open(path.absolute(), number, texts[path.absolute()])
            snapshot = session.lint()
            got = [f for found in snapshot.by_path.values() for f in found] + \
                snapshot.unplaced + snapshot.internal_errors
            full = lint_workspace(root, dataclasses.replace(
                Config(), cfn_lint={"enabled": False}), cwd=root.parent,
                memory=MemoryFiles({p: t.encode() for p, t in texts.items()}))
            assert _shown(got) == _shown(full.findings), (root, path)
