"""CL2xx: the addon contract (parameters, outputs, merging of an addons folder)."""
