from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "mufakat.desk"
    verbose_name = "My desk"
