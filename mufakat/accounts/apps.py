from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mufakat.accounts"
    verbose_name = "Accounts"
