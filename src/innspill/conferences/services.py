"""Writes to conferences, their parallel blocks and program items (sessions).

Staff edits are audited with the fields they changed; the rows keep their own history too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from innspill.common.content import Translatable, translations_clean
from innspill.common.models import audit
from innspill.conferences.models import Block, Conference, Session, SessionKind
from innspill.conferences.signals import capacity_changed
from innspill.cycles.models import Cycle


def _changed(model: Any, pk: int, fields: dict[str, Any]) -> list[str]:
    """Names of `fields` whose value differs from the stored row (forms edit the instance in place)."""
    stored = model.objects.filter(pk=pk).values(*fields).first() or {}
    return sorted(
        name
        for name, value in fields.items()
        if stored.get(name) != (value.pk if hasattr(value, "pk") else value)
    )


def _column_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Form data keyed for `values()`: foreign keys compare by id."""
    return {(f"{k}_id" if hasattr(v, "pk") else k): v for k, v in fields.items()}


def _checked(model: type[Translatable], fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` with their `translations`, if any, checked and tidied (ValidationError if wrong)."""
    if "translations" in fields:
        return {**fields, "translations": translations_clean(model, fields["translations"])}
    return fields


def conference_get_or_create(
    *, cycle: Cycle, title: str, defaults: dict[str, Any] | None = None, by: Any = None
) -> tuple[Conference, bool]:
    """The conference of `cycle` titled `title`, created with `defaults` if missing; (conference, created)."""
    return Conference.objects.get_or_create(cycle=cycle, title=title[:300], defaults=defaults or {})


@transaction.atomic
def conference_create(*, cycle: Cycle, title: str, by: Any, **fields: Any) -> Conference:
    """Create a conference (staff editor); audited."""
    conference = Conference.objects.create(cycle=cycle, title=title, **_checked(Conference, fields))
    audit(action="conference.create", target=str(conference.pk), by=by)
    return conference


@transaction.atomic
def conference_update(
    *,
    conference: Conference,
    by: Any,
    block_translations: Mapping[int, Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Conference:
    """Change a conference's fields, and its blocks' translations; audited with the names of the
    fields that changed (a block's as «block:<id>.translations»)."""
    fields = _checked(Conference, fields)
    changed = _changed(Conference, conference.pk, _column_values(fields))
    for name, value in fields.items():
        setattr(conference, name, value)
    conference.save()
    for block in conference.blocks.filter(pk__in=list(block_translations or {})):
        translations = translations_clean(Block, (block_translations or {})[block.pk])
        if translations != block.translations:
            block.translations = translations
            block.save(update_fields=["translations"])
            changed.append(f"block:{block.pk}.translations")
    audit(action="conference.update", target=str(conference.pk), details={"fields": changed}, by=by)
    if "capacity" in changed:
        capacity_changed.send(sender=Conference, conference=conference, by=by)
    return conference


@transaction.atomic
def block_create(
    *,
    conference: Conference,
    title: str,
    position: int = 0,
    translations: Mapping[str, Any] | None = None,
    by: Any,
) -> Block:
    """Add a parallel block to a conference's program; audited."""
    block = Block.objects.create(
        conference=conference,
        title=title,
        position=position,
        translations=translations_clean(Block, translations),
    )
    audit(action="block.create", target=str(block.pk), details={"conference": conference.pk}, by=by)
    return block


def session_get_or_create(
    *, conference: Conference, title: str, number: int | None = None, by: Any = None, **fields: Any
) -> tuple[Session, bool]:
    """A parallel session by number (when given) or any session by title, created if missing.

    Used by loading and importing, which record their own audit event for the whole run.
    """
    qs = conference.sessions.all()
    existing = (
        qs.filter(number=number, kind=SessionKind.PARALLEL) if number else qs.filter(title=title)
    ).first()
    if existing:
        return existing, False
    return Session.objects.create(conference=conference, title=title, number=number, **fields), True


@transaction.atomic
def session_create(*, conference: Conference, by: Any, **fields: Any) -> Session:
    """Add a program item to a conference; audited."""
    session = Session.objects.create(conference=conference, **_checked(Session, fields))
    audit(
        action="session.create",
        target=str(session.pk),
        details={"conference": conference.pk},
        by=by,
    )
    return session


@transaction.atomic
def session_update(*, session: Session, by: Any, **fields: Any) -> Session:
    """Change a program item; audited with the names of the fields that changed."""
    fields = _checked(Session, fields)
    changed = _changed(Session, session.pk, _column_values(fields))
    for name, value in fields.items():
        setattr(session, name, value)
    session.save()
    audit(
        action="session.update",
        target=str(session.pk),
        details={"conference": session.conference_id, "fields": changed},
        by=by,
    )
    if "capacity" in changed:
        capacity_changed.send(sender=Session, conference=session.conference, by=by)
    return session


@transaction.atomic
def session_delete(*, session: Session, by: Any) -> None:
    """Remove a program item (its inputs keep their text, without the session); audited."""
    details = {"conference": session.conference_id, "title": session.title}
    target = str(session.pk)
    session.delete()
    audit(action="session.delete", target=target, details=details, by=by)
