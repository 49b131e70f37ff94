from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "innspill.limits"
    verbose_name = "Rate limits"
