import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from innspill.cycles.models import Cycle
from innspill.followups.clusters import cluster_key, cluster_of
from innspill.followups.models import FollowUp
from innspill.followups.services import followups_assign_cluster
from innspill.inputs.models import Input
from innspill.reports.selectors import report_data


def answer(
    followup, status="delvis_fulgt_opp", text="Ny forskrift om godkjenning.", on=dt.date(2019, 6, 1)
):
    followup.status, followup.answer, followup.answered_on = status, text, on
    followup.save()
    return followup


@pytest.fixture
def cluster_for_kd(recurring, kd, secretariat):
    key = cluster_key(cluster_of(recurring[0].pk))
    followups_assign_cluster(key=key, owner=kd, due_date=None, by=secretariat)
    return key


def test_public_pages_show_owner_status_answer_counts_and_chart(client, recurring, kd, aid):
    answer(FollowUp.objects.create(input=recurring[0], owner=kd))
    FollowUp.objects.create(input=recurring[3], owner=aid)
    body = client.get(reverse("followups:public-index")).content.decode()
    assert "<svg" in body and 'aria-labelledby="chart-followup-all-title' in body
    assert "<strong>1</strong> delvis fulgt opp" in body and "<strong>1</strong> mottatt" in body
    assert reverse("followups:public-year", args=[2015]) in body
    body = client.get(reverse("followups:public-year", args=[2015])).content.decode()
    assert "Godkjenning av utenlandsk utdanning må gå raskere." in body
    assert "Ny forskrift om godkjenning." in body and "Delvis fulgt opp" in body
    assert "Flere gratis lokaler" not in body  # raised in 2017
    body = client.get(reverse("followups:public-owner", args=["aid"])).content.decode()
    assert "Flere gratis lokaler" in body and "Godkjenning av utenlandsk" not in body
    assert client.get(reverse("followups:public-owner", args=["nix"])).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_public_year_query_count_does_not_grow(
    client, make_input, kd, django_assert_num_queries, n
):
    for i in range(n):
        FollowUp.objects.create(input=make_input(f"Innspill {i}.", year=2019), owner=kd)
    # counts, page count, page rows
    with django_assert_num_queries(3):
        assert client.get(reverse("followups:public-year", args=[2019])).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_public_index_query_count_does_not_grow(
    client, make_input, kd, django_assert_num_queries, n
):
    for i in range(n):
        FollowUp.objects.create(input=make_input(f"Innspill {i}.", year=2017 + i), owner=kd)
    # counts, per year, per owner, owners
    with django_assert_num_queries(4):
        assert client.get(reverse("followups:public-index")).status_code == 200


def test_input_page_and_recurring_page_show_the_followup_line(client, recurring, cluster_for_kd):
    answer(FollowUp.objects.get(input=recurring[2]))
    body = client.get(reverse("archive:input-detail", args=[recurring[0].pk])).content.decode()
    assert (
        "Tatt opp 2015, 2017, 2019 — besvart av KD 2019: delvis fulgt opp — Ny forskrift om godkjenning."
        in body
    )
    body = client.get(reverse("archive:recurring-list")).content.decode()
    assert "besvart av KD 2019: delvis fulgt opp" in body
    unanswered = client.get(reverse("archive:recurring-list") + "?ubesvart=1").content.decode()
    assert "Godkjenning av utenlandsk" not in unanswered


def test_recurring_unanswered_filter_keeps_open_demands(client, recurring, cluster_for_kd):
    body = client.get(reverse("archive:recurring-list") + "?ubesvart=1").content.decode()
    assert "Tatt opp i 2015, 2017, 2019 (3 ganger)" in body
    assert "hos KD: mottatt — ikke besvart ennå" in body


def test_recurring_json_prints_the_cluster_key(recurring, capsys):
    call_command("recurring", "--min-years", "3", "--json")
    record = json.loads(capsys.readouterr().out)
    assert record["key"] == f"g{recurring[0].pk}"


