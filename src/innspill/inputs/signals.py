"""Keep the SQLite search index and the data version in step with single-row writes (admin, services).

Bulk loads and classification index and bump explicitly, once per batch.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from innspill.conferences.models import Session
from innspill.inputs import search
from innspill.inputs.models import Actor, DataVersion, Input, Kind, Theme


@receiver(post_save, sender=Input, dispatch_uid="input-index-save")
def _index_saved(sender, instance: Input, raw: bool = False, **kwargs) -> None:
    search.index_rows([(instance.pk, instance.text)])
    DataVersion.bump()


@receiver(post_delete, sender=Input, dispatch_uid="input-index-delete")
def _unindex_deleted(sender, instance: Input, **kwargs) -> None:
    search.unindex([instance.pk])
    DataVersion.bump()


@receiver(m2m_changed, sender=Input.actors.through, dispatch_uid="input-actors-changed")
@receiver(m2m_changed, sender=Input.themes.through, dispatch_uid="input-themes-changed")
def _labels_changed(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        DataVersion.bump()


def _vocabulary_changed(sender, **kwargs) -> None:
    DataVersion.bump()


for _model in (Theme, Actor, Kind, Session):
    post_save.connect(
        _vocabulary_changed, sender=_model, dispatch_uid=f"vocabulary-save-{_model.__name__}"
    )
    post_delete.connect(
        _vocabulary_changed, sender=_model, dispatch_uid=f"vocabulary-delete-{_model.__name__}"
    )
