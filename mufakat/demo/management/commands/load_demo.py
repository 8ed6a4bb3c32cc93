"""``mufakat load_demo``: load or refresh the demo data, then list the demo accounts."""

from typing import Any

from django.core.management.base import BaseCommand

from mufakat.accounts.permissions import mfa_required_roles
from mufakat.demo.loader import load_demo
from mufakat.demo.story import load_story
from mufakat.frameworks.demo import load_framework_demo


class Command(BaseCommand):
    help = (
        "Load the Mufakat demo data (sourced ASEAN transnational-crime records, the demo "
        "accounts, and the work between meetings dated from today). Idempotent: running it "
        "again updates the same rows and keeps the dates of the first load."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        created = sum(result.created.values())
        updated = sum(result.updated.values())
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded: {created} rows created, {updated} updated.")
        )
        load_story(stdout=self.stdout)  # the rounds, action items, documents, delegations
        load_framework_demo(stdout=self.stdout)  # activities mapped to SDG 16 and plans
        rows = [("username", "password", "role", "party", "agency")]
        rows += [(u.username, u.password, u.role, u.party, u.agency or "") for u in result.users]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        rule = "  ".join("-" * w for w in widths)
        self.stdout.write("\nDemo accounts (demo passwords, not secrets):")
        for n, row in enumerate(rows):
            line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
            if n == 0:
                self.stdout.write(rule)
        required = [u.username for u in result.users if u.role in mfa_required_roles()]
        if required:
            self.stdout.write(
                f"\nTwo-factor authentication is required of {', '.join(required)}: set up an "
                "authenticator app at the first sign-in (security keys work on "
                "http://localhost:<port>). MUFAKAT_MFA_REQUIRED_ROLES= (empty) lifts the "
                "requirement for a quick look."
            )
