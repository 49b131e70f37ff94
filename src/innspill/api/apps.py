from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "innspill.api"
    verbose_name = "API"
