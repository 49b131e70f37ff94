"""A local model trained before an upgrade changed the lexicon is not used, and staff are told."""

import dataclasses

import pytest

from innspill.analysis import classifier
from innspill.inputs.classification import model_load


@pytest.fixture
def stale_local_model(tmp_path, settings):
    shipped = classifier.load_model(None)
    old = dataclasses.replace(shipped, meta={**shipped.meta, "lexicon_hash": "0" * 16})
    path = tmp_path / "classifier_model.npz"
    classifier.save_model(old, path)
    settings.INNSPILL = {**settings.INNSPILL, "CLASSIFIER_MODEL": path}
    return path


def test_a_stale_local_model_gives_way_to_the_shipped_one(stale_local_model):
    with pytest.raises(classifier.ModelMismatch):
        classifier.load_model(stale_local_model)
    model, stale = model_load()
    assert stale is True
    assert model is classifier.load_model(None)


def test_a_current_local_model_is_used(tmp_path, settings):
    path = tmp_path / "classifier_model.npz"
    classifier.save_model(classifier.load_model(None), path)
    settings.INNSPILL = {**settings.INNSPILL, "CLASSIFIER_MODEL": path}
    model, stale = model_load()
    assert stale is False and model is classifier.load_model(path)


def test_the_model_page_says_the_local_model_is_stale(client, django_user_model, stale_local_model):
    admin = django_user_model.objects.create_superuser("admin-x", "a@example.org", "pw-Long-123!")
    client.force_login(admin)
    page = client.get("/ansatt/modell/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "passer ikke med denne versjonen" in text
    assert "Modellen som følger med programmet er i bruk" in text
    # the shipped model's held-out scores, a row per report
    pooled = classifier.load_model(None).meta["scores"]["pooled"]
    assert '<th scope="row">2017-conference</th>' in text
    assert f"<td>{pooled['theme_f1']:.3f}</td>".replace(".", ",") in text
