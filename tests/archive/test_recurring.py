import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from innspill.inputs.models import Input, LabelCorrection


@pytest.fixture
def recurring(make_input):
    items = [
        make_input(
            "Godkjenning av utenlandsk utdanning må gå raskere.", year=2015, session="Arbeid"
        ),
        make_input(
            "Raskere godkjenning av utdanning fra utlandet.", year=2017, session="Kvalifisering"
        ),
        make_input(
            "NOKUT må godkjenne utenlandsk utdanning raskere.", year=2019, session="Kompetanse"
        ),
        make_input("Flere gratis lokaler til frivillige lag.", year=2017, session="Frivillighet"),
        make_input("Kortere ventetid hos fastlegen.", year=2019, session="Helse"),
    ]
    return items


def test_recurring_page_shows_the_demand_raised_in_most_years(client, recurring):
    body = client.get(reverse("archive:recurring-list")).content.decode()
    assert "Tatt opp i 2015, 2017, 2019 (3 ganger)" in body
    assert "fastlegen" not in body  # raised once only


def test_input_page_says_where_else_it_was_raised(client, recurring):
    body = client.get(reverse("archive:input-detail", args=[recurring[0].pk])).content.decode()
    assert "Også tatt opp:" in body and "2017 (1 gang)" in body and "2019 (1 gang)" in body
    assert "Raskere godkjenning av utdanning fra utlandet." in body


def test_recurring_command_json(recurring, capsys):
    call_command("recurring", "--min-years", "3", "--json")
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (
        len(records) == 1 and records[0]["years"] == [2015, 2017, 2019] and records[0]["count"] == 3
    )


def test_theme_page_has_chart_representatives_and_actors(client, make_input):
    for text in (
        "Startlån til flere familier.",
        "Husbanken må gi startlån fra leie til eie.",
        "Mer startlån.",
    ):
        make_input(text, theme="bolig", year=2018)
    body = client.get(reverse("archive:theme-detail", args=["bolig"])).content.decode()
    assert "<svg" in body and "Husbanken må gi startlån fra leie til eie." in body


@pytest.fixture
def rapporteur(client, db):
    user = User.objects.create_user("ref", password="x-long-password-1")
    user.groups.add(Group.objects.get(name="rapporteur"))
    client.force_login(user)
    return user


def test_staff_correction_overrides_model_and_is_kept(client, rapporteur, make_input):
    item = make_input("Mer norskopplæring på arbeidsplassen.")
    response = client.post(
        reverse("inputs:input-correct", args=[item.pk]),
        {"theme": "sprak", "kind": "tiltak", "actors": ["arbeidsgivere"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Lagret" in response.content.decode()
    item.refresh_from_db()
    assert (item.theme.key, item.kind.key, item.classified_by) == ("sprak", "tiltak", "staff")
    assert list(item.actors.values_list("key", flat=True)) == ["arbeidsgivere"]
    correction = LabelCorrection.objects.get()
    assert (correction.theme, correction.actors, correction.by) == (
        "sprak",
        ["arbeidsgivere"],
        rapporteur,
    )
    # A later classification run leaves the staff labels alone.
    from innspill.inputs.services import inputs_classify

    inputs_classify(overwrite=True)
    item.refresh_from_db()
    assert (item.theme.key, item.classified_by) == ("sprak", "staff")


def test_public_cannot_correct(client, make_input):
    item = make_input("Et innspill.")
    response = client.post(reverse("inputs:input-correct", args=[item.pk]), {"theme": "sprak"})
    assert response.status_code == 302 and Input.objects.get(pk=item.pk).classified_by != "staff"


@pytest.mark.slow
def test_training_uses_corrections_and_records_its_data(settings, tmp_path, rapporteur, make_input):
    from innspill.analysis import classifier
    from innspill.inputs.classification import classifier_train

    settings.INNSPILL = {**settings.INNSPILL, "CLASSIFIER_MODEL": tmp_path / "model.npz"}
    item = make_input("Kommunen bør tilby språkkafé hver uke.")
    from innspill.inputs.models import Actor, Kind, Theme
    from innspill.inputs.services import input_correct

    input_correct(
        item=item,
        theme=Theme.objects.get(key="sprak"),
        kind=Kind.objects.get(key="tiltak"),
        actors=Actor.objects.filter(key="kommunen"),
        by=rapporteur,
    )
    result = classifier_train(evaluate=False)
    assert result["meta"]["n_corrections"] == 1 and len(result["meta"]["data_hash"]) == 64
    assert (
        classifier.load_model(tmp_path / "model.npz").meta["data_hash"]
        == result["meta"]["data_hash"]
    )


def test_classification_reads_the_session_title_and_group_heading(make_input):
    text = "Det trengs flere gode tiltak for unge."
    plain = make_input(text, session="Sesjon A")
    housing = make_input(
        text,
        session="Hvordan løse levekårsproblemer i utsatte boområder?",
        group_heading="Hemmer integrering",
    )
    themes = {
        i.pk: set(i.themes.values_list("key", flat=True)) | {i.theme.key} for i in (plain, housing)
    }
    assert "bolig" not in themes[plain.pk]
    assert "bolig" in themes[housing.pk]
    # the group heading settles the kind where the input's own words do not
    attitudes = make_input(
        "Holdningene i nærmiljøet.", session="Sesjon B", group_heading="Hemmer integrering"
    )
    attitudes.refresh_from_db()
    assert attitudes.kind.key == "barriere"
