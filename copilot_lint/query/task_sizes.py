"""The task sizes AWS accepts: Fargate's cpu → memory (MiB) pairs (ECS's table, with the
8 and 16 vCPU sizes of platform 1.4.0) and App Runner's. CL102 checks a manifest against them;
the language server offers them in completion."""
from __future__ import annotations

from collections.abc import Sequence

FARGATE_SIZES: dict[int, Sequence[int]] = {
    256: (512, 1024, 2048), 512: range(1024, 4097, 1024),
    1024: range(2048, 8193, 1024), 2048: range(4096, 16385, 1024),
    4096: range(8192, 30721, 1024), 8192: range(16384, 61441, 4096),
    16384: range(32768, 122881, 8192)}
APP_RUNNER_SIZES: dict[int, Sequence[int]] = {
    256: (512, 1024), 512: (1024,), 1024: (2048, 3072, 4096), 2048: (4096, 6144),
    4096: (8192, 10240, 12288)}
