"""The secretariat's input pages: edit, move, hide, merge, and the moderation queue."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from innspill.common.models import AuditEvent
from innspill.conferences.models import Session
from innspill.inputs.models import Actor, Input, Status
from innspill.inputs.services import (
    input_hide,
    input_merge,
    input_move,
    input_publish,
    input_update,
)
from tests.registrations.factories import staff_user


@pytest.fixture
def secretariat(db):
    return staff_user("secretariat")


@pytest.fixture
def logged_in(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def pending(make_input):
    return [
        make_input(f"Venter nummer {i}: flere tolker i helsetjenesten.", status=Status.PENDING)
        for i in range(3)
    ]


def test_input_update_changes_text_and_audits(make_input, secretariat):
    item = make_input("Flere norskkurs på kveldstid.")
    input_update(
        item=item,
        text="  Flere   norskkurs på kveldstid og i helgene. ",
        group_heading="Språk",
        organisation_type="kommune",
        region="",
        by=secretariat,
    )
    item.refresh_from_db()
    assert (item.text, item.group_heading, item.organisation_type) == (
        "Flere norskkurs på kveldstid og i helgene.",
        "Språk",
        "kommune",
    )
    assert AuditEvent.objects.get(action="input.update").details == {
        "fields": ["group_heading", "organisation_type", "text"]
    }
    with pytest.raises(ValueError, match="Innspillet kan ikke være tomt."):
        input_update(item=item, text="   ", by=secretariat)


def test_input_move_to_another_years_session_moves_cycle_and_year(make_input, secretariat):
    item = make_input("Raskere godkjenning av utdanning.", year=2017, session="Arbeid")
    other = make_input("Noe annet.", year=2019, session="Kvalifisering")
    input_move(item=item, session=other.session, by=secretariat)
    item.refresh_from_db()
    assert (item.session, item.conference, item.cycle, item.year) == (
        other.session,
        other.conference,
        other.cycle,
        2019,
    )
    event = AuditEvent.objects.get(action="input.move")
    assert event.details == {
        "from_session": Session.objects.get(title="Arbeid").pk,
        "to_session": other.session_id,
    }


def test_hide_and_publish_change_status_and_the_archive(make_input, secretariat, client):
    item = make_input("Gratis barnehage for nyankomne.")
    input_hide(item=item, reason=" dobbelt ", by=secretariat)
    item.refresh_from_db()
    assert item.status == Status.HIDDEN
    assert client.get(reverse("archive:input-detail", args=[item.pk])).status_code == 404
    input_publish(item=item, by=secretariat)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert client.get(reverse("archive:input-detail", args=[item.pk])).status_code == 200
    assert list(
        AuditEvent.objects.filter(action__in=["input.hide", "input.publish"])
        .order_by("pk")
        .values_list("action", "details")
    ) == [
        ("input.hide", {"from": "published", "reason": "dobbelt"}),
        ("input.publish", {"from": "hidden"}),
    ]


def test_merge_keeps_provenance_and_moves_earlier_merges(make_input, secretariat, client):
    a = make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015, session="A")
    b = make_input("Raskere godkjenning av utdanning fra utlandet.", year=2017, session="B")
    c = make_input("NOKUT må godkjenne raskere.", year=2019, session="C")
    actor = Actor.objects.exclude(pk__in=b.actors.all()).first()
    a.actors.add(actor)
    expected_actors = {*a.actors.all(), *b.actors.all(), *c.actors.all()}
    input_merge(item=c, into=a, by=secretariat)
    input_merge(
        item=a, into=b, text="Godkjenning av utdanning fra utlandet må gå raskere.", by=secretariat
    )
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert (a.status, a.merged_into, a.year, a.session.title) == (Status.MERGED, b, 2015, "A")
    assert (c.status, c.merged_into, c.year) == (Status.MERGED, b, 2019)
    assert b.text == "Godkjenning av utdanning fra utlandet må gå raskere."
    assert set(b.actors.all()) == expected_actors
    assert list(b.merged.order_by("pk")) == [a, c]
    event = AuditEvent.objects.filter(action="input.merge").latest("pk")
    assert (event.target, event.details) == (
        str(b.pk),
        {"merged": a.pk, "status_before": "published", "also_moved": [c.pk]},
    )
    response = client.get(reverse("archive:input-detail", args=[a.pk]))
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("archive:input-detail", args=[b.pk]),
    )
    with pytest.raises(ValueError, match="allerede slått sammen"):
        input_merge(item=a, into=b, by=secretariat)
    with pytest.raises(ValueError, match="med seg selv"):
        input_merge(item=b, into=b, by=secretariat)


def test_services_refuse_roles_without_inputs_edit(make_input, db):
    item = make_input("Noe.")
    rapporteur = staff_user("rapporteur")
    for call in (
        lambda: input_hide(item=item, by=rapporteur),
        lambda: input_publish(item=item, by=rapporteur),
        lambda: input_update(item=item, text="Endret", by=rapporteur),
        lambda: input_move(item=item, session=item.session, by=rapporteur),
        lambda: input_merge(item=item, into=make_input("Annet."), by=rapporteur),
    ):
        with pytest.raises(PermissionDenied):
            call()
    item.refresh_from_db()
    assert (item.text, item.status) == ("Noe.", Status.PUBLISHED)


def test_staff_list_filters_and_paginates(logged_in, make_input, pending):
    make_input("Publisert om bolig.", year=2019)
    url = reverse("inputs:staff-list")
    response = logged_in.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4
    response = logged_in.get(url, {"status": "pending"})
    assert {i.pk for i in response.context["page"]} == {i.pk for i in pending}
    response = logged_in.get(url, {"year": 2019})
    assert [i.text for i in response.context["page"]] == ["Publisert om bolig."]
    response = logged_in.get(url, {"q": "bolig"})
    assert [i.text for i in response.context["page"]] == ["Publisert om bolig."]


@pytest.mark.parametrize("n", [1, 3])
def test_staff_list_query_count(logged_in, make_input, django_assert_num_queries, n):
    for i in range(n):
        make_input(f"Innspill {i} om arbeid.", session=f"Sesjon {i}")
    with django_assert_num_queries(6):
        logged_in.get(reverse("inputs:staff-list"))


def test_edit_page_saves_through_the_service(logged_in, make_input, secretariat):
    item = make_input("Flere norskkurs.")
    url = reverse("inputs:staff-edit", args=[item.pk])
    assert logged_in.get(url).status_code == 200
    response = logged_in.post(
        url, {"edit-text": "Flere norskkurs på kveldstid.", "edit-region": "oslo"}
    )
    assert response["Location"] == url
    item.refresh_from_db()
    assert (item.text, item.region) == ("Flere norskkurs på kveldstid.", "oslo")
    assert AuditEvent.objects.get(action="input.update").user == secretariat
    response = logged_in.post(url, {"edit-text": "  "})
    assert "Innspillet kan ikke være tomt." in response.content.decode()


def test_move_through_the_edit_page(logged_in, make_input):
    item = make_input("Flere norskkurs.", session="A")
    other = make_input("Noe annet.", session="B")
    response = logged_in.post(
        reverse("inputs:staff-edit", args=[item.pk]),
        {"do-move": "1", "move-session": other.session_id},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.session == other.session


def test_hide_asks_first_then_hides(logged_in, make_input):
    item = make_input("Gratis barnehage.")
    url = reverse("inputs:hide", args=[item.pk])
    response = logged_in.get(url, {"next": reverse("inputs:staff-list")})
    assert response.status_code == 200
    assert "Ja, skjul innspillet" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    response = logged_in.post(url, {"reason": "Dobbelt", "next": reverse("inputs:staff-list")})
    assert response["Location"] == reverse("inputs:staff-list")
    item.refresh_from_db()
    assert item.status == Status.HIDDEN
    # an address elsewhere is not followed
    response = logged_in.post(
        reverse("inputs:publish", args=[item.pk]), {"next": "https://example.com/"}
    )
    assert response["Location"] == reverse("inputs:staff-edit", args=[item.pk])


def test_merge_shows_both_and_merges_only_when_confirmed(logged_in, make_input):
    a = make_input("Raskere godkjenning.", session="A")
    b = make_input("Godkjenning må gå raskere.", session="B")
    url = reverse("inputs:merge", args=[a.pk])
    assert logged_in.get(url).status_code == 200
    response = logged_in.post(url, {"into": b.pk, "text": ""})
    assert response.status_code == 200
    assert "Bekreft sammenslåing" in response.content.decode()
    a.refresh_from_db()
    assert a.status == Status.PUBLISHED
    response = logged_in.post(url, {"into": b.pk, "text": "", "confirm": "1"})
    assert response["Location"] == reverse("inputs:staff-edit", args=[b.pk])
    a.refresh_from_db()
    assert (a.status, a.merged_into) == (Status.MERGED, b)
    response = logged_in.get(reverse("inputs:staff-edit", args=[b.pk]))
    assert list(response.context["merged"]) == [a]


@pytest.mark.parametrize(
    ("into", "message"),
    [(0, "Fant ikke innspill nr. 0."), (None, "Et innspill kan ikke slås sammen med seg selv.")],
)
def test_merge_form_errors_in_norwegian(logged_in, make_input, into, message):
    a = make_input("Raskere godkjenning.")
    response = logged_in.post(
        reverse("inputs:merge", args=[a.pk]), {"into": a.pk if into is None else 999999}
    )
    expected = message.replace("0.", "999999.") if into == 0 else message
    assert expected in response.content.decode()


def test_moderation_lists_only_waiting_inputs_oldest_first(logged_in, make_input, pending):
    make_input("Allerede publisert.")
    response = logged_in.get(reverse("inputs:moderation"))
    assert response.status_code == 200
    assert [i.pk for i in response.context["page"]] == [i.pk for i in pending]
    assert "3 innspill venter på moderering." in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_moderation_query_count(logged_in, make_input, django_assert_num_queries, n):
    for i in range(n):
        make_input(f"Venter {i}.", session=f"S{i}", status=Status.PENDING)
    with django_assert_num_queries(6):
        logged_in.get(reverse("inputs:moderation"))


def test_moderation_htmx_approve_and_hide(logged_in, pending):
    first, second, _third = pending
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = logged_in.post(reverse("inputs:publish", args=[first.pk]), **htmx)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="input-{first.pk}"' in body and 'data-focus="next"' in body
    assert "Publisert:" in body
    response = logged_in.get(reverse("inputs:hide", args=[second.pk]), **htmx)
    assert 'data-focus="field"' in response.content.decode()
    second.refresh_from_db()
    assert second.status == Status.PENDING
    response = logged_in.post(reverse("inputs:hide", args=[second.pk]), {"reason": ""}, **htmx)
    assert "Skjult:" in response.content.decode()
    assert list(Input.objects.order_by("pk").values_list("status", flat=True)) == [
        "published",
        "hidden",
        "pending",
    ]
    response = logged_in.get(reverse("inputs:moderation-item", args=[second.pk]), **htmx)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["rapporteur", "ministry", "researcher"])
def test_roles_without_inputs_edit_get_403(client, make_input, role):
    item = make_input("Noe.", status=Status.PENDING)
    client.force_login(staff_user(role))
    for url in (
        reverse("inputs:staff-list"),
        reverse("inputs:moderation"),
        reverse("inputs:staff-edit", args=[item.pk]),
        reverse("inputs:hide", args=[item.pk]),
        reverse("inputs:merge", args=[item.pk]),
        reverse("inputs:moderation-item", args=[item.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("inputs:publish", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert item.status == Status.PENDING


def test_dashboard_links_the_back_office_only_for_roles_that_may_use_it(client, db):
    client.force_login(staff_user("secretariat"))
    body = client.get(reverse("accounts:dashboard")).content.decode()
    for name in (
        "cycles:cycle-list",
        "organisations:organisation-list",
        "organisations:person-list",
        "inputs:staff-list",
        "inputs:moderation",
    ):
        assert f'href="{reverse(name)}"' in body
    client.force_login(staff_user("researcher"))
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Sekretariatets kontor" not in body
    assert f'href="{reverse("inputs:moderation")}"' not in body


@pytest.mark.parametrize(
    ("code", "text"),
    [("nn", "Ingen innspel ventar. Bra jobba!"), ("en", "No inputs are waiting. Well done!")],
)
def test_moderation_page_in_nynorsk_and_english(logged_in, code, text):
    from django.conf import settings

    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    body = logged_in.get(reverse("inputs:moderation")).content.decode()
    assert f'<html lang="{code}" dir="ltr"' in body and text in body
