"""The cfn-lint pass: real cfn-lint on small workspaces, Copilot-aware, cached, parallel."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_imports

from copilot_lint.cfn import cache as cfn_cache
from copilot_lint.cfn import stage as cfn_pass
from copilot_lint.cfn import workers
from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config, ConfigError

pytestmark = pytest.mark.cfn_lint

MANIFEST = "name: {name}\ntype: Backend Service\nimage:\n  location: nginx\n"
HEADER = """\
Parameters:
  App:
    Type: String
  Env:
    Type: String
  Name:
    Type: String
"""


def make(root: Path, files: dict[str, str], envs: tuple[str, ...] = ("test",),
         app: str = "shop") -> Path:
    """A workspace under ``root`` with workload ``api`` (unless given) and ``envs``."""
    copilot = root / "copilot"
    base = {".workspace": f"application: {app}\n",
            "api/manifest.yml": MANIFEST.format(name="api")}
    for env in envs:
        base[f"environments/{env}/manifest.yml"] = f"name: {env}\ntype: Environment\n"
    for rel, text in {**base, **files}.items():
        path = copilot / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return copilot


def lint(copilot: Path, **cfn_lint) -> list[str]:
    config = Config(select=["CFN"], jobs=cfn_lint.pop("jobs", 1), cfn_lint=cfn_lint)
    outcome = lint_workspace(copilot, config, cwd=copilot.parent)
    assert outcome.internal_errors == 0, [f.message for f in outcome.findings]
    return [f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule}"
            f"{' [' + ', '.join(f.environments) + ']' if f.environments else ''}"
            for f in outcome.findings]


BAD_BUCKET = HEADER + """\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: enabled
"""


def test_real_error_reported_at_file_and_line(tmp_path: Path) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    assert lint(copilot) == ["copilot/api/addons/bucket.yml:12:7: error CFN-E3012"]


def test_a_finding_ends_where_the_key_it_is_placed_on_ends(tmp_path: Path) -> None:
    """cfn-lint gives a start; the end is that of the node starting there, as for own rules
    (``VersioningConfiguration``: columns 7 to 30 of line 12). The cached run agrees."""
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    for _ in range(2):
        finding, = lint_workspace(copilot, Config(select=["CFN"], jobs=1), cwd=tmp_path).findings
        assert (finding.line, finding.column, finding.end_line, finding.end_column) == \
            (12, 7, 12, 30)


def test_message_is_cfn_lint_message_on_one_line(tmp_path: Path) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    finding, = lint_workspace(copilot, Config(select=["CFN"], jobs=1), cwd=tmp_path).findings
    assert finding.message == "'enabled' is not of type 'object'"
    assert finding.key == "Resources/Bucket/Properties/VersioningConfiguration"


def test_copilot_parameters_never_unused_but_others_are(tmp_path: Path) -> None:
    template = HEADER + """\
  Extra:
    Type: String
    Default: x
Resources:
  Queue:
    Type: AWS::SQS::Queue
"""
    copilot = make(tmp_path, {"api/addons/queue.yml": template,
                              "environments/addons/topic.yml": template.replace(
                                  "AWS::SQS::Queue", "AWS::SNS::Topic")})
    # App and Env are Copilot's in both folders; Name only in workload addons.
    assert lint(copilot) == [
        "copilot/api/addons/queue.yml:8:3: warning CFN-W2001",
        "copilot/environments/addons/topic.yml:6:3: warning CFN-W2001",
        "copilot/environments/addons/topic.yml:8:3: warning CFN-W2001",
    ]


def test_sibling_templates_are_one_template(tmp_path: Path) -> None:
    policy = HEADER + """\
Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns:
        - !Ref BucketPolicy
"""
    bucket = HEADER + """\
