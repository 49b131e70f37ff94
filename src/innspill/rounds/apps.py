from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "innspill.rounds"
    verbose_name = "Spørrerunder"
