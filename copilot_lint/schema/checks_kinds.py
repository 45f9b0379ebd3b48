"""Cross-field checks of one manifest kind each: worker queues, scheduled jobs, Request-Driven
Web Services, static sites, environments and pipelines (copilot-facts §3: Q1–Q4, §3.8).
"""
from __future__ import annotations

from typing import Any

from copilot_lint.schema.checks_common import Checks, get, non_empty_map, text, truthy
from copilot_lint.schema.checks_ecs import rdws_platform
from copilot_lint.schema.cron import schedule_problem, seconds
from copilot_lint.schema.issue import show_path


def _fifo(c: Checks, fifo: Any, path: tuple) -> None:
    if not isinstance(fifo, dict):
        return
    where = show_path(path)
    if fifo.get("high_throughput") is not None:
        for other in ("throughput_limit", "deduplication_scope"):
            if fifo.get(other) is not None:
                c.add(path + (other,), f'"{where}.high_throughput" and "{where}.{other}" are '
                                       'mutually exclusive; keep one', "Q2", at_key=True)
    if fifo.get("throughput_limit") == "perMessageGroupId" and \
            fifo.get("deduplication_scope") == "queue":
        c.add(path + ("throughput_limit",), f'"{where}.throughput_limit" must be perQueue when '
              'deduplication_scope is queue; change one of them', "Q4")


def worker_queues(c: Checks) -> None:
    _fifo(c, get(c.data, "subscribe", "queue", "fifo"), ("subscribe", "queue", "fifo"))
    topics = get(c.data, "subscribe", "topics")
    for i, topic in enumerate(topics if isinstance(topics, list) else ()):
        _fifo(c, get(topic, "queue", "fifo"), ("subscribe", "topics", i, "queue", "fifo"))


def job(c: Checks) -> None:
    schedule = text(get(c.data, "on", "schedule"))
    if schedule == "":
        c.add(("on", "schedule"), '"on.schedule" is empty, and Copilot requires a schedule',
              "J1", hint='write a schedule such as "@daily", "@every 6h" or "rate(1 day)"')
    if schedule:
        problem = schedule_problem(schedule)
        if problem:
            c.add(("on", "schedule"), f'"on.schedule" "{schedule}" {problem}', "J1")
    timeout = c.data.get("timeout")
    if timeout is None or text(timeout) == "":
        return
    value = seconds(text(timeout))
    if value is None:
        c.add(("timeout",), f'"timeout" must be a duration such as "1h" or "90m", got '
                            f'"{text(timeout)}"; add a unit', "J2")
    elif value < 1:
        c.add(("timeout",), '"timeout" must be at least 1s; raise it', "J2")
    elif value != int(value):
        c.add(("timeout",), '"timeout" must be a whole number of seconds; round it', "J2")


def rdws(c: Checks) -> None:
    rdws_platform(c)
    placement = get(c.data, "network", "vpc", "placement")
    if isinstance(placement, str) and placement != "private":
        c.add(("network", "vpc", "placement"), f'placement "{placement}" is not supported for a '
              'Request-Driven Web Service; use "private" or subnets', "R1")


def static_site(c: Checks) -> None:
    cert = text(get(c.data, "http", "certificate"))
    if not cert:
        return
    if not text(get(c.data, "http", "alias")):
        c.add(("http", "certificate"), '"http.certificate" needs "http.alias"; add the alias '
              'the certificate covers', "S1", at_key=True)
    parts = cert.split(":")
    if cert.startswith("arn:") and len(parts) >= 6 and parts[3] != "us-east-1":
        c.add(("http", "certificate"), f'"http.certificate" is in region "{parts[3]}", but '
              'CloudFront needs a certificate in us-east-1; import it there', "S2")


def _arn_region(value: str) -> str | None:
    parts = value.split(":")
    return parts[3] if value.startswith("arn:") and len(parts) >= 6 else None