Resources:
  BucketPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: '*'
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: enabled
"""
    copilot = make(tmp_path, {"api/addons/a-user.yml": policy, "api/addons/b-bucket.yml": bucket})
    assert lint(copilot) == ["copilot/api/addons/b-bucket.yml:21:7: error CFN-E3012"]


def test_same_line_in_two_files_gives_two_findings(tmp_path: Path) -> None:
    other = BAD_BUCKET.replace("Bucket:", "Other:", 1)
    copilot = make(tmp_path, {"api/addons/a.yml": BAD_BUCKET, "api/addons/b.yml": other})
    assert lint(copilot) == ["copilot/api/addons/a.yml:12:7: error CFN-E3012",
                             "copilot/api/addons/b.yml:12:7: error CFN-E3012"]


VPC_TEMPLATE = """\
Parameters:
  App:
    Type: String
  Env:
    Type: String
  VPCID:
    Type: String
    Default: ""
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db
      VpcId: !Ref VPCID
"""


def test_value_from_parent_stack_is_not_the_default(tmp_path: Path) -> None:
    alone = make(tmp_path / "alone", {"environments/addons/db.yml": VPC_TEMPLATE})
    assert lint(alone) == ["copilot/environments/addons/db.yml:14:14: warning CFN-W1030"]
    passed = make(tmp_path / "passed", {
        "environments/addons/db.yml": VPC_TEMPLATE,
        "environments/addons/addons.parameters.yml": "Parameters:\n  VPCID: !Ref VPC\n"})
    assert lint(passed) == []


def test_environment_values_are_passed_and_named(tmp_path: Path) -> None:
    template = HEADER + """\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: !Ref Env
"""
    copilot = make(tmp_path, {"api/addons/bucket.yml": template}, envs=("test", "Enabled"))
    assert lint(copilot) == ["copilot/api/addons/bucket.yml:13:17: warning CFN-W1030 [test]"]
    only = lint_workspace(copilot, Config(select=["CFN"], jobs=1), env="Enabled", cwd=tmp_path)
    assert only.findings == []


def test_literal_parameter_file_value_is_used(tmp_path: Path) -> None:
    template = HEADER + """\
  Versioning:
    Type: String
    Default: Enabled
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: !Ref Versioning
"""
    good = make(tmp_path / "good", {"api/addons/bucket.yml": template})
    assert lint(good) == []
    bad = make(tmp_path / "bad", {"api/addons/bucket.yml": template,
                                  "api/addons/addons.parameters.yml":
                                      "Parameters:\n  Versioning: sometimes\n"})
    assert lint(bad) == ["copilot/api/addons/bucket.yml:16:17: warning CFN-W1030 [test]"]


def test_output_importing_a_value_is_fine_in_workload_addons_only(tmp_path: Path) -> None:
    template = HEADER + """\
Resources:
  Queue:
    Type: AWS::SQS::Queue
Outputs:
  BucketName:
    Value: !ImportValue shop-test-BucketName
