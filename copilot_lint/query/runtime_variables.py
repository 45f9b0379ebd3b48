"""The ``COPILOT_*`` variables that exist only inside the running container.

Not a rule: Copilot interpolates a manifest from the shell of whoever deploys, where it defines
only ``COPILOT_APPLICATION_NAME`` and ``COPILOT_ENVIRONMENT_NAME``
(``internal/pkg/manifest/interpolate.go``); the task definition sets the names of
:data:`RUNTIME` later, in the container (``partials/cf/envvars-common.yml`` and the workload
templates). :func:`runtime_look_alike` tells which of those (or of the two deploy-time names) a
name Copilot never defines was meant to be; any other ``COPILOT_*`` name is the team's own shell
variable, which Copilot substitutes like any other.
"""
from __future__ import annotations

from copilot_lint.model.vocabulary import closest
from copilot_lint.resolve.manifest import PREDEFINED

RUNTIME = ("COPILOT_SERVICE_NAME", "COPILOT_SERVICE_DISCOVERY_ENDPOINT", "COPILOT_LB_DNS",
           "COPILOT_QUEUE_URI", "COPILOT_TOPIC_QUEUE_URIS", "COPILOT_SNS_TOPIC_ARNS",
           "COPILOT_MOUNT_POINTS")
"""What ``partials/cf/envvars-common.yml`` and the workload templates set in the container."""
_LOOK_ALIKES = {"ENV": "ENVIRONMENT_NAME", "ENVIRONMENT": "ENVIRONMENT_NAME",
                "ENV_NAME": "ENVIRONMENT_NAME", "APP": "APPLICATION_NAME",
                "APP_NAME": "APPLICATION_NAME", "APPLICATION": "APPLICATION_NAME"}


def runtime_look_alike(name: str) -> str | None:
    """The Copilot variable (a runtime one, or one of the two deploy-time names) that the
    ``COPILOT_*`` name ``name`` misspells; ``None`` for Copilot's own names and the team's."""
    if not name.startswith("COPILOT_") or name in RUNTIME or name in PREDEFINED:
        return None
    alike = _LOOK_ALIKES.get(name.removeprefix("COPILOT_"))
    if alike:
        return f"COPILOT_{alike}"
    return closest(name, RUNTIME, cutoff=0.85)


def is_runtime_name(name: str) -> bool:
    """True for a name set only in the container, or a look-alike of a Copilot variable: a
    name that exporting in the deploying shell would never fix."""
    return name in RUNTIME or runtime_look_alike(name) is not None
