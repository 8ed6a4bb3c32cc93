from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "mufakat.workplans"
    verbose_name = "Workplans"
