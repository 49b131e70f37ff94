from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "innspill.archive"
    verbose_name = "Arkiv"
