"""CL4xx: IAM policies and secrets."""
