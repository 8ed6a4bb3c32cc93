from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "mufakat.papers"
    verbose_name = "Meeting papers"
