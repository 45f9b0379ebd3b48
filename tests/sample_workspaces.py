"""Two small workspaces the integration tests share: one with findings, one clean."""
from __future__ import annotations

_ENVS = {
    "copilot/.workspace": "application: shop\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
    "copilot/environments/addons/db.yml": """\
Parameters:
  App: {Type: String}
  Env: {Type: String}
Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Sub /${App}/${Env}/db
Outputs:
  DbSecretArn:
    Value: !Ref DbSecret
    Export:
      Name: !Sub ${App}-${Env}-DbSecret
""",
}

CLEAN = {
    **_ENVS,
    "copilot/api/manifest.yml": """\
name: api
type: Backend Service
image:
  location: nginx
secrets:
  DB_SECRET:
    from_cfn: ${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-DbSecret
""",
}

BAD = {
    **_ENVS,
    "copilot/api/manifest.yml": """\
name: api
type: Backend Service
image:
  location: nginx
variables:
  LOG_LEVEL: info
  LOG_LEVEL: debug
secrets:
  DB_SECRET:
    from_cfn: ${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-DbSecert
""",
    "copilot/worker/manifest.yml": "name: wrker\ntype: Worker Service\nimage:\n  location: nginx\n",
}
"""Findings: CL002 (duplicate key), CL503 twice (test and prod), CL105 (name mismatch)."""

WIRED = {
    "copilot/.workspace": "application: shop\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
    "copilot/environments/addons/db.yml": """\
Parameters:
  App: {Type: String}
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  OrdersDb:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      ManageMasterUserPassword: true
      StorageEncrypted: true
      DBSubnetGroupName: orders-db-subnets
      VpcSecurityGroupIds: [sg-0123456789abcdef0]
  Uploads:
    Type: AWS::S3::Bucket
  AuditBucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
  ApiKey:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Sub ${App}/${Env}/api-key
Outputs:
  UploadsName:
    Value: !Ref Uploads
    Export:
      Name: !Sub ${App}-${Env}-UploadsName
  UploadsArn:
    Value: !GetAtt Uploads.Arn
    Export:
      Name: !Sub ${App}-${Env}-UploadsArn
""",
    "copilot/web/manifest.yml": """\
name: web
type: Load Balanced Web Service
image:
  location: nginx
  port: 80
http:
  path: /
variables:
  UPLOADS_BUCKET:
    from_cfn: ${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-UploadsName
secrets:
  GITHUB_TOKEN: /copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/github_token
  API_KEY:
    secretsmanager: shop/${COPILOT_ENVIRONMENT_NAME}/api-key
  FEATURE_FLAGS: /shop/${COPILOT_ENVIRONMENT_NAME}/flags
  REPORT_TOKEN:
    from_cfn: ${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-ReportTokn
publish:
  topics:
    - name: orders
""",
    "copilot/web/addons/storage.yml": """\
Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
Resources:
  Sessions:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub ${App}-${Env}-sessions
  SessionKey:
    Type: AWS::SecretsManager::Secret
  Flags:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub /${App}/${Env}/flags
      Type: String
      Value: "{}"
  WebAccess:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query]
            Resource: !GetAtt Sessions.Arn
          - Effect: Allow
            Action: s3:PutObject
            Resource:
              Fn::ImportValue: !Sub ${App}-${Env}-UploadsArn
Outputs:
  WebAccessArn:
    Value: !Ref WebAccess
  SessionKey:
    Value: !Ref SessionKey
""",
    "copilot/mailer/manifest.yml": """\
name: mailer
type: Worker Service
image:
  location: nginx
subscribe:
  topics:
    - name: orders
      service: web
    - name: refunds
      service: web
""",
    "copilot/nightly/manifest.yml": """\
name: nightly
type: Scheduled Job
image:
  location: nginx
on:
  schedule: "@daily"
""",
    "copilot/pipelines/release/manifest.yml": """\
name: release
version: 1
source:
  provider: GitHub
  properties:
    repository: https://github.com/acme/shop
stages:
  - name: test
  - name: prod
    requires_approval: true
""",
    "copilot/pipelines/release/buildspec.yml": "version: 0.2\n",
}
"""Every kind of wiring the graph draws: workload types, environment and workload addons with
data stores, a condition (a prod-only bucket), exports → imports (``from_cfn`` and
``Fn::ImportValue`` in a policy), secrets in every form (one ``from_cfn`` of a missing export),
an injected addon secret, an SSM parameter defined by an addon, a task-role policy with grants,
a published and a subscribed topic (one not published), and a pipeline."""
