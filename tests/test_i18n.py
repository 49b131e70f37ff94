import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_bokmal_is_the_default_even_for_english_browsers(client):
    body = client.get(
        reverse("archive:input-list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert '<html lang="nb">' in body and "Hopp til hovedinnhold" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "skip_link"), [("nn", "Hopp til hovudinnhaldet"), ("en", "Skip to main content")]
)
def test_language_switcher_changes_the_interface(client, code, skip_link):
    response = client.post(reverse("set_language"), {"language": code, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == code
    body = client.get(reverse("archive:input-list")).content.decode()
    assert f'<html lang="{code}">' in body and skip_link in body
