"""copilot-lint agrees with Copilot: single mutations of one small workspace, each with the
verdict the real Copilot CLI (v1.34.1, ``../shared/tools/copilot-oracle.sh``, recorded for issue
28) gave when packaging every workload and environment.

- Copilot rejects it (``FAIL``): copilot-lint reports an error.
- Copilot accepts it and AWS refuses it at deploy time (``aws``): a CL130 error.
- Copilot accepts it and silently drops, zeroes or truncates the value (``ignored``): an error
  whose message says so.
- Copilot accepts it and ignores it harmlessly (``warn``): a warning, no error.
- Copilot accepts a valid variant (``benign``): no finding at all.

Findings are compared with those of the unmutated workspace (which has none).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config

WORKSPACE = {
    "api/manifest.yml": """\
name: api
type: Load Balanced Web Service
image:
  location: nginx
  port: 80
http:
  path: /
  healthcheck:
    path: /
    healthy_threshold: 3
    unhealthy_threshold: 3
    interval: 10s
    timeout: 5s
  deregistration_delay: 30s
nlb:
  port: 443/tcp
cpu: 256
memory: 512
count: 1
logging:
  retention: 30
sidecars:
  proxy:
    image: nginx
    port: '8080'
environments:
  test:
    count: 2
""",
    "be/manifest.yml": """\
name: be
type: Backend Service
image:
  location: nginx
  port: 80
cpu: 256
memory: 512
count:
  range: 1-3
  cpu_percentage: 70
  cooldown:
    in: 30s
    out: 60s
""",
    "environments/test/manifest.yml": """\
name: test
type: Environment
network:
  vpc:
    cidr: 10.0.0.0/16
    flow_logs:
      retention: 14
""",
    "job/manifest.yml": """\
name: job
type: Scheduled Job
image:
  location: nginx
on:
  schedule: "@daily"
cpu: 256
memory: 512
""",
    "rd/manifest.yml": """\
name: rd
type: Request-Driven Web Service
image:
  location: public.ecr.aws/nginx/nginx:latest
  port: 80
cpu: 1024
memory: 2048
""",
    "wk/manifest.yml": """\
name: wk
type: Worker Service
image:
  location: nginx
cpu: 256
memory: 512
count: 1
subscribe:
  queue:
    retention: 96h
    delay: 0s
    timeout: 30s
    dead_letter:
      tries: 5