"""
    copilot = make(tmp_path, {"api/addons/out.yml": template,
                              "environments/addons/out.yml": template.replace(
                                  "  Name:\n    Type: String\n", "")})
    assert lint(copilot) == ["copilot/environments/addons/out.yml:11:12: warning CFN-W6001"]


def test_local_code_path_is_packaged_by_copilot(tmp_path: Path) -> None:
    template = HEADER + """\
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Code: {path}
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt Role.Arn
"""
    local = make(tmp_path / "local", {"api/addons/fn.yml": template.replace("{path}", "./src")})
    assert lint(local) == []
    number = make(tmp_path / "number", {"api/addons/fn.yml": template.replace("{path}", "42")})
    assert lint(number) == ["copilot/api/addons/fn.yml:21:7: error CFN-E3012"]


def test_suppressions_and_selection_apply(tmp_path: Path) -> None:
    commented = BAD_BUCKET.replace("enabled", "enabled  # copilot-lint: disable=CFN-E3012")
    copilot = make(tmp_path, {"api/addons/bucket.yml": commented})
    assert lint(copilot) == []
    copilot = make(tmp_path / "meta", {"api/addons/bucket.yml": BAD_BUCKET.replace(
        "    Type: AWS::S3::Bucket\n",
        "    Type: AWS::S3::Bucket\n    Metadata: {copilot-lint: {ignore: [CFN-E3012]}}\n")})
    assert lint(copilot) == []
    copilot = make(tmp_path / "plain", {"api/addons/bucket.yml": BAD_BUCKET})
    for ignore in (["CFN-E3012"], ["CFN-E"], ["CFN"]):
        config = Config(ignore=ignore, jobs=1)
        assert [f.rule for f in lint_workspace(copilot, config, cwd=tmp_path).findings
                if f.rule.startswith("CFN")] == []
    config = Config(severity={"CFN-E3012": "info"}, select=["CFN"], jobs=1)
    assert [f.severity for f in lint_workspace(copilot, config, cwd=tmp_path).findings] == [
        "info"]


def test_switched_off_by_flag_or_config(tmp_path: Path) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    assert not cfn_pass.enabled(Config(cfn_lint={"enabled": False}))
    assert not cfn_pass.enabled(Config(select=["CL0"]))
    assert not cfn_pass.enabled(Config(ignore=["CFN"]))
    assert cfn_pass.enabled(Config(select=["CFN-W3011"]))
    findings = lint_workspace(copilot, Config(cfn_lint={"enabled": False}), cwd=tmp_path).findings
    assert not [f for f in findings if f.rule.startswith("CFN")]


def test_cfn_lint_options_are_honoured(tmp_path: Path) -> None:
    template = HEADER + """\
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Join ['', [!Ref App, '-', !Ref Env]]
"""
    copilot = make(tmp_path, {"api/addons/topic.yml": template, "api/addons/bad.yml": BAD_BUCKET})
    assert lint(copilot) == ["copilot/api/addons/bad.yml:12:7: error CFN-E3012"]
    assert lint(copilot, **{"include-checks": ["I"], "ignore-checks": ["E3012"]}) == [
        "copilot/api/addons/topic.yml:12:25: info CFN-I1022"]
    with pytest.raises(ConfigError, match="unknown region 'mars-east-1'"):
        lint(copilot, regions=["mars-east-1"])


def test_cfnlintrc_does_not_change_the_pass(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    for folder in (tmp_path, tmp_path / "home"):
        folder.mkdir(exist_ok=True)
        (folder / ".cfnlintrc").write_text("ignore_checks:\n  - E\nregions:\n  - mars-east-1\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("AWS_REGION", "mars-east-1")
    monkeypatch.chdir(tmp_path)
    assert lint(copilot) == ["copilot/api/addons/bucket.yml:12:7: error CFN-E3012"]


def test_cache_hit_skips_cfn_lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    first = lint(copilot)
    entries = list((cfn_cache.cache_dir() / "cfn-lint").rglob("*.json"))
    assert len(entries) == 1

    def no_lint(*args, **kwargs):
        raise AssertionError("cfn-lint ran despite a warm cache")

    monkeypatch.setattr(cfn_pass, "execute", no_lint)
    assert lint(copilot) == first
    (copilot / "api/addons/bucket.yml").write_text(BAD_BUCKET + "# changed\n")
    with pytest.raises(AssertionError, match="warm cache"):
        lint(copilot)


@pytest.mark.parametrize("garbage", [b"{not json", b"[]", b'{"key": "x"}', b"\xff\xfe\x00",
                                     b'{"findings": [[1, 2]]}'])
def test_corrupt_cache_is_ignored_and_rewritten(tmp_path: Path, garbage: bytes) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    first = lint(copilot)
    entry, = (cfn_cache.cache_dir() / "cfn-lint").rglob("*.json")
    digest = entry.stem
    if garbage.startswith(b'{"findings"'):
        garbage = json.dumps({"key": digest, "findings": [[1, 2]]}).encode()
    entry.write_bytes(garbage)
    assert lint(copilot) == first
    assert json.loads(entry.read_bytes())["key"] == digest


def test_unwritable_cache_is_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("COPILOT_LINT_CACHE_DIR", str(blocker))
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    assert lint(copilot) == ["copilot/api/addons/bucket.yml:12:7: error CFN-E3012"]
    cache = cfn_cache.Cache()
    cache.put("ab" * 32, {"findings": []})
    assert cache.write_failed and cache.get("ab" * 32) is None


def test_cache_folder_lookup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COPILOT_LINT_CACHE_DIR", str(tmp_path / "explicit"))
    assert cfn_cache.cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("COPILOT_LINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cfn_cache.cache_dir() == tmp_path / "xdg" / "copilot-lint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cfn_cache.cache_dir() == tmp_path / "home" / ".cache" / "copilot-lint"


def test_timeout_is_a_finding(tmp_path: Path) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    assert lint(copilot, timeout=0.0001) == ["copilot/api/addons/bucket.yml:1:1: warning "
                                             "CFN-timeout"]
    # a timed-out entry is reused for the same limit, redone for a longer one
    assert lint(copilot, timeout=0.0001) == ["copilot/api/addons/bucket.yml:1:1: warning "
                                             "CFN-timeout"]
    assert lint(copilot, timeout=60) == ["copilot/api/addons/bucket.yml:12:7: error CFN-E3012"]


def test_worker_processes_give_the_same_findings(tmp_path: Path) -> None:
    files = {}
    for name in ("api", "web", "worker"):
        files[f"{name}/manifest.yml"] = MANIFEST.format(name=name)
        files[f"{name}/addons/bucket.yml"] = BAD_BUCKET
    serial = lint(make(tmp_path / "serial", files), jobs=1)
    parallel = lint(make(tmp_path / "parallel", files), jobs=3)
    assert len(serial) == 3 and [s.replace("serial", "") for s in serial] == \
        [p.replace("parallel", "") for p in parallel]


def test_timeout_in_worker_processes(tmp_path: Path) -> None:
    files = {}
    for name in ("api", "web"):
        files[f"{name}/manifest.yml"] = MANIFEST.format(name=name)
        files[f"{name}/addons/bucket.yml"] = BAD_BUCKET
    found = lint(make(tmp_path, files), jobs=2, timeout=0.0001)
    assert found == ["copilot/api/addons/bucket.yml:1:1: warning CFN-timeout",
                     "copilot/web/addons/bucket.yml:1:1: warning CFN-timeout"]


def test_progress_only_on_a_terminal_with_enough_templates() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Terminal()
    progress = workers.Progress(6, shown)
    for _ in range(6):
        progress.advance(1)
    progress.close()
    assert "cfn-lint: 6/6 templates" in shown.getvalue()
    for stream, total in ((io.StringIO(), 50), (Terminal(), 5)):
        progress = workers.Progress(total, stream)
        progress.advance(total)
        progress.close()
        assert stream.getvalue() == ""


WEIRD = [
    "Parameters: [1, 2]\nResources: {X: 5}\n",
    "Resources:\n  X:\n    Type: [1]\n    Properties: text\n",
    "Resources:\n  X:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !GetAtt a\n",
    "Resources:\n  X:\n    Type: AWS::SQS::Queue\n    Condition: !If [a]\n"
    "Outputs: ~\nMappings: {M: [1]}\nTransform: {Name: x}\n",
    "Resources:\n  X:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: 7\n"
    "Conditions:\n  C: !Equals [!Ref Env]\n",
    "Resources:\n  X:\n    Type: AWS::Glue::Job\n    Properties:\n      Command: [1]\n",
    "- just\n- a list\n",
    "Resources:\n  X: &a\n    Type: AWS::SQS::Queue\n  Y: *a\nDescription: 12\n",
]


@pytest.mark.parametrize("text", WEIRD)
def test_weird_templates_never_crash(tmp_path: Path, text: str) -> None:
    copilot = make(tmp_path, {"api/addons/a.yml": HEADER + "\n", "api/addons/b.yml": text,
                              "api/addons/addons.parameters.yml": "Parameters: [x]\n"})
    lint(copilot)


def _imports_cfnlint(args: list[str], cwd: Path) -> tuple[int, bool]:
    code, modules = cli_imports(args, cwd)
    return code, "cfnlint" in modules


def test_cfn_lint_imported_only_when_it_has_work(tmp_path: Path) -> None:
    copilot = make(tmp_path / "ws", {"api/addons/bucket.yml": BAD_BUCKET})
    empty = make(tmp_path / "empty", {})
    off = make(tmp_path / "off", {"api/addons/bucket.yml": BAD_BUCKET})
    (tmp_path / "off" / ".copilot-lint.yml").write_text("cfn-lint:\n  enabled: false\n")
    assert _imports_cfnlint(["--version"], tmp_path) == (0, False)
    assert _imports_cfnlint([str(copilot), "--no-cfn-lint"], tmp_path) == (0, False)
    assert _imports_cfnlint([str(copilot), "--ignore", "CFN"], tmp_path) == (0, False)
    assert _imports_cfnlint([str(empty)], tmp_path) == (0, False)
    assert _imports_cfnlint([str(off)], tmp_path) == (0, False)
    assert _imports_cfnlint([str(copilot)], tmp_path) == (1, True)
    assert _imports_cfnlint([str(copilot)], tmp_path) == (1, False)  # warm cache


DB_INSTANCE = """\
Parameters:
  EngineName:
    Type: String
    Default: postgres
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: {engine}
      EngineVersion: '{version}'
      DBInstanceClass: {klass}
      AllocatedStorage: '20'
      MasterUsername: admin
      ManageMasterUserPassword: true
