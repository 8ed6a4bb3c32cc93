from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "mufakat.monitoring"
    verbose_name = "Monitoring"