""",
}
"""Every workload type with the fields the issue names; environment ``test``."""

# (case, Copilot's verdict, what the mutation is, [(file, key path, new value)])
CASES = [
    ("1-nlb-port-70000", "FAIL", "reject", [("api/manifest.yml", ("nlb", "port"), "70000/tcp")]),
    ("1-nlb-port-70000-bare", "FAIL", "reject", [("api/manifest.yml", ("nlb", "port"), "70000")]),
    (
        "1-nlb-listener-70000",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("nlb", "additional_listeners"), [{"port": "70000/udp"}])],
    ),
    (
        "1-sidecar-port-70000",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("sidecars", "proxy", "port"), "70000")],
    ),
    (
        "1-sidecar-port-70000-tcp",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("sidecars", "proxy", "port"), "70000/tcp")],
    ),
    (
        "1-override-nlb-port-70000",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("environments", "test", "nlb"), {"port": "70000/tcp"})],
    ),
    ("1-ok-nlb-port-65535", "PASS", "benign", [("api/manifest.yml", ("nlb", "port"), "65535/tcp")]),
    (
        "1-ok-sidecar-port-tcp",
        "PASS",
        "benign",
        [("api/manifest.yml", ("sidecars", "proxy", "port"), "8080/tcp")],
    ),
    (
        "1-ok-nlb-listener",
        "PASS",
        "benign",
        [("api/manifest.yml", ("nlb", "additional_listeners"), [{"port": "8443/tcp"}])],
    ),
    ("2-count-map", "FAIL", "reject", [("api/manifest.yml", ("count",), {"a": "b"})]),
    ("2-http-map", "FAIL", "reject", [("api/manifest.yml", ("http",), {"ports": 80})]),
    ("2-platform-map", "FAIL", "reject", [("api/manifest.yml", ("platform",), {"foo": "bar"})]),
    ("2-logging-map", "PASS", "warn", [("api/manifest.yml", ("logging",), {"foo": "bar"})]),
    ("2-range-map", "FAIL", "reject", [("be/manifest.yml", ("count", "range"), {"lo": 1})]),
    (
        "2-cpu-pct-map",
        "FAIL",
        "reject",
        [("be/manifest.yml", ("count", "cpu_percentage"), {"v": 1})],
    ),
    ("2-secret-map", "FAIL", "reject", [("api/manifest.yml", ("secrets",), {"X": {"foo": "bar"}})]),
    (
        "2-variable-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("variables",), {"X": {"foo": "bar"}})],
    ),
    ("2-command-map", "FAIL", "reject", [("api/manifest.yml", ("command",), {"foo": "bar"})]),
    ("2-hc-map", "FAIL", "reject", [("api/manifest.yml", ("http", "healthcheck"), {"foo": "bar"})]),
    ("2-alias-map", "FAIL", "reject", [("api/manifest.yml", ("http", "alias"), {"foo": "bar"})]),
    ("2-queue-map", "PASS", "warn", [("wk/manifest.yml", ("subscribe", "queue"), {"foo": "bar"})]),
    ("2-exec-map", "FAIL", "reject", [("api/manifest.yml", ("exec",), {"foo": "bar"})]),
    (
        "2-sidecar-image-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("sidecars", "proxy", "image"), {"foo": "b"})],
    ),
    (
        "2-efs-map",
        "FAIL",
        "reject",
        [
            (
                "api/manifest.yml",
                ("storage", "volumes"),
                {"v": {"path": "/d", "efs": {"foo": "bar"}}},
            )
        ],
    ),
    ("2-entrypoint-map", "FAIL", "reject", [("api/manifest.yml", ("entrypoint",), {"foo": "bar"})]),
    (
        "2-job-schedule-map",
        "FAIL",
        "reject",
        [("job/manifest.yml", ("on", "schedule"), {"foo": "bar"})],
    ),
    (
        "2-env-cdn-map",
        "FAIL",
        "reject",
        [("environments/test/manifest.yml", ("cdn",), {"foo": "bar"})],
    ),
    ("2-rd-http-map", "PASS", "warn", [("rd/manifest.yml", ("http",), {"ports": 80})]),
    (
        "2-override-count-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("environments", "test", "count"), {"a": "b"})],
    ),
    (
        "2-ok-count-map",
        "PASS",
        "benign",
        [("api/manifest.yml", ("count",), {"range": "1-4", "cpu_percentage": 50})],
    ),
    (
        "2-ok-platform-map",
        "PASS",
        "benign",
        [("api/manifest.yml", ("platform",), {"osfamily": "linux", "architecture": "x86_64"})],
    ),
    ("3-schedule-empty-lab", "FAIL", "reject", [("job/manifest.yml", ("on", "schedule"), "")]),
    (
        "4-ghost-count-str",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("environments", "ghost"), {"count": "abc"})],
    ),
    (
        "4-ghost-cpu-int",
        "PASS",
        "warn",
        [("api/manifest.yml", ("environments", "ghost"), {"cpu": 1})],
    ),
    (
        "4-ok-ghost-count",
        "PASS",
        "warn",
        [("api/manifest.yml", ("environments", "ghost"), {"count": 2})],
    ),
    ("aws-log-retention-0", "PASS", "aws", [("api/manifest.yml", ("logging", "retention"), 0)]),
    (
        "aws-flowlog-retention-0",
        "PASS",
        "aws",
        [("environments/test/manifest.yml", ("network", "vpc", "flow_logs", "retention"), 0)],
    ),
    ("aws-log-retention-2", "PASS", "aws", [("api/manifest.yml", ("logging", "retention"), 2)]),
    (
        "aws-flowlog-retention-2",
        "PASS",
        "aws",
        [("environments/test/manifest.yml", ("network", "vpc", "flow_logs", "retention"), 2)],
    ),
    (
        "aws-log-retention-4000",
        "PASS",
        "aws",
        [("api/manifest.yml", ("logging", "retention"), 4000)],
    ),
    (
        "aws-flowlog-retention-4000",
        "PASS",
        "aws",
        [("environments/test/manifest.yml", ("network", "vpc", "flow_logs", "retention"), 4000)],
    ),
    ("ok-log-retention-1", "PASS", "benign", [("api/manifest.yml", ("logging", "retention"), 1)]),
    ("ok-log-retention-3", "PASS", "benign", [("api/manifest.yml", ("logging", "retention"), 3)]),
    (
        "ok-log-retention-365",
        "PASS",
        "benign",
        [("api/manifest.yml", ("logging", "retention"), 365)],
    ),
    (
        "ok-log-retention-3653",
        "PASS",
        "benign",
        [("api/manifest.yml", ("logging", "retention"), 3653)],
    ),
    (
        "aws-hc-healthy-1",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "healthcheck", "healthy_threshold"), 1)],
    ),
    (
        "aws-hc-healthy-11",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "healthcheck", "healthy_threshold"), 11)],
    ),
    (
        "aws-hc-unhealthy-1",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "healthcheck", "unhealthy_threshold"), 1)],
    ),
    (
        "aws-hc-unhealthy-11",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "healthcheck", "unhealthy_threshold"), 11)],
    ),
    (
        "aws-hc-interval-4s",
        "PASS",
        "aws",
        [
            ("api/manifest.yml", ("http", "healthcheck", "interval"), "4s"),
            ("api/manifest.yml", ("http", "healthcheck", "timeout"), "2s"),
        ],
    ),
    (
        "aws-hc-interval-301s",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "healthcheck", "interval"), "301s")],
    ),
    (
        "aws-hc-timeout-1s",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "healthcheck", "timeout"), "1s")],
    ),
    (
        "aws-hc-timeout-121s",
        "PASS",
        "aws",
        [
            ("api/manifest.yml", ("http", "healthcheck", "interval"), "300s"),
            ("api/manifest.yml", ("http", "healthcheck", "timeout"), "121s"),
        ],
    ),
    (
        "aws-hc-timeout-ge-interval",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "healthcheck", "timeout"), "10s")],
    ),
    (
        "ok-hc-bounds",
        "PASS",
        "benign",
        [
            ("api/manifest.yml", ("http", "healthcheck", "healthy_threshold"), 10),
            ("api/manifest.yml", ("http", "healthcheck", "unhealthy_threshold"), 2),
            ("api/manifest.yml", ("http", "healthcheck", "interval"), "300s"),
            ("api/manifest.yml", ("http", "healthcheck", "timeout"), "120s"),
        ],
    ),
    (
        "aws-dereg-3601",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "deregistration_delay"), "3601s")],
    ),
    ("aws-dereg-2h", "PASS", "aws", [("api/manifest.yml", ("http", "deregistration_delay"), "2h")]),
    (
        "ok-dereg-1h",
        "PASS",
        "benign",
        [("api/manifest.yml", ("http", "deregistration_delay"), "1h")],
    ),
    (
        "ok-dereg-0s",
        "PASS",
        "benign",
        [("api/manifest.yml", ("http", "deregistration_delay"), "0s")],
    ),
    (
        "aws-sqs-retention-59s",
        "PASS",
        "aws",
        [("wk/manifest.yml", ("subscribe", "queue", "retention"), "59s")],
    ),
    (
        "aws-sqs-retention-15d",
        "PASS",
        "aws",
        [("wk/manifest.yml", ("subscribe", "queue", "retention"), "360h")],
    ),
    (
        "aws-sqs-delay-16m",
        "PASS",
        "aws",
        [("wk/manifest.yml", ("subscribe", "queue", "delay"), "16m")],
    ),
    (
        "aws-sqs-timeout-13h",
        "PASS",
        "aws",
        [("wk/manifest.yml", ("subscribe", "queue", "timeout"), "13h")],
    ),
    (
        "aws-sqs-tries-0",
        "PASS",
        "aws",
        [("wk/manifest.yml", ("subscribe", "queue", "dead_letter", "tries"), 0)],
    ),
    (
        "aws-sqs-tries-1001",
        "PASS",
        "aws",
        [("wk/manifest.yml", ("subscribe", "queue", "dead_letter", "tries"), 1001)],
    ),
    (
        "ok-sqs-bounds",
        "PASS",
        "benign",
        [
            ("wk/manifest.yml", ("subscribe", "queue", "retention"), "336h"),
            ("wk/manifest.yml", ("subscribe", "queue", "delay"), "15m"),
            ("wk/manifest.yml", ("subscribe", "queue", "timeout"), "12h"),
            ("wk/manifest.yml", ("subscribe", "queue", "dead_letter", "tries"), 1000),
        ],
    ),
    (
        "ok-sqs-retention-60s",
        "PASS",
        "benign",
        [("wk/manifest.yml", ("subscribe", "queue", "retention"), "60s")],
    ),
    (
        "aws-count-negative-override",
        "PASS",
        "aws",
        [("api/manifest.yml", ("environments", "test", "count"), -1)],
    ),
    ("aws-image-port-0", "PASS", "aws", [("api/manifest.yml", ("image", "port"), 0)]),
    (
        "aws-vpc-cidr-8",
        "PASS",
        "aws",
        [("environments/test/manifest.yml", ("network", "vpc", "cidr"), "10.0.0.0/8")],
    ),
    (
        "aws-vpc-cidr-29",
        "PASS",
        "aws",
        [("environments/test/manifest.yml", ("network", "vpc", "cidr"), "10.0.0.0/29")],
    ),
    (
        "ok-vpc-cidr-28",
        "PASS",
        "benign",
        [("environments/test/manifest.yml", ("network", "vpc", "cidr"), "10.0.0.0/28")],
    ),
    (
        "aws-sg-port-70000",
        "PASS",
        "aws",
        [
            (
                "environments/test/manifest.yml",
                ("network", "vpc", "security_group"),
                {"ingress": [{"ip_protocol": "tcp", "ports": 70000, "cidr": "0.0.0.0/0"}]},
            )
        ],
    ),
    (
        "aws-sg-range-70000",
        "PASS",
        "aws",
        [
            (
                "environments/test/manifest.yml",
                ("network", "vpc", "security_group"),
                {"ingress": [{"ip_protocol": "tcp", "ports": "80-70000", "cidr": "10.0.0.0/16"}]},
            )
        ],
    ),
    (
        "ok-sg-range",
        "PASS",
        "benign",
        [
            (
                "environments/test/manifest.yml",
                ("network", "vpc", "security_group"),
                {"ingress": [{"ip_protocol": "tcp", "ports": "80-8080", "cidr": "10.0.0.0/16"}]},
            )
        ],
    ),
    (
        "ok-image-credentials-name",
        "PASS",
        "benign",
        [("api/manifest.yml", ("image", "credentials"), "my-secret")],
    ),
    (
        "aws-image-credentials-ssm",
        "PASS",
        "aws",
        [
            (
                "api/manifest.yml",
                ("image", "credentials"),
                "arn:aws:ssm:us-east-1:123456789012:parameter/x",
            )
        ],
    ),
    (
        "ok-image-credentials",
        "PASS",
        "benign",
        [
            (
                "api/manifest.yml",
                ("image", "credentials"),
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:repo-creds-AbCdEf",
            )
        ],
    ),
    (
        "aws-cert-no-id",
        "PASS",
        "aws",
        [
            ("api/manifest.yml", ("http", "alias"), "a.example.com"),
            (
                "environments/test/manifest.yml",
                ("http", "public", "certificates"),
                ["arn:aws:acm:us-east-1:123456789012:certificate/"],
            ),
        ],
    ),
    (
        "ign-cooldown-30",
        "PASS",
        "ignored",
        [("be/manifest.yml", ("count", "cooldown", "in"), "30")],
    ),
    (
        "ign-dereg-sixty",
        "PASS",
        "ignored",
        [("api/manifest.yml", ("http", "deregistration_delay"), "sixty")],
    ),
    ("ign-http-path-list", "PASS", "ignored", [("api/manifest.yml", ("http", "path"), ["a", "b"])]),
    (
        "warn-tracing-ecs",
        "PASS",
        "warn",
        [("api/manifest.yml", ("observability",), {"tracing": "foo"})],
    ),
    (
        "ok-tracing-ecs",
        "PASS",
        "benign",
        [("api/manifest.yml", ("observability",), {"tracing": "awsxray"})],
    ),
    (
        "rd-tracing-bad",
        "FAIL",
        "reject",
        [("rd/manifest.yml", ("observability",), {"tracing": "foo"})],
    ),
    (
        "2-fifo-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("publish",), {"topics": [{"name": "t", "fifo": {"f": 1}}]})],
    ),
    (
        "2-placement-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("network",), {"vpc": {"placement": {"foo": "bar"}}})],
    ),
    (
        "2-sgs-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("network",), {"vpc": {"security_groups": {"foo": "b"}}})],
    ),
    (
        "2-connect-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("network",), {"connect": {"foo": "bar"}})],
    ),
    (
        "2-alarms-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("deployment",), {"rollback_alarms": {"foo": "b"}})],
    ),
    ("2-requests-map", "FAIL", "reject", [("be/manifest.yml", ("count", "requests"), {"x": 1})]),
    (
        "4-ghost-nested-str",
        "FAIL",
        "reject",
        [
            (
                "api/manifest.yml",
                ("environments", "ghost"),
                {"http": {"healthcheck": {"healthy_threshold": "x"}}},
            )
        ],
    ),
    (
        "4-ghost-bool-str",
        "PASS",
        "warn",
        [("api/manifest.yml", ("environments", "ghost"), {"http": {"stickiness": "maybe"}})],
    ),
    (
        "4-ghost-duration-int",
        "FAIL",
        "reject",
        [
            (
                "api/manifest.yml",
                ("environments", "ghost"),
                {"http": {"healthcheck": {"interval": 30}}},
            )
        ],
    ),
    (
        "4-ghost-enum",
        "PASS",
        "warn",
        [("api/manifest.yml", ("environments", "ghost"), {"deployment": {"rolling": "blue"}})],
    ),
    (
        "4-known-env-count-map",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("environments", "test", "count"), {"a": "b"})],
    ),
    (
        "1-nlb-target-port-70000",
        "PASS",
        "ignored",
        [("api/manifest.yml", ("nlb", "target_port"), 70000)],
    ),
    ("aws-nlb-port-0", "PASS", "aws", [("api/manifest.yml", ("nlb", "port"), "0/tcp")]),
    ("aws-target-port-0", "PASS", "aws", [("api/manifest.yml", ("http", "target_port"), 0)]),
    (
        "aws-hc-port-negative",
        "PASS",
        "aws",
        [("api/manifest.yml", ("http", "healthcheck", "port"), -1)],
    ),
    (
        "ign-stickiness-quoted",
        "PASS",
        "ignored",
        [("api/manifest.yml", ("http", "stickiness"), "true")],
    ),
    (
        "reject-readonly-quoted",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("storage",), {"readonly_fs": "false"})],
    ),
    (
        "ign-hc-interval-sixty",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("http", "healthcheck", "interval"), "sixty")],
    ),
    (
        "ign-img-hc-interval-sixty",
        "FAIL",
        "reject",
        [
            (
                "api/manifest.yml",
                ("image", "healthcheck"),
                {"command": ["CMD", "true"], "interval": "sixty"},
            )
        ],
    ),
    (
        "ign-sqs-retention-sixty",
        "FAIL",
        "reject",
        [("wk/manifest.yml", ("subscribe", "queue", "retention"), "sixty")],
    ),
    (
        "aws-subnet-cidr-29",
        "PASS",
        "aws",
        [
            (
                "environments/test/manifest.yml",
                ("network", "vpc", "subnets"),
                {
                    "public": [{"cidr": "10.0.0.0/29"}, {"cidr": "10.0.1.0/24"}],
                    "private": [{"cidr": "10.0.2.0/24"}, {"cidr": "10.0.3.0/24"}],
                },
            )
        ],
    ),
    (
        "ok-subnets",
        "PASS",
        "benign",
        [
            (
                "environments/test/manifest.yml",
                ("network", "vpc", "subnets"),
                {
                    "public": [{"cidr": "10.0.0.0/24"}, {"cidr": "10.0.1.0/24"}],
                    "private": [{"cidr": "10.0.2.0/24"}, {"cidr": "10.0.3.0/24"}],
                },
            )
        ],
    ),
    (
        "aws-override-retention-0",
        "PASS",
        "aws",
        [("api/manifest.yml", ("environments", "test", "logging"), {"retention": 0})],
    ),
]

_E: dict = {}
# Recorded with copilot-oracle for the audit of issue 28: more either-or fields given a map
# without a known key or an empty map (Copilot fails to decode every one of them), schedules
# Copilot passes to EventBridge, a Backend Service's http map.
CASES += [
    ("2b-build-map", "FAIL", "reject", [("api/manifest.yml", ("image", "build"), {"foo": "b"})]),
    ("2b-rd-build-map", "FAIL", "reject", [("rd/manifest.yml", ("image", "build"), {"foo": "b"})]),
    ("2b-location-map", "FAIL", "reject", [("api/manifest.yml", ("image", "location"), {"f": 1})]),
    (
        "2b-flowlogs-map",
        "FAIL",
        "reject",
        [("environments/test/manifest.yml", ("network", "vpc", "flow_logs"), {"foo": "b"})],
    ),
    (
        "2b-rd-private-map",
        "FAIL",
        "reject",
        [("rd/manifest.yml", ("http",), {"private": {"f": 1}})],
    ),
    (
        "2b-topic-queue-map",
        "FAIL",
        "reject",
        [
            (
                "wk/manifest.yml",
                ("subscribe", "topics"),
                [{"name": "t", "service": "api", "queue": {"foo": "b"}}],
            )
        ],
    ),
    ("2b-nlb-alias-map", "FAIL", "reject", [("api/manifest.yml", ("nlb", "alias"), {"foo": "b"})]),
    (
        "2b-resp-time-map",
        "FAIL",
        "reject",
        [("be/manifest.yml", ("count", "response_time"), {"x": 1})],
    ),
    (
        "2b-mem-pct-map",
        "FAIL",
        "reject",
        [("be/manifest.yml", ("count", "memory_percentage"), {"x": 1})],
    ),
    (
        "2b-insights-map",
        "FAIL",
        "reject",
        [("environments/test/manifest.yml", ("observability",), {"container_insights": {"f": 1}})],
    ),
    (
        "2b-grace-sixty",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("http", "healthcheck", "grace_period"), "sixty")],
    ),
    (
        "2b-stickiness-map",
        "PASS",
        "ignored",
        [("api/manifest.yml", ("http", "stickiness"), {"x": 1})],
    ),
    ("2e-hc", "FAIL", "reject", [("api/manifest.yml", ("http", "healthcheck"), _E)]),
    ("2e-http", "FAIL", "reject", [("api/manifest.yml", ("http",), _E)]),
    ("2e-count", "FAIL", "reject", [("api/manifest.yml", ("count",), _E)]),
    ("2e-platform", "FAIL", "reject", [("api/manifest.yml", ("platform",), _E)]),
    ("2e-build", "FAIL", "reject", [("api/manifest.yml", ("image", "build"), _E)]),
    ("2e-exec", "FAIL", "reject", [("api/manifest.yml", ("exec",), _E)]),
    ("2e-alias", "FAIL", "reject", [("api/manifest.yml", ("http", "alias"), _E)]),
    (
        "2e-sidecar-image",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("sidecars", "proxy", "image"), _E)],
    ),
    ("2e-alarms", "FAIL", "reject", [("api/manifest.yml", ("deployment", "rollback_alarms"), _E)]),
    ("2e-range", "FAIL", "reject", [("be/manifest.yml", ("count", "range"), _E)]),
    ("2e-cpu-pct", "FAIL", "reject", [("be/manifest.yml", ("count", "cpu_percentage"), _E)]),
    ("2e-requests", "FAIL", "reject", [("be/manifest.yml", ("count", "requests"), _E)]),
    ("2e-resp-time", "FAIL", "reject", [("be/manifest.yml", ("count", "response_time"), _E)]),
    ("2e-rd-private", "FAIL", "reject", [("rd/manifest.yml", ("http", "private"), _E)]),
    (
        "2e-flowlogs",
        "FAIL",
        "reject",
        [("environments/test/manifest.yml", ("network", "vpc", "flow_logs"), _E)],
    ),
    ("2e-cdn", "FAIL", "reject", [("environments/test/manifest.yml", ("cdn",), _E)]),
    (
        "2e-access-logs",
        "FAIL",
        "reject",
        [("environments/test/manifest.yml", ("http",), {"public": {"access_logs": _E}})],
    ),
    (
        "2e-efs",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("storage",), {"volumes": {"v": {"path": "/d", "efs": _E}}})],
    ),
    (
        "2e-sgs",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("network",), {"vpc": {"security_groups": _E}})],
    ),
    ("2e-connect", "FAIL", "reject", [("api/manifest.yml", ("network",), {"connect": _E})]),
    (
        "2e-placement",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("network",), {"vpc": {"placement": _E}})],
    ),
    (
        "2e-subnets",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("network",), {"vpc": {"placement": {"subnets": _E}}})],
    ),
    (
        "2e-fifo",
        "FAIL",
        "reject",
        [("api/manifest.yml", ("publish",), {"topics": [{"name": "t", "fifo": _E}]})],
    ),
    (
        "2e-topic-queue",
        "FAIL",
        "reject",
        [
            (
                "wk/manifest.yml",
                ("subscribe", "topics"),
                [{"name": "t", "service": "api", "queue": _E}],
            )
        ],
    ),
    ("2e-ok-queue", "PASS", "benign", [("wk/manifest.yml", ("subscribe", "queue"), _E)]),
    ("2e-ok-be-http", "PASS", "benign", [("be/manifest.yml", ("http",), _E)]),
    (
        "2e-ok-hc-null-path",
        "PASS",
        "benign",
        [("api/manifest.yml", ("http", "healthcheck", "path"), None)],
    ),
    (
        "3-override-schedule-empty",
        "FAIL",
        "reject",
        [("job/manifest.yml", ("environments",), {"test": {"on": {"schedule": ""}}})],
    ),
    (
        "4-ghost-nlb-port-70000",
        "PASS",
        "warn",
        [("api/manifest.yml", ("environments", "ghost"), {"nlb": {"port": "70000/tcp"}})],
    ),
    (
        "aws-rate-typo",
        "PASS",
        "aws",
        [("job/manifest.yml", ("on", "schedule"), "rate(5 minutess)")],
    ),
    ("aws-rate-0", "PASS", "aws", [("job/manifest.yml", ("on", "schedule"), "rate(0 minutes)")]),
    (
        "aws-cron-5-fields",
        "PASS",
        "aws",
        [("job/manifest.yml", ("on", "schedule"), "cron(0 12 * * ?)")],
    ),
    (
        "ok-cron-6-fields",
        "PASS",
        "benign",
        [("job/manifest.yml", ("on", "schedule"), "cron(0 12 * * ? *)")],
    ),
    ("be-http-unknown-key", "PASS", "warn", [("be/manifest.yml", ("http",), {"ports": 80})]),
    ("be-http-alb-only", "FAIL", "reject", [("be/manifest.yml", ("http",), {"alb": "my-alb"})]),
    ("be-http-no-path", "FAIL", "reject", [("be/manifest.yml", ("http",), {"healthcheck": "/x"})]),
    (
        "be-requests-without-http",
        "FAIL",
        "reject",
        [
            ("be/manifest.yml", ("http",), {"ports": 80}),
            ("be/manifest.yml", ("count", "requests"), 100),
        ],
    ),
    (
        "ok-be-requests",
        "PASS",
        "benign",
        [
            ("be/manifest.yml", ("http",), {"path": "/"}),
            ("be/manifest.yml", ("count", "requests"), 100),
        ],
    ),
]


def _write(root: Path, files: dict[str, str]) -> Path:
    copilot = root / "copilot"
    for rel, text in files.items():
        (copilot / rel).parent.mkdir(parents=True, exist_ok=True)
        (copilot / rel).write_text(text)
    (copilot / ".workspace").write_text("application: lab\n")
    return copilot


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans, as Copilot's decoder reads a key: ``on:`` stays the key "on" (PyYAML's
    YAML 1.1 would make it ``True``, and the mutated job would carry a stray ``true:`` key)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _mutated(ops: list) -> dict[str, str]:
    files = dict(WORKSPACE)
    for rel, path, value in ops:
        doc = yaml.load(files[rel], Loader=_Loader)  # noqa: S506 (a SafeLoader)
        node = doc
        for step in path[:-1]:
            if isinstance(step, str) and not isinstance(node.get(step), (dict, list)):
                node[step] = {}
            node = node[step]
        node[path[-1]] = copy.deepcopy(value)
        files[rel] = yaml.safe_dump(doc, sort_keys=False)
    return files


def _findings(root: Path, files: dict[str, str]) -> list:
    return lint_workspace(_write(root, files), Config(), cwd=root).findings


def test_the_workspace_is_clean(tmp_path: Path) -> None:
    assert _findings(tmp_path, WORKSPACE) == []


@pytest.mark.parametrize(
    ("verdict", "kind", "ops"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_copilot_agreement(tmp_path: Path, verdict: str, kind: str, ops: list) -> None:
    found = _findings(tmp_path, _mutated(ops))
    errors = [f for f in found if f.severity == "error"]
    shown = [f"{f.rule} {f.message}" for f in found]
    if verdict == "FAIL":
        assert errors, shown
    elif kind == "aws":
        assert any(f.rule == "CL130" for f in errors), shown
    elif kind == "ignored":
        assert any("silently" in f.message for f in errors), shown
    elif kind == "warn":
        assert found and not errors, shown
    else:
        assert found == [], shown


def test_a_mutated_job_keeps_its_on_key() -> None:
    job = yaml.load(_mutated([("job/manifest.yml", ("cpu",), 512)])["job/manifest.yml"], _Loader)  # noqa: S506
    assert job["on"] == {"schedule": "@daily"} and True not in job
