"""«De tre innspillene som går mest igjen» in the input report come from the stored analysis."""

import pytest

from innspill.archive.models import AnalysisRun
from innspill.cycles.models import Cycle
from innspill.cycles.services import cycle_get_or_create
from innspill.documents import render as r
from innspill.inputs.models import DataVersion
from innspill.inputs.services import NewInput, inputs_create_many
from innspill.reports import selectors

pytestmark = pytest.mark.django_db

GROUPS = {
    "lokaler": [
        "Innvandrerrådet trenger egne lokaler hele året.",
        "Vi trenger egne lokaler for foreningen hele året.",
        "Egne lokaler hele året for innvandrerorganisasjonene.",
        "Foreningen trenger egne lokaler gjennom hele året.",
    ],
    "tilskudd": [
        "Søknader om tilskudd tar for mye tid og byråkrati.",
        "Tilskuddsordningene har for mye byråkrati og tar tid.",
        "Mindre byråkrati i søknader om tilskudd.",
    ],
    "møteplasser": [
        "Faste møteplasser mellom kommunen og frivilligheten.",
        "Kommunen og frivilligheten trenger faste møteplasser.",
    ],
    "tolk": [
        "Flere tolker på legekontoret.",
        "Tolk på legekontoret når det trengs.",
    ],
}


def rows(year: int, texts: list[str]) -> list[NewInput]:
    cycle = cycle_get_or_create(year=year)
    return [NewInput(text=t, cycle_id=cycle.pk, year=year, origin="round") for t in texts]


def test_the_three_recurring_inputs_of_the_year_are_the_largest_stored_clusters(vocabulary):
    this_year = [t for texts in GROUPS.values() for t in texts] + [
        "Kortere ventetid hos fastlegen."
    ]
    # another year's inputs count for the archive, not for this year's top three
    other_year = [f"Raskere godkjenning av utenlandsk utdanning nummer {n}." for n in range(5)]
    inputs_create_many(rows=rows(2026, this_year) + rows(2025, other_year), classify=False)

    data = selectors.input_report_data(Cycle.objects.get(year=2026))
    newest = AnalysisRun.objects.order_by("-pk").first()
    assert (newest.state, newest.version) == (AnalysisRun.State.DONE, DataVersion.current())
    assert [item.count for item in data.recurring] == [4, 3, 2]
    assert [
        item.text in GROUPS[key] for item, key in zip(data.recurring, GROUPS, strict=False)
    ] == [
        True,
        True,
        True,
    ]
    document = r.input_report(data)
    section = next(s for s in document.sections if "går mest igjen" in s.heading)
    assert section.heading == "1. De tre innspillene som går mest igjen"
    assert section.blocks[0].text == (
        "Blant tilbakemeldingene er det særlig tre innspill som går igjen:"
    )
