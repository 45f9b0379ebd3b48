"""Applying fixes: turn the fixes rules attach to findings into edited file text (--diff) and
atomic writes (--fix).
"""
