"""NUL bytes are refused with our 400 page; ids that are not plain numbers are a 404."""

import json

import pytest
from django.http import Http404
from django.urls import reverse

from innspill.common.params import pk_or_404
from tests.registrations.factories import make_conference, staff_user

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_a_search_is_our_400_page(client):
    response = client.get("/", {"q": "skole\x00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Ugyldig forespørsel</h1>" in page
    assert "Forespørselen inneholder et ugyldig tegn (NUL) og ble avvist." in page


def test_a_nul_byte_in_a_staff_form_and_in_json_is_a_400(client):
    conference = make_conference()
    client.force_login(staff_user())
    url = reverse("registrations:checkin", args=[conference.pk])
    assert client.get(url, {"q": "Kari\x00"}).status_code == 400
    assert client.post(url, {"registration": "1\x00"}).status_code == 400
    response = client.post(
        "/live/ABC123/innspill",
        data=json.dumps({"text": "hei\u0000", "client_id": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "Forespørselen inneholder et ugyldig tegn (NUL) og ble avvist."
    }


def test_non_numeric_ids_in_posts_are_404(client):
    conference = make_conference()
    client.force_login(staff_user())
    for url, data in [
        (reverse("registrations:checkin", args=[conference.pk]), {"registration": "abc"}),
        (reverse("registrations:pin", args=[conference.pk]), {"registration": "1", "session": "x"}),
        (reverse("surveys:create"), {"cycle": "١٢"}),
        (reverse("surveys:create"), {}),
    ]:
        assert client.post(url, data).status_code == 404, (url, data)


@pytest.mark.parametrize("value", ["", "abc", "-1", "1.0", "²", "١٢", "9" * 19, None])
def test_pk_or_404_takes_only_plain_digits(value):
    with pytest.raises(Http404):
        pk_or_404(value)


def test_pk_or_404_returns_the_number():
    assert pk_or_404("0042") == 42
