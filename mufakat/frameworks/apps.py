from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "mufakat.frameworks"
    verbose_name = "Frameworks"
