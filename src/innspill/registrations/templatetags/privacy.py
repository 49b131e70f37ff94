"""The retention times in the registration form's text, read from the settings that apply them."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def retention_days(what: str) -> int:
    """`needs`: dietary and accessibility needs; `data`: names, e-mail and organisation."""
    key = "PERSONAL_NEEDS_RETENTION_DAYS" if what == "needs" else "PERSONAL_DATA_RETENTION_DAYS"
    return settings.INNSPILL[key]
