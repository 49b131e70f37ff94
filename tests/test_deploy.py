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
        "INNSPILL_SITE_URL": "https://innspill.example.no",
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


def test_check_deploy_fails_without_a_secret_key(tmp_path):
    test_only = {"INNSPILL_DEV", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in test_only},
        "ALLOWED_HOSTS": "innspill.example.no",
        "INNSPILL_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-m", "innspill", "check", "--deploy"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 1
    assert "innspill.E001" in out.stderr and "SECRET_KEY er ikke satt" in out.stderr


@pytest.mark.django_db
def test_no_server_timing_header_unless_asked_for(client):
    assert "Server-Timing" not in client.get(reverse("archive:input-list"))


@pytest.mark.django_db
def test_pages_with_personal_data_are_not_stored_by_caches(client, django_user_model):
    public = client.get(reverse("archive:input-list"))
    assert "no-store" not in public.get("Cache-Control", "")
    participant = client.get("/deltaker/i/ukjent-lenke/")
    assert participant["Cache-Control"] == "private, no-store"
    staff = django_user_model.objects.create_user("ansatt", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("archive:input-list"))["Cache-Control"] == "private, no-store"


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    test_only = {"INNSPILL_DEV", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in test_only},
        "INNSPILL_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-m", "innspill", "serve", "--bind", "127.0.0.1:1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 1
    assert "SECRET_KEY er ikke satt" in out.stderr and "innspill.E001" in out.stderr
