"""`{% load roles %}{% if user|can:"conference.manage" %}`: templates ask the same `can` as views."""

from typing import Any

from django import template

from innspill.accounts import roles

register = template.Library()


@register.filter
def can(user: Any, capability: str) -> bool:
    return roles.can(user, capability)
