"""Identity-policy grants that let a principal change data it does not own: mutating actions on
every resource of a service.

Not a rule: what counts as "every resource" (``*``, or an ARN that is only wildcards after the
service, optionally below one resource type: ``arn:aws:s3:::*/*``,
``arn:${AWS::Partition}:dynamodb:*:*:table/*``), and a curated list of mutating actions that
support resource-level permissions (writes, deletes, policy changes, sends, starts). Read,
List and Describe actions, and actions that only work on ``*`` (``kms:CreateKey``,
``cloudwatch:PutMetricData``, ``logs:*`` on log streams the role creates), are not in it.
"""
from __future__ import annotations

import re

from copilot_lint.query.policies import action_matches
from copilot_lint.resolve.opaque import flatten, is_text

MUTATING = {
    "s3": ("PutObject", "PutObjectAcl", "DeleteObject", "DeleteObjectVersion", "DeleteBucket",
           "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl",
           "PutBucketPublicAccessBlock", "PutLifecycleConfiguration", "PutBucketCORS",
           "PutEncryptionConfiguration", "PutBucketVersioning"),
    "dynamodb": ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "DeleteTable",
                 "UpdateTable", "CreateTable", "DeleteBackup", "RestoreTableFromBackup",
                 "PartiQLInsert", "PartiQLUpdate", "PartiQLDelete"),
    "sqs": ("SendMessage", "DeleteMessage", "PurgeQueue", "DeleteQueue", "SetQueueAttributes",
            "ChangeMessageVisibility", "CreateQueue"),
    "sns": ("Publish", "DeleteTopic", "SetTopicAttributes", "Subscribe", "CreateTopic"),
    "states": ("StartExecution", "StartSyncExecution", "StopExecution", "DeleteStateMachine",
               "UpdateStateMachine", "SendTaskSuccess", "SendTaskFailure"),
    "secretsmanager": ("PutSecretValue", "UpdateSecret", "DeleteSecret", "RotateSecret",
                       "PutResourcePolicy", "RestoreSecret"),
    "ssm": ("PutParameter", "DeleteParameter", "DeleteParameters", "LabelParameterVersion"),
    "kms": ("ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy", "CreateGrant"),
    "kinesis": ("PutRecord", "PutRecords", "DeleteStream"),
    "firehose": ("PutRecord", "PutRecordBatch", "DeleteDeliveryStream"),
    "lambda": ("InvokeFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration",
               "DeleteFunction", "AddPermission"),
    "events": ("PutEvents", "PutRule", "PutTargets", "DeleteRule"),
    "rds": ("DeleteDBInstance", "DeleteDBCluster", "ModifyDBInstance", "ModifyDBCluster",
            "StopDBInstance", "RebootDBInstance"),
    "elasticfilesystem": ("ClientWrite", "ClientRootAccess", "DeleteFileSystem"),
    "es": ("ESHttpPut", "ESHttpPost", "ESHttpDelete", "DeleteDomain"),
    "ecr": ("PutImage", "BatchDeleteImage", "DeleteRepository"),
}
"""Mutating actions with resource-level permissions, per service prefix."""
_WHOLE_SERVICE = re.compile(r"\*|[A-Za-z0-9-]+:\*")
_EVERY_ARN = re.compile(r"arn:[^:]*:([^:]+):\*?:\*?:([A-Za-z-]+[/:])?[*/:]*\*[*/:]*")
_UNTYPED = ("s3", "sqs", "sns")
"""Services whose ARNs have no resource-type part: ``bucket/*`` is one bucket's objects."""
_PSEUDO = ("AWS::Partition", "AWS::Region", "AWS::AccountId")


def every_resource(value: object) -> bool:
    """``*``, or an ARN that is only wildcards (or this region and account) after the service,
    optionally below one resource type (``table/*``, ``secret:*``)."""
    if not is_text(value):
        return False
    if isinstance(value, str) and value.strip() == "*":
        return True
    plain = flatten(value, lambda part: "*" if part.label in _PSEUDO else "\x01")
    match = _EVERY_ARN.fullmatch(plain.strip())
    return match is not None and not (match.group(2) and match.group(1).lower() in _UNTYPED)


def every_resource_of(value: object, service: str) -> bool:
    """``every_resource(value)`` for an action of ``service``: ``*``, or a wildcard ARN of that
    service (an ARN of another service grants the action nothing, ``arn:aws:s3:::*`` does not
    widen ``sqs:SendMessage``); an ARN whose service part cannot be worked out counts."""
    if not every_resource(value):
        return False
    if isinstance(value, str) and value.strip() == "*":
        return True
    plain = flatten(value, lambda part: "*" if part.label in _PSEUDO else "\x01")
    match = _EVERY_ARN.fullmatch(plain.strip())
    named = match.group(1) if match is not None else ""
    return "\x01" in named or named.lower() == service.strip().lower()


def mutating(action: object) -> list[str]:
    """The curated mutating actions ``action`` (a name or a pattern such as ``Delete*``)
    allows; empty for reads, for unknown services, and for whole-service wildcards (``*``,
    ``s3:*``), which CL403 reports."""
    if not isinstance(action, str) or _WHOLE_SERVICE.fullmatch(action.strip()):
        return []
    service, _, name = action.strip().partition(":")
    candidates = MUTATING.get(service.lower(), ())
    return [f"{service.lower()}:{c}" for c in candidates
            if name and action_matches(f"{service}:{name}", f"{service.lower()}:{c}")]