def environment(c: Checks) -> None:
    """E1–E11: VPC import versus customisation, subnets, ingress, CDN."""
    vpc = get(c.data, "network", "vpc") if isinstance(get(c.data, "network", "vpc"), dict) else {}
    imported, managed = bool(text(vpc.get("id"))), bool(text(vpc.get("cidr")))
    base = ("network", "vpc")
    if imported and managed:
        c.add(base + ("cidr",), '"network.vpc.id" (import a VPC) and "network.vpc.cidr" '
              '(customise the managed VPC) are mutually exclusive; keep one', "E1", at_key=True)
    subnets = {kind: get(vpc, "subnets", kind) for kind in ("public", "private")}
    subnets = {k: v if isinstance(v, list) else [] for k, v in subnets.items()}
    for kind, entries in subnets.items():
        for i, subnet in enumerate(entries):
            path = base + ("subnets", kind, i)
            if not isinstance(subnet, dict) or imported and managed:
                continue
            if subnet.get("id") is not None and (subnet.get("cidr") is not None
                                                 or subnet.get("az") is not None):
                c.add(path, f'"{show_path(path)}" sets "id" (an imported subnet) together with '
                            '"cidr"/"az" (a subnet to create); keep one kind', "E2", at_key=True)
            elif imported and not text(subnet.get("id")):
                c.add(path, f'"{show_path(path)}" needs "id" because the VPC is imported; add '
                            'the subnet id', "E3", at_key=True)
            elif managed and not text(subnet.get("cidr")):
                c.add(path, f'"{show_path(path)}" needs "cidr" because the VPC is customised; '
                            'add the subnet CIDR', "E4", at_key=True)
    if imported and not managed:
        total = len(subnets["public"]) + len(subnets["private"])
        if total == 0:
            c.add(base + ("id",), "an imported VPC needs its subnets; add network.vpc.subnets",
                  "E3", at_key=True)
        for kind in ("public", "private"):
            if len(subnets[kind]) == 1:
                c.add(base + ("subnets", kind), f"an imported VPC needs at least two {kind} "
                      "subnets (or none); add another", "E3", at_key=True)
    if managed and not imported:
        azs = {k: {text(get(s, "az")) for s in v if text(get(s, "az"))}
               for k, v in subnets.items()}
        if azs["public"] != azs["private"]:
            c.add(base + ("subnets",), "public and private subnets must span the same "
                  "availability zones; align their az values", "E4", at_key=True)
        elif azs["public"]:
            cidrs = {k: {text(get(s, "cidr")) for s in v} for k, v in subnets.items()}
            if len(azs["public"]) < 2:
                c.add(base + ("subnets",), "a customised VPC needs at least two availability "
                      "zones; add subnets in a second az", "E4", at_key=True)
            for kind in ("public", "private"):
                if len(azs["public"]) >= 2 and len(cidrs[kind]) != len(azs["public"]):
                    c.add(base + ("subnets", kind), f"there are {len(cidrs[kind])} {kind} "
                          f"subnet CIDRs for {len(azs['public'])} availability zones; use one "
                          "per az", "E4", at_key=True)
    _environment_http(c)


