from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mufakat.core"
    verbose_name = "Core"
