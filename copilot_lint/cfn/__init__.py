"""The cfn-lint pass: each addons folder per environment through cfn-lint, with a cache and a
worker pool.
"""
