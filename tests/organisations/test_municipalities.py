"""The municipality register: SSB's 2024 municipalities and counties, and earlier names."""

import pytest

from innspill.organisations import municipalities as register
from innspill.organisations.models import Region


def test_the_register_holds_the_2024_municipalities_and_counties():
    found = register.municipalities()
    assert len(found) == 357
    assert len(register.counties()) == 15
    assert {number[:2] for number in found} == set(register.COUNTIES)
    assert (found["4601"].name, found["4601"].county.name) == ("Bergen", "Vestland")
    assert found["5501"].county.region == "troms"


def test_every_county_is_a_region_of_the_organisation_registry():
    assert {c.region for c in register.counties()} == set(Region.values) - {"nasjonal"}


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("Frøya", "5014"),
        ("Haram", "1580"),  # merged into Ålesund in 2020, its own again from 2024
        ("Tjøme", "3911"),  # merged into Færder in 2018
        ("Sandøy", "1508"),  # merged into Ålesund in 2020
        ("Flora", "4602"),  # Kinn since 2020
        ("Fjell", "4626"),  # Øygarden since 2020
        ("Berg", "5530"),  # Senja since 2020
        ("Orkdal", "5059"),
        ("Kautokeino", "5612"),  # one part of a two-language name
        ("Guovdageaidnu - Kautokeino", "5612"),
        ("Trondheim kommune", "5001"),
        ("Herøy (Nordland)", "1818"),
        ("Bø (Telemark)", "4020"),  # an earlier name that is still a name elsewhere
        ("Bø", "1867"),  # today's Bø wins over the one merged away
        ("Nes", "3228"),
    ],
)
def test_lookup_finds_todays_municipality(name, number):
    found = register.lookup(name)
    assert found is not None and found.number == number


@pytest.mark.parametrize("name", ["Herøy", "Snillfjord", "Nordland", "Fjellregionen", ""])
def test_lookup_gives_none_for_two_municipalities_a_split_one_or_no_municipality(name):
    assert register.lookup(name) is None


def test_lookup_narrowed_by_county():
    assert register.lookup("Herøy", county_number="15").number == "1515"


def test_short_name_is_the_norwegian_one():
    assert register.by_number("5612").short_name == "Kautokeino"
    assert register.by_number("0301").short_name == "Oslo"
    assert register.by_number("5001").short_name == "Trondheim"
