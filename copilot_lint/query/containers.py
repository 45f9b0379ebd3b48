"""The containers of a workload manifest as Copilot builds its task definition: the main
container, each sidecar, and the FireLens log router (``logging``).

Not a rule: one place that knows where each container keeps its image (``image.location``,
``image.build``, a sidecar's ``image`` string), its ``env_file``, ``variables``, ``secrets`` (and
the log router's ``secretOptions``) and ``command``, so that rules about images, env files,
secrets and sidecars read the same shape (copilot-facts §2.1.1, §2.1.4, §2.1.5).
"""
from __future__ import annotations

from dataclasses import dataclass

from copilot_lint.model.node import Node

MAIN, SIDECAR, LOGGING = "main", "sidecar", "logging"
LOG_ROUTER = "firelens_log_router"


@dataclass(frozen=True)
class Container:
    """One container of the task definition, read from a (merged) manifest."""

    name: str
    """The container's name: the workload's, the sidecar's key, or ``firelens_log_router``."""
    kind: str
    """``main``, ``sidecar`` or ``logging``."""
    block: Node
    """The mapping that configures it (the manifest itself for the main container)."""
    location: Node | None = None
    """The image reference: ``image.location``, or a sidecar's or log router's ``image`` string."""
    build: Node | None = None
    """``image.build`` (a Dockerfile path, or a map with ``dockerfile``/``context``)."""
    env_file: Node | None = None
    variables: Node | None = None
    secret_maps: tuple[Node, ...] = ()
    """The maps of secret forms: ``secrets`` (and the log router's ``secretOptions``)."""
    command: Node | None = None

    def variable_names(self) -> set[str]:
        return {k for k, _ in self.variables.items()} if self.variables is not None else set()

    def secret_names(self) -> set[str]:
        return {k for m in self.secret_maps for k, _ in m.items()}

    def secrets(self) -> list[tuple[str, Node]]:
        """``(variable, value)`` of every secret entry (a string, or a map of one form)."""
        return [(k, v) for m in self.secret_maps for k, v in m.items()]

    def build_paths(self) -> list[Node]:
        """The path scalars of ``image.build``: the string form, or ``dockerfile``/``context``."""
        if self.build is None:
            return []
        if self.build.is_str:
            return [self.build]
        return [n for n in (self.build.get("dockerfile"), self.build.get("context"))
                if n is not None and n.is_str]


def containers(root: Node | None, workload_name: str) -> list[Container]:
    """The containers ``root`` (a workload manifest, merged for one environment) defines."""
    if root is None or not root.is_map:
        return []
    found = []
    image = root.get("image")
    if image is not None or root.get("env_file") is not None:
        found.append(_container(workload_name, MAIN, root, image))
    sidecars = root.get("sidecars")
    for name, block in sidecars.items() if sidecars is not None else []:
        if block.is_map:
            found.append(_container(name, SIDECAR, block, block.get("image")))
    logging = root.get("logging")
    if logging is not None and logging.is_map:
        found.append(_container(LOG_ROUTER, LOGGING, logging, logging.get("image"),
                                extra_secrets="secretOptions"))
    return found


def _container(name: str, kind: str, block: Node, image: Node | None,
               extra_secrets: str = "") -> Container:
    location = build = None
    if image is not None and image.is_str:
        location = image if kind != MAIN else None
    elif image is not None and image.is_map:
        location, build = image.get("location"), image.get("build")
    maps = tuple(m for m in (block.get("secrets"), block.get(extra_secrets) if extra_secrets
                             else None) if m is not None and m.is_map)
    variables = block.get("variables")
    return Container(name, kind, block, location, build, block.get("env_file"),
                     variables if variables is not None and variables.is_map else None, maps,
                     block.get("command"))
