"""CL0xx: files and YAML (syntax, duplicate keys, tags, workspace layout, document shape)."""
