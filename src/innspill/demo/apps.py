from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "innspill.demo"
    verbose_name = "Demo"
