from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mufakat.audit"
    verbose_name = "Audit"
