from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "innspill.common"
    verbose_name = "Felles"

    def ready(self) -> None:
        from innspill.common import checks  # noqa: F401 - registers the system checks
