from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "innspill.archive"
    verbose_name = "Arkiv"

    def ready(self) -> None:
        from innspill.archive.services import on_data_changed
        from innspill.inputs.models import data_changed

        data_changed.connect(on_data_changed, dispatch_uid="archive-analysis")
