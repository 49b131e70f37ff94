"""Reads for the organisation registry's staff pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from innspill.organisations.models import Organisation, Person


def organisations_for_staff(*, q: str = "", type: str = "", region: str = "") -> QuerySet:
    """Organisations matching a name, municipality or org. number, with their number of contacts."""
    qs = Organisation.objects.annotate(n_contacts=Count("contacts")).order_by("name", "pk")
    q = q.strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        match = Q(name__icontains=q) | Q(municipality__icontains=q)
        if len(digits) >= 3:
            match |= Q(org_number__contains=digits)
        qs = qs.filter(match)
    if type:
        qs = qs.filter(type=type)
    if region:
        qs = qs.filter(region=region)
    return qs


def people_for_staff(*, q: str = "") -> QuerySet:
    """Contact people matching a name, e-mail or organisation name."""
    qs = Person.objects.select_related("organisation").order_by("name", "pk")
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(email__icontains=q) | Q(organisation__name__icontains=q)
        )
    return qs
