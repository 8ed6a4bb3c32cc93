from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "mufakat.backups"
    verbose_name = "Backups"
