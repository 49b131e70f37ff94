from django.apps import AppConfig


class CaptureConfig(AppConfig):
    name = "innspill.capture"
    verbose_name = "Innspill på konferansedagen"
