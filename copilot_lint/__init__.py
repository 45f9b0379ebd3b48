"""copilot-lint: a fast, static linter and policy checker for AWS Copilot CLI workspaces.

An install maps the checkout's top-level ``rules/`` folder to ``copilot_lint.rules``. So that
the checkout itself runs too (``python -m copilot_lint`` from its root, where this folder
shadows an installed copy), a checkout's root joins this package's search path, where
``rules/`` is then found as ``copilot_lint.rules``.
"""
import os as _os

__version__ = "0.1.0"

_checkout = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
if _os.path.isfile(_os.path.join(_checkout, "pyproject.toml")) and \
        _os.path.isfile(_os.path.join(_checkout, "rules", "__init__.py")):
    __path__.append(_checkout)
