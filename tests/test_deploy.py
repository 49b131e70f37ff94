"""Production settings pass Django's deployment checks; responses carry a strict Content-Security-Policy."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # Test-only switches (the browser tests allow async-unsafe ORM calls) are not production.
    test_only = {"INNSPILL_DEV", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in test_only},
        "SECRET_KEY": "k" * 20 + "-production-secret-" + "z" * 30,
        "ALLOWED_HOSTS": "innspill.example.no",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_SSL_REDIRECT": "true",
        "INNSPILL_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-m", "innspill", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("archive:input-list"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
