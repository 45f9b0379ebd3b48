"""Whether a file Copilot skips looks like a CloudFormation template (for CL004's "Copilot never
deploys this template"), judged from its top-level keys without parsing it."""
from __future__ import annotations

import re
from pathlib import Path

from copilot_lint.load.confined import Confined
from copilot_lint.load.parse import MAX_BYTES

TEMPLATE_SUFFIXES = (".yml", ".yaml", ".json", ".template")
_TEMPLATE_KEYS = rb"Resources|AWSTemplateFormatVersion"
_ANY_SECTION_KEYS = _TEMPLATE_KEYS + rb"|Parameters|Outputs|Mappings|Conditions"


def _top(keys: bytes) -> tuple[re.Pattern, re.Pattern]:
    return (re.compile(rb'^(?:"?(?:' + keys + rb')"?)[ \t]*:', re.M),
            re.compile(rb'"(?:' + keys + rb')"[ \t\r\n]*:'))


_TEMPLATE, _ANY_SECTION = _top(_TEMPLATE_KEYS), _top(_ANY_SECTION_KEYS)


def looks_like_template(confined: Confined, path: Path, any_section: bool = False) -> bool:
    """A regular file (not a symlink) named like a template (``.yml``, ``.yaml`` in any case,
    ``.json``, ``.template``) with a top-level ``Resources`` or ``AWSTemplateFormatVersion``
    key (``any_section``: or ``Parameters``, ``Outputs``, ``Mappings``, ``Conditions``, for
    folders that hold nothing but addons)."""
    if path.suffix.lower() not in TEMPLATE_SUFFIXES:
        return False
    try:
        if path.is_symlink():
            return False
        data = confined.read_bytes(path, MAX_BYTES)
    except OSError:
        return False
    yaml_form, json_form = _ANY_SECTION if any_section else _TEMPLATE
    return bool(yaml_form.search(data) or json_form.search(data))
