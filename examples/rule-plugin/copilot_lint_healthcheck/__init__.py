"""An example copilot-lint rule plugin (see the README beside ``pyproject.toml``)."""
