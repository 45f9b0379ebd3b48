"""The engine: discover the rules, run them, then suppress, filter, re-level, de-duplicate and sort
what they find.
"""
