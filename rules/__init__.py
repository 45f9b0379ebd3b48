"""copilot-lint's rules, one module per rule, grouped by family.

| folder | ids | what |
|---|---|---|
| `files/` | CL0xx | files and YAML: syntax, duplicate keys, tags, layout, document shape |
| `manifest/` | CL1xx | workload, environment and pipeline manifests |
| `addons/` | CL2xx | the addon contract |
| `naming/` | CL3xx | physical names and environment isolation |
| `iam/` | CL4xx | IAM and secrets |
| `network/` | CL5xx | network, exposure and cross-stack wiring |
| `pipeline/` | CL6xx | pipelines |

To add a rule: a module in the matching folder with exactly one `Rule` subclass (id, name,
severity, `check`), at most 250 lines, importing only `copilot_lint.api`; a docstring with the
headings `## What it does`, `## Why is this bad?`, `## Example` and `## Use instead`; and
fixtures under `tests/fixtures/<ID>/{bad,good}/`. Logic that two rules share is a named query
in `copilot_lint/query/` exported by the API, not a helper module here; a folder's `__init__.py`
holds only its docstring. `docs/writing-rules.md` walks through it end to end. The engine finds
rules by walking this package (`copilot_lint/engine/registry.py`); always import rules as
`copilot_lint.rules...`, never as top-level `rules`.
"""
