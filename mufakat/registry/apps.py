from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "mufakat.registry"
    verbose_name = "Registry"
