from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "innspill.registrations"
    verbose_name = "Påmelding"
