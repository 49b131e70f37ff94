"""Writes to the organisation registry and its contacts: staff edits, checked and audited.

The audit event names the fields that changed, never their values: a contact's details are
personal data and stay in this app (the rows' own history keeps the values).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from innspill.accounts.roles import require
from innspill.common.models import audit
from innspill.organisations import municipalities
from innspill.organisations.models import Organisation, Person
from innspill.organisations.validators import normalise_orgnr


def _changed(model: Any, pk: int, fields: dict[str, Any]) -> list[str]:
    """Names of `fields` whose value differs from the stored row (forms edit the instance in place)."""
    columns = {(f"{k}_id" if hasattr(v, "pk") else k): k for k, v in fields.items()}
    stored = model.objects.filter(pk=pk).values(*columns).first() or {}
    return sorted(
        name
        for column, name in columns.items()
        if stored.get(column) != getattr(fields[name], "pk", fields[name])
    )


def _clean(instance: Organisation | Person) -> None:
    # The model's validators (the org. number's check digit) and constraints hold for every caller.
    if isinstance(instance, Organisation):
        _resolve_municipality(instance)
    instance.full_clean()


def _resolve_municipality(organisation: Organisation) -> None:
    """Today's municipality number (and county, if none was given) from the name as written.

    An earlier name («Tjøme») finds today's municipality and takes its name; a name the register
    does not know, or one that names two municipalities without a county, keeps the text as
    written and no number.
    """
    county = next(
        (c.number for c in municipalities.counties() if c.region == organisation.region), ""
    )
    found = municipalities.lookup(organisation.municipality, county_number=county)
    if found is None:
        organisation.municipality_number = ""
        return
    organisation.municipality_number = found.number
    organisation.municipality = found.short_name
    if not organisation.region:
        organisation.region = found.county.region


@transaction.atomic
def organisation_create(*, by: Any, **fields: Any) -> Organisation:
    """Add an organisation to the registry (org. number normalised and checked); audited."""
    require(by, "organisations.manage")
    if fields.get("org_number"):
        fields["org_number"] = normalise_orgnr(fields["org_number"])
    organisation = Organisation(**fields)
    _clean(organisation)
    organisation.save()
    audit(action="organisation.create", target=str(organisation.pk), by=by)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: Any, **fields: Any) -> Organisation:
    """Change an organisation's fields; audited with the names of the fields that changed."""
    require(by, "organisations.manage")
    if fields.get("org_number"):
        fields["org_number"] = normalise_orgnr(fields["org_number"])
    changed = _changed(Organisation, organisation.pk, fields)
    for name, value in fields.items():
        setattr(organisation, name, value)
    _clean(organisation)
    organisation.save()
    audit(
        action="organisation.update",
        target=str(organisation.pk),
        details={"fields": changed},
        by=by,
    )
    return organisation


@transaction.atomic
def person_create(*, by: Any, **fields: Any) -> Person:
    """Add a contact person (to an organisation or on their own); audited without personal data."""
    require(by, "organisations.manage")
    fields["email"] = fields.get("email", "").strip().lower()
    person = Person(**fields)
    _clean(person)
    person.save()
    audit(
        action="person.create",
        target=str(person.pk),
        details={"organisation": person.organisation_id},
        by=by,
    )
    return person


@transaction.atomic
def person_update(*, person: Person, by: Any, **fields: Any) -> Person:
    """Change a contact person's details; audited with the names of the fields that changed."""
    require(by, "organisations.manage")
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    changed = _changed(Person, person.pk, fields)
    for name, value in fields.items():
        setattr(person, name, value)
    _clean(person)
    person.save()
    audit(action="person.update", target=str(person.pk), details={"fields": changed}, by=by)
    return person
