"""Keep the SQLite search index in step with single-row writes (admin, services). Bulk loads index explicitly."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from innspill.inputs import search
from innspill.inputs.models import Input


@receiver(post_save, sender=Input, dispatch_uid="input-index-save")
def _index_saved(sender, instance: Input, raw: bool = False, **kwargs) -> None:
    search.index_rows([(instance.pk, instance.text)])


@receiver(post_delete, sender=Input, dispatch_uid="input-index-delete")
def _unindex_deleted(sender, instance: Input, **kwargs) -> None:
    search.unindex([instance.pk])
