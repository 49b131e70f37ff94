"""The secretariat's organisation registry and contact people: pages, services, permissions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from innspill.common.models import AuditEvent
from innspill.organisations.models import Organisation, Person
from innspill.organisations.services import (
    organisation_create,
    organisation_update,
    person_create,
    person_update,
)
from tests.registrations.factories import staff_user

# Real numbers with a correct mod-11 check digit (974760673: Brønnøysundregistrene).
VALID = "974760673"
VALID_2 = "971526920"


@pytest.fixture
def secretariat(db):
    return staff_user("secretariat")


@pytest.fixture
def logged_in(client, secretariat):
    client.force_login(secretariat)
    return client


def make_org(name="Norsk Folkehjelp", **fields):
    return Organisation.objects.create(name=name, type="frivillig_organisasjon", **fields)


def test_organisation_create_normalises_and_audits(secretariat):
    org = organisation_create(
        by=secretariat,
        name="Brønnøysundregistrene",
        type="statlig_etat",
        org_number="NO 974 760 673 MVA",
        municipality="Brønnøy",
        region="nordland",
    )
    org.refresh_from_db()
    assert (org.name, org.org_number, org.region) == ("Brønnøysundregistrene", VALID, "nordland")
    event = AuditEvent.objects.get(action="organisation.create")
    assert (event.target, event.user, event.details) == (str(org.pk), secretariat, {})


def test_organisation_create_refuses_a_wrong_check_digit(secretariat):
    with pytest.raises(ValidationError) as exc:
        organisation_create(by=secretariat, name="Feil", type="kommune", org_number="974760674")
    assert exc.value.message_dict["org_number"] == [
        "Organisasjonsnummeret 974760674 er ugyldig: kontrollsifferet stemmer ikke "
        "(sjekk om du har byttet om eller tastet feil siffer)."
    ]
    assert Organisation.objects.count() == 0


def test_organisation_update_audits_the_changed_fields(secretariat):
    org = make_org()
    organisation_update(
        organisation=org, by=secretariat, name="Norsk Folkehjelp", region="oslo", org_number=VALID
    )
    org.refresh_from_db()
    assert (org.region, org.org_number) == ("oslo", VALID)
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.details == {"fields": ["org_number", "region"]}


def test_services_refuse_a_role_without_the_capability(db):
    researcher = staff_user("researcher")
    with pytest.raises(PermissionDenied):
        organisation_create(by=researcher, name="X", type="kommune")
    with pytest.raises(PermissionDenied):
        person_create(by=researcher, name="Y")
    assert (Organisation.objects.count(), Person.objects.count()) == (0, 0)


def test_person_create_and_update_audit_without_personal_data(secretariat):
    org = make_org()
    person = person_create(
        by=secretariat, name="Kari Nordmann", email=" Kari@Example.org ", organisation=org
    )
    assert person.email == "kari@example.org"
    person_update(
        person=person,
        by=secretariat,
        name="Kari Nordmann",
        email="kari@example.org",
        phone="+47 22 00 00 00",
        organisation=org,
        role="Daglig leder",
    )
    events = list(AuditEvent.objects.filter(action__startswith="person.").order_by("pk"))
    assert [(e.action, e.details) for e in events] == [
        ("person.create", {"organisation": org.pk}),
        ("person.update", {"fields": ["phone", "role"]}),
    ]
    assert "kari" not in str([e.details for e in events]).lower()


def test_organisation_list_renders_filters_and_paginates(logged_in):
    make_org("Oslo kommune", region="oslo")
    Organisation.objects.create(name="Bergen kommune", type="kommune", region="vestland")
    for i in range(30):
        make_org(f"Lag {i:02d}")
    url = reverse("organisations:organisation-list")
    response = logged_in.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 32
    assert len(response.context["page"].object_list) == 25
    response = logged_in.get(url, {"type": "kommune"})
    assert [o.name for o in response.context["page"]] == ["Bergen kommune"]
    response = logged_in.get(url, {"q": "oslo"})
    assert [o.name for o in response.context["page"]] == ["Oslo kommune"]
    response = logged_in.get(url, {"page": 2})
    assert [o.name for o in response.context["page"]][-1] == "Oslo kommune"


@pytest.mark.parametrize("n", [1, 3])
def test_organisation_list_query_count(logged_in, django_assert_num_queries, n):
    for i in range(n):
        org = make_org(f"Lag {i}")
        Person.objects.create(name=f"Person {i}", organisation=org)
    # session, user, second factor, roles, count, page: the same for 1 and 3 rows
    with django_assert_num_queries(6):
        logged_in.get(reverse("organisations:organisation-list"))


@pytest.mark.parametrize("n", [1, 3])
def test_person_list_query_count(logged_in, django_assert_num_queries, n):
    org = make_org()
    for i in range(n):
        Person.objects.create(name=f"Person {i}", organisation=org, email=f"p{i}@example.org")
    with django_assert_num_queries(6):
        response = logged_in.get(reverse("organisations:person-list"))
    assert response.context["page"].paginator.count == n


def test_create_organisation_through_the_page(logged_in, secretariat):
    response = logged_in.post(
        reverse("organisations:organisation-create"),
        {"name": "Brønnøysundregistrene", "type": "statlig_etat", "org_number": "974 760 673"},
    )
    org = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:organisation-edit", args=[org.pk])
    assert org.org_number == VALID
    assert AuditEvent.objects.get(action="organisation.create").user == secretariat


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (
            "974760674",
            "Organisasjonsnummeret 974760674 er ugyldig: kontrollsifferet stemmer ikke",
        ),
        ("12345", "Organisasjonsnummeret må ha ni siffer (fikk «12345»)."),
        (VALID_2, "Organisasjonsnummeret 971526920 er allerede registrert på «Finnes fra før»."),
    ],
)
def test_organisation_form_explains_a_bad_number_in_norwegian(logged_in, number, message):
    make_org("Finnes fra før", org_number=VALID_2)
    response = logged_in.post(
        reverse("organisations:organisation-create"),
        {"name": "Ny", "type": "kommune", "org_number": number},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.count() == 1


def test_edit_organisation_shows_contacts_and_saves(logged_in):
    org = make_org()
    Person.objects.create(name="Kari Nordmann", organisation=org, role="Styreleder")
    url = reverse("organisations:organisation-edit", args=[org.pk])
    response = logged_in.get(url)
    assert response.status_code == 200
    assert "Kari Nordmann" in response.content.decode()
    response = logged_in.post(
        url, {"name": "Norsk Folkehjelp Oslo", "type": "frivillig_organisasjon", "region": "oslo"}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.region) == ("Norsk Folkehjelp Oslo", "oslo")
    assert AuditEvent.objects.get(action="organisation.update").details == {
        "fields": ["name", "region"]
    }


def test_create_and_edit_person_through_the_pages(logged_in):
    org = make_org()
    response = logged_in.get(reverse("organisations:person-create"), {"organisation": org.pk})
    assert response.context["form"].initial == {"organisation": str(org.pk)}
    response = logged_in.post(
        reverse("organisations:person-create"),
        {"name": "Ola Nordmann", "email": "OLA@example.org", "organisation": org.pk},
    )
    person = Person.objects.get()
    assert response["Location"] == reverse("organisations:organisation-edit", args=[org.pk])
    assert (person.email, person.organisation) == ("ola@example.org", org)
    response = logged_in.post(
        reverse("organisations:person-edit", args=[person.pk]),
        {"name": "Ola Nordmann", "email": "ola@example.org", "role": "Rådgiver"},
    )
    person.refresh_from_db()
    assert (person.role, person.organisation) == ("Rådgiver", None)


def test_person_form_refuses_a_second_contact_with_the_same_email(logged_in):
    Person.objects.create(name="Kari", email="kari@example.org")
    response = logged_in.post(
        reverse("organisations:person-create"), {"name": "Kari 2", "email": "Kari@example.org"}
    )
    assert response.status_code == 200
    assert "En kontaktperson med denne e-postadressen finnes allerede." in response.content.decode()
    assert Person.objects.count() == 1


@pytest.mark.parametrize("role", ["rapporteur", "ministry", "researcher"])
@pytest.mark.parametrize(
    "name",
    [
        "organisations:organisation-list",
        "organisations:organisation-create",
        "organisations:person-list",
        "organisations:person-create",
    ],
)
def test_roles_without_the_capability_get_403(client, db, role, name):
    client.force_login(staff_user(role))
    assert client.get(reverse(name)).status_code == 403


def test_edit_pages_refuse_a_role_without_the_capability(client, db):
    org = make_org()
    person = Person.objects.create(name="Kari")
    client.force_login(staff_user("rapporteur"))
    assert client.get(reverse("organisations:organisation-edit", args=[org.pk])).status_code == 403
    response = client.post(
        reverse("organisations:person-edit", args=[person.pk]), {"name": "Endret"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.name == "Kari"


@pytest.mark.parametrize(
    ("written", "region", "name", "number", "county"),
    [
        ("Bergen", "", "Bergen", "4601", "vestland"),
        ("Tjøme kommune", "", "Færder", "3911", "vestfold"),  # merged into Færder in 2018
        ("Herøy", "nordland", "Herøy", "1818", "nordland"),
        ("Herøy", "", "Herøy", "", ""),  # two municipalities of that name: no guess
        ("Nordby", "vestland", "Nordby", "", "vestland"),  # not in the register
    ],
)
def test_organisation_municipality_resolves_to_todays_number(
    secretariat, written, region, name, number, county
):
    org = organisation_create(
        by=secretariat,
        name="Lag",
        type="frivillig_organisasjon",
        municipality=written,
        region=region,
    )
    org.refresh_from_db()
    assert (org.municipality, org.municipality_number, org.region) == (name, number, county)


def test_database_refuses_a_municipality_number_that_is_not_four_digits(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_org(municipality_number="46")
