from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "innspill.reports"
    verbose_name = "Rapporter"
