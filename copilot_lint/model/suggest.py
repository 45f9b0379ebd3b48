""""Did you mean …?" for a name that matches nothing (a rule, a key, an environment)."""
from __future__ import annotations

from copilot_lint.model.vocabulary import closest


def did_you_mean(word: str, choices: list[str], cutoff: float = 0.6) -> str:
    """``; did you mean 'prod'?`` for the closest choice; without a close one, ``; choose from
    a, b`` (up to 10 choices) or nothing."""
    close = closest(word, choices, cutoff)
    if close is not None:
        return f"; did you mean {close!r}?"
    if 0 < len(choices) <= 10:
        return f"; choose from {', '.join(choices)}"
    return ""
