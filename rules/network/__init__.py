"""CL5xx: network, exposure and cross-stack wiring."""
