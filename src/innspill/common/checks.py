"""System checks of our own: the site does not start on settings that are unsafe in production."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def secret_key_is_set(app_configs, **kwargs) -> list[Error]:
    """innspill.E001: SECRET_KEY must come from the environment outside DEBUG and development."""
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [
            Error(
                "SECRET_KEY er ikke satt: sett miljøvariabelen SECRET_KEY "
                "(f.eks. python -c 'import secrets; print(secrets.token_urlsafe(50))').",
                hint="Uten DEBUG eller INNSPILL_DEV starter ikke innspill med en innebygd nøkkel.",
                id="innspill.E001",
            )
        ]
    return []


@register(deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Error]:
    """innspill.E002: links in e-mails need the site's public address outside development."""
    if not settings.INNSPILL_SITE_URL:
        return [
            Error(
                "INNSPILL_SITE_URL er ikke satt: sett den til nettstedets adresse "
                "(f.eks. https://innspill.example.no).",
                hint="Lenkene i e-postene bygges på denne adressen.",
                id="innspill.E002",
            )
        ]
    return []
