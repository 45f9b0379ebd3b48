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
