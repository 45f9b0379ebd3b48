# ruff: noqa: E501 - a table of YAML and workspace snippets, kept one case per block
"""Policies that teams run today (AWS guard rules registry, cfn-guard examples, checkov,
cdk-nag, conftest, cfn-lint custom rules) and Copilot platform rules in plain words, written as
copilot-lint policies, each with a workspace where it must fire and one where it must not
(used by tests/test_policy_corpus.py). ``bad``/``good`` are files added to :data:`BASE`;
``expected`` lists ``(path, line, environments)`` of the findings on ``bad``."""
from __future__ import annotations

P = "Parameters:\n  App: {Type: String}\n  Env: {Type: String}\n  Name: {Type: String}\n"
IS_PROD = "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n"
API = "name: api\ntype: Backend Service\nimage:\n  build: Dockerfile\n"
WEB = ("name: web\ntype: Load Balanced Web Service\nimage:\n  build: Dockerfile\n  port: 80\n"
       "http:\n  path: /\n  healthcheck: /healthz\n")
BASE = {"copilot/.workspace": "application: shop\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
        "copilot/api/manifest.yml": API}


def res(kind: str, props: str = "", extra: str = "", name: str = "R") -> str:
    """An addon template with one resource of ``kind`` (``props`` indented under Properties)."""
    body = f"  {name}:\n    Type: {kind}\n"
    if props:
        body += "    Properties:\n" + "".join(f"      {line}\n" for line in props.splitlines())
    return P + extra + "Resources:\n" + body


def addon(text: str) -> dict:
    return {"copilot/api/addons/t.yml": text}


