"""Rate limits on exports, the API and the public forms: 429 with a Norwegian message."""

import json

import pytest
from django.test import Client

from innspill.common import clock
from innspill.limits.limiter import Rate, counters_prune, hit
from innspill.limits.models import RateCounter

MESSAGE = "For mange forespørsler på kort tid. Vent litt og prøv igjen."


def test_counter_is_shared_and_opens_a_new_window(db):
    rate = Rate.parse("3/h")
    verdicts = [hit(scope="t", client="10.0.0.1", rate=rate).allowed for _ in range(4)]
    assert verdicts == [True, True, True, False]
    assert list(RateCounter.objects.values_list("count", flat=True)) == [4]
    # The table holds a hash of the address, never the address.
    assert RateCounter.objects.get().client != "10.0.0.1"
    assert len(RateCounter.objects.get().client) == 64
    with clock.moved(hours=1):
        assert hit(scope="t", client="10.0.0.1", rate=rate).allowed is True
    with clock.moved(days=3):
        hit(scope="t", client="10.0.0.1", rate=rate)
        assert counters_prune() == 2  # the windows of three days ago
    assert RateCounter.objects.count() == 1


def test_archive_export_limited_per_address(db):
    client = Client()
    statuses = [client.get("/eksport.csv").status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    response = client.get("/eksport.json")
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 60
    assert Client(REMOTE_ADDR="10.9.9.9").get("/eksport.json").status_code == 200


def test_api_answers_429_in_json(db):
    client = Client()
    statuses = [client.get("/api/v1/themes").status_code for _ in range(121)]
    assert statuses == [200] * 120 + [429]
    response = client.get("/api/v1/inputs")
    assert response.status_code == 429 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"] == MESSAGE


def test_registration_form_limited_per_link_and_per_address(db):
    client = Client()
    # Unknown links count too: guessing tokens is slowed down like anything else.
    statuses = [client.post("/deltaker/i/lenke-a/", {}).status_code for _ in range(31)]
    assert statuses == [404] * 30 + [429]
    assert MESSAGE in client.post("/deltaker/i/lenke-a/", {}).content.decode()
    # 200 phones behind one address: 600 posts an hour from it pass before it is refused
    # (32 above, 568 here on other links).
    for n in range(568):
        assert client.post(f"/deltaker/i/lenke-{n // 30}/", {}).status_code == 404
    assert client.post("/deltaker/i/lenke-siste/", {}).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.2").post("/deltaker/i/lenke-ny/", {}).status_code == 404


@pytest.mark.parametrize(
    "path", ["/deltaker/i/x/avmeld/", "/deltaker/i/x/takk-nei/", "/evaluering/svar/x/"]
)
def test_other_public_forms_limited_per_link(db, path):
    client = Client()
    statuses = {client.post(path, {}).status_code for _ in range(30)}
    assert 429 not in statuses
    assert client.post(path, {}).status_code == 429


def test_limits_can_be_switched_off(db, settings):
    settings.INNSPILL_RATE_LIMITS = False
    client = Client()
    assert {client.get("/eksport.csv").status_code for _ in range(12)} == {200}


def test_behind_the_proxy_each_forwarded_address_counts_alone(db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    first = Client(HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1")
    assert [first.get("/eksport.csv").status_code for _ in range(11)] == [200] * 10 + [429]
    # A client cannot escape by putting another address first: the proxy's entry is last.
    spoofed = Client(HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.1")
    assert spoofed.get("/eksport.csv").status_code == 429
    assert Client(HTTP_X_FORWARDED_FOR="10.0.0.2").get("/eksport.csv").status_code == 200
