"""A manifest value that Copilot accepts but AWS refuses when the stack deploys.

## What it does
Checks, per environment, the values Copilot copies into the CloudFormation template without
checking them against the limits the AWS service documents:

- `logging.retention` and an environment's `network.vpc.flow_logs.retention`: a number of days
  CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
  1827, 2192, 2557, 2922, 3288 or 3653);
- `http.healthcheck` (and each `additional_rules[].healthcheck`) of a load-balanced service:
  `healthy_threshold` and `unhealthy_threshold` from 2 to 10, `interval` from 5s to 300s,
  `timeout` from 2s to 120s and shorter than the interval, `port` from 1 to 65535;
- `deregistration_delay` (http rules and nlb listeners) from 0s to 3600s;
- a Worker Service's queues (`subscribe.queue`, `subscribe.topics[].queue`): `retention` from
  60s to 14 days, `delay` up to 15m, `timeout` (visibility timeout) up to 12h,
  `dead_letter.tries` from 1 to 1000;
- a Scheduled Job's `on.schedule` written as `rate(…)` or `cron(…)`, which Copilot hands to
  EventBridge verbatim: `rate(<positive whole number> <unit>)` with minute(s), hour(s) or day(s),
  singular exactly for 1, and a six-field `cron(…)` (with a year) that has `?` in the day of
  month or the day of week;
- a negative `count`; port 0 where a load balancer would use it (`image.port` of a
  load-balanced service, `http.target_port`, `nlb.port`) and an `nlb.target_port` outside
  1-65535;
- an environment's `network.vpc.cidr` and subnet `cidr` blocks outside /16 to /28, and
  security group `ports` above 65535;
- `image.credentials` (and a sidecar's `credentialsParameter`) given as the ARN of anything but a
  Secrets Manager secret; certificate ARNs (`http.public.certificates`,
  `http.private.certificates`, `cdn.certificate`, a Static Site's `http.certificate`) without a
  certificate id.

## Why is this bad?
Copilot packages and starts the deployment, and CloudFormation only fails when it creates the
log group, target group, queue, rule or VPC: the stack rolls back after a long wait, often
taking the whole service update with it.

## Example
```yaml
name: api
type: Load Balanced Web Service
http:
  path: /
  healthcheck:
    healthy_threshold: 1
    interval: 10s
    timeout: 10s
logging:
  retention: 2
```

## Use instead
```yaml
name: api
type: Load Balanced Web Service
http:
  path: /
  healthcheck:
    healthy_threshold: 2
    interval: 10s
    timeout: 5s
logging:
  retention: 3
```

## References
- CloudWatch Logs `PutRetentionPolicy`, `retentionInDays`: "Possible values are: 1, 3, 5, 7,
  14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, and
  3653" (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
- `AWS::ElasticLoadBalancingV2::TargetGroup`: `HealthCheckIntervalSeconds` 5-300,
  `HealthCheckTimeoutSeconds` 2-120, `HealthyThresholdCount` and `UnhealthyThresholdCount`
  2-10, `Port` and `HealthCheckPort` 1-65535; target group attribute
  `deregistration_delay.timeout_seconds` "The range is 0-3600 seconds"
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticloadbalancingv2-targetgroup.html,
  https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html).
  The health check timeout must be less than the interval (documented for load balancer health
  checks, "This value must be less than the Interval value",
  https://docs.aws.amazon.com/elasticloadbalancing/2012-06-01/APIReference/API_HealthCheck.html;
  the AWS CDK validates the same for ELBv2 target groups, aws/aws-cdk#29075).
- SQS `CreateQueue`: `MessageRetentionPeriod` 60 to 1,209,600 seconds, `DelaySeconds` 0 to 900,
  `VisibilityTimeout` 0 to 43,200; `RedrivePolicy` `maxReceiveCount` 1 to 1000
  (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html).
- EventBridge schedule expressions: "If the value is equal to 1, then the unit must be
  singular. If the value is greater than 1, the unit must be plural"; "Cron expressions have six
  required fields"; "You can't use * in both the Day-of-month and Day-of-week fields"
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
- EC2 `CreateVpc`: "The smallest VPC you can create uses a /28 netmask (16 IPv4 addresses), and
  the largest uses a /16 netmask" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html);
  security group rule ports 0-65535.
- ECS `RepositoryCredentials.credentialsParameter`: "The Amazon Resource Name (ARN) of the
  secret containing the private repository credentials" (the secret's name also works in the
  same region, so a name is not reported)
  (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html).
- ECS `DesiredCount`: a service runs 0 or more tasks.

## Known problems
Values from `${VAR}` are not checked. An ECS container port of 0 without a load balancer is
left alone.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.manifest._support import (
    MANIFEST_INPUTS,
    IssueKind, fit, json_array_message, manifest_issues, split_advice,
)


class AwsLimit(Rule):
    id = "CL130"
    name = "aws-limit"
    severity = "error"
    reads = MANIFEST_INPUTS | {"pipeline"}
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for found in manifest_issues(ws):
            if found.kind is IssueKind.AWS_LIMIT and found.issue is not None:
                message = json_array_message(found.schema, found.root, found.issue)
                if message is not None:
                    problem, hint = fit(*split_advice(message))
                    yield Finding.at(found.node, problem, env=found.env, key=found.key,
                                     hint=hint)
