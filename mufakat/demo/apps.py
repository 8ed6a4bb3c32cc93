from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mufakat.demo"
    verbose_name = "Demo"
