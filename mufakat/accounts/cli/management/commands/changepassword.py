"""``changepassword``, with an audit event when the password was changed."""

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import changepassword

from mufakat.accounts import services


class Command(changepassword.Command):
    def handle(self, *args: Any, **options: Any) -> str | None:
        result = super().handle(*args, **options)  # raises CommandError when nothing changed
        model = get_user_model()
        username = options["username"] or getpass.getuser()  # as Django does
        user = model._default_manager.db_manager(options["database"]).get_by_natural_key(username)
        services.record_command_line_account(user=user, created=False)
        return result
