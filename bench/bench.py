"""Benchmark copilot-lint against the cfn-lint CLI on a generated Copilot workspace.

For each N given, generate a workspace of N services (each: a Load Balanced Web Service or
Backend Service manifest with overrides for four environments, and an ``addons/`` folder with
Aurora Serverless v2 + secret + SSM parameter, an S3 bucket + bucket policy + access policy, an
SQS queue + dead-letter queue + queue policy + access policy, and an ``addons.parameters.yml``),
then time, in the same run, interleaved round by round, and report medians:

- ``own``: ``copilot-lint --no-cfn-lint`` (copilot-lint's own rules only);
- ``cfn-lint``: the cfn-lint CLI alone on the same addon templates;
- ``cold``: ``copilot-lint`` with the cfn-lint pass and an empty cache;
- ``warm``: the same with the cache filled by a previous run;
- ``version``: ``copilot-lint --version`` against ``python -c pass``.

Peak memory is the largest resident set of one process of the command's tree (``wait4``), in
MiB; CPU is user + system seconds of the whole tree. The machine's load average is printed too:
other work on the machine slows parallel runs more than serial ones. Before timing,
copilot-lint's modules are compiled to bytecode, as cfn-lint's were when pip installed it.

Usage: ``python bench/bench.py [--services 10 40 160] [--rounds 5] [--jobs N] [--markdown]``;
``python bench/bench.py --generate DIR --services 40`` only writes the workspace.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENVIRONMENTS = ("dev", "test", "staging", "prod")

PARAMS = """\
  App:
    Type: String
    Description: Your application's name.
  Env:
    Type: String
    Description: The environment name your service is being deployed to.
  Name:
    Type: String
    Description: The name of the service being deployed.
"""

AURORA = """\
Parameters:
{params}  PrivateSubnets:
    Type: String
    Description: The private subnets of the environment, comma-separated.
    Default: ""
  DBName:
    Type: String
    Description: The initial database.
    Default: {svc}
