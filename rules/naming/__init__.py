"""CL3xx: physical names and environment isolation."""
