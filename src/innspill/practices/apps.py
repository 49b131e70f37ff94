from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "innspill.practices"
    verbose_name = _("Gode grep")

    def ready(self) -> None:
        from innspill.inputs.importing import report_imported
        from innspill.practices.services import on_report_imported

        report_imported.connect(on_report_imported, dispatch_uid="practices-from-report")
