""""Did you mean …?" for a name that matches nothing (a rule, a key, an environment)."""
from __future__ import annotations


def did_you_mean(word: str, choices: list[str], cutoff: float = 0.6) -> str:
    """``; did you mean 'prod'?`` for the closest choice; without a close one, ``; choose from
    a, b`` (up to 10 choices) or nothing."""
    import difflib  # only when there is a name to suggest (keeps start-up lean)

    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    if close:
        return f"; did you mean {close[0]!r}?"
    if 0 < len(choices) <= 10:
        return f"; choose from {', '.join(choices)}"
    return ""