Mappings:
  {svc}ScalingMap:
    dev: {{MinCapacity: 0.5, MaxCapacity: 2}}
    test: {{MinCapacity: 0.5, MaxCapacity: 2}}
    staging: {{MinCapacity: 0.5, MaxCapacity: 4}}
    prod: {{MinCapacity: 1, MaxCapacity: 16}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  {svc}SubnetGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupDescription: !Sub 'Private subnets of ${{App}}-${{Env}} for {svc}'
      SubnetIds: !Split [',', !Ref PrivateSubnets]
  {svc}ClientSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub 'Clients of the {svc} database in ${{Env}}'
      VpcId:
        Fn::ImportValue: !Sub '${{App}}-${{Env}}-VpcId'
  {svc}ClusterSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub 'The {svc} Aurora cluster in ${{Env}}'
      VpcId:
        Fn::ImportValue: !Sub '${{App}}-${{Env}}-VpcId'
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 5432
          ToPort: 5432
          SourceSecurityGroupId: !Ref {svc}ClientSecurityGroup
          Description: From the {svc} service
  {svc}Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: !Sub 'Master user of the {svc} cluster in ${{Env}}'
      GenerateSecretString:
        SecretStringTemplate: '{{"username": "postgres"}}'
        GenerateStringKey: password
        ExcludePunctuation: true
        IncludeSpace: false
        PasswordLength: 32
  {svc}Cluster:
    Type: AWS::RDS::DBCluster
    DeletionPolicy: Snapshot
    UpdateReplacePolicy: Snapshot
    Properties:
      Engine: aurora-postgresql
      EngineVersion: '16.6'
      DatabaseName: !Ref DBName
      MasterUsername: !Sub '{{{{resolve:secretsmanager:${{{svc}Secret}}::username}}}}'
      MasterUserPassword: !Sub '{{{{resolve:secretsmanager:${{{svc}Secret}}::password}}}}'
      DBSubnetGroupName: !Ref {svc}SubnetGroup
      VpcSecurityGroupIds:
        - !Ref {svc}ClusterSecurityGroup
      StorageEncrypted: true
      BackupRetentionPeriod: !If [IsProd, 14, 1]
      DeletionProtection: !If [IsProd, true, false]
      ServerlessV2ScalingConfiguration:
        MinCapacity: !FindInMap [{svc}ScalingMap, !Ref Env, MinCapacity]
        MaxCapacity: !FindInMap [{svc}ScalingMap, !Ref Env, MaxCapacity]
  {svc}WriterInstance:
    Type: AWS::RDS::DBInstance
    Properties:
      DBClusterIdentifier: !Ref {svc}Cluster
      DBInstanceClass: db.serverless
      Engine: aurora-postgresql
      PubliclyAccessible: false
  {svc}SecretAttachment:
    Type: AWS::SecretsManager::SecretTargetAttachment
    Properties:
      SecretId: !Ref {svc}Secret
      TargetId: !Ref {svc}Cluster
      TargetType: AWS::RDS::DBCluster
  {svc}EndpointParameter:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/copilot/${{App}}/${{Env}}/{svc}/db-endpoint'
      Type: String
      Value: !GetAtt {svc}Cluster.Endpoint.Address
      Description: Writer endpoint of the {svc} database
Outputs:
  {svc}DBSecret:
    Description: The master user secret, injected as a secret.
    Value: !Ref {svc}Secret
  {svc}ClientSecurityGroup:
    Description: Attach the service to the database's client group.
    Value: !Ref {svc}ClientSecurityGroup
  {svc}EndpointParameterName:
    Value: !Ref {svc}EndpointParameter
"""

BUCKET = """\
Parameters:
{params}Resources:
  {svc}Bucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      BucketName: !Sub '${{App}}-${{Env}}-${{Name}}-uploads'
      VersioningConfiguration:
        Status: Enabled
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: AES256
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      OwnershipControls:
        Rules:
          - ObjectOwnership: BucketOwnerEnforced
      LifecycleConfiguration:
        Rules:
          - Id: ExpireOldVersions
            Status: Enabled
            NoncurrentVersionExpiration:
              NoncurrentDays: 30
  {svc}BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref {svc}Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: ForceHTTPS
            Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource:
              - !Sub '${{{svc}Bucket.Arn}}/*'
              - !GetAtt {svc}Bucket.Arn
            Condition:
              Bool:
                aws:SecureTransport: false
  {svc}BucketAccessPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: !Sub 'Read and write the uploads bucket of ${{Name}}'
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: Objects
            Effect: Allow
            Action:
              - s3:GetObject
              - s3:PutObject
              - s3:DeleteObject
            Resource: !Sub '${{{svc}Bucket.Arn}}/*'
          - Sid: Bucket
            Effect: Allow
            Action: s3:ListBucket
            Resource: !GetAtt {svc}Bucket.Arn
Outputs:
  {svc}BucketName:
    Value: !Ref {svc}Bucket
  {svc}BucketAccessPolicy:
    Value: !Ref {svc}BucketAccessPolicy
"""

QUEUE = """\
Parameters:
{params}  MaxReceiveCount:
    Type: Number
    Default: 5
    MinValue: 1
    MaxValue: 100
Resources:
  {svc}DeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
      KmsMasterKeyId: alias/aws/sqs
  {svc}Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 120
      KmsMasterKeyId: alias/aws/sqs
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt {svc}DeadLetterQueue.Arn
        maxReceiveCount: !Ref MaxReceiveCount
      Tags:
        - Key: copilot-application
          Value: !Ref App
        - Key: copilot-environment
          Value: !Ref Env
  {svc}QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues:
        - !Ref {svc}Queue
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: 'sqs:*'
            Resource: !GetAtt {svc}Queue.Arn
            Condition:
              Bool:
                aws:SecureTransport: false
  {svc}QueueAccessPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: !Sub 'Consume and produce messages of ${{Name}}'
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action:
              - sqs:SendMessage
              - sqs:ReceiveMessage
              - sqs:DeleteMessage
              - sqs:GetQueueAttributes
            Resource:
              - !GetAtt {svc}Queue.Arn
              - !GetAtt {svc}DeadLetterQueue.Arn
Outputs:
  {svc}QueueURL:
    Value: !Ref {svc}Queue
  {svc}QueueAccessPolicy:
    Value: !Ref {svc}QueueAccessPolicy
"""

PARAMETERS_FILE = """\
Parameters:
  PrivateSubnets:
    Fn::ImportValue: !Sub '${{AppName}}-${{EnvName}}-PrivateSubnets'
  MaxReceiveCount: {receives}
"""

MANIFEST = """\
# The manifest for the "{name}" service.
name: {name}
type: {type}
{http}image:
  build: {name}/Dockerfile
  port: 8080
cpu: 256
memory: 512
count: 1
exec: true
network:
  connect: true
variables:
  LOG_LEVEL: info
  SERVICE_NAME: {name}
secrets:
  API_TOKEN:
    secretsmanager: ${{COPILOT_APPLICATION_NAME}}/${{COPILOT_ENVIRONMENT_NAME}}/{name}-token
environments:
  dev:
    variables:
      LOG_LEVEL: debug
  test:
    count: 1
  staging:
    count: 2
    variables:
      LOG_LEVEL: warn
  prod:
    cpu: 1024
    memory: 2048
    count:
      range: 2-10
      cpu_percentage: 70
    deployment:
      rolling: recreate
"""

HTTP = """\
http:
  path: '{name}'
  healthcheck: /health
"""

ENV_MANIFEST = """\
# The manifest for the "{env}" environment.
name: {env}
type: Environment
network:
  vpc:
    flow_logs: {flow}
observability:
  container_insights: {insights}
"""


def generate(root: Path, services: int) -> list[Path]:
    """Write a workspace of ``services`` services under ``root``; return the addon templates."""
    copilot = root / "copilot"
    if root.exists():
        shutil.rmtree(root)
    (copilot / "environments").mkdir(parents=True)
    (copilot / ".workspace").write_text("application: bench\n")
    for env in ENVIRONMENTS:
        folder = copilot / "environments" / env
        folder.mkdir()
        (folder / "manifest.yml").write_text(ENV_MANIFEST.format(
            env=env, flow=str(env == "prod").lower(), insights=str(env != "dev").lower()))
    templates = []
    for i in range(services):
        name = f"svc{i:03d}"
        svc = f"svc{i:03d}"
        addons = copilot / name / "addons"
        addons.mkdir(parents=True)
        web = i % 2 == 0
        (copilot / name / "manifest.yml").write_text(MANIFEST.format(
            name=name, type="Load Balanced Web Service" if web else "Backend Service",
            http=HTTP.format(name=name) if web else ""))
        for file, body in (("db.yml", AURORA), ("bucket.yml", BUCKET), ("queue.yml", QUEUE)):
            path = addons / file
            path.write_text(body.format(params=PARAMS, svc=svc))
            templates.append(path)
        (addons / "addons.parameters.yml").write_text(PARAMETERS_FILE.format(receives=3 + i % 5))
    return templates


def _tool(name: str, module: str) -> list[str]:
    here = Path(sys.executable).parent / name
    if here.exists():
        return [str(here)]
    found = shutil.which(name)
    return [found] if found else [sys.executable, "-m", module]


def byte_compile() -> int:
    """Compile copilot-lint's modules to bytecode, as ``pip install`` does for cfn-lint's.

    An editable install writes its bytecode on first import, unless ``PYTHONDONTWRITEBYTECODE``
    is set: then every run would compile about 70 modules again (0.08 s here) while cfn-lint
    loads its compiled ones, which is not what a user's machine does. Returns the number of
    package folders compiled.
    """
    import compileall

    import copilot_lint
    import copilot_lint.rules

    folders = {*copilot_lint.__path__, *copilot_lint.rules.__path__}
    for folder in folders:
        compileall.compile_dir(folder, quiet=1)
    return len(folders)


def run(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, int]:
    """Wall seconds, peak RSS (MiB) and CPU seconds of the process tree, exit code."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, proc.returncode


def measure(services: int, rounds: int, jobs: int | None, work: Path) -> dict:
    """Time every mode for one workspace size; medians over ``rounds``."""
    root = work / f"ws-{services}"
    templates = generate(root, services)
    byte_compile()
    copilot_lint = _tool("copilot-lint", "copilot_lint")
    cfn_lint = _tool("cfn-lint", "cfnlint")
    base_env = {k: v for k, v in os.environ.items()
                if k not in ("AWS_REGION", "AWS_DEFAULT_REGION", "COPILOT_LINT_CACHE_DIR")}
    warm_dir = work / f"warm-{services}"
    shutil.rmtree(warm_dir, ignore_errors=True)
    extra = ["--jobs", str(jobs)] if jobs else []
    lint = copilot_lint + [str(root / "copilot"), "--format", "json", *extra]
    modes = {
        "own": (copilot_lint + [str(root / "copilot"), "--format", "json", "--no-cfn-lint"],
                None),
        "cfn-lint": (cfn_lint + ["--format", "parseable", "--", *map(str, templates)], None),
        "cold": (lint, "cold"),
        "warm": (lint, str(warm_dir)),
    }
    run(lint, {**base_env, "COPILOT_LINT_CACHE_DIR": str(warm_dir)}, work)  # fill the cache
    samples: dict[str, list[tuple[float, float, float]]] = {m: [] for m in modes}
    load = [os.getloadavg()[0]]
    codes: dict[str, set[int]] = {m: set() for m in modes}
    for _ in range(rounds):
        for mode, (command, cache) in modes.items():
            env = dict(base_env)
            if cache == "cold":
                env["COPILOT_LINT_CACHE_DIR"] = tempfile.mkdtemp(dir=work, prefix="cold-")
            elif cache:
                env["COPILOT_LINT_CACHE_DIR"] = cache
            else:
                env["COPILOT_LINT_CACHE_DIR"] = str(work / "unused-cache")
            seconds, peak, cpu, code = run(command, env, work)
            samples[mode].append((seconds, peak, cpu))
            codes[mode].add(code)
            if cache == "cold":
                shutil.rmtree(env["COPILOT_LINT_CACHE_DIR"], ignore_errors=True)
    startup = {"version": copilot_lint + ["--version"], "python": [sys.executable, "-c", "pass"]}
    for _ in range(max(rounds, 10)):
        for mode, command in startup.items():
            seconds, peak, cpu, code = run(command, base_env, work)
            samples.setdefault(mode, []).append((seconds, peak, cpu))
            codes.setdefault(mode, set()).add(code)
    load.append(os.getloadavg()[0])
    result = {"services": services, "templates": len(templates), "rounds": rounds,
              "codes": {m: sorted(c) for m, c in codes.items()}, "load": load}
    for mode, values in samples.items():
        result[mode] = statistics.median(v[0] for v in values)
        result[f"{mode}_mem"] = max(v[1] for v in values)
        result[f"{mode}_cpu"] = statistics.median(v[2] for v in values)
    return result


RATIOS = [("own / cfn-lint", "own", "cfn-lint", 0.03), ("cold / cfn-lint", "cold", "cfn-lint", 0.6),
          ("warm / cfn-lint", "warm", "cfn-lint", 0.05), ("--version / python", "version",
                                                        "python", 2.0)]


def report(results: list[dict], markdown: bool) -> str:
    modes = ["own", "cfn-lint", "cold", "warm", "version", "python"]
    lines = []
    if markdown:
        lines.append("| N services | templates | " + " | ".join(f"{m} (s)" for m in modes)
                     + " | " + " | ".join(r[0] for r in RATIOS) + " |")
        lines.append("|" + "---|" * (2 + len(modes) + len(RATIOS)))
        for r in results:
            lines.append(f"| {r['services']} | {r['templates']} | "
                         + " | ".join(f"{r[m]:.3f}" for m in modes) + " | "
                         + " | ".join(f"{r[a] / r[b]:.3f}" for _, a, b, _ in RATIOS) + " |")
        lines.append("")
        lines.append("| N services | " + " | ".join(f"{m} CPU s" for m in modes) + " | "
                     + " | ".join(f"{m} peak MiB" for m in modes) + " | load avg |")
        lines.append("|" + "---|" * (2 + 2 * len(modes)))
        for r in results:
            lines.append(f"| {r['services']} | "
                         + " | ".join(f"{r[m + '_cpu']:.2f}" for m in modes) + " | "
                         + " | ".join(f"{r[m + '_mem']:.0f}" for m in modes)
                         + f" | {r['load'][0]:.1f}–{r['load'][1]:.1f} |")
        return "\n".join(lines)
    for r in results:
        lines.append(f"N={r['services']} ({r['templates']} templates, median of "
                     f"{r['rounds']} rounds; exit codes {r['codes']}; load average "
                     f"{r['load'][0]:.1f} → {r['load'][1]:.1f})")
        for m in modes:
            lines.append(f"  {m:<9} {r[m]:8.3f} s wall  {r[m + '_cpu']:8.3f} s CPU   "
                         f"peak {r[m + '_mem']:7.1f} MiB")
        for label, a, b, goal in RATIOS:
            ratio = r[a] / r[b]
            lines.append(f"  {label:<20} {ratio:6.3f}  (goal ≤ {goal}: "
                         f"{'met' if ratio <= goal else 'NOT met'})")
    if len(results) > 1:
        first = results[0]
        for r in results[1:]:
            scale = r["services"] / first["services"]
            lines.append(f"growth N={first['services']}→{r['services']} (×{scale:g}): "
                         + ", ".join(f"{m} ×{r[m] / first[m]:.2f}"
                                     for m in ("own", "cfn-lint", "cold", "warm")))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, nargs="+", default=[10, 40, 160])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, help="copilot-lint --jobs (default: its own)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--generate", type=Path, metavar="DIR",
                        help="only write a workspace of --services[0] services into DIR")
    parser.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    args = parser.parse_args()
    if args.generate:
        templates = generate(args.generate, args.services[0])
        print(f"{args.generate}: {args.services[0]} services, {len(templates)} addon templates")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="copilot-lint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, work folder {work}",
          file=sys.stderr)
    results = []
    for n in args.services:
        results.append(measure(n, args.rounds, args.jobs, work))
        print(report(results[-1:], False), flush=True)
    if len(results) > 1:
        print(report(results, False))
    if args.markdown:
        print()
        print(report(results, True))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
