"""The COPILOT_* names that exist only in the container, and their look-alikes."""
from __future__ import annotations

import pytest

from copilot_lint.query.runtime_variables import RUNTIME, is_runtime_name, runtime_look_alike


@pytest.mark.parametrize(("name", "alike"), [
    ("COPILOT_ENV", "COPILOT_ENVIRONMENT_NAME"),
    ("COPILOT_APP_NAME", "COPILOT_APPLICATION_NAME"),
    ("COPILOT_QUEUE_URL", "COPILOT_QUEUE_URI"),
    ("COPILOT_SNS_TOPIC_ARN", "COPILOT_SNS_TOPIC_ARNS"),
    ("COPILOT_LB_DNS", None),                 # a runtime name itself
    ("COPILOT_ENVIRONMENT_NAME", None),       # defined at deploy time
    ("COPILOT_VPC_ID", None),                 # the team's own
    ("COPILOT_IMAGE_TAG", None),
    ("ENV", None),                            # not a COPILOT_ name at all
    ("APP_NAME", None),
])
def test_look_alike(name: str, alike: str | None) -> None:
    assert runtime_look_alike(name) == alike


def test_runtime_names() -> None:
    assert all(is_runtime_name(name) for name in RUNTIME)
    assert is_runtime_name("COPILOT_ENV") and is_runtime_name("COPILOT_QUEUE_URL")
    assert not is_runtime_name("COPILOT_VPC_ID") and not is_runtime_name("COPILOT_APPLICATION_NAME")
    assert not is_runtime_name("IMAGE_TAG")
