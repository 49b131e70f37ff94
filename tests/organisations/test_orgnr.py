import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from innspill.organisations.models import Organisation
from innspill.organisations.validators import orgnr_check_digit, validate_orgnr


@pytest.mark.parametrize("value", ["913284577", "987 654 325", "NO 123456785 MVA"])
def test_validate_orgnr_accepts_valid_numbers(value):
    validate_orgnr(value)


def test_validate_orgnr_wrong_check_digit_says_so():
    with pytest.raises(ValidationError) as exc:
        validate_orgnr("913284572")
    assert exc.value.code == "orgnr_checkdigit"
    assert "kontrollsifferet" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["12345678", "1234567890", "91328457a", ""])
def test_validate_orgnr_rejects_wrong_length(value):
    with pytest.raises(ValidationError) as exc:
        validate_orgnr(value)
    assert exc.value.code == "orgnr_format"


def test_check_digit_remainder_one_has_no_valid_number():
    assert orgnr_check_digit("97452337") is None


@pytest.mark.django_db
def test_organisation_full_clean_rejects_bad_check_digit():
    org = Organisation(name="Forening", type="innvandrerorganisasjon", org_number="913284572")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "org_number" in exc.value.message_dict


@pytest.mark.django_db
def test_organisation_type_is_a_database_constraint():
    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="X", type="ukjent")


@pytest.mark.django_db
def test_organisation_number_is_unique():
    Organisation.objects.create(name="A", type="kommune", org_number="913284577")
    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="B", type="kommune", org_number="913284577")
