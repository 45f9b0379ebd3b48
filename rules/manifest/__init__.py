"""CL1xx: workload, environment and pipeline manifests."""
