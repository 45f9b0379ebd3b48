"""Copilot's manifest contract as data: the JSON Schemas of every manifest kind, a fast yes/no gate
over them, and Copilot's cross-field checks, all on plain merged data.
"""
