import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from innspill.followups.clusters import cluster_key, cluster_of
from innspill.followups.models import ActorOwner, FollowUp
from innspill.inputs.models import Actor

from .conftest import user_with_role


def answered(
    item, owner, status="delvis_fulgt_opp", answer="Ny forskrift.", on=dt.date(2019, 6, 1)
):
    return FollowUp.objects.create(
        input=item, owner=owner, status=status, answer=answer, answered_on=on
    )


def test_inbox_needs_the_capability(client, db):
    client.force_login(user_with_role("researcher"))
    assert client.get(reverse("followups:inbox")).status_code == 403


def test_ministry_user_sees_only_its_own_inbox(client, make_input, kd, aid, kd_user):
    FollowUp.objects.create(input=make_input("Godkjenning for KD."), owner=kd)
    FollowUp.objects.create(input=make_input("Lønnstilskudd for AID."), owner=aid)
    client.force_login(kd_user)
    body = client.get(reverse("followups:inbox") + "?eier=aid").content.decode()
    assert "Godkjenning for KD." in body and "Lønnstilskudd for AID." not in body
    assert "<strong>1</strong> mottatt" in body


def test_ministry_user_without_a_ministry_is_refused(client, db):
    client.force_login(user_with_role("ministry"))
    assert client.get(reverse("followups:inbox")).status_code == 403


def test_answer_in_the_inbox_with_htmx(client, make_input, kd, aid, kd_user):
    mine = FollowUp.objects.create(input=make_input("Godkjenning."), owner=kd)
    theirs = FollowUp.objects.create(input=make_input("Lønnstilskudd."), owner=aid)
    client.force_login(kd_user)
    data = {f"f{mine.pk}-status": "fulgt_opp", f"f{mine.pk}-answer": "", f"f{mine.pk}-url": ""}
    url = reverse("followups:followup-answer", args=[mine.pk])
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "krever et offentlig svar" in response.content.decode()
    data[f"f{mine.pk}-answer"] = "Ny ordning fra 2020."
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Lagret." in response.content.decode()
    mine.refresh_from_db()
    assert (mine.status, mine.answer, mine.answered_by) == (
        "fulgt_opp",
        "Ny ordning fra 2020.",
        kd_user,
    )
    other = reverse("followups:followup-answer", args=[theirs.pk])
    assert client.post(other, {f"f{theirs.pk}-status": "under_vurdering"}).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_inbox_query_count_does_not_grow(
    client, make_input, kd, kd_user, django_assert_num_queries, n
):
    for i in range(n):
        FollowUp.objects.create(input=make_input(f"Innspill {i}."), owner=kd)
    client.force_login(kd_user)
    client.get(reverse("followups:inbox"))  # warms the session and the user's roles
    # session, user, second-factor device, groups, owner membership, counts, page count,
    # page rows, themes
    with django_assert_num_queries(9):
        assert client.get(reverse("followups:inbox")).status_code == 200


def test_export_and_upload_with_preview(client, make_input, kd, kd_user):
    item = make_input("Godkjenning.")
    FollowUp.objects.create(input=item, owner=kd)
    client.force_login(kd_user)
    response = client.get(reverse("followups:export-xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0][:7] == ["input", "cluster", "ministry", "status", "answer", "url", "date"]
    assert rows[1][:4] == [item.pk, None, "KD", "mottatt"]
    sheet = book.active
    sheet.cell(row=2, column=4, value="fulgt_opp")
    sheet.cell(row=2, column=5, value="Gjort i 2021.")
    sheet.append([item.pk + 1000, None, "KD", "mottatt"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("svar.xlsx", out.getvalue())
    preview = client.post(reverse("followups:import"), {"file": upload})
    body = preview.content.decode()
    assert preview.status_code == 200
    assert f"Fant ikke innspill {item.pk + 1000}." in body
    assert FollowUp.objects.get().status == "mottatt"  # nothing saved by the preview
    token = preview.context["token"]
    response = client.post(reverse("followups:import"), {"token": token})
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.status, followup.answer) == ("fulgt_opp", "Gjort i 2021.")
    # the token is used up
    response = client.post(reverse("followups:import"), {"token": token}, follow=True)
    assert "Forhåndsvisningen er utløpt" in response.content.decode()


def test_assign_a_cluster_from_the_recurring_page(client, recurring, kd, secretariat):
    client.force_login(secretariat)
    key = cluster_key(cluster_of(recurring[0].pk))
    page = client.get(reverse("archive:recurring-list")).content.decode()
    assert f"?gruppe={key}" in page
    url = reverse("followups:assign") + f"?gruppe={key}"
    assert "3 innspill" in client.get(url).content.decode()
    response = client.post(url, {"owner": kd.pk, "due_date": ""})
    assert response.status_code == 302
    assert sorted(FollowUp.objects.values_list("input__year", flat=True)) == [2015, 2017, 2019]


def test_assign_every_result_of_a_search(client, make_input, aid, secretariat):
    make_input("Lønnstilskudd til flere.", theme="arbeid")
    make_input("Mer lønnstilskudd.", theme="arbeid")
    make_input("Bedre helsetjenester.", theme="helse")
    client.force_login(secretariat)
    url = reverse("followups:assign") + "?theme=arbeid"
    response = client.post(url, {"owner": aid.pk})
    assert response.status_code == 302
    assert sorted(FollowUp.objects.values_list("input__text", flat=True)) == [
        "Lønnstilskudd til flere.",
        "Mer lønnstilskudd.",
    ]


def test_ministry_user_cannot_assign(client, kd_user):
    client.force_login(kd_user)
    assert client.get(reverse("followups:assign")).status_code == 403


def test_registry_edits_an_actor_default(client, secretariat, kd):
    client.force_login(secretariat)
    nav = Actor.objects.get(key="nav")
    data = {f"actor-{k}": v for k, v in ActorOwner.objects.values_list("actor_id", "owner_id")}
    data[f"actor-{nav.pk}"] = kd.pk
    response = client.post(reverse("followups:registry"), data)
    assert response.status_code == 302
    assert ActorOwner.objects.get(actor=nav).owner == kd
    assert ActorOwner.objects.count() == 15
