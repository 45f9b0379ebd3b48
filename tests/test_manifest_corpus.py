"""The manifest rules against real manifests (``../shared/corpus``).

- copilot-cli's own test manifests (e2e workspaces, ``internal/pkg/manifest/testdata``, the stack
  tests' workload manifests and the environment manifests embedded in their expected templates)
  produce no CL101/CL106 finding, except the documented ones below: each is mock data that
  Copilot's own ``validate()`` or AWS rejects, or a key that Copilot ignores.
- Over ``corpus/real`` every CL101/CL102/CL103/CL105/CL106 finding is listed in
  ``docs/triage/schemas.md``, and every row there is still found.
"""
from __future__ import annotations

import re
from pathlib import Path

from conftest import corpus_dir

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config
from copilot_lint.load.parse import load_text

TRIAGE = Path(__file__).parent.parent / "docs" / "triage" / "schemas.md"
RULES = ["CL101", "CL102", "CL103", "CL105", "CL106"]

# source file → (rule, start of the message) of every finding we expect, with the reason.
EXCEPTIONS: dict[str, list[tuple[str, str]]] = {
    # An App Runner service has no http.path (RequestDrivenWebServiceHttpConfig has healthcheck,
    # alias and private only): the key is ignored.
    "e2e/apprunner/copilot/front-end/manifest.yml": [
        ("CL106", 'unknown key "http.path"')],
    # Expected-template tests render these manifests without validating them: mock certificate
    # names fail Copilot's arn.Parse, addresses without a prefix length fail net.ParseCIDR
    # (copilot-oracle: "parse "certificates[0]": arn: invalid prefix"), "0.0.0.0" is no CIDR
    # for an EC2 security group rule, and a top-level "security_group" is ignored (the field is
    # network.vpc.security_group).
    "internal/pkg/deploy/cloudformation/stack/testdata/environments/"
    "template-with-cloudfront-observability.yml": [
        ("CL101", '"cdn.certificate" must be an ARN'),
        ("CL101", '"http.public.ingress.source_ips[0]" must be a CIDR'),
        ("CL101", '"http.public.ingress.source_ips[1]" must be a CIDR'),
        ("CL101", '"http.public.certificates[0]" must be an ARN'),
        ("CL101", '"http.public.certificates[1]" must be an ARN')],
    "internal/pkg/deploy/cloudformation/stack/testdata/environments/"
    "template-with-custom-security-group.yml": [
        ("CL101", '"http.public.certificates[0]" must be an ARN'),
        ("CL101", '"http.public.certificates[1]" must be an ARN'),
        ("CL101", '"network.vpc.security_group.ingress[0].cidr" must be a CIDR'),
        ("CL101", '"network.vpc.security_group.ingress[1].cidr" must be a CIDR'),
        ("CL101", '"network.vpc.security_group.egress[0].cidr" must be a CIDR')],
    "internal/pkg/deploy/cloudformation/stack/testdata/environments/"
    "template-with-imported-certs-sslpolicy-custom-empty-security-group.yml": [
        ("CL101", '"http.public.certificates[0]" must be an ARN'),
        ("CL101", '"http.public.certificates[1]" must be an ARN'),
        ("CL106", 'unknown key "security_group"')],
    # internal/pkg/manifest/testdata holds what `copilot init` writes from mock answers and is
    # only compared as text: mock certificates, mock CIDRs, a subnet list written as one string
    # ("[mock-subnet-id-3 mock-subnet-id-4]") and upper-case subscribed service names are all
    # rejected by validate() (isValidSubSvcName) or by CloudFormation.
    "internal/pkg/manifest/testdata/environment-adjust-vpc-private-subnets.yml": [
        ("CL101", '"http.private.certificates[0]" must be an ARN'),
        ("CL101", '"http.private.certificates[1]" must be an ARN'),
        ("CL101", 'subnet "mock-subnet-id-3 mock-subnet-id-4" is not one of the imported')],
    "internal/pkg/manifest/testdata/environment-adjust-vpc.yml": [
        ("CL101", '"network.vpc.cidr" must be a CIDR'),
        ("CL101", '"network.vpc.subnets.public[0].cidr" must be a CIDR'),
        ("CL101", '"network.vpc.subnets.public[1].cidr" must be a CIDR'),
        ("CL101", '"network.vpc.subnets.private[0].cidr" must be a CIDR'),
        ("CL101", '"network.vpc.subnets.private[1].cidr" must be a CIDR'),
        ("CL101", '"http.public.certificates[0]" must be an ARN'),
        ("CL101", '"http.public.certificates[1]" must be an ARN')],
    "internal/pkg/manifest/testdata/environment-import-vpc.yml": [
        ("CL101", '"http.public.certificates[0]" must be an ARN'),
        ("CL101", '"http.public.certificates[1]" must be an ARN')],
    "internal/pkg/manifest/testdata/worker-svc-subscribe.yml": [
        ("CL101", '"subscribe.topics[0].service" must be a service name'),
        ("CL101", '"subscribe.topics[1].service" must be a service name')],
    "internal/pkg/manifest/testdata/worker-svc-with-default-fifo-queue.yml": [
        ("CL101", '"subscribe.topics[0].service" must be a service name')],
}


