from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "innspill.common"
    verbose_name = "Felles"
