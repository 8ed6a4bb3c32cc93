"""The people the demo story acts as: the demo accounts, and one reporting account per party.

Only Indonesia and Japan have demo accounts people sign in with. The other member states still
report, are reminded and name delegations in the story, so each gets a focal-point account that
nobody signs in with (no usable password) but that receives the round's mails in the demo
outbox. The story writes through the services *as* these accounts, so every report, review and
nomination is audited and versioned exactly as when a person does it.
"""

from __future__ import annotations

from mufakat.accounts.models import Role, User
from mufakat.registry.models import Party

#: Demo accounts people sign in with (mufakat.demo.data.DEMO_USERS), by party code.
SIGN_IN_ACCOUNTS = {"IDN": "idn.focal", "JPN": "jpn.focal"}


def username_for(code: str) -> str:
    return SIGN_IN_ACCOUNTS.get(code, f"{code.lower()}.focal")


def secretariat() -> User:
    return User.objects.get(username="secretariat")


def focal_point(code: str) -> User:
    """The focal point of a party: the demo account, or (once) a reporting-only account."""
    username = username_for(code)
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    party = Party.objects.get(code=code)
    user = User(
        username=username,
        first_name=f"Focal point, {party.name}",
        email=f"{username}@demo.invalid",
        party=party,
        role=Role.FOCAL_POINT,
        is_active=True,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user
