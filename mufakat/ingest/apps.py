from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "mufakat.ingest"
    verbose_name = "Ingest"
