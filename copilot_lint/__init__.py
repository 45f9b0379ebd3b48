"""copilot-lint: a fast, static linter and policy checker for AWS Copilot CLI workspaces."""
__version__ = "0.1.0"
