"""Unit tests of CL404's decisions: which names hold secrets, which values are secret material."""
from __future__ import annotations

import pytest
from copilot_lint.rules.iam.plaintext_secret import _masked, _secret_kind, _secret_word

from copilot_lint.load.parse import load_bytes


@pytest.mark.parametrize("name", [
    "DB_PASSWORD", "POSTGRES_PASSWORD", "SECRET_KEY", "DJANGO_SECRET_KEY", "AWS_SECRET_ACCESS_KEY",
    "GITHUB_TOKEN", "apiKey", "OPENAI_API_KEY", "CLIENT_SECRET", "clientSecret", "AUTHTOKEN",
    "JWT_SIGNING_KEY", "ENCRYPTION_KEY", "RAILS_MASTER_KEY", "HAMASUKE_BASIC_AUTH_PW",
    "SMTP_PASSWD", "GPG_PASSPHRASE", "GOOGLE_CREDENTIALS", "FM_CHAIN_PRIVATE_KEY", "APP_KEY",
    "SECRET_KEY_BASE", "NEXTAUTH_SECRET",
])
def test_secret_names(name: str) -> None:
    assert _secret_word(name) is not None


@pytest.mark.parametrize("name", [
    "NODE_ENV", "TOKEN_EXPIRY", "SECRET_NAME", "DB_SECRET_ARN", "PASSWORD_MIN_LENGTH",
    "API_KEY_HEADER", "ACCESS_TOKEN_URL", "JWT_TOKEN_EXPIRES_IN", "MAX_TOKENS", "TOKENIZER",
    "NEXT_PUBLIC_MAPBOX_ACCESS_TOKEN", "VITE_API_KEY", "KEY_FILE", "KALSHI_KEY_ID",
    "SECRETS_BACKEND", "PASSWORD_HASHERS", "AWS_ACCESS_KEY_ID", "SUPABASE_ANON_KEY", "CACHE_KEY",
    "TOKEN_AUDIENCE", "MANNEQUIN_BUST_PASS",
])
def test_not_secret_names(name: str) -> None:
    assert _secret_word(name) is None


def _value(text: str):
    loaded = load_bytes("m.yml", f"v: {text}\n".encode())
    return loaded.root.get("v")


@pytest.mark.parametrize(("name", "text", "kind"), [
    ("DB_PASSWORD", "hunter2hunter2", "a literal password"),
    ("DB_PASSWORD", "123456", "a literal password"),
    ("SESSION_SECRET", "'keyboard cat'", "a literal secret"),
    ("ANYTHING", "AKIA2E0A8F3B244C9986", "an AWS access key id"),
    ("AWS_ACCESS_KEY_ID", "ASIA2E0A8F3B244C9986", "an AWS access key id"),
    ("DATABASE_URL", "postgres://app:s3cr3tpw@db.internal:5432/app", "a password in a URL"),
    ("TLS_KEY", '"-----BEGIN RSA PRIVATE KEY-----\\nMIIE"', "a private key"),
    ("NEXT_PUBLIC_GH", "ghp_" + "a1B2" * 9, "a GitHub token"),
])
def test_secret_values(name: str, text: str, kind: str) -> None:
    assert _secret_kind(name, _value(text)) == kind


@pytest.mark.parametrize(("name", "text"), [
    ("NODE_ENV", "production"), ("TOKEN_EXPIRY", "3600"), ("DB_PASSWORD", "''"),
    ("DB_PASSWORD", "${DB_PASSWORD}"),
    ("DB_SECRET", "arn:aws:secretsmanager:eu-west-1:1:secret:db"),
    ("DB_SECRET", "my-app/db"), ("DB_PASSWORD", "/copilot/app/test/secrets/db"),
    ("API_TOKEN", "TODO"), ("API_TOKEN", "changeme"), ("API_TOKEN", "'<your token>'"),
    ("USE_TOKEN", "true"), ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), ("SECRET", "3600"),
    ("DATABASE_URL", "postgres://db.internal/app"),
    ("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db.internal/app"), ("API_TOKEN", "null"),
    ("DATABASE_URL", "postgres://app:****@db.internal/app"),
])
def test_not_secret_values(name: str, text: str) -> None:
    assert _secret_kind(name, _value(text)) is None


def test_mask_never_shows_the_value() -> None:
    assert _masked(_value("hunter2hunter2")) == '"hu…", 14 characters'
    assert _masked(_value("abc")) == '"…", 3 characters'
