"""Resolving per environment: manifests with their environment overrides and interpolation merged,
addon templates with parameters and intrinsics folded.
"""
