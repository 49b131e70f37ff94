from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "innspill.followups"
    verbose_name = _("Oppfølging")

    def ready(self) -> None:
        from innspill.inputs.models import input_merged

        input_merged.connect(_on_input_merged, dispatch_uid="followups-on-merge")


def _on_input_merged(sender: object, **kwargs) -> None:
    # imported here: services import models, which may not be loaded when the app registry starts
    from innspill.followups.services import followups_move_on_merge

    followups_move_on_merge(item=kwargs["item"], into=kwargs["into"], by=kwargs.get("by"))
