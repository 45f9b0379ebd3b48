"""An `alias` that Copilot refuses for the application's domain or the environment's certificates.

## What it does
Checks every alias of every service in each environment, with the rules Copilot applies when it
deploys (copilot-facts §3.10), on the manifest merged for that environment:

- **Load Balanced Web Service** `http.alias` (and each `http.additional_rules[].alias`): when the
  environment imports no certificate (`http.public.certificates`, `cdn.certificate` in its
  manifest), the alias needs the application's domain and must be `[<name>.]<domain>`,
  `[<name>.]<app>.<domain>` or `[<name>.]<env>.<app>.<domain>`; an alias `hosted_zone` needs
  imported certificates and no CDN. `nlb.alias` needs the domain (same names) and is refused
  when the environment imports certificates.
- **Backend Service** `http.alias` needs `http.private.certificates` in the environment.
- **Static Site** `http.alias` without `http.certificate` needs the domain (same names).
- **Request-Driven Web Service** `http.alias` needs the domain and must be `<name>.<domain>`:
  the domain itself, `…<app>.<domain>` and `…<env>.<app>.<domain>` are refused.

The application's domain is not in the repository (it is set by `copilot app init --domain`),
so the checks that need it run only when the configuration states it:
`application: {domain: example.org}`, or `domain: null` for an application without a domain.
Without that, only the checks that depend on the environment's certificates alone run
(`hosted_zone`, Backend aliases, `nlb.alias`). The checks that depend on an environment's
certificates skip environments without a manifest in the repository, since their certificates
are unknown; the others (Request-Driven Web Service and Static Site aliases) run for every
environment, and once on the manifest as written when the workspace names no environment.

## Why is this bad?
`copilot deploy` (and `svc package`) stops with `cannot specify "alias" when application is
not associated with a domain and env test doesn't import one or more certificates` or
`alias "api.other.org" is not supported in hosted zones managed by Copilot`: the alias only
works in the Route 53 zones Copilot created for the application's domain, or with a
certificate imported into the environment.

## Example
```yaml
# .copilot-lint.yml: application: {domain: example.org}
# copilot/web/manifest.yml (application "shop")
http:
  path: /
  alias: www.example.com
```

## Use instead
```yaml
http:
  path: /
  alias: www.example.org      # or import a certificate for www.example.com in the environment
```

## Known problems
When the environment imports certificates, Copilot checks that they cover each alias; that
needs ACM and is not checked here.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from copilot_lint.api import (
    Context, Environment, Finding, Node, Rule, Workload, WorkloadType, manifest_for,
)
from copilot_lint.rules.manifest._support import (
    alias_names, alias_patterns, base_manifest, has_certificates, is_set, resolved_aliases,
    routing_rules, zone_pattern,
)


LBWS = WorkloadType.LB_WEB_SERVICE


BACKEND = WorkloadType.BACKEND_SERVICE


STATIC = WorkloadType.STATIC_SITE


RDWS = WorkloadType.RD_WEB_SERVICE


_UNSET = object()


@dataclass
class _Context:
    """What one check needs: names, the configured domain and the environment's certificates."""

    workload: str
    app: str | None
    env: str
    domain: object
    public_certs: bool
    private_certs: bool
    cdn_cert: bool
    cdn_enabled: bool
    env_known: bool

    def finding(self, node: Node, alias: str, message: str, hint: str) -> Finding:
        return Finding.at(node, message, env=self.env or None,
                          key=f"{self.workload}:alias={alias}", hint=hint)


class AliasDomain(Rule):
    id = "CL108"
    name = "alias-domain"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        config = ws.config
        domain = getattr(config, "domain", None) if getattr(config, "domain_known", False) \
            else _UNSET
        if domain is not _UNSET and (not isinstance(domain, str) or not domain.strip()):
            domain = None
        checks = {LBWS: _lbws, BACKEND: _backend, STATIC: _static_site, RDWS: _rdws}
        for workload in ws.workloads:
            check = checks.get(workload.type or "")
            if check is None:
                continue
            for env in ws.environments or [None]:
                manifest = manifest_for(ws, workload, env.name) if env is not None \
                    else base_manifest(workload)
                if manifest is not None:
                    yield from check(manifest, _context(ws, workload, env, domain))


def _context(ws: Context, workload: Workload, env: Environment | None,
             domain: object) -> _Context:
    """The context in ``env``; ``None`` for a workspace that names no environment (the checks
    that need no environment manifest still run, once)."""
    root = env.manifest.mapping if env is not None and env.manifest is not None else None
    cdn = root.get("cdn") if root is not None else None
    cdn_cert = cdn is not None and is_set(cdn.get("certificate"))
    cdn_enabled = cdn is not None and (cdn.value is True or (cdn.is_map and any(
        is_set(cdn.get(k)) for k in ("certificate", "terminate_tls", "static_assets"))))
    return _Context(workload.name, ws.app, env.name if env is not None else "", domain,
                    public_certs=has_certificates(root, "public"),
                    private_certs=has_certificates(root, "private"),
                    cdn_cert=cdn_cert, cdn_enabled=cdn_enabled, env_known=root is not None)