def _environment_http(c: Checks) -> None:
    public = get(c.data, "http", "public") if isinstance(get(c.data, "http", "public"), dict) \
        else {}
    private = get(c.data, "http", "private") \
        if isinstance(get(c.data, "http", "private"), dict) else {}
    for side, conf in (("public", public), ("private", private)):
        old = get(conf, "security_groups", "ingress")
        if non_empty_map(old) and non_empty_map(conf.get("ingress")):
            c.add(("http", side, "security_groups"), f'"http.{side}.security_groups.ingress" '
                  f'(deprecated) and "http.{side}.ingress" are mutually exclusive; keep '
                  'ingress', "E6", at_key=True)
    if get(public, "security_groups", "ingress", "from_vpc") is not None:
        c.add(("http", "public", "security_groups", "ingress", "from_vpc"), "a public load "
              'balancer already allows VPC ingress; remove "from_vpc"', "E6", at_key=True)
    if non_empty_map(get(private, "security_groups", "ingress", "restrict_to")):
        c.add(("http", "private", "security_groups", "ingress", "restrict_to"), "an internal "
              'load balancer cannot restrict ingress; remove "restrict_to"', "E7", at_key=True)
    cdn = c.data.get("cdn")
    cdn_on = truthy(cdn) or non_empty_map(cdn)
    ingress = public.get("ingress")
    if non_empty_map(ingress) and (get(ingress, "cdn") is not None
                                   or get(ingress, "source_ips") not in (None, [])):
        restricted = truthy(get(ingress, "cdn"))
    else:
        restricted = truthy(get(public, "security_groups", "ingress", "restrict_to", "cdn"))
    if restricted and not cdn_on:
        c.add(("http", "public"), "ingress is restricted to the CDN, but no CDN is enabled; add "
              '"cdn: true" or drop the restriction', "E8", at_key=True)
    certs = public.get("certificates")
    cdn_cert = get(cdn, "certificate")
    if cdn_on and certs is not None and cdn_cert is None:
        c.add(("cdn",), '"cdn" needs "certificate" (in us-east-1) when http.public.certificates '
                        'are imported; add cdn.certificate', "E9", at_key=True)
    if cdn_on and certs is None and cdn_cert is not None and not truthy(get(cdn, "terminate_tls")):
        c.add(("cdn", "certificate"), '"cdn.certificate" without http.public.certificates needs '
              '"cdn.terminate_tls: true"; add it', "E9", at_key=True)
    if isinstance(cdn_cert, str):
        region = _arn_region(cdn_cert)
        if region is not None and region != "us-east-1":
            c.add(("cdn", "certificate"), f'"cdn.certificate" is in region "{region}", but '
                  'CloudFront needs a certificate in us-east-1; import it there', "E10")
    static = get(cdn, "static_assets")
    if non_empty_map(static):
        for key in ("alias", "location", "path"):
            if not text(static.get(key)):
                c.add(("cdn", "static_assets"), f'"cdn.static_assets" is missing "{key}"; set '
                      'alias, location and path together', "E10", at_key=True)
    internal = private.get("subnets")
    if isinstance(internal, list) and internal:
        vpc = get(c.data, "network", "vpc")
        if not text(get(vpc, "id")):
            c.add(("http", "private", "subnets"), '"http.private.subnets" needs an imported VPC '
                  "(network.vpc.id); remove it or import the VPC", "E11", at_key=True)
        else:
            ids = {text(get(s, "id")) for kind in ("public", "private")
                   for s in (get(vpc, "subnets", kind) or []) if isinstance(s, dict)}
            for i, subnet in enumerate(internal):
                if text(subnet) not in ids:
                    c.add(("http", "private", "subnets", i), f'subnet "{text(subnet)}" is not '
                          "one of the imported subnets; list it under network.vpc.subnets",
                          "E11")


def pipeline(c: Checks) -> None:
    """Stage rules and the source provider's required properties."""
    provider = get(c.data, "source", "provider")
    props = get(c.data, "source", "properties")
    if provider == "GitHubV1" and isinstance(props, dict) \
            and props.get("access_token_secret") is None:
        c.add(("source", "properties"), 'a GitHubV1 source needs "access_token_secret"; add '
              "the secret that holds the token, or use provider GitHub", "PL1", at_key=True)
    stages = c.data.get("stages")
    for i, stage in enumerate(stages if isinstance(stages, list) else ()):
        if not isinstance(stage, dict):
            continue
        tests = stage.get("test_commands")
        if isinstance(tests, list) and tests and stage.get("post_deployments") is not None:
            c.add(("stages", i, "test_commands"), f'"stages[{i}].test_commands" and '
                  '"post_deployments" are mutually exclusive; move the commands into a post '
                  "deployment", "PL2", at_key=True)
        deployments = stage.get("deployments")
        names = set(deployments) if isinstance(deployments, dict) else set()
        for name, conf in deployments.items() if isinstance(deployments, dict) else ():
            depends = get(conf, "depends_on")
            for j, dep in enumerate(depends if isinstance(depends, list) else ()):
                if text(dep) not in names:
                    c.add(("stages", i, "deployments", name, "depends_on", j),
                          f'deployment "{name}" depends on "{text(dep)}", which is not a '
                          "deployment of this stage; use one of its deployment names", "PL3")
