"""CL6xx: pipeline manifests."""
