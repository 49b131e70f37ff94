"""The secretariat's back-office pages, as the dashboard links to them: only those the user may open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innspill.accounts.roles import can

# (capability, URL name, label), in the order of the year's work.
PAGES = (
    ("cycles.manage", "cycles:cycle-list", _("Sykluser og faser")),
    ("organisations.manage", "organisations:organisation-list", _("Organisasjonsregisteret")),
    ("organisations.manage", "organisations:person-list", _("Kontaktpersoner og invitasjoner")),
    ("inputs.edit", "inputs:staff-list", _("Innspill: rediger, flytt, skjul, slå sammen")),
    ("inputs.edit", "inputs:moderation", _("Moderering: innspill som venter")),
)


def backoffice_links(user: Any) -> list[tuple[str, str]]:
    """(URL, label) for each back-office page `user` has the capability for."""
    return [(reverse(name), label) for capability, name, label in PAGES if can(user, capability)]
