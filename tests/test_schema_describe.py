"""Every key of every manifest kind is described (schema/describe.py), in the published schemas
too, with the Copilot version that added it where Copilot's history gives one."""
from __future__ import annotations

from typing import Any

import pytest

from copilot_lint.schema import describe
from copilot_lint.schema.assemble import NAMES, assembled, dispatcher


def properties(doc: dict) -> list[tuple[tuple[str, ...], dict]]:
    """(key path, property schema) of every key reachable from the top of ``doc``."""
    defs = doc["definitions"]
    found: list[tuple[tuple[str, ...], dict]] = []
    seen: set[tuple[int, tuple[str, ...]]] = set()

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if not isinstance(node, dict) or (id(node), path) in seen or len(path) > 12:
            return
        seen.add((id(node), path))
        ref = node.get("$ref")
        if isinstance(ref, str):
            walk(defs.get(ref.rsplit("/", 1)[-1]), path)
        for keyword in ("allOf", "anyOf", "oneOf"):
            for branch in node.get(keyword) or []:
                walk(branch, path)
        for keyword in ("then", "else", "items"):
            walk(node.get(keyword), path)
        if isinstance(node.get("additionalProperties"), dict) and path:
            walk(node["additionalProperties"], path + ("*",))
        for key, child in (node.get("properties") or {}).items():
            if path == () and key == "environments":
                continue
            found.append((path + (key,), child))
            walk(child, path + (key,))

    walk(doc, ())
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_key_of_every_kind_is_described(name: str) -> None:
    missing = sorted({".".join(path) for path, node in properties(assembled(name))
                      if not node.get("description")})
    assert missing == []


@pytest.mark.parametrize("name", NAMES)
def test_descriptions_name_the_copilot_version_that_added_the_key(name: str) -> None:
    paths = {path for path, _ in properties(assembled(name))}
    dated = [p for p in paths if describe.since(name, p)]
    assert len(dated) >= 0.9 * len(paths)


def test_a_key_has_its_own_words_default_and_version() -> None:
    text = describe.description("lb-web-service", ("count",))
    assert "How many tasks run" in text and "Default: 1." in text
    assert text.endswith("Since Copilot v0.0.8.")
    assert "Worker Services" in describe.description("worker-service", ("subscribe",)) \
        or "topics" in describe.description("worker-service", ("subscribe",))


def test_the_longest_suffix_wins_and_the_kind_before_the_shared_words() -> None:
    rdws = describe.text_of("request-driven-web-service", ("cpu",))
    assert "App Runner" in rdws
    assert "Fargate" in describe.text_of("backend-service", ("cpu",))
    assert describe.text_of("environment", ("cpu",)) is None
    sidecar = describe.text_of("lb-web-service", ("sidecars", "*", "healthcheck", "interval"))
    assert sidecar == describe.text_of("lb-web-service", ("image", "healthcheck", "interval"))


def test_overrides_and_the_dispatcher_carry_the_descriptions() -> None:
    doc = assembled("backend-service")
    override = doc["definitions"]["override"]
    assert override["description"].startswith("The keys this environment changes")
    assert override["properties"]["count"]["description"] == doc["properties"]["count"][
        "description"]
    published = dispatcher()["definitions"]["worker-service"]
    assert "Since Copilot" in published["properties"]["subscribe"]["description"]
