from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innspill.accounts"
    verbose_name = "Brukere"
