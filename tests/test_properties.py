"""Property tests: whatever the bytes or YAML-shaped input, nothing raises."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config
from copilot_lint.load.parse import load_bytes

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KEYS = st.sampled_from([
    "name", "type", "image", "build", "location", "port", "http", "path", "alias", "count",
    "range", "variables", "secrets", "from_cfn", "secretsmanager", "environments", "test", "prod",
    "Parameters", "Resources", "Outputs", "Conditions", "Type", "Properties", "Value", "Export",
    "Name", "BucketName", "Ref", "Fn::Sub", "Fn::If", "Fn::Join", "Fn::GetAtt", "Fn::ImportValue",
    "Fn::Select", "Fn::Split", "Fn::FindInMap", "Fn::Equals", "Condition", "App", "Env",
    "Default", "stages", "on", "schedule", "PolicyDocument", "Statement", "Action", "Resource"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 70000), st.text(max_size=12),
                    st.sampled_from(["AWS::S3::Bucket", "AWS::IAM::ManagedPolicy", "${Env}",
                                     "${COPILOT_ENVIRONMENT_NAME}", "Backend Service",
                                     "Load Balanced Web Service", "Environment", "*", "s3:*",
                                     "AWS::SecretsManager::Secret", "AWS::SSM::Parameter"]))
DOCS = st.recursive(SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                    st.dictionaries(KEYS, kids, max_size=5)),
                    max_leaves=25)


@SETTINGS
@given(st.binary(max_size=400))
def test_loader_never_raises_on_bytes(data: bytes) -> None:
    load_bytes("f.yml", data)


@SETTINGS
@given(st.text(max_size=300))
def test_loader_never_raises_on_text(text: str) -> None:
    load_bytes("f.yml", text.encode("utf-8", "surrogatepass"))


def _workspace(manifest, addon, env_manifest, params) -> Path:
    root = Path(tempfile.mkdtemp())
    files = {
        "copilot/.workspace": "application: shop\n",
        "copilot/api/manifest.yml": manifest,
        "copilot/api/addons/a.yml": addon,
        "copilot/api/addons/addons.parameters.yml": params,
        "copilot/environments/test/manifest.yml": env_manifest,
        "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
        "copilot/environments/addons/e.yml": addon,
        "copilot/pipelines/p/manifest.yml": manifest,
    }
    for rel, doc in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc))
    return root


def _lint_without_crash(root: Path) -> None:
    try:
        config = Config()
        config.cfn_lint["enabled"] = False
        outcome = lint_workspace(root / "copilot", config, cwd=root)
        assert outcome.internal_errors == 0, [f.message for f in outcome.findings
                                              if "internal error" in f.message]
    finally:
        shutil.rmtree(root)


@SETTINGS
@given(DOCS, DOCS, DOCS, DOCS)
def test_pipeline_never_raises(manifest, addon, env_manifest, params) -> None:
    root = _workspace(manifest, addon, env_manifest, params)
    _lint_without_crash(root)


@SETTINGS
@given(st.dictionaries(KEYS, DOCS, max_size=6), st.dictionaries(KEYS, DOCS, max_size=6))
def test_pipeline_never_raises_on_mapping_shaped_documents(manifest, addon) -> None:
    manifest = {"name": "api", "type": "Backend Service", **manifest}
    addon = {"Parameters": {"App": {"Type": "String"}, "Env": {"Type": "String"},
                            "Name": {"Type": "String"}}, **addon}
    root = _workspace(manifest, addon, {"name": "test", "type": "Environment"},
                      {"Parameters": {"X": 1}})
    _lint_without_crash(root)
