import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from innspill.common import clock
from innspill.common.models import AuditEvent
from innspill.followups import services
from innspill.followups.clusters import cluster_input_ids, cluster_key, cluster_of
from innspill.followups.demo import demo_followups
from innspill.followups.models import ActorOwner, FollowUp, Owner
from innspill.inputs.models import Actor


def test_registry_has_ministries_agencies_and_actor_defaults(registry):
    ministries = set(Owner.objects.filter(kind="ministry").values_list("short_name", flat=True))
    assert {"AID", "KD", "BFD", "KUD", "JD", "HOD", "KDD", "DFD", "FIN", "UD"} <= ministries
    assert Owner.objects.get(short_name="NAV").parent.short_name == "AID"
    assert Owner.objects.get(short_name="KD").name == "Kunnskapsdepartementet"
    defaults = dict(ActorOwner.objects.values_list("actor__key", "owner__short_name"))
    assert defaults["nav"] == "AID" and defaults["kommunen"] == "KDD"
    assert defaults["nokut"] == "KD"


def test_one_followup_per_input_and_owner(make_input, kd):
    item = make_input("Raskere godkjenning.")
    FollowUp.objects.create(input=item, owner=kd)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(input=item, owner=kd)


def test_database_refuses_an_unknown_status(make_input, kd):
    item = make_input("Raskere godkjenning.")
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(input=item, owner=kd, status="ferdig")


def test_database_refuses_a_final_status_without_answer(make_input, kd):
    item = make_input("Raskere godkjenning.")
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(input=item, owner=kd, status="fulgt_opp", answered_on=clock.today())
    FollowUp.objects.create(
        input=item, owner=kd, status="fulgt_opp", answer="Ny ordning.", answered_on=clock.today()
    )
    assert FollowUp.objects.get(input=item).status == "fulgt_opp"


def test_assign_a_selection_twice_creates_once_and_moves_the_due_date(make_input, kd, secretariat):
    items = [make_input(f"Innspill nummer {n}.") for n in range(3)]
    due = clock.today() + dt.timedelta(days=60)
    first = services.followups_assign(
        input_ids=[i.pk for i in items], owner=kd, due_date=None, by=secretariat
    )
    again = services.followups_assign(
        input_ids=[i.pk for i in items[:2]], owner=kd, due_date=due, by=secretariat
    )
    assert (first.created, first.existing, again.created, again.existing) == (3, 0, 0, 2)
    assert list(FollowUp.objects.order_by("input_id").values_list("due_date", flat=True)) == [
        due,
        due,
        None,
    ]
    assert AuditEvent.objects.filter(action="followup.assign").count() == 2


def test_assign_to_default_owner_from_the_actor(make_input, secretariat):
    with_nav = make_input("NAV må gi lønnstilskudd.")
    with_nav.actors.add(Actor.objects.get(key="nav"))
    without = make_input("Et innspill uten aktør.")
    result = services.followups_assign(
        input_ids=[with_nav.pk, without.pk], owner=None, due_date=None, by=secretariat
    )
    assert result.created == 1 and result.without_owner == [without.pk]
    assert FollowUp.objects.get().owner.short_name == "AID"


def test_assign_a_cluster_covers_every_year(recurring, kd, secretariat):
    key = cluster_key(cluster_of(recurring[0].pk))
    assert key == f"g{recurring[0].pk}"
    assert cluster_input_ids(key) == [recurring[0].pk, recurring[1].pk, recurring[2].pk]
    result = services.followups_assign_cluster(key=key, owner=kd, due_date=None, by=secretariat)
    assert result.created == 3
    assert sorted(FollowUp.objects.values_list("input__year", "cluster_key")) == [
        (2015, key),
        (2017, key),
        (2019, key),
    ]
    with pytest.raises(services.FollowUpError):
        services.followups_assign_cluster(key="g999999", owner=kd, due_date=None, by=secretariat)


def test_only_the_secretariat_assigns(make_input, kd, kd_user):
    item = make_input("Raskere godkjenning.")
    with pytest.raises(PermissionDenied):
        services.followups_assign(input_ids=[item.pk], owner=kd, due_date=None, by=kd_user)


