"""The one write path for new inputs, and the migration that turned stored words into keys."""

import importlib

import pytest
from django.apps import apps

from innspill.conferences.models import Conference, Session, SessionKind, Summary
from innspill.cycles.models import Cycle
from innspill.inputs import search, services
from innspill.inputs.models import Actor, DataVersion, Input, Origin, Section, SourceDocument
from innspill.inputs.services import NewInput, input_create, inputs_create_many


@pytest.fixture
def cycle(vocabulary):
    return Cycle.objects.create(year=2021, title="Syklus 2021")


def version() -> int:
    return DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def row(cycle, text, **fields) -> NewInput:
    return NewInput(text=text, cycle_id=cycle.pk, year=cycle.year, origin=Origin.LOAD, **fields)


def test_create_many_skips_known_repeated_and_empty_rows_and_bumps_once(cycle, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)  # three batches, one bump
    input_create(text="Flere  møteplasser i nærmiljøet.", cycle=cycle, origin=Origin.LOAD)
    before = version()
    result = inputs_create_many(
        rows=[
            row(cycle, "Flere møteplasser i nærmiljøet."),  # stored already (normalised alike)
            row(cycle, "Tolk i alle foreldremøter."),
            row(cycle, "Tolk i  alle foreldremøter. "),  # the same input twice in one call
            row(cycle, "   "),
            row(cycle, "Startlån til flere barnefamilier.", group_heading="Bolig"),
            row(cycle, "Kortere ventetid på norskopplæring."),
        ],
        classify=False,
    )
    assert (result.created, result.unchanged, result.empty) == (3, 2, 1)
    assert version() == before + 1
    assert sorted(Input.objects.filter(pk__in=result.ids).values_list("text", flat=True)) == [
        "Kortere ventetid på norskopplæring.",
        "Startlån til flere barnefamilier.",
        "Tolk i alle foreldremøter.",
    ]
    assert search.matching_id_list("foreldremøter") == [
        Input.objects.get(text="Tolk i alle foreldremøter.").pk
    ]


def test_create_many_classifies_but_keeps_the_actors_it_was_given(cycle):
    actor = Actor.objects.order_by("key").first()
    given, plain = "Kommunen bør ansette flere tolker.", "Arbeidsgivere bør bruke anonyme søknader."
    inputs_create_many(rows=[row(cycle, given, actor_ids=(actor.pk,)), row(cycle, plain)])
    item = Input.objects.get(text=given)
    assert (list(item.actors.values_list("key", flat=True)), item.classified_by) == (
        [actor.key],
        "",
    )
    assert Input.objects.get(text=plain).classified_by == "model"


def test_input_create_returns_the_stored_input_and_whether_it_was_new(cycle):
    first, created = input_create(text="Flere lærlingplasser.", cycle=cycle, origin=Origin.LOAD)
    again, created_again = input_create(text="Flere lærlingplasser.", cycle=cycle, origin="load")
    assert (again.pk, created, created_again) == (first.pk, True, False)
    with pytest.raises(ValueError, match="tomt"):
        input_create(text=" \n ", cycle=cycle, origin=Origin.LOAD)


def test_migration_turns_stored_words_into_keys_and_refingerprints(cycle):
    conference = Conference.objects.create(cycle=cycle, title="Report 2021")
    session = Session.objects.create(
        conference=conference, kind=SessionKind.PARALLEL, number=3, title="Session 3"
    )
    Summary.objects.create(conference=conference, leader_name="Unknown chair", position=0)
    document = SourceDocument.objects.create(sha256="a" * 64, filename="r.txt", year=2021)
    SourceDocument.objects.filter(pk=document.pk).update(title="Rapport 2021")
    common = {"cycle": cycle, "year": 2021, "conference": conference, "source_document": document}
    recurring = Input.objects.create(
        text="Tolk i god tid.",
        origin=Origin.ROUND,
        group_heading="Recurring inputs",
        fingerprint="r",
        **common,
    )
    tip = Input.objects.create(
        text="Bruk frivilligheten.",
        origin=Origin.IMPORT,
        group_heading="Oppfordringer og tips: Til kommunene",
        fingerprint="t",
        **common,
    )
    in_session = Input.objects.create(
        text="Flere praksisplasser.",
        origin=Origin.IMPORT,
        session=session,
        group_heading="Tiltak",
        fingerprint="s",
        **common,
    )
    migration = importlib.import_module("innspill.inputs.migrations.0008_stored_words_to_keys")
    migration.forwards(apps, None)

    for item in (recurring, tip, in_session):
        item.refresh_from_db()
    assert [(i.section, i.group_heading) for i in (recurring, tip, in_session)] == [
        (Section.RECURRING, ""),
        (Section.TIPS, "Til kommunene"),
        ("", "Tiltak"),
    ]
    name = "Den nasjonale integreringskonferansen 2021"
    assert Conference.objects.get().title == name
    assert Session.objects.get().title == ""
    assert Summary.objects.get().leader_name == ""
    assert SourceDocument.objects.get().title == ""
    # the fingerprints an import of another copy would compute now
    assert [i.fingerprint for i in (recurring, tip, in_session)] == [
        services.fingerprint_normalised(2021, name, "", "recurring:", "Tolk i god tid."),
        services.fingerprint_normalised(
            2021, name, "", "tips:Til kommunene", "Bruk frivilligheten."
        ),
        services.fingerprint_normalised(2021, name, "#3", "Tiltak", "Flere praksisplasser."),
    ]
