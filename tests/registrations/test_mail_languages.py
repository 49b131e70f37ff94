"""An invitation e-mail is written in the language it is sent in, Arabic laid out right to left."""

from django.contrib.auth.models import User
from django.core import mail

from innspill.registrations.services import invitation_create
from tests.registrations.factories import make_conference


def _invite(language):
    conference = make_conference()
    conference.title = "Integreringskonferansen 2018"
    conference.save(update_fields=["title"])
    staff = User.objects.create_superuser("sekretariat", password="pw-for-tests-only")
    _invitation, token = invitation_create(
        conference=conference,
        email="amina@example.org",
        name="Amina Hassan",
        organisation_name="Org",
        language=language,
        by=staff,
    )
    (message,) = mail.outbox
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return message, html, f"http://testserver/deltaker/i/{token}/"


def test_an_invitation_in_arabic_is_arabic_and_right_to_left(db):
    message, html, link = _invite("ar")
    assert message.subject == "دعوة: Integreringskonferansen 2018"
    assert message.body == (
        "مرحبًا Amina Hassan،\n\n"
        "أنت مدعو إلى Integreringskonferansen 2018. سجّل، واختر الجلسات التي تفضلها، أو اعتذر، "
        "باستخدام رابطك الشخصي أدناه.\n\n"
        "Integreringskonferansen 2018\n"
        "التاريخ: 20 نوفمبر، 2018\n"
        "المكان: Oslo kongressenter\n\n"
        "رابطك الشخصي (لعرض تسجيلك أو تعديله، أو إلغائه، أو إرسال شخص آخر مكانك):\n"
        f"{link}\n\n"
        "الرابط شخصي. لا تشاركه مع غيرك.\n\n"
        "مع أطيب التحيات،\n"
        "الأمانة\n"
    )
    assert '<html lang="ar" dir="rtl">' in html
    assert f'<a href="{link}" rel="nofollow">{link}</a>' in html
    assert "<p>مع أطيب التحيات،<br>الأمانة</p>" in html


def test_an_invitation_in_somali_is_somali_with_a_numeric_date(db):
    message, html, link = _invite("so")
    assert message.subject == "Casuumad: Integreringskonferansen 2018"
    assert message.body == (
        "Salaan Amina Hassan,\n\n"
        "Waxaa lagugu casuumay Integreringskonferansen 2018. Is diiwaangeli, dooro kulamada aad "
        "rabto, ama diid adigoo isticmaalaya xiriirkaaga gaarka ah ee hoose.\n\n"
        "Integreringskonferansen 2018\n"
        "Taariikhda: 20.11.2018\n"
        "Goobta: Oslo kongressenter\n\n"
        "Xiriirkaaga gaarka ah (arag ama beddel diiwaangelinta, ka bax, ama qof kale u dir "
        "meeshaada):\n"
        f"{link}\n\n"
        "Xiriirku waa gaar kuu ah. Ha la wadaagin dad kale.\n\n"
        "Salaan diirran,\n"
        "xoghaynta\n"
    )
    assert '<html lang="so" dir="ltr">' in html


def test_an_invitation_in_bokmal_keeps_its_words(db):
    message, html, _link = _invite("nb")
    assert message.subject == "Invitasjon: Integreringskonferansen 2018"
    assert message.body.startswith("Hei Amina Hassan,\n\nDu er invitert til ")
    assert message.body.endswith("Vennlig hilsen\nsekretariatet\n")
    assert '<html lang="nb" dir="ltr">' in html


def test_an_invitation_names_the_conference_as_translated_and_falls_back_to_bokmal(db):
    conference = make_conference()
    conference.title = "Integreringskonferansen 2018"
    conference.translations = {"en": {"title": "The integration conference 2018"}}
    conference.save(update_fields=["title", "translations"])
    staff = User.objects.create_superuser("sekretariat", password="pw-for-tests-only")
    for language in ("en", "pl"):
        invitation_create(
            conference=conference,
            email=f"{language}@example.org",
            name="Amina Hassan",
            organisation_name="Org",
            language=language,
            by=staff,
        )
    english, polish = mail.outbox
    assert english.subject == "Invitation: The integration conference 2018"
    assert "The integration conference 2018\n" in english.body
    assert "Integreringskonferansen" not in english.body
    # no Polish title: the bokmål one, as plain text (no markup in an e-mail's text part)
    assert "Integreringskonferansen 2018\n" in polish.body
    assert "<span" not in polish.body
