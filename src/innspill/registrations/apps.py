from typing import Any

from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "innspill.registrations"
    verbose_name = "Påmelding"

    def ready(self) -> None:
        from innspill.conferences.signals import capacity_changed

        capacity_changed.connect(_promote_on_capacity_change, dispatch_uid="registrations-promote")


def _promote_on_capacity_change(*, conference: Any, by: Any, **kwargs: Any) -> None:
    from innspill.registrations.lifecycle import waiting_list_promote

    waiting_list_promote(conference=conference, by=by)
