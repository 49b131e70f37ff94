from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "innspill.practices"
    verbose_name = _("Gode grep")

    def ready(self) -> None:
        from innspill.inputs.models import report_imported

        report_imported.connect(_on_report_imported, dispatch_uid="practices-from-report")


def _on_report_imported(sender: object, **kwargs) -> None:
    # the services load with the first import, not with every command's start-up
    from innspill.practices.services import on_report_imported

    on_report_imported(sender, **kwargs)
