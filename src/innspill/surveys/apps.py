from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "innspill.surveys"
    verbose_name = "Evaluering"
