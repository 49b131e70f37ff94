from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "innspill.conferences"
    verbose_name = "Konferanser"