def _lbws(manifest: Node, ctx: _Context) -> Iterator[Finding]:
    for rule in routing_rules(manifest.get("http")):
        alias = rule.get("alias")
        names, zones = alias_names(alias)
        if not names or not ctx.env_known:
            continue
        imported = ctx.public_certs or ctx.cdn_cert
        for zone in zones:
            shown = zone.str_value() or ""
            if not imported:
                yield ctx.finding(zone, names[0][1], f'alias hosted_zone "{shown}" needs '
                                  'certificates imported in the environment',
                                  "Copilot refuses it: add http.public.certificates to the "
                                  "environment manifest or drop hosted_zone")
            elif ctx.cdn_enabled:
                yield ctx.finding(zone, names[0][1], f'alias hosted_zone "{shown}" cannot be '
                                  'used while the environment has a CDN',
                                  "Copilot refuses it: drop hosted_zone")
        if not imported:
            yield from _needs_domain(alias, names, ctx, "alias",
                                     "or import a certificate (http.public.certificates)")
    yield from _nlb(manifest, ctx)


def _backend(manifest: Node, ctx: _Context) -> Iterator[Finding]:
    for rule in routing_rules(manifest.get("http")):
        names, _ = alias_names(rule.get("alias"))
        if names and ctx.env_known and not ctx.private_certs:
            yield ctx.finding(rule.get("alias"), names[0][1], f'alias "{_join(names)}" needs '
                              "certificates imported for the internal load balancer",
                              "Copilot refuses it: add http.private.certificates to the "
                              "environment manifest")


def _static_site(manifest: Node, ctx: _Context) -> Iterator[Finding]:
    alias = manifest.get("http", "alias")
    names, _ = alias_names(alias)
    if names and not is_set(manifest.get("http", "certificate")):
        yield from _needs_domain(alias, names, ctx, "alias", "or set http.certificate")


def _nlb(manifest: Node, ctx: _Context) -> Iterator[Finding]:
    alias = manifest.get("nlb", "alias")
    names, _ = alias_names(alias)
    if not names:
        return
    if ctx.env_known and ctx.public_certs:
        yield ctx.finding(alias, names[0][1], f'nlb.alias "{_join(names)}" cannot be used while '
                          "the environment imports certificates",
                          "Copilot refuses it: drop nlb.alias or the imported certificates")
    else:
        yield from _needs_domain(alias, names, ctx, "nlb.alias", "")


def _needs_domain(alias: Node, names: list[tuple[Node, str]], ctx: _Context, field: str,
                  other_way: str) -> Iterator[Finding]:
    """Copilot's checks of aliases that rely on the application's domain."""
    if ctx.domain is _UNSET:
        return
    if ctx.domain is None:
        other = f" {other_way}" if other_way else ""
        yield ctx.finding(alias, names[0][1], f'{field} "{_join(names)}" needs the '
                          "application's domain, which the configuration says it has not",
                          f"Copilot refuses it: create the application with --domain{other}")
        return
    patterns = alias_patterns(str(ctx.domain), ctx.app, ctx.env)
    for node, name in resolved_aliases(names):
        if patterns is not None and not any(p.match(name) for p in patterns):
            yield ctx.finding(node, name, f'{field} "{name}" is outside the hosted zones '
                              f'Copilot manages for "{ctx.domain}"',
                              f"Copilot refuses it: use <name>.{ctx.domain}, "
                              f"<name>.{ctx.app}.{ctx.domain} or "
                              f"<name>.<env>.{ctx.app}.{ctx.domain}")


def _rdws(manifest: Node, ctx: _Context) -> Iterator[Finding]:
    alias = manifest.get("http", "alias")
    names, _ = alias_names(alias) if alias is not None and alias.is_str else ([], [])
    if not names or ctx.domain is _UNSET:
        return
    if ctx.domain is None:
        yield from _needs_domain(alias, names, ctx, "alias", "")
        return
    node, name = names[0]
    domain, app = str(ctx.domain), ctx.app
    if "${" in name or app is None:
        return
    env_level = ctx.env and zone_pattern(ctx.env, app, domain).match(name)
    app_level = zone_pattern(app, domain).match(name)
    in_zone = zone_pattern(domain, label="").match(name)
    if env_level or app_level or name == domain or not in_zone:
        why = ("is an environment-level alias" if env_level else
               "is an application-level alias" if app_level else
               "is the root domain" if name == domain else
               f'is outside domain "{domain}"')
        yield ctx.finding(node, name, f'alias "{name}" of a Request-Driven Web Service {why}',
                          f"Copilot only accepts <name>.{domain} here (not {app}.{domain} or "
                          f"<env>.{app}.{domain} names)")


def _join(names: list[tuple[Node, str]]) -> str:
    """The first alias, and how many more there are."""
    more = f" and {len(names) - 1} more" if len(names) > 1 else ""
    return names[0][1] + more