"""


@pytest.mark.parametrize(("engine", "version", "klass"), [
    ("postgres", "16.4", "db.t3.micro"), ("postgres", "16.4", "db.r5.large"),
    ("Postgres", "16.4", "db.t3.micro"), ("mysql", "8.0.35", "db.t3.micro"),
    ("aurora-postgresql", "16.6", "db.serverless"), ("!Ref EngineName", "16.4", "db.t3.micro"),
    ("sqlserver-ex", "15.00", "db.m5.24xlarge"), ("mariadb", "10.11", "db.x1.nope"),
])
def test_narrowed_instance_class_check_equals_cfn_lint(engine: str, version: str,
                                                      klass: str) -> None:
    from cfnlint.api import lint as cfn_lint_api

    from copilot_lint.cfn import runner as cfn_runner

    text = DB_INSTANCE.format(engine=engine, version=version, klass=klass)
    cfn_runner.prepare()
    assert cfn_runner._rules["E3062"].validate.__name__ == "validate_one_engine"
    ours = cfn_runner.lint_unit({"files": [("db.yml", text)], "kind": "workload",
                                 "reserved": [], "param_sets": [], "parent_unknown": []})
    theirs = cfn_lint_api(text, regions=["us-east-1"])
    assert sorted((r[1], r[4]) for r in ours["findings"] if r[3] == "E3062") == sorted(
        (m.linenumber, m.message) for m in theirs if m.rule.id == "E3062")


def test_folder_with_a_broken_template_is_left_to_cl001(tmp_path: Path) -> None:
    user = HEADER + "Resources:\n  User:\n    Type: AWS::IAM::User\n    Properties:\n" \
                    "      ManagedPolicyArns: [!Ref Policy]\n"
    copilot = make(tmp_path, {"api/addons/a.yml": user, "api/addons/b.yml": "Resources: [\n",
                              "web/manifest.yml": MANIFEST.format(name="web"),
                              "web/addons/bucket.yml": BAD_BUCKET})
    assert lint(copilot) == ["copilot/web/addons/bucket.yml:12:7: error CFN-E3012"]


def test_cfn_lint_version_is_read_without_importing_it() -> None:
    from importlib import metadata

    assert cfn_pass.cfn_lint_version() == metadata.version("cfn-lint")
    code = ("import sys\nfrom copilot_lint.cfn.stage import cfn_lint_version\n"
            "print(cfn_lint_version(), 'cfnlint' in sys.modules, "
            "'importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == [metadata.version("cfn-lint"), "False", "False"]


def test_cfn_lint_version_from_the_package_that_would_be_imported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.machinery
    import importlib.util

    package = tmp_path / "cfnlint"
    package.mkdir()
    (package / "version.py").write_text('"""x"""\n\n__version__ = "9.8.7"\n')
    spec = importlib.machinery.ModuleSpec("cfnlint", None, is_package=True)
    spec.submodule_search_locations = [str(package)]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    assert cfn_pass.cfn_lint_version() == "9.8.7"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert cfn_pass.cfn_lint_version() is None


def test_a_run_that_writes_the_cache_prunes_it(tmp_path: Path) -> None:
    stale = cfn_cache.cache_dir() / "cfn-lint" / "ff" / ("ff" * 32 + ".json")
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    long_ago = stale.stat().st_mtime - (cfn_cache.MAX_AGE_DAYS + 1) * 24 * 60 * 60
    os.utime(stale, (long_ago, long_ago))
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    lint(copilot)
    assert not stale.exists()
    assert len(list((cfn_cache.cache_dir() / "cfn-lint").rglob("*.json"))) == 1


def test_explain_a_cfn_rule(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from copilot_lint.cli.main import main

    assert main(["--explain", "cfn-e3012"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## CFN-E3012\n\n**cfn-lint E3012** · severity: error · from cfn-lint ")
    assert "Check resource properties values." in out
    assert "--ignore CFN-E3012" in out
    assert main(["--explain", "CFN-W2001"]) == 0
    assert "severity: warning" in capsys.readouterr().out
    assert main(["--explain", "CFN-E9999"]) == 2
    assert "cfn-lint has no rule 'E9999'" in capsys.readouterr().err
    monkeypatch.setattr(cfn_pass, "cfn_lint_version", lambda: None)
    assert main(["--explain", "CFN-E3012"]) == 2
    assert "needs cfn-lint" in capsys.readouterr().err


def test_list_rules_names_the_cfn_rules(capsys: pytest.CaptureFixture) -> None:
    from copilot_lint.cli.main import main

    assert main(["--list-rules"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("CFN-*  cfn-lint")


def _cache_entries() -> list[Path]:
    return sorted(cfn_cache.Cache().root.rglob("*.json"))


def test_a_timed_out_result_is_never_cached(tmp_path: Path) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    assert lint(copilot, timeout=0.0001) == ["copilot/api/addons/bucket.yml:1:1: warning "
                                             "CFN-timeout"]
    assert _cache_entries() == []
    assert lint(copilot) == ["copilot/api/addons/bucket.yml:12:7: error CFN-E3012"]
    assert len(_cache_entries()) == 1


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), 1e308, -1.0])
def test_unusable_timeouts_are_refused_before_linting(tmp_path: Path, timeout: float) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    with pytest.raises(ConfigError, match="timeout"):
        lint(copilot, timeout=timeout)
    assert _cache_entries() == []


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.unlink()
    os.symlink("/dev/zero", path)


def _outside(path: Path) -> None:
    outside = path.parents[3] / "planted.json"
    entry = json.loads(path.read_text())
    entry["findings"] = []
    outside.write_text(json.dumps(entry))
    path.unlink()
    os.symlink(outside, path)


def _rows(rows: list) -> object:
    def tamper(path: Path) -> None:
        entry = json.loads(path.read_text())
        entry["findings"] = rows
        path.write_text(json.dumps(entry))
    return tamper


def _timed_out(path: Path) -> None:
    entry = json.loads(path.read_text())
    path.write_text(json.dumps({"key": entry["key"], "findings": [], "timed_out": True,
                                "timeout": 1e9}))


def _nan(path: Path) -> None:
    entry = json.loads(path.read_text())
    path.write_text('{"key": "%s", "findings": [], "timed_out": true, "timeout": NaN}'
                    % entry["key"])


def _huge(path: Path) -> None:
    entry = json.loads(path.read_text())
    entry["findings"] = [["bucket.yml", 12, 7, "E3012", "forged " + "x" * 40, "", []]] * 300_000
    path.write_text(json.dumps(entry))


FORGED = [
    ["bucket.yml", 12, 7, "E3012\x1b]0;x\x07", "forged", "", []],
    ["bucket.yml", 12, 7, "E3012", "forged", "", ["test\n::error::y"]],
    ["bucket.yml", 10 ** 12, 7, "E3012", "forged", "", []],
    ["bucket.yml", True, 7, "E3012", "forged", "", []],
    ["../../etc/passwd", 1, 1, "E3012", "forged", "", []],
    ["bucket.yml", 12, 7, "CL999", "forged", "", []],
    ["bucket.yml", 12, 7, "E3012", "x" * 100_000, "", []],
    ["bucket.yml", 12, 7, "E3012", "forged", "", ["test", "test"]],
    ["bucket.yml", 12, 7, "E3012", "forged", ""],
]


@pytest.mark.parametrize("tamper", [_fifo, _dev_zero, _outside, _timed_out, _nan, _huge]
                         + [_rows([row]) for row in FORGED] + [_rows({"a": 1})],
                         ids=["fifo", "dev-zero", "symlink-outside", "timed-out", "nan", "huge"]
                         + [f"forged-{i}" for i in range(len(FORGED))] + ["not-a-list"])
def test_a_tampered_cache_entry_is_a_miss_and_replaced(tmp_path: Path, tamper) -> None:
    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    real = ["copilot/api/addons/bucket.yml:12:7: error CFN-E3012"]
    assert lint(copilot) == real
    (entry,) = _cache_entries()
    tamper(entry)
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the run hung"))
    signal.alarm(120)
    try:
        assert lint(copilot) == real
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert entry.is_file() and not entry.is_symlink()
    assert json.loads(entry.read_text())["findings"][0][3] == "E3012"


def _swallows_every_alarm(seconds: float):
    """A stand-in for cfn-lint stuck on a folder: it catches what the alarm raises (as
    cfn-lint's broad handlers do) and carries on for ``seconds``."""
    import time

    def stuck(unit: dict) -> list[list]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                time.sleep(0.05)
            except BaseException:  # noqa: BLE001 - what cfn-lint's bare excepts do
                pass
        return [["bucket.yml", 1, 1, "E0002", "exception raised while validating", "", []]]

    return stuck


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_time_limit_is_enforced_from_outside_the_worker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """A folder that swallows the alarm is killed at its limit (plus a grace), reported as
    timed out with no spurious finding, and not cached; the other folders are linted."""
    import time

    from copilot_lint.cfn import runner as cfn_runner

    copilot = make(tmp_path, {"api/addons/bucket.yml": BAD_BUCKET})
    cfn_runner.prepare()
    monkeypatch.setattr(cfn_runner, "_lint", _swallows_every_alarm(60))
    started = time.monotonic()
    assert lint(copilot, timeout=0.5, jobs=jobs) == [
        "copilot/api/addons/bucket.yml:1:1: warning CFN-timeout"]
    assert time.monotonic() - started < 20
    assert _cache_entries() == []


def test_a_swallowed_alarm_still_times_the_folder_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """In one process (no ``fork``), an alarm that fired is a time-out whatever cfn-lint made of
    it: no "exception raised while validating" finding, and nothing cached."""
    from copilot_lint.cfn import runner as cfn_runner

    monkeypatch.setattr(cfn_runner, "_lint", _swallows_every_alarm(1.0))
    result = cfn_runner.lint_unit({"files": [], "timeout": 0.2})
    assert result == {"findings": [], "timed_out": True, "error": None}


def test_a_stuck_worker_does_not_outlive_its_run(tmp_path: Path) -> None:
    """A run killed while a worker is stuck (here: swallowing every alarm, as if in C code) takes
    the worker with it (it would otherwise spin on, orphaned, as after a language server's
    exit)."""
    import time

    pids = tmp_path / "pids"
    script = f"""
import sys, time
from copilot_lint.cfn import workers

def stuck(unit):
    open({str(pids)!r}, "w").write("started")
    while True:
        try:
            time.sleep(0.05)
        except BaseException:
            pass

original = workers._Worker.__init__
def remember(self, lint):
    original(self, lint)
    open({str(pids)!r} + ".worker", "w").write(str(self.pid))
workers._Worker.__init__ = remember
units = [workers.Unit(None, [], {{"timeout": 600}}, "digest")]
workers._forked(units, [0], 1, 600.0, [None], workers.Progress(0, sys.stderr), stuck)
"""
    run = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker = int(Path(str(pids) + ".worker").read_text())
    run.send_signal(signal.SIGKILL)
    run.wait()

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 10
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its run")
