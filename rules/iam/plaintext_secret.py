"""A secret written in clear in a manifest's `variables:`.

## What it does
Reads every `variables:` entry of every workload manifest — the main container's, each
sidecar's and the FireLens `logging` container's, in the base manifest and in each
`environments.<env>` override — and reports:

- a variable whose name says it holds secret material (`…SECRET…`, `…PASSWORD…`, `…PASSWD…`,
  `…PASSPHRASE…`, `…TOKEN…`, `…API_KEY…`, `…PRIVATE_KEY…`, `…ACCESS_KEY…`, `…SIGNING_KEY…`,
  `…ENCRYPTION_KEY…`, `…CREDENTIALS…`, `…_PW`/`…_PWD`) and has a literal value;
- under any name, a literal that looks like a credential: an AWS access key id (`AKIA…`,
  `ASIA…`), a PEM private key block, a URL with a password in it (`postgres://u:p@host`), or a
  token of a well-known provider (GitHub, Slack, Stripe live keys, Google API keys, Supabase
  secret keys, SendGrid).

Values that are not secret material are left alone: `from_cfn` values, anything containing a
`${VAR}` reference, empty values, ARNs, paths (`/copilot/app/env/secrets/x`), secret names
(`my-app/db`), URLs without a password, booleans, numbers (except under password names),
placeholders (`TODO`, `changeme`, `<token>`, `[Your RDS Instance Endpoint]`, `YourPassword`,
`SecretPassword`, `enter_your_password_here`, and URLs whose password or host is one) and AWS's
documented example keys (`…EXAMPLE`).
So are names that describe a secret rather than hold one: the secret word followed by `NAME`,
`ARN`, `ID`, `PATH`, `FILE`, `URL`, `EXPIRY`, `TTL`, `TIMEOUT`, `LENGTH`, `HEADER`, … (for example
`TOKEN_EXPIRY`, `SECRET_NAME`, `PASSWORD_MIN_LENGTH`), and names that a front-end build exposes
to browsers on purpose (`NEXT_PUBLIC_…`, `VITE_…`, `REACT_APP_…`). The message never shows the
value: only a masked prefix and its length.

It also reports a variable whose name is a credential (a secret or access key, token, password,
passphrase, private, signing or API key, client secret) and whose whole value is one `${VAR}`
reference, such as `AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}`: Copilot interpolates the
deploying shell's value before it renders the task definition. Names that say where a secret
lives (`DB_PASSWORD_PARAMETER`, `…_ARN`, `…_SECRET_NAME`), names that may hold a file path
(`…CREDENTIALS`), `PWD`, and values that are not a lone reference (`${IMAGE_TAG}`, `prefix-${X}`,
`\\${X}`) stay silent.

## Why is this bad?
Copilot writes `variables:` into the ECS task definition (or App Runner service) as plain
environment variables: anyone who can describe task definitions, read the CloudFormation
template or the repository sees the secret, it is copied into every task definition revision,
and rotating it means a commit and a redeploy. A `${VAR}` under a credential name is the same
leak with an extra step: the long-lived key of whoever (or whichever CI job) deploys is copied
into every task definition revision, readable by anyone who can describe it.

## Example
```yaml
variables:
  DB_PASSWORD: hunter2-but-longer
  AWS_ACCESS_KEY_ID: AKIA2E0A8F3B244C9986
  AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}
```

## Use instead
Store the value with `copilot secret init` (SSM Parameter Store) or in Secrets Manager and
reference it under `secrets:`; give the task role the permissions instead of access keys:
```yaml
secrets:
  DB_PASSWORD: /copilot/${COPILOT_APPLICATION_NAME}/${COPILOT_ENVIRONMENT_NAME}/secrets/db_password
```
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, WorkloadType
from copilot_lint.rules.iam._support import fitting

_SECRET_WORDS = frozenset({"SECRET", "SECRETKEY", "PASSWORD", "PASSWD", "PASSPHRASE", "PWD", "PW",
                           "TOKEN", "APIKEY", "PRIVATEKEY", "ACCESSKEY", "CREDENTIALS",
                           "CREDENTIAL"})
_SECRET_ENDINGS = ("SECRET", "PASSWORD", "PASSWD", "TOKEN", "APIKEY")
_KEY_QUALIFIERS = frozenset({"API", "PRIVATE", "ACCESS", "SIGNING", "ENCRYPTION", "MASTER",
                             "LICENSE", "AUTH", "APP"})
_DESCRIPTORS = frozenset({
    "NAME", "NAMES", "ARN", "ID", "IDS", "PATH", "FILE", "DIR", "URL", "URI", "ENDPOINT", "HOST",
    "PORT", "EXPIRY", "EXPIRES", "EXPIRE", "EXPIRATION", "TTL", "TIMEOUT", "LIFETIME", "AGE",
    "DURATION", "VALIDITY", "SECONDS", "MINUTES", "HOURS", "DAYS", "LENGTH", "LEN", "SIZE", "MIN",
    "MAX", "COUNT", "LIMIT", "HEADER", "PARAM", "PARAMETER", "REGION", "TYPE", "ALGORITHM", "ALG",
    "ISSUER", "AUDIENCE", "SCOPE", "SCOPES", "ENABLED", "DISABLED", "ENABLE", "REQUIRED", "MODE",
    "VERSION", "FIELD", "PREFIX", "SUFFIX", "LOCATION", "POLICY", "ROTATION", "STORE", "BACKEND",
    "PROVIDER", "SOURCE", "FORMAT", "HASHER", "HASHERS", "RESET", "RULES", "USER",
    "USERNAME", "ACCOUNT", "VAR", "ENV",
})
_PUBLIC_PREFIXES = ("NEXT_PUBLIC_", "NUXT_PUBLIC_", "VITE_", "REACT_APP_", "EXPO_PUBLIC_",
                    "GATSBY_", "PUBLIC_")
_PASSWORD_WORDS = frozenset({"PASSWORD", "PASSWD", "PASSPHRASE", "PWD", "PW"})
_PLACEHOLDERS = frozenset({"todo", "tbd", "changeme", "change-me", "change_me", "replaceme",
                           "replace-me", "replace_me", "placeholder", "dummy", "example", "none",
                           "null", "nil", "true", "false", "yes", "no", "on", "off", "enabled",
                           "disabled", "n/a", "-"})
_AWS_KEY = "an AWS access key id"
_URL_PASSWORD = "a password in a URL"
_PLACEHOLDER_WORDS = frozenset({"password", "passwd", "pass", "secret", "secretpassword", "key",
                                "secretkey", "token", "apikey", "mypassword", "mysecret", "xxx",
                                "mysecretpassword", "redacted", "sample", "changeit"})
_PLACEHOLDER = re.compile(r"your[a-z0-9]*|(insert|enter|put|add|set)(your|the|a)?[a-z]*"
                          r"(password|passwd|secret|token|key)[a-z]*|[a-z0-9]*(placeholder|"
                          r"changeme|replaceme|changethis|replacethis|goeshere)[a-z0-9]*")
_URL_PARTS = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:([^/\s@]*)@(.*)")
_PLACEHOLDER_HOST = re.compile(r"<|\{\{|\[[^\]]*[g-zG-Z\s]")
_CREDENTIALS = (
    (_AWS_KEY, re.compile(r"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----")),
    (_URL_PASSWORD, re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:(?!\$\{)"
                                       r"[^/\s@*]+@")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Stripe secret key", re.compile(r"\b[rs]k_live_[A-Za-z0-9]{16,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("a Supabase secret key", re.compile(r"\bsb_secret_[A-Za-z0-9_-]{16,}")),
    ("a SendGrid API key", re.compile(r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}")),
)
_SECRET_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9._-]+)+$")
_SHELL_REFERENCE = re.compile(r"\s*(?<!\\)\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}\s*")
_NOT_CREDENTIALS = frozenset({"CREDENTIALS", "CREDENTIAL", "PW", "PWD"})
_PREDEFINED = frozenset({"COPILOT_APPLICATION_NAME", "COPILOT_ENVIRONMENT_NAME"})


class PlaintextSecret(Rule):
    id = "CL404"
    name = "plaintext-secret"
    severity = "warning"

    def check(self, ws: Context) -> Iterator[Finding]:
        for workload in ws.workloads:
            root = workload.root
            if root is None:
                continue
            target = "App Runner service" if workload.type == WorkloadType.RD_WEB_SERVICE \
                else "task definition"
            yield from _check_block(root, (), None, target)
            overrides = root.get("environments")
            for env, block in overrides.items() if overrides is not None else []:
                if block.is_map:
                    yield from _check_block(block, ("environments", env), env, target)


def _check_block(block: Node, prefix: tuple, env: str | None,
                 target: str) -> Iterator[Finding]:
    """The ``variables`` of the main, FireLens and sidecar containers of one manifest level."""
    places = [(("variables",), block.get("variables")),
              (("logging", "variables"), block.get("logging", "variables"))]
    sidecars = block.get("sidecars")
    for name, sidecar in sidecars.items() if sidecars is not None else []:
        places.append((("sidecars", name, "variables"), sidecar.get("variables")))
    for path, variables in places:
        for name, value in variables.items() if variables is not None else []:
            shell = _shell_credential(name, value)
            if shell is not None:
                yield Finding.at(value, fitting(
                    f'variable "{name}" puts the deploying shell\'s ${{{shell}}} in clear in the '
                    f"{target}", f'variable "{name}" puts ${{{shell}}} in clear in the {target}',
                    f'variable "{name}" puts a shell variable in clear in the {target}'), env=env,
                                 key=".".join(prefix + path + (name,)) + f"=${{{shell}}}",
                                 hint="store it in SSM or Secrets Manager and list it under "
                                      "secrets: (Copilot substitutes ${VAR} before it renders "
                                      f"the {target})")
                continue
            what = _secret_kind(name, value)
            if what is not None:
                where = ".".join(prefix + path + (name,))
                fix = "give the task role the permissions instead of access keys, or move it " \
                      "to secrets:" if what == _AWS_KEY else \
                      "move it to secrets: (copilot secret init or Secrets Manager)"
                yield Finding.at(value, f'variable "{name}" holds {what} in clear '
                                        f'({_masked(value)})', env=env, key=where,
                                 hint=f"Copilot writes variables into the {target} as they "
                                      f"are: {fix}")


def _secret_kind(name: str, value: Node) -> str | None:
    """What secret material ``value`` looks like, or ``None``."""
    if not value.is_scalar or value.value is None or isinstance(value.value, bool):
        return None
    text = value.str_value() or ""
    if not text.strip() or "${" in text:
        return None
    for label, pattern in _CREDENTIALS:
        match = pattern.search(text)
        if match and not match.group(0).endswith("EXAMPLE") and \
                not (label == _URL_PASSWORD and _placeholder_url(text)):
            return label
    word = _secret_word(name)
    if word is None or not _could_be_secret(text, word):
        return None
    return "a literal password" if word in _PASSWORD_WORDS else "a literal secret"


def _shell_credential(name: str, value: Node) -> str | None:
    """The shell variable a credential-named variable copies whole, or ``None``."""
    match = _SHELL_REFERENCE.fullmatch(value.value) if value.is_str else None
    if match is None or match.group(1) in _PREDEFINED or name.upper() == "PWD":
        return None
    word = _secret_word(name)
    return match.group(1) if word is not None and word not in _NOT_CREDENTIALS else None


def _secret_word(name: str) -> str | None:
    """The secret word of a variable name, or ``None`` when the name holds no secret."""
    if name.upper().startswith(_PUBLIC_PREFIXES):
        return None
    words = [w.upper() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", name)]
    found, at = None, -1
    for i, word in enumerate(words):
        if word in _SECRET_WORDS or word.endswith(_SECRET_ENDINGS):
            found, at = word, i
        elif word == "KEY" and i > 0 and words[i - 1] in _KEY_QUALIFIERS:
            found, at = words[i - 1] + "KEY", i
    if found is None or any(w in _DESCRIPTORS for w in words[at + 1:]):
        return None
    return found


def _could_be_secret(text: str, word: str) -> bool:
    """False for values that are clearly not secret material (names, paths, flags)."""
    plain = text.strip()
    lowered = plain.lower()
    if _placeholder(plain):
        return False
    if lowered.startswith(("arn:", "/", "your-", "your_", "http://", "https://")):
        return False
    if _SECRET_NAME.match(plain):
        return False
    if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", plain):
        return word in _PASSWORD_WORDS and plain.isdigit() and len(plain) >= 4
    return True


def _placeholder(text: str) -> bool:
    """Whether ``text`` is a stand-in for a value, not one (``TODO``, ``<token>``,
    ``[Your RDS Instance Endpoint]``, ``YourPassword``, ``SecretPassword``)."""
    lowered = text.strip().lower()
    if lowered in _PLACEHOLDERS or re.fullmatch(r"x{3,}|\*+|<.*>|\[[^\]]*\]|\{\{.*\}\}", lowered):
        return True
    letters = re.sub(r"[^a-z0-9]", "", lowered)
    return letters in _PLACEHOLDER_WORDS or bool(_PLACEHOLDER.fullmatch(letters))


def _placeholder_url(text: str) -> bool:
    """Whether the password of a URL is a placeholder, or its host is (``[Your host]``,
    ``<host>``, ``{{host}}``; an IPv6 literal such as ``[2001:db8::1]`` is a real host)."""
    match = _URL_PARTS.match(text.strip())
    return match is not None and (_placeholder(match[1]) or bool(_PLACEHOLDER_HOST.match(match[2])))


def _masked(value: Node) -> str:
    """A few leading characters and the length; never the value."""
    text = value.str_value() or ""
    shown = text[:min(3, len(text) // 5)]
    return f'"{shown}…", {len(text)} characters'
