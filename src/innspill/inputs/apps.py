from django.apps import AppConfig


class InputsConfig(AppConfig):
    name = "innspill.inputs"
    verbose_name = "Innspill"

    def ready(self) -> None:
        from innspill.inputs import signals  # noqa: F401 - connects the search-index signals