def test_api_lists_followups_paged_with_filters_and_csv(client, recurring, kd, aid):
    answer(FollowUp.objects.create(input=recurring[0], owner=kd), status="fulgt_opp", text="=Gjort")
    FollowUp.objects.create(input=recurring[3], owner=aid)
    FollowUp.objects.create(input=recurring[1], owner=kd)
    theme = Input.objects.get(pk=recurring[0].pk).theme.key  # as the classifier chose it
    data = client.get(reverse("api:followup") + "?year=2015").json()
    assert data == {
        "count": 1,
        "page": 1,
        "page_size": 50,
        "results": [
            {
                "input": recurring[0].pk,
                "ministry": "KD",
                "status": "fulgt_opp",
                "answer": "=Gjort",
                "url": "",
                "date": "2019-06-01",
                "year": 2015,
                "theme": theme,
            }
        ],
    }
    data = client.get(reverse("api:followup") + "?ministry=kd&page_size=1&page=2").json()
    assert data["count"] == 2 and [r["input"] for r in data["results"]] == [recurring[0].pk]
    data = client.get(reverse("api:followup") + "?status=mottatt").json()
    assert sorted(r["input"] for r in data["results"]) == [recurring[1].pk, recurring[3].pk]
    response = client.get(reverse("api:followup") + "?year=2015&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["input", "ministry", "status", "answer", "url", "date", "year", "theme"]
    assert rows[1] == [
        str(recurring[0].pk),
        "KD",
        "fulgt_opp",
        "'=Gjort",
        "",
        "2019-06-01",
        "2015",
        theme,
    ]
    bad = client.get(reverse("api:followup") + "?status=ferdig")
    assert bad.status_code == 400 and bad.json()["parameter"] == "status"
    assert client.get(reverse("api:followup") + "?ministry=XX").json()["parameter"] == "ministry"
    assert client.get(reverse("api:followup") + "?foo=1").json()["parameter"] == "foo"


def test_openapi_documents_the_followup_endpoint(client, db):
    document = client.get(reverse("api:openapi")).json()
    operation = document["paths"]["/api/v1/followup"]["get"]
    assert [p["name"] for p in operation["parameters"]] == [
        "year",
        "ministry",
        "status",
        "theme",
        "page",
        "page_size",
        "format",
        "sep",
        "lang",
    ]
    assert document["components"]["schemas"]["FollowUp"]["required"] == [
        "input",
        "ministry",
        "status",
        "answer",
        "url",
        "date",
    ]


def test_input_report_has_since_last_chapter(recurring, cluster_for_kd, aid, tmp_path):
    answer(FollowUp.objects.get(input=recurring[0]))
    FollowUp.objects.create(input=recurring[3], owner=aid)
    document = report_data(Cycle.objects.get(year=2019), "input")
    chapter = document.sections[-1]
    assert chapter.heading.endswith("Hva har skjedd siden sist")
    lists = {b.heading: [p.spans[0].text for p in b.items] for b in chapter.blocks[1:]}
    assert lists["Besvart"] == [
        "KD 2019: delvis fulgt opp – Ny forskrift om godkjenning. "
        "(innspill fra 2015: «Godkjenning av utenlandsk utdanning må gå raskere.»)"
    ]
    assert lists["Fortsatt åpent"] == [
        "«Flere gratis lokaler til frivillige lag.» (2017) – hos AID, mottatt"
    ]
    # the cluster came up again in 2019, but it is answered, so it is not listed as open
    assert list(lists) == ["Besvart", "Fortsatt åpent"]
    assert chapter.blocks[0].spans[0].text == (
        "Innspill fra 2015–2017 er sendt til departementer og etater for oppfølging. "
        "1 krav er besvart, 1 er fortsatt åpne."
    )
    output = tmp_path / "rapport.html"
    call_command(
        "build_report",
        "--year",
        "2019",
        "--type",
        "input",
        "--format",
        "html",
        "--output",
        str(output),
    )
    html = output.read_text(encoding="utf-8")
    assert "Hva har skjedd siden sist" in html and "Ny forskrift om godkjenning." in html


def test_report_lists_open_demands_raised_again(recurring, kd):
    FollowUp.objects.create(input=recurring[0], owner=kd)
    document = report_data(Cycle.objects.get(year=2019), "conference")
    chapter = document.sections[-1]
    assert chapter.heading == "Hva har skjedd siden sist"
    assert chapter.blocks[-1].heading == "Åpne krav som ble tatt opp igjen i 2019"
    assert [p.spans[0].text for p in chapter.blocks[-1].items] == [
        "«Godkjenning av utenlandsk utdanning må gå raskere.» (2015, hos KD)"
    ]


def test_report_without_followups_has_no_chapter(recurring):
    document = report_data(Cycle.objects.get(year=2019), "input")
    assert all("siden sist" not in s.heading for s in document.sections)