def test_answer_workflow_is_audited_and_names_who_answered(make_input, kd, kd_user):
    followup = FollowUp.objects.create(input=make_input("Raskere godkjenning."), owner=kd)
    assert services.followup_answer(followup=followup, status="under_vurdering", by=kd_user)
    with pytest.raises(services.FollowUpError, match="krever et offentlig svar"):
        services.followup_answer(followup=followup, status="fulgt_opp", by=kd_user)
    changed = services.followup_answer(
        followup=followup,
        status="delvis_fulgt_opp",
        answer="Ny forskrift fra 2019.",
        url="https://www.regjeringen.no/kd",
        by=kd_user,
    )
    assert changed
    followup.refresh_from_db()
    assert (followup.status, followup.answered_on, followup.answered_by) == (
        "delvis_fulgt_opp",
        clock.today(),
        kd_user,
    )
    assert not services.followup_answer(
        followup=followup,
        status="delvis_fulgt_opp",
        answer="Ny forskrift fra 2019.",
        url="https://www.regjeringen.no/kd",
        by=kd_user,
    )
    events = list(AuditEvent.objects.filter(action="followup.answer").order_by("at", "id"))
    assert [(e.details["from"], e.details["to"], e.user) for e in events] == [
        ("mottatt", "under_vurdering", kd_user),
        ("under_vurdering", "delvis_fulgt_opp", kd_user),
    ]
    assert followup.history.count() == 3  # created, two answers


def test_ministry_user_cannot_answer_for_another_ministry(make_input, aid, kd_user):
    followup = FollowUp.objects.create(input=make_input("Lønnstilskudd."), owner=aid)
    with pytest.raises(PermissionDenied):
        services.followup_answer(followup=followup, status="under_vurdering", by=kd_user)


def test_answer_refuses_a_bad_link_and_a_future_date(make_input, kd, kd_user):
    followup = FollowUp.objects.create(input=make_input("Raskere godkjenning."), owner=kd)
    with pytest.raises(services.FollowUpError, match="gyldig nettadresse"):
        services.followup_answer(
            followup=followup, status="fulgt_opp", answer="Ja.", url="javascript:x", by=kd_user
        )
    with pytest.raises(services.FollowUpError, match="fram i tid"):
        services.followup_answer(
            followup=followup,
            status="fulgt_opp",
            answer="Ja.",
            date=clock.today() + dt.timedelta(days=1),
            by=kd_user,
        )


def test_demo_followups_are_created_once_with_every_answered_status(make_input, registry):
    this_year = clock.today().year
    for n, actor in enumerate(["nav", "kommunen", "nokut", "politiet", "nav"]):
        make_input(f"Tidligere innspill {n}.", year=this_year - 1).actors.set(
            [Actor.objects.get(key=actor)]
        )
    make_input("Årets innspill.", year=this_year)
    assert demo_followups(today=clock.today()) == 5
    assert demo_followups(today=clock.today()) == 0
    assert list(
        FollowUp.objects.order_by("input_id").values_list("owner__short_name", "status")
    ) == [
        ("AID", "fulgt_opp"),
        ("KDD", "delvis_fulgt_opp"),
        ("KD", "ikke_fulgt_opp"),
        ("JD", "under_vurdering"),
        ("AID", "fulgt_opp"),
    ]


def test_merging_inputs_moves_follow_ups_to_the_kept_input(make_input, kd, aid, secretariat):
    from innspill.inputs.services import input_merge

    item, into = make_input("Raskere godkjenning."), make_input("Godkjenning må gå raskere.")
    moved = FollowUp.objects.create(input=item, owner=aid)
    theirs = FollowUp.objects.create(input=item, owner=kd, status="under_vurdering")
    kept = FollowUp.objects.create(input=into, owner=kd)
    input_merge(item=item, into=into, by=secretariat)
    assert sorted(FollowUp.objects.values_list("pk", "input_id")) == sorted(
        [(moved.pk, into.pk), (theirs.pk, item.pk), (kept.pk, into.pk)]
    )
    event = AuditEvent.objects.get(action="followup.move_on_merge")
    assert event.details == {"from": item.pk, "moved": [moved.pk], "kept": [theirs.pk]}
