"""What the staff dashboard offers: each link with the capability its page checks.

A role sees a link only if `can(user, capability)`, so nobody is shown a page that answers 403
(`tests/accounts/test_every_staff_url.py` follows every link as every role). Add a page by
adding an entry to a section; a section without a visible link is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from innspill.accounts.roles import can


@dataclass(frozen=True)
class Link:
    capability: str
    url_name: str
    label: str | Promise
    hint: str | Promise = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    links: tuple[Link, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "cycle",
        _("Årets syklus"),
        (
            Link(
                "conference.manage",
                "conferences:list",
                _("Konferanser, program, invitasjoner, påmelding og plassering"),
            ),
            Link(
                "cycles.manage",
                "meetings:meeting-list",
                _("Innspillsmøter: sted, deltakere og innspill"),
            ),
            Link(
                "cycles.manage",
                "rounds:list",
                _("Spørrerunder: mottakere, utsending, svar og påminnelser"),
            ),
            Link(
                "reports.edit",
                "reports:staff-list",
                _("Rapporter: utkast, redigering og publisering"),
            ),
            Link(
                "conference.manage",
                "surveys:list",
                _("Evaluering: spørreskjema, utsending og statistikk"),
            ),
            Link(
                "followup.assign",
                "followups:inbox",
                _("Oppfølging: innspill til departementer og etater, svar"),
            ),
        ),
    ),
    # The secretariat's own registers and queues, in the order of the year's work.
    Section(
        "office",
        _("Sekretariatets kontor"),
        (
            Link("cycles.manage", "cycles:cycle-list", _("Sykluser og faser")),
            Link(
                "organisations.manage",
                "organisations:organisation-list",
                _("Organisasjonsregisteret"),
            ),
            Link(
                "organisations.manage",
                "organisations:person-list",
                _("Kontaktpersoner og invitasjoner"),
            ),
            Link(
                "inputs.edit", "inputs:staff-list", _("Innspill: rediger, flytt, skjul, slå sammen")
            ),
            Link("inputs.edit", "inputs:moderation", _("Moderering: innspill som venter")),
        ),
    ),
    Section(
        "live",
        _("Konferansedagen"),
        (
            Link(
                "inputs.capture",
                "capture:overview",
                _("Sesjonene direkte: innspill fra salen og referentens tavle"),
                _("Referenter ser sine egne sesjoner."),
            ),
        ),
    ),
    Section(
        "ministry",
        _("Oppfølging"),
        (
            Link(
                "followup.respond",
                "followups:inbox",
                _("Innboksen: innspill til deres departement eller etat"),
                _("Svar på innspillene, eller last ned og last opp som regneark."),
            ),
        ),
    ),
    Section(
        "archive",
        _("Arkivet"),
        (
            Link("inputs.load", "inputs:import-upload", _("Importer en publisert rapport")),
            Link(
                "model.train",
                "inputs:classifier-train",
                _("Klassifiseringsmodellen (trenes med rettingene)"),
            ),
            Link("staff.dashboard", "archive:recurring-list", _("Krav som går igjen")),
        ),
    ),
    Section(
        "exports",
        _("Data til analyse"),
        (
            Link(
                "archive.export_all",
                "archive:export-all-csv",
                _("Hele arkivet som CSV"),
                _("Alle publiserte innspill, uten grensen for den åpne eksporten."),
            ),
            Link("archive.export_all", "archive:export-all-json", _("Hele arkivet som JSON")),
            Link(
                "archive.export_all",
                "surveys:list",
                _("Evalueringene: statistikk per år"),
                _("Tallene, ikke de enkelte svarene."),
            ),
            Link("archive.export_all", "api:openapi", _("Åpne data (API) og beskrivelsen av det")),
        ),
    ),
)


def sections_for(user: Any) -> list[tuple[Section, list[Link]]]:
    """The sections with the links `user` may follow; a link offered twice shows once."""
    shown: set[str] = set()
    result = []
    for section in SECTIONS:
        links = []
        for link in section.links:
            if link.url_name in shown or not can(user, link.capability):
                continue
            shown.add(link.url_name)
            links.append(link)
        if links:
            result.append((section, links))
    return result
