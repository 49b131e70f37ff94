"""Demo practices: fictional good examples placed in real municipalities of the register."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from innspill.practices.models import Practice
from innspill.practices.services import practice_create, practice_matches_request

# (title, municipality number, what it does, measures, who runs it, inhabitants, share, nationalities)
DEMO_PRACTICES = [
    (
        "Språkkafé på biblioteket",
        "5014",
        "Frivillige og ansatte på biblioteket holder språkkafé hver uke, der nyankomne øver "
        "norsk i samtale og får hjelp med skjemaer og jobbsøknader.",
        ["Språkkafé hver torsdag kveld.", "Leksehjelp og hjelp med jobbsøknader."],
        "Folkebiblioteket og frivilligsentralen",
        5000,
        23.0,
        36,
    ),
    (
        "Fagbrev for arbeidsinnvandrere",
        "1580",
        "Bedriftene og kommunen gir arbeidsinnvandrere norskopplæring i arbeidstiden og et løp "
        "fram mot fagbrev, så de blir værende i kommunen.",
        ["Norskkurs i arbeidstiden.", "Praksiskandidatordning fram mot fagbrev."],
        "Kommunen og næringsforeningen",
        9400,
        15.1,
        63,
    ),
    (
        "Fadder fra et lokalt lag",
        "4621",
        "Alle nyankomne flyktninger får en fadder fra et idrettslag eller kor, som tar dem med "
        "på fritidsaktiviteter og dugnader det første året.",
        ["Fadder fra første måned.", "Gratis medlemskap det første året."],
        "Frivilligsentralen",
        15000,
        9.0,
        70,
    ),
]


def demo_practices(*, today: dt.date) -> int:
    """Create the demo practices once; a second run adds nothing. Returns how many were created."""
    created = 0
    for title, number, text, measures, runs_by, inhabitants, share, nationalities in DEMO_PRACTICES:
        if Practice.objects.filter(title=title, source_document__isnull=True).exists():
            continue
        practice_create(
            title=title,
            municipality_number=number,
            description=f"{text} (Demoeksempel.)",
            measures=measures,
            runs_by=runs_by,
            year=today.year,
            facts={
                "inhabitants": inhabitants,
                "inhabitants_date": f"1.1.{today.year}",
                "immigrant_share": share,
                "nationalities": nationalities,
            },
            queue_matching=False,
        )
        created += 1
    if created:  # one matching run for all of them, as an import does
        transaction.on_commit(practice_matches_request)
    return created
