from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mufakat.meetings"
    verbose_name = "Meetings"