CASES: list[dict] = [
    # --- AWS guard rules registry / cfn-guard examples ------------------------------------
    {"id": "GRD-001", "source": "guard S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "policy": """
message: S3 buckets have default encryption
applies-to: {resource: "AWS::S3::Bucket"}
require:
  required: [Properties]
  properties:
    Properties: {type: object, required: [BucketEncryption]}
""", "bad": addon(res("AWS::S3::Bucket", "BucketName: !Sub '${App}-${Env}-x'")),
     "good": addon(res("AWS::S3::Bucket", "BucketEncryption:\n  ServerSideEncryptionConfiguration:"
                       "\n    - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms}")),
     "expected": [("copilot/api/addons/t.yml", 8, None)]},
    {"id": "GRD-002", "source": "guard S3_BUCKET_PUBLIC_READ_PROHIBITED (public access block)",
     "policy": """
message: S3 buckets block every kind of public access
applies-to: {resource: "AWS::S3::Bucket"}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [PublicAccessBlockConfiguration]
      properties:
        PublicAccessBlockConfiguration:
          type: object
          required: [BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets]
          additionalProperties: {const: true}
""", "bad": addon(res("AWS::S3::Bucket", "PublicAccessBlockConfiguration:\n  BlockPublicAcls: true\n"
                      "  BlockPublicPolicy: false\n  IgnorePublicAcls: true\n"
                      "  RestrictPublicBuckets: true")),
     "good": addon(res("AWS::S3::Bucket", "PublicAccessBlockConfiguration:\n  BlockPublicAcls: true"
                       "\n  BlockPublicPolicy: true\n  IgnorePublicAcls: true\n"
                       "  RestrictPublicBuckets: true")),
     "expected": [("copilot/api/addons/t.yml", 11, None)]},
    {"id": "GRD-003", "source": "guard S3_BUCKET_LOGGING_ENABLED, prod only (per environment)",
     "policy": """
message: production buckets log access
applies-to: {resource: "AWS::S3::Bucket", environments: [prod]}
require:
  required: [Properties]
  properties: {Properties: {type: object, required: [LoggingConfiguration]}}
""", "bad": addon(res("AWS::S3::Bucket", "LoggingConfiguration: !If [IsProd, !Ref AWS::NoValue, "
                      "{LogFilePrefix: x}]", IS_PROD)),
     "good": addon(res("AWS::S3::Bucket", "LoggingConfiguration: !If [IsProd, {LogFilePrefix: x}, "
                       "!Ref AWS::NoValue]", IS_PROD)),
     "expected": [("copilot/api/addons/t.yml", 10, ["prod"])]},
    {"id": "GRD-004", "source": "guard S3_BUCKET_SSL_REQUESTS_ONLY (relation: bucket policy)",
     "expression": True, "policy": """
message: bucket {target} has no bucket policy denying requests without TLS
applies-to: {resource: "AWS::S3::Bucket"}
expression: |
  template.Resources.exists(p,
    template.Resources[p].?Type.orValue("") == "AWS::S3::BucketPolicy" &&
    template.Resources[p].?Properties.?Bucket.orValue({}) == {"Ref": id} &&
    template.Resources[p].Properties.?PolicyDocument.?Statement.orValue([]).exists(s,
      s.?Effect.orValue("") == "Deny" &&
      string(s.?Condition.?Bool["aws:SecureTransport"].orValue("")).lowerAscii() == "false"))
""", "bad": addon(res("AWS::S3::Bucket") + "  Policy:\n    Type: AWS::S3::BucketPolicy\n"
                  "    Properties:\n      Bucket: !Ref R\n      PolicyDocument:\n        Statement:\n"
                  "          - {Effect: Allow, Principal: '*', Action: 's3:GetObject',"
                  " Resource: '*'}\n"),
     "good": addon(res("AWS::S3::Bucket") + "  Policy:\n    Type: AWS::S3::BucketPolicy\n"
                   "    Properties:\n      Bucket: !Ref R\n      PolicyDocument:\n        Statement:\n"
                   "          - Effect: Deny\n            Principal: '*'\n            Action: 's3:*'"
                   "\n            Resource: '*'\n            Condition:\n"
                   "              Bool: {'aws:SecureTransport': 'false'}\n"),
     "expected": [("copilot/api/addons/t.yml", 6, None)]},
    {"id": "GRD-005", "source": "guard DYNAMODB_PITR_ENABLED", "policy": """
message: DynamoDB tables have point-in-time recovery
applies-to: {resource: "AWS::DynamoDB::Table"}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [PointInTimeRecoverySpecification]
      properties:
        PointInTimeRecoverySpecification:
          type: object
          required: [PointInTimeRecoveryEnabled]
          properties: {PointInTimeRecoveryEnabled: {const: true}}
""", "bad": addon(res("AWS::DynamoDB::Table", "PointInTimeRecoverySpecification:\n"
                      "  PointInTimeRecoveryEnabled: false")),
     "good": addon(res("AWS::DynamoDB::Table", "PointInTimeRecoverySpecification:\n"
                       "  PointInTimeRecoveryEnabled: true")),
     "expected": [("copilot/api/addons/t.yml", 10, None)]},
    {"id": "GRD-006", "source": "guard DYNAMODB_TABLE_ENCRYPTED_KMS", "policy": """
message: DynamoDB tables are encrypted with KMS
applies-to: {resource: "AWS::DynamoDB::Table"}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [SSESpecification]
      properties:
        SSESpecification:
          type: object
          required: [SSEEnabled, SSEType]
          properties: {SSEEnabled: {const: true}, SSEType: {const: KMS}}
""", "bad": addon(res("AWS::DynamoDB::Table", "SSESpecification: {SSEEnabled: true}")),
     "good": addon(res("AWS::DynamoDB::Table", "SSESpecification: {SSEEnabled: true, SSEType: KMS}")),
     "expected": [("copilot/api/addons/t.yml", 9, None)]},
    {"id": "GRD-007", "source": "guard SQS_QUEUE_ENCRYPTED (KMS or SQS-managed)", "policy": """
message: SQS queues are encrypted
applies-to: {resource: "AWS::SQS::Queue"}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      anyOf:
        - {required: [KmsMasterKeyId]}
        - {required: [SqsManagedSseEnabled], properties: {SqsManagedSseEnabled: {const: true}}}
""", "bad": addon(res("AWS::SQS::Queue", "SqsManagedSseEnabled: false")),
     "good": addon(res("AWS::SQS::Queue", "KmsMasterKeyId: alias/aws/sqs")),
     "expected": [("copilot/api/addons/t.yml", 9, None)]},
    {"id": "GRD-008", "source": "guard RDS_STORAGE_ENCRYPTED", "policy": """
message: RDS storage is encrypted
applies-to: {resource: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"]}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [StorageEncrypted]
      properties: {StorageEncrypted: {const: true}}
""", "bad": addon(res("AWS::RDS::DBCluster", "Engine: aurora-postgresql")),
     "good": addon(res("AWS::RDS::DBCluster", "Engine: aurora-postgresql\nStorageEncrypted: true")),
     "expected": [("copilot/api/addons/t.yml", 8, None)]},
    {"id": "GRD-009", "source": "guard RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "policy": """
message: RDS instances are not publicly accessible
applies-to: {resource: "AWS::RDS::DBInstance"}
forbid:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [PubliclyAccessible]
      properties: {PubliclyAccessible: {const: true}}
""", "bad": addon(res("AWS::RDS::DBInstance", "PubliclyAccessible: true")),
     "good": addon(res("AWS::RDS::DBInstance", "PubliclyAccessible: false")),
     "expected": [("copilot/api/addons/t.yml", 9, None)]},
    {"id": "GRD-010", "source": "guard RDS_MULTI_AZ_SUPPORT, production only", "policy": """
message: production databases are Multi-AZ
applies-to: {resource: "AWS::RDS::DBInstance", environments: [prod]}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [MultiAZ]
      properties: {MultiAZ: {const: true}}
""", "bad": addon(res("AWS::RDS::DBInstance", "MultiAZ: false", IS_PROD)),
     "good": addon(res("AWS::RDS::DBInstance", "MultiAZ: !If [IsProd, true, false]", IS_PROD)),
     "expected": [("copilot/api/addons/t.yml", 11, ["prod"])]},
    {"id": "GRD-011", "source": "guard RDS_INSTANCE_DELETION_PROTECTION_ENABLED", "policy": """
message: RDS instances have deletion protection
applies-to: {resource: "AWS::RDS::DBInstance"}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [DeletionProtection]
      properties: {DeletionProtection: {const: true}}
""", "bad": addon(res("AWS::RDS::DBInstance", "Engine: postgres")),
     "good": addon(res("AWS::RDS::DBInstance", "DeletionProtection: true")),
     "expected": [("copilot/api/addons/t.yml", 8, None)]},
    {"id": "GRD-012", "source": "guard DB_INSTANCE_BACKUP_ENABLED (retention >= 7 days)",
     "policy": """
message: backups are kept 7 days or more (BackupRetentionPeriod is {value})
applies-to: {resource: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"]}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [BackupRetentionPeriod]
      properties: {BackupRetentionPeriod: {type: integer, minimum: 7}}
""", "bad": addon(res("AWS::RDS::DBInstance", "BackupRetentionPeriod: 1")),
     "good": addon(res("AWS::RDS::DBInstance", "BackupRetentionPeriod: 14")),
     "expected": [("copilot/api/addons/t.yml", 9, None)]},
    {"id": "GRD-013", "source": "guard EFS_ENCRYPTED_CHECK", "policy": """
message: EFS file systems are encrypted
applies-to: {resource: "AWS::EFS::FileSystem"}
require:
  required: [Properties]
  properties:
    Properties: {type: object, required: [Encrypted], properties: {Encrypted: {const: true}}}
""", "bad": addon(res("AWS::EFS::FileSystem", "Encrypted: false")),
     "good": addon(res("AWS::EFS::FileSystem", "Encrypted: true")),
     "expected": [("copilot/api/addons/t.yml", 9, None)]},
    {"id": "GRD-014", "source": "guard ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST", "policy": """
message: ElastiCache replication groups are encrypted at rest
applies-to: {resource: "AWS::ElastiCache::ReplicationGroup"}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [AtRestEncryptionEnabled]
      properties: {AtRestEncryptionEnabled: {const: true}}
""", "bad": addon(res("AWS::ElastiCache::ReplicationGroup", "ReplicationGroupDescription: x")),
     "good": addon(res("AWS::ElastiCache::ReplicationGroup", "AtRestEncryptionEnabled: true")),
     "expected": [("copilot/api/addons/t.yml", 8, None)]},
    {"id": "GRD-015", "source": "guard CMK_BACKING_KEY_ROTATION_ENABLED", "policy": """
message: KMS keys rotate
applies-to: {resource: "AWS::KMS::Key"}
require:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [EnableKeyRotation]
      properties: {EnableKeyRotation: {const: true}}
""", "bad": addon(res("AWS::KMS::Key", "KeyPolicy: {}")),
     "good": addon(res("AWS::KMS::Key", "EnableKeyRotation: true\nKeyPolicy: {}")),
     "expected": [("copilot/api/addons/t.yml", 8, None)]},
    {"id": "GRD-016", "source": "guard SNS_ENCRYPTED_KMS", "policy": """
message: SNS topics are encrypted
applies-to: {resource: "AWS::SNS::Topic"}
require:
  required: [Properties]
  properties: {Properties: {type: object, required: [KmsMasterKeyId]}}
""", "bad": addon(res("AWS::SNS::Topic")), "good": addon(res("AWS::SNS::Topic",
                                                               "KmsMasterKeyId: alias/aws/sns")),
     "expected": [("copilot/api/addons/t.yml", 6, None)]},
    {"id": "GRD-017", "source": "guard SECRETSMANAGER_USING_CMK", "policy": """
message: secrets are encrypted with a customer managed key
applies-to: {resource: "AWS::SecretsManager::Secret"}
require:
  required: [Properties]
  properties: {Properties: {type: object, required: [KmsKeyId]}}
""", "bad": addon(res("AWS::SecretsManager::Secret", "Description: db")),
     "good": addon(res("AWS::SecretsManager::Secret", "KmsKeyId: !Ref Key")),
     "expected": [("copilot/api/addons/t.yml", 8, None)]},
    # --- checkov ---------------------------------------------------------------------------
    {"id": "CKV-001", "source": "checkov CKV_AWS_24/25 (no SSH/RDP from anywhere)", "policy": """
message: no SSH or RDP open to the world
applies-to: {resource: "AWS::EC2::SecurityGroup"}
forbid:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [SecurityGroupIngress]
      properties:
        SecurityGroupIngress:
          type: array
          contains:
            type: object
            required: [CidrIp, FromPort]
            properties:
              CidrIp: {const: 0.0.0.0/0}
              FromPort: {enum: [22, 3389]}
""", "bad": addon(res("AWS::EC2::SecurityGroup", "GroupDescription: x\nSecurityGroupIngress:\n"
                      "  - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}\n"
                      "  - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}")),
     "good": addon(res("AWS::EC2::SecurityGroup", "GroupDescription: x\nSecurityGroupIngress:\n"
                       "  - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}")),
     "expected": [("copilot/api/addons/t.yml", 12, None)]},
    {"id": "CKV-002", "source": "checkov CKV_AWS_111 (no write actions on Resource *)",
     "policy": """
message: managed policies do not allow Action '*'
applies-to: {resource: "AWS::IAM::ManagedPolicy"}
forbid:
  required: [Properties]
  properties:
    Properties:
      type: object
      properties:
        PolicyDocument:
          type: object
          properties:
            Statement:
              type: array
              contains:
                type: object
                required: [Effect, Action]
                properties:
                  Effect: {const: Allow}
                  Action:
                    anyOf: [{const: "*"}, {type: array, contains: {const: "*"}}]
      required: [PolicyDocument]
""", "bad": addon(res("AWS::IAM::ManagedPolicy", "PolicyDocument:\n  Version: '2012-10-17'\n"
                      "  Statement:\n    - Effect: Allow\n      Action: ['s3:GetObject', '*']\n"
                      "      Resource: '*'")),
     "good": addon(res("AWS::IAM::ManagedPolicy", "PolicyDocument:\n  Version: '2012-10-17'\n"
                       "  Statement:\n    - Effect: Allow\n      Action: ['s3:GetObject']\n"
                       "      Resource: '*'")),
     "expected": [("copilot/api/addons/t.yml", 13, None)]},
    {"id": "CKV-003", "source": "checkov CKV_AWS_66 / cdk-nag (log groups have retention)",
     "policy": """
message: log groups have a retention period
applies-to: {resource: "AWS::Logs::LogGroup"}
require:
  required: [Properties]
  properties: {Properties: {type: object, required: [RetentionInDays]}}
""", "bad": addon(res("AWS::Logs::LogGroup", "LogGroupName: x")),
     "good": addon(res("AWS::Logs::LogGroup", "RetentionInDays: 30")),
     "expected": [("copilot/api/addons/t.yml", 8, None)]},
    {"id": "CKV-004", "source": "checkov CKV_AWS_27-like (queue redrive: a DLQ in the folder)",
     "expression": True, "policy": """
message: queue {target} has no dead-letter queue of this addons folder
applies-to: {resource: "AWS::SQS::Queue"}
expression: |
  id.contains("DeadLetter") ||
  cel.bind(dlq, values.?Properties.?RedrivePolicy.?deadLetterTargetArn.orValue(""),
    template.Resources.exists(q, q != id && dlq.contains(q)))
""", "bad": addon(res("AWS::SQS::Queue", "VisibilityTimeout: 30")),
     "good": addon(res("AWS::SQS::Queue", "RedrivePolicy:\n  deadLetterTargetArn: "
                       "!GetAtt JobsDeadLetter.Arn\n  maxReceiveCount: 5")
                   + "  JobsDeadLetter:\n    Type: AWS::SQS::Queue\n"),
     "expected": [("copilot/api/addons/t.yml", 6, ["prod", "test"])]},
    # --- cdk-nag ---------------------------------------------------------------------------
    {"id": "NAG-001", "source": "cdk-nag AwsSolutions-SMG4 (secrets rotate)", "expression": True,
     "policy": """
message: secret {target} has no RotationSchedule that targets it
applies-to: {resource: AWS::SecretsManager::Secret}
expression: |
  template.Resources.exists(r,
    template.Resources[r].?Type.orValue("") == "AWS::SecretsManager::RotationSchedule" &&
    template.Resources[r].?Properties.?SecretId.orValue({}) == {"Ref": id})
""", "bad": addon(res("AWS::SecretsManager::Secret")),
     "good": addon(res("AWS::SecretsManager::Secret") + "  Rot:\n    Type: "
                   "AWS::SecretsManager::RotationSchedule\n    Properties:\n      SecretId: !Ref R\n"),
     "expected": [("copilot/api/addons/t.yml", 6, None)]},
    {"id": "NAG-002", "source": "cdk-nag AwsSolutions-IAM5 (no wildcard resources with Allow)",
     "policy": """
message: "{target}: no Allow on Resource '*'"
applies-to: {resource: "AWS::IAM::ManagedPolicy"}
forbid:
  required: [Properties]
  properties:
    Properties:
      type: object
      required: [PolicyDocument]
      properties:
        PolicyDocument:
          type: object
          required: [Statement]
          properties:
            Statement:
              type: array
              contains:
                type: object
                required: [Effect, Resource]
                properties: {Effect: {const: Allow}, Resource: {const: "*"}}
""", "bad": addon(res("AWS::IAM::ManagedPolicy", "PolicyDocument:\n  Statement:\n"
                      "    - {Effect: Allow, Action: 'sqs:SendMessage', Resource: '*'}")),
     "good": addon(res("AWS::IAM::ManagedPolicy", "PolicyDocument:\n  Statement:\n"
                       "    - {Effect: Allow, Action: 'sqs:SendMessage', Resource: !GetAtt Q.Arn}")),
     "expected": [("copilot/api/addons/t.yml", 11, None)]},
    # --- cfn-lint custom rules ---------------------------------------------------------------
    {"id": "CFL-001", "source": "cfn-lint custom rule: password parameters have NoEcho",
     "expression": True, "policy": """
message: parameter {value} holds a password but has no NoEcho
applies-to: {template: addons}
expression: |
  self.?Parameters.orValue({}).filter(p,
    p in refs && p.lowerAscii().contains("password") &&
    string(self.Parameters[p].?NoEcho.orValue(false)).lowerAscii() != "true"
  ).map(p, "Parameters/" + p)
""", "bad": addon(P + "  DbPassword: {Type: String}\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n"
                  "    Properties:\n      MasterUserPassword: !Ref DbPassword\n"),
     "good": addon(P + "  DbPassword: {Type: String, NoEcho: true}\n  OldPassword: {Type: String}\n"
                   "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n"
                   "    Properties:\n      MasterUserPassword: !Ref DbPassword\n"),
     "expected": [("copilot/api/addons/t.yml", 5, None)]},
    {"id": "CFL-002", "source": "cfn-lint custom rule: Outputs have a Description",
     "policy": """
message: every output has a Description
applies-to: {template: Outputs}
require: {additionalProperties: {type: object, required: [Description]}}
""", "bad": addon(res("AWS::SNS::Topic") + "Outputs:\n  TopicArn:\n    Value: !Ref R\n"),
     "good": addon(res("AWS::SNS::Topic") + "Outputs:\n  TopicArn:\n    Description: arn\n"
                   "    Value: !Ref R\n"),
     "expected": [("copilot/api/addons/t.yml", 9, None)]},
    {"id": "CFL-003", "source": "cfn-lint custom rule: password parameters have no Default",
     "policy": """
message: a password parameter has no Default
applies-to: {template: Parameters}
forbid:
  type: object
  patternProperties:
    "(?i)password":
      type: object
      required: [Default]
  minProperties: 1
  anyOf:
    - {type: object, patternProperties: {"(?i)password": {type: object, required: [Default]}},
       propertyNames: {pattern: "(?i)password"}}
    - {type: object, not: {propertyNames: {not: {pattern: "(?i)password"}}}}
""", "bad": addon(P + "  DbPassword: {Type: String, NoEcho: true, Default: hunter2}\n"
                  "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"),
     "good": addon(P + "  DbPassword: {Type: String, NoEcho: true}\nResources:\n  T:\n"
                   "    Type: AWS::SNS::Topic\n"),
     "expected": [("copilot/api/addons/t.yml", 5, None)]},
    # --- conftest / OPA on manifests ----------------------------------------------------------
    {"id": "OPA-001", "source": "conftest: deny images tagged latest (main and sidecars)",
     "policy": """
message: image {value} is not pinned
require:
  properties:
    image:
      type: object
      properties: {location: {$ref: "#/$defs/pinned"}}
    sidecars:
      type: object
      additionalProperties: {type: object, properties: {image: {$ref: "#/$defs/pinned"}}}
  $defs:
    pinned: {type: string, pattern: "(@sha256:[0-9a-f]{64}|:[A-Za-z0-9_][A-Za-z0-9._-]*)$",
             not: {pattern: ":latest$"}}
""", "bad": {"copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage:\n"
             "  location: nginx:latest\nsidecars:\n  proxy:\n    image: envoyproxy/envoy\n"},
     "good": {"copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage:\n"
              "  location: nginx:1.27\nsidecars:\n  proxy:\n    image: envoyproxy/envoy:v1.30\n"},
     "expected": [("copilot/api/manifest.yml", 4, ["prod", "test"]),
                  ("copilot/api/manifest.yml", 7, ["prod", "test"])]},
    {"id": "OPA-002", "source": "conftest: no plain-text secrets in variables",
     "policy": """
message: "variable {path} looks like a secret: use secrets, not variables"
forbid:
  required: [variables]
  properties:
    variables:
      type: object
      patternProperties:
        "(?i)(password|secret|token|api_?key)": {type: string}
      minProperties: 1
      propertyNames: {pattern: "(?i)(password|secret|token|api_?key)"}
""", "bad": {"copilot/api/manifest.yml": API + "variables:\n  DB_PASSWORD: hunter2\n"},
     "good": {"copilot/api/manifest.yml": API + "variables:\n  LOG_LEVEL: info\n"
              "secrets:\n  DB_PASSWORD: /shop/db\n"},
     "expected": [("copilot/api/manifest.yml", 6, ["prod", "test"])]},
    # --- Copilot platform rules in plain words -------------------------------------------------
    {"id": "PLT-001", "source": "production runs at least as many tasks as test",
     "expression": True, "policy": """
message: prod runs fewer tasks than test
applies-to: {environments: [prod]}
blame: count
expression: |
  !("test" in envs) || self.?count.orValue(1) >= envs.test.?count.orValue(1)
""", "bad": {"copilot/api/manifest.yml": API + "count: 1\nenvironments:\n  test:\n    count: 2\n"},
     "good": {"copilot/api/manifest.yml": API + "count: 1\nenvironments:\n  prod:\n    count: 3\n"},
     "expected": [("copilot/api/manifest.yml", 5, ["prod"])]},
    {"id": "PLT-002", "source": "no exec in prod (Copilot reads yes/on as true)", "policy": """
message: no ECS Exec in prod
applies-to: {environments: [prod]}
forbid:
  required: [exec]
  properties: {exec: {anyOf: [{const: true}, {type: object, required: [enable],
                                              properties: {enable: {const: true}}}]}}
""", "bad": {"copilot/api/manifest.yml": API + "exec:\n  enable: yes\n"},
     "good": {"copilot/api/manifest.yml": API + "exec: yes\nenvironments:\n  prod:\n    exec: no\n"},
     "expected": [("copilot/api/manifest.yml", 6, ["prod"])]},
    {"id": "PLT-003", "source": "no Spot outside dev", "policy": """
message: no Fargate Spot outside dev
applies-to: {environments: {not: [dev]}}
forbid:
  required: [count]
  properties: {count: {type: object, required: [spot]}}
""", "bad": {"copilot/api/manifest.yml": API + "environments:\n  test:\n    count:\n      spot: 1\n"},
     "good": {"copilot/api/manifest.yml": API + "count: 1\n"},
     "expected": [("copilot/api/manifest.yml", 8, ["test"])]},
    {"id": "PLT-004", "source": "images only from our registry", "policy": """
message: image {value} is not from 123456789012.dkr.ecr
require:
  properties:
    image:
      type: object
      properties: {location: {type: string, pattern: "^123456789012\\\\.dkr\\\\.ecr\\\\."}}
""", "bad": {"copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage:\n"
             "  location: ghcr.io/x/api:1\n"},
     "good": {"copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage:\n"
              "  location: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1\n"},
     "expected": [("copilot/api/manifest.yml", 4, ["prod", "test"])]},
    {"id": "PLT-005", "source": "every data store has an access policy output", "expression": True,
     "policy": """
message: "{target} has no ManagedPolicy output"
applies-to: {resource: [AWS::S3::Bucket, AWS::DynamoDB::Table, AWS::SQS::Queue], owner: workloads}
expression: |
  template.?Outputs.orValue({}).exists(o,
    cel.bind(ref, template.Outputs[o].?Value.?Ref.orValue(""),
      ref in template.Resources &&
      template.Resources[ref].?Type.orValue("") == "AWS::IAM::ManagedPolicy"))
""", "bad": addon(res("AWS::DynamoDB::Table")),
     "good": addon(res("AWS::DynamoDB::Table") + "  Access:\n    Type: AWS::IAM::ManagedPolicy\n"
                   "    Properties:\n      PolicyDocument: {Statement: []}\nOutputs:\n"
                   "  AccessPolicy:\n    Value: !Ref Access\n"),
     "expected": [("copilot/api/addons/t.yml", 6, None)]},
    {"id": "PLT-006", "source": "an environment that any LBWS deploys to has an ALB",
     "expression": True, "policy": """
message: environment {env} serves web services but has no http.public
applies-to: {manifest: [Environment]}
expression: |
  !workloads.exists(w, workloads[w].?type.orValue("") == "Load Balanced Web Service") ||
  self.?http.?public.hasValue()
""", "bad": {"copilot/web/manifest.yml": WEB},
     "good": {"copilot/web/manifest.yml": WEB,
              "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n"
              "http:\n  public:\n    ingress: {cdn: true}\n",
              "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n"
              "http:\n  public:\n    certificates: [arn:aws:acm:us-east-1:1:certificate/x]\n"},
     "expected": [("copilot/environments/prod/manifest.yml", 1, ["prod"]),
                  ("copilot/environments/test/manifest.yml", 1, ["test"])]},
    {"id": "PLT-007", "source": "web services have a health check path", "policy": """
message: load-balanced services set http.healthcheck
applies-to: {manifest: [Load Balanced Web Service]}
require:
  required: [http]
  properties: {http: {type: object, required: [healthcheck]}}
""", "bad": {"copilot/web/manifest.yml": WEB.replace("  healthcheck: /healthz\n", "")},
     "good": {"copilot/web/manifest.yml": WEB},
     "expected": [("copilot/web/manifest.yml", 6, ["prod", "test"])]},
    {"id": "PLT-008", "source": "production services have at least 1 GiB of memory", "policy": """
message: memory {value} is below 1024 MiB in prod
applies-to: {environments: [prod]}
require:
  required: [memory]
  properties: {memory: {type: integer, minimum: 1024}}
""", "bad": {"copilot/api/manifest.yml": API + "memory: 512\n"},
     "good": {"copilot/api/manifest.yml": API + "memory: 512\nenvironments:\n  prod:\n"
              "    memory: 2048\n"},
     "expected": [("copilot/api/manifest.yml", 5, ["prod"])]},
    {"id": "PLT-009", "source": "health checks run at least every 30 seconds (durations)",
     "expression": True, "policy": """
message: the container health check interval {value} is longer than 30s
blame: healthcheck/interval
expression: |
  !has(self.healthcheck) || type(self.healthcheck) != map ||
  duration(self.healthcheck.?interval.orValue("10s")) <= duration("30s")
""", "bad": {"copilot/api/manifest.yml": API + "healthcheck:\n  command: [CMD, true]\n"
             "  interval: 1m30s\n"},
     "good": {"copilot/api/manifest.yml": API + "healthcheck:\n  command: [CMD, true]\n"
              "  interval: 20s\n"},
     "expected": [("copilot/api/manifest.yml", 7, ["prod", "test"])]},
    {"id": "PLT-010", "source": "read-only root file system in prod", "policy": """
message: prod containers have a read-only root file system
applies-to: {environments: [prod]}
require:
  required: [storage]
  properties:
    storage: {type: object, required: [readonly_fs], properties: {readonly_fs: {const: true}}}
""", "bad": {"copilot/api/manifest.yml": API + "storage:\n  readonly_fs: off\n"},
     "good": {"copilot/api/manifest.yml": API + "storage:\n  readonly_fs: on\n"},
     "expected": [("copilot/api/manifest.yml", 6, ["prod"])]},
    {"id": "PLT-011", "source": "workers only subscribe to topics some service publishes",
     "expression": True, "policy": """
message: a subscription names a topic no workload publishes
applies-to: {manifest: [Worker Service]}
expression: |
  self.?subscribe.?topics.orValue([]).all(t,
    t.?service.orValue("") in workloads &&
    workloads[t.service].?publish.?topics.orValue([]).exists(p, p.?name.orValue("") == t.name))
blame: subscribe/topics
""", "bad": {"copilot/worker/manifest.yml": "name: worker\ntype: Worker Service\nimage:\n"
             "  build: Dockerfile\nsubscribe:\n  topics:\n    - {name: orders, service: api}\n",
             "copilot/api/manifest.yml": API + "publish:\n  topics:\n    - name: payments\n"},
     "good": {"copilot/worker/manifest.yml": "name: worker\ntype: Worker Service\nimage:\n"
              "  build: Dockerfile\nsubscribe:\n  topics:\n    - {name: orders, service: api}\n",
              "copilot/api/manifest.yml": API + "publish:\n  topics:\n    - name: orders\n"},
     "expected": [("copilot/worker/manifest.yml", 6, ["prod", "test"])]},
    {"id": "PLT-012", "source": "production aliases are under our domain (pack parameter)",
     "policy": """
message: alias {value} is not under ${params.domain}
applies-to: {manifest: [Load Balanced Web Service], environments: [prod]}
require:
  properties:
    http:
      type: object
      properties:
        alias:
          anyOf:
            - {type: string, pattern: "\\\\.${params.domain}$"}
            - {type: array, items: {type: string, pattern: "\\\\.${params.domain}$"}}
""", "params": {"domain": "shop.example.com"},
     "bad": {"copilot/web/manifest.yml": WEB + "  alias: www.example.org\n"},
     "good": {"copilot/web/manifest.yml": WEB + "  alias: [www.shop.example.com]\n"},
     "expected": [("copilot/web/manifest.yml", 9, ["prod"])]},
    {"id": "PLT-013", "source": "a !Ref to an environment addon output goes through Copilot",
     "policy": """
message: environment addons export their outputs
applies-to: {template: Outputs, owner: environment}
require:
  additionalProperties: {type: object, required: [Export]}
""", "bad": {"copilot/environments/addons/t.yml": "Parameters:\n  App: {Type: String}\n"
             "  Env: {Type: String}\nResources:\n  T:\n    Type: AWS::SNS::Topic\nOutputs:\n"
             "  TopicArn:\n    Value: !Ref T\n"},
     "good": {"copilot/environments/addons/t.yml": "Parameters:\n  App: {Type: String}\n"
              "  Env: {Type: String}\nResources:\n  T:\n    Type: AWS::SNS::Topic\nOutputs:\n"
              "  TopicArn:\n    Value: !Ref T\n    Export: {Name: !Sub '${App}-${Env}-TopicArn'}\n",
              "copilot/api/addons/t.yml": res("AWS::SNS::Topic") + "Outputs:\n  X:\n    Value: 1\n"},
     "expected": [("copilot/environments/addons/t.yml", 8, None)]},
    {"id": "PLT-014", "source": "secrets come from the environment's own parameters",
     "expression": True, "policy": """
message: secret {path} in {env} does not come from /shop/{env}/
expression: |
  self.?secrets.orValue({}).filter(k,
    type(self.secrets[k]) == string && !self.secrets[k].startsWith("/shop/" + env + "/")
  ).map(k, "secrets/" + k)
""", "bad": {"copilot/api/manifest.yml": API + "secrets:\n  DB: /shop/test/db\n"
             "  KEY: /shop/${COPILOT_ENVIRONMENT_NAME}/key\n"},
     "good": {"copilot/api/manifest.yml": API + "secrets:\n  DB: /shop/${COPILOT_ENVIRONMENT_NAME}/db\n"
              "  ARN:\n    secretsmanager: shop/db\n"},
     "expected": [("copilot/api/manifest.yml", 6, ["prod"])]},
]
