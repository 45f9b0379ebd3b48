"""The model: the data every later stage shares (nodes with positions, workspace files and
workloads, findings, fixes, the rule contract). Imports nothing else of copilot-lint.
"""