def _copilot_cli_manifests(root: Path) -> list[tuple[str, str, dict]]:
    """(source, text, plain data) of every manifest in copilot-cli's test data."""
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in (".yml", ".yaml"):
            continue
        source = path.relative_to(root).as_posix()
        text = path.read_text()
        tree = load_text(source, text).root
        if tree is None or not tree.is_map:
            continue
        if "stack/testdata/environments/" in source:
            embedded = tree.get("Metadata", "Manifest")
            if embedded is not None and embedded.is_str:
                text = embedded.value
                tree = load_text(source, text).root
            else:
                continue
        data = tree.plain() if tree is not None else None
        if isinstance(data, dict) and ("type" in data or "source" in data):
            found.append((source, text, data))
    return found


def _workspace(base: Path, text: str, data: dict) -> Path:
    """A workspace holding one manifest, with an environment for each of its overrides."""
    copilot = base / "copilot"
    copilot.mkdir(parents=True)
    (copilot / ".workspace").write_text("application: app\n")
    name = str(data.get("name") or "x")
    if data.get("type") == "Environment":
        folder = copilot / "environments" / name
    elif "type" in data:
        folder = copilot / name
        envs = data.get("environments") if isinstance(data.get("environments"), dict) else {}
        for env in envs:
            (copilot / "environments" / env).mkdir(parents=True)
            (copilot / "environments" / env / "manifest.yml").write_text(
                f"name: {env}\ntype: Environment\n")
    else:
        folder = copilot / "pipelines" / name
    folder.mkdir(parents=True)
    (folder / "manifest.yml").write_text(text)
    return copilot


def test_copilot_cli_test_manifests_are_valid(tmp_path: Path) -> None:
    root = corpus_dir("copilot-cli")
    manifests = _copilot_cli_manifests(root)
    assert len(manifests) >= 50
    config = Config(select=["CL101", "CL106"])
    got: dict[str, list[tuple[str, str]]] = {}
    for i, (source, text, data) in enumerate(manifests):
        outcome = lint_workspace(_workspace(tmp_path / str(i), text, data), config, cwd=tmp_path)
        assert outcome.internal_errors == 0, source
        for finding in outcome.findings:
            got.setdefault(source, []).append((finding.rule, finding.message))
    unexpected = {(s, r, m) for s, items in got.items() for r, m in items
                  if not any(r == er and m.startswith(em) for er, em in EXCEPTIONS.get(s, []))}
    missing = {(s, r, m) for s, items in EXCEPTIONS.items() for r, m in items
               if not any(r == gr and gm.startswith(m) for gr, gm in got.get(s, []))}
    assert unexpected == set()
    assert missing == set()


def _triaged() -> set[tuple[str, str, str]]:
    rows = set()
    for line in TRIAGE.read_text().splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"CL\d{3}", cells[2]):
            rows.add((cells[0], cells[1], cells[2]))
    return rows


def test_real_corpus_findings_are_all_triaged() -> None:
    real = corpus_dir("real")
    config = Config(select=RULES)
    found = set()
    for workspace in sorted(p for p in real.iterdir() if (p / "copilot").is_dir()):
        outcome = lint_workspace(workspace / "copilot", config, cwd=workspace)
        assert outcome.internal_errors == 0, workspace.name
        for f in outcome.findings:
            found.add((workspace.name, f"{f.file}:{f.line}", f.rule))
    triaged = _triaged()
    assert found - triaged == set(), "findings missing from docs/triage/schemas.md"
    assert triaged - found == set(), "rows of docs/triage/schemas.md no longer found"
