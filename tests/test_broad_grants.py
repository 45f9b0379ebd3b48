"""``query/broad_grants.py``: mutating actions on every resource of a service."""
from __future__ import annotations

import pytest

from copilot_lint.query.broad_grants import every_resource, every_resource_of, mutating
from copilot_lint.resolve.opaque import token


@pytest.mark.parametrize(("value", "every"), [
    ("*", True), ("arn:aws:s3:::*", True), ("arn:aws:s3:::*/*", True),
    ("arn:aws:sqs:*:*:*", True), ("arn:aws:dynamodb:*:*:table/*", True),
    ("arn:" + token("AWS::Partition") + ":secretsmanager:" + token("AWS::Region") + ":"
     + token("AWS::AccountId") + ":secret:*", True),
    ("arn:aws:s3:::my-bucket/*", False), ("arn:aws:dynamodb:*:*:table/orders", False),
    ("arn:aws:s3:::" + token("Ref:Bucket") + "/*", False), (5, False),
])
def test_every_resource(value: object, every: bool) -> None:
    assert every_resource(value) is every


@pytest.mark.parametrize(("value", "service", "every"), [
    ("*", "sqs", True), ("arn:aws:s3:::*/*", "s3", True), ("arn:aws:s3:::*/*", "S3", True),
    ("arn:aws:s3:::*/*", "sqs", False), ("arn:aws:sqs:*:*:*", "sns", False),
    ("arn:aws:" + token("Ref:Service") + ":*:*:*", "sqs", True),
    ("arn:aws:sqs:*:*:my-queue", "sqs", False),
])
def test_every_resource_of(value: object, service: str, every: bool) -> None:
    """A wildcard ARN of another service does not widen an action (CL410)."""
    assert every_resource_of(value, service) is every


@pytest.mark.parametrize(("action", "found"), [
    ("s3:PutObject", ["s3:PutObject"]), ("S3:deleteobject", ["s3:DeleteObject"]),
    ("dynamodb:Delete*", ["dynamodb:DeleteItem", "dynamodb:DeleteTable",
                          "dynamodb:DeleteBackup"]),
    ("sqs:*Message", ["sqs:SendMessage", "sqs:DeleteMessage"]),
    ("s3:GetObject", []), ("dynamodb:Describe*", []), ("s3:*", []), ("*", []),
    ("logs:PutLogEvents", []), ("kms:CreateKey", []), (None, []),
])
def test_mutating(action: object, found: list[str]) -> None:
    assert mutating(action) == found
