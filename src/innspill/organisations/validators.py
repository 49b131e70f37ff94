"""Norwegian organisation number (organisasjonsnummer): nine digits, the last a mod-11 check digit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnr_check_digit(first_eight: str) -> int | None:
    """The check digit for eight digits, or None when no valid number exists (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise_orgnr(value: str) -> str:
    """Drop spaces and the «NO»/«MVA» decorations people paste in."""
    value = value.upper().replace("NO", "").replace("MVA", "")
    return "".join(ch for ch in value if not ch.isspace())


def validate_orgnr(value: str) -> None:
    """Reject anything but nine digits with a correct mod-11 check digit."""
    digits = normalise_orgnr(value)
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(
            _("Organisasjonsnummeret må ha ni siffer (fikk «%(value)s»).") % {"value": value},
            code="orgnr_format",
        )
    expected = orgnr_check_digit(digits[:8])
    if expected is None or expected != int(digits[8]):
        raise ValidationError(
            _(
                "Organisasjonsnummeret %(value)s er ugyldig: kontrollsifferet stemmer ikke "
                "(sjekk om du har byttet om eller tastet feil siffer)."
            )
            % {"value": digits},
            code="orgnr_checkdigit",
        )
