"""``createsuperuser``, with an audit event for every account it opens."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser

from mufakat.accounts import services


class Command(createsuperuser.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()._default_manager.db_manager(options.get("database"))
        before = users.order_by("-pk").values_list("pk", flat=True).first() or 0
        super().handle(*args, **options)
        for user in users.filter(pk__gt=before, is_superuser=True):
            services.record_command_line_account(user=user, created=True)
