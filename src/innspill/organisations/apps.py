from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "innspill.organisations"
    verbose_name = "Organisasjoner"
