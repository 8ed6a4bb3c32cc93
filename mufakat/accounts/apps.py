from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "mufakat.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.core import checks

        from mufakat.accounts import receivers  # noqa: F401  (connects the MFA audit receivers)
        from mufakat.accounts.checks import check_mfa_required_roles

        checks.register(check_mfa_required_roles, checks.Tags.security)


class MufakatAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that signs in through allauth and asks for the second factor."""

    default = False  # named explicitly in INSTALLED_APPS; AccountsConfig stays this app's default
    default_site = "mufakat.accounts.admin_site.MufakatAdminSite"
