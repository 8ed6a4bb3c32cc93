"""The two axes of access (DESIGN.md §3): who may see a record, and how it must be handled.

Audience is ordered from widest to narrowest; a TLP label caps how wide the audience may be.
A combination over the cap is refused, never silently narrowed.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    PLATFORM = "platform", _("All platform users")
    MEMBER_STATES = "member_states", _("ASEAN member states")
    SHARING_GROUP = "sharing_group", _("Sharing groups")
    ORGANISATION = "organisation", _("Owning organisation")
    NAMED = "named", _("Named people")


class TLP(models.TextChoices):
    CLEAR = "CLEAR", "TLP:CLEAR"
    GREEN = "GREEN", "TLP:GREEN"
    AMBER = "AMBER", "TLP:AMBER"
    AMBER_STRICT = "AMBER+STRICT", "TLP:AMBER+STRICT"
    RED = "RED", "TLP:RED"


AUDIENCE_ORDER: list[str] = [a.value for a in Audience]

#: The widest audience each TLP label allows.
TLP_CAP: dict[str, str] = {
    TLP.CLEAR: Audience.PUBLIC,
    TLP.GREEN: Audience.PLATFORM,
    TLP.AMBER: Audience.SHARING_GROUP,
    TLP.AMBER_STRICT: Audience.ORGANISATION,
    TLP.RED: Audience.NAMED,
}


def audience_rank(audience: str) -> int:
    """0 for public, growing as the audience narrows."""
    return AUDIENCE_ORDER.index(audience)


def narrowest(*audiences: str) -> str:
    return max(audiences, key=audience_rank)


def check_audience_within_tlp(audience: str, tlp: str) -> None:
    """Refuse an audience wider than the TLP label allows."""
    if audience not in AUDIENCE_ORDER:
        raise ValidationError({"audience": _("Unknown audience “%s”.") % audience})
    if tlp not in TLP_CAP:
        raise ValidationError({"tlp": _("Unknown TLP label “%s”.") % tlp})
    cap = TLP_CAP[tlp]
    if audience_rank(audience) < audience_rank(cap):
        raise ValidationError(
            {
                "audience": _(
                    "TLP:%(tlp)s allows at most the audience “%(cap)s”; “%(audience)s” is wider."
                )
                % {"tlp": tlp, "cap": cap, "audience": audience}
            }
        )


def tlp_css_class(tlp: str) -> str:
    return "tlp-" + tlp.lower().replace("+", "-")


#: TLP labels from the least to the most restrictive.
TLP_ORDER: list[str] = [TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED]


def most_restrictive_tlp(*labels: str | None) -> str:
    """The marking of a page or export that shows records with these labels: the most
    restrictive of them (a CLEAR page showing AMBER figures is AMBER). Empty or unknown
    labels are ignored; with none left, CLEAR."""
    known = [label for label in labels if label in TLP_ORDER]
    return max(known, key=TLP_ORDER.index) if known else TLP.CLEAR
