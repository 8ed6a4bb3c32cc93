from django.apps import AppConfig


class AccountsCommandLineConfig(AppConfig):
    """Django's own account commands, audited.

    ``createsuperuser`` and ``changepassword`` grant access from a shell on the server, outside
    every screen. Django lets the first installed app that defines a command win, so this app
    is listed before ``django.contrib.auth`` and only wraps its commands."""

    name = "mufakat.accounts.cli"
    label = "accounts_cli"
    verbose_name = "Account commands"
