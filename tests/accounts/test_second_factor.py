"""Staff logins: password, then a TOTP code (or a recovery code); lock-out after failed passwords."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innspill.accounts import services
from innspill.common.models import AuditEvent

PASSWORD = "pw-for-tests-only"  # noqa: S105
LOGIN = "/ansatt/logg-inn/"


@pytest.fixture(autouse=True)
def _codes_required(settings):
    settings.INNSPILL_ADMIN_REQUIRE_OTP = True
    # Hashing with the production hasher costs seconds on a busy machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("sekretariat", password=PASSWORD)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def password_login(client: Client, username: str = "sekretariat") -> None:
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content


def test_password_then_code_reaches_the_dashboard(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="telefon", confirmed=True)
    password_login(client)
    response = client.get("/ansatt/")
    assert response.status_code == 302
    assert response["Location"] == "/ansatt/logg-inn/kode/?next=%2Fansatt%2F"
    response = client.post(response["Location"], {"code": current_code(device)})
    assert (response.status_code, response["Location"]) == (302, "/ansatt/")
    assert client.get("/ansatt/").status_code == 200


def test_wrong_code_stays_on_the_prompt(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="telefon", confirmed=True)
    password_login(client)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/ansatt/logg-inn/kode/?next=/ansatt/", {"code": wrong})
    assert response.status_code == 200
    assert "Koden stemmer ikke." in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/ansatt/").status_code == 302


def test_without_device_enrolment_shows_qr_and_gives_ten_recovery_codes(client, staff):
    password_login(client)
    response = client.get("/ansatt/")
    assert response["Location"] == "/ansatt/logg-inn/tofaktor/?next=%2Fansatt%2F"
    page = client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed is False
    assert '<svg width="' in page and 'class="otp-qr"' in page
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert secret.replace(" ", "") == device.config_url.split("secret=")[1].split("&")[0]
    assert "<script>" not in page and "style=" not in page  # the strict CSP allows neither

    response = client.post(
        "/ansatt/logg-inn/tofaktor/?next=/ansatt/", {"code": current_code(device)}
    )
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    ) == sorted(codes)
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/ansatt/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.enrol", target="sekretariat").count() == 1
    # Enrolment is closed once a device is confirmed: a password alone cannot add another.
    other = Client()
    password_login(other)
    assert (
        other.get("/ansatt/logg-inn/tofaktor/")["Location"]
        == "/ansatt/logg-inn/kode/?next=%2Fansatt%2F"
    )


def test_recovery_code_works_once(staff):
    TOTPDevice.objects.create(user=staff, name="telefon", confirmed=True)
    code = services.recovery_codes_replace(user=staff)[3]
    first, second = Client(), Client()
    password_login(first)
    response = first.post("/ansatt/logg-inn/kode/?next=/ansatt/", {"code": code.upper()})
    assert (response.status_code, response["Location"]) == (302, "/ansatt/")
    assert first.get("/ansatt/").status_code == 200
    password_login(second)
    response = second.post("/ansatt/logg-inn/kode/?next=/ansatt/", {"code": code})
    assert response.status_code == 200 and "Koden stemmer ikke." in response.content.decode()
    assert StaticToken.objects.filter(device__user=staff).count() == 9


def staff_urls() -> list[tuple[str, str]]:
    """(path, capability) of every view behind `capability_required`, with sample arguments."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "capability"):
                path = re.sub(r"<int:\w+>", "1", route)
                path = re.sub(r"<(?:str|slug):\w+>", "x", path)
                found.append(("/" + path, pattern.callback.capability))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_staff_url_sends_a_password_only_login_to_the_code(client, staff):
    TOTPDevice.objects.create(user=staff, name="telefon", confirmed=True)
    password_login(client)
    urls = staff_urls()
    assert len(urls) >= 40
    assert {path for path, _ in urls if path.startswith("/ansatt/")} >= {
        "/ansatt/",
        "/ansatt/import/",
    }
    for path, _capability in urls + [("/admin/", "admin"), ("/admin/auth/user/", "admin")]:
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path)
        assert response.status_code == 302, path
        if path.startswith("/admin/"):  # the admin's own login page passes the user on
            assert response["Location"] == f"/admin/login/?next={path}"
            response = client.get(response["Location"])
        assert response["Location"].startswith("/ansatt/logg-inn/kode/?next="), path


def test_every_ansatt_page_is_a_staff_view():
    """Every page under /ansatt/ is protected by capability_required, except the login itself."""
    login_pages = {
        "/ansatt/logg-inn/",
        "/ansatt/logg-inn/kode/",
        "/ansatt/logg-inn/tofaktor/",
        "/ansatt/logg-ut/",
    }
    guarded = {path for path, _ in staff_urls()}
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                routes.append(
                    "/" + re.sub(r"<(?:str|slug):\w+>", "x", re.sub(r"<int:\w+>", "1", route))
                )

    walk(get_resolver().url_patterns, "")
    unguarded = [r for r in routes if "ansatt/" in r and r not in guarded and r not in login_pages]
    assert unguarded == []


def test_password_only_user_has_no_staff_role_on_public_pages(client, staff):
    TOTPDevice.objects.create(user=staff, name="telefon", confirmed=True)
    password_login(client)
    page = client.get("/").content.decode()
    assert 'href="/ansatt/"' not in page


def test_codes_off_for_the_demo(client, staff, settings):
    settings.INNSPILL_ADMIN_REQUIRE_OTP = False
    password_login(client)
    assert client.get("/ansatt/").status_code == 200


def test_thirty_wrong_passwords_lock_the_account_with_a_message(client, staff):
    statuses = [
        client.post(LOGIN, {"username": "sekretariat", "password": "feil"}).status_code
        for _ in range(30)
    ]
    assert statuses == [200] * 9 + [429] * 21
    response = client.post(LOGIN, {"username": "sekretariat", "password": PASSWORD})
    assert response.status_code == 429
    assert "Innloggingen er midlertidig sperret" in response.content.decode()
    # The username is locked from any address, too.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post(LOGIN, {"username": "sekretariat", "password": PASSWORD}).status_code == 429
    call_command("axes_reset_username", "sekretariat")
    call_command("axes_reset_ip", "127.0.0.1")
    assert client.post(LOGIN, {"username": "sekretariat", "password": PASSWORD}).status_code == 302


def test_otp_reset_command_removes_devices_and_is_audited(staff, capsys):
    TOTPDevice.objects.create(user=staff, name="telefon", confirmed=True)
    services.recovery_codes_replace(user=staff)
    call_command("otp_reset", "sekretariat")
    assert (
        capsys.readouterr().out
        == "Tofaktorinnloggingen til sekretariat er nullstilt (2 enheter fjernet).\n"
    )
    assert TOTPDevice.objects.filter(user=staff).count() == 0
    assert StaticToken.objects.count() == 0
    event = AuditEvent.objects.get(action="otp.reset")
    assert (event.target, event.details) == ("sekretariat", {"devices": 2})
    with pytest.raises(CommandError, match="Ingen bruker heter «ukjent»"):
        call_command("otp_reset", "ukjent")


def test_admin_action_resets_the_second_factor(client, staff):
    other = User.objects.create_user("referent")
    TOTPDevice.objects.create(user=other, name="telefon", confirmed=True)
    client.force_login(staff)
    response = client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [other.pk]}
    )
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=other).count() == 0
    assert AuditEvent.objects.get(action="otp.reset").user == staff
