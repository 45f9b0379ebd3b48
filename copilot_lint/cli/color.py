"""Whether to colour the output: ``--color {auto,always,never}``, ``NO_COLOR`` and ``FORCE_COLOR``.

``always`` and ``never`` are the user's explicit choice and win over the environment (as
no-color.org asks: a command-line flag overrides ``NO_COLOR``). ``auto`` colours a terminal
unless ``NO_COLOR`` is set to a non-empty value or ``TERM`` is ``dumb``; ``FORCE_COLOR`` (non-empty)
colours even when the output is not a terminal. When both variables are set, ``NO_COLOR`` wins.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

CHOICES = ("auto", "always", "never")


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether output written to ``stream`` gets ANSI colours."""
    if choice == "always":
        return True
    if choice == "never" or environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
