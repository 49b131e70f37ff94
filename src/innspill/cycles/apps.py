from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "innspill.cycles"
    verbose_name = "Sykluser"
