"""Demo mappings: a few activities of the ASEAN–Japan Work Plan 2023–2027 and of the Bali Work
Plan mapped to the SDG 16 targets and to the priority areas of the ASEAN Plan of Action to
Prevent and Counter the Rise of Radicalisation and Violent Extremism (whose four priority areas
are the Bali Work Plan's pillars), so the framework pages have something to show.

The mappings are a reading of the activities' titles, made for the demonstration. They are
written through the services as the Secretariat, so the audit log and the instruments'
histories show them. Idempotent, and it only adds: a mapping someone removed or added by hand
is not put back or taken away on a reload beyond what is listed here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from mufakat.demo.people import secretariat
from mufakat.frameworks.selectors import activity_mappings
from mufakat.frameworks.services import framework_for_instrument, set_activity_mappings
from mufakat.workplans.models import Activity, Instrument

AJ = "asean-japan-wp-2023-2027"
BALI = "bali-wp-2019-2025"
PCRVE = "poa-pcrve-2018-2025"

#: Instruments whose priority areas serve as frameworks in the demo.
MIRRORED = (PCRVE, BALI, AJ)

#: (instrument key, activity code) → item codes (see services.resolve_item_code).
MAPPINGS: dict[tuple[str, str], tuple[str, ...]] = {
    (AJ, "AJ-1.1"): ("SDG 16.4", "SDG 16.a", f"{PCRVE} / 3"),
    (AJ, "AJ-1.2"): ("SDG 16.1", "SDG 16.a", f"{PCRVE} / 1"),
    (AJ, "AJ-1.3"): ("SDG 16.a", f"{PCRVE} / 2", f"{BALI} / 2"),
    (AJ, "AJ-2.2"): ("SDG 16.4", "SDG 16.a"),
    (AJ, "AJ-3.1"): ("SDG 16.4",),
    (AJ, "AJ-3.2"): ("SDG 16.3", "SDG 16.4"),
    (AJ, "AJ-4.1"): ("SDG 16.a",),
    (AJ, "AJ-5.1"): ("SDG 16.2", "SDG 16.4"),
    (AJ, "AJ-5.2"): ("SDG 16.2",),
    (BALI, "BWP-1.1"): ("SDG 16.a", f"{PCRVE} / 1"),
    (BALI, "BWP-2.1"): (f"{PCRVE} / 2",),
    (BALI, "BWP-3.1"): ("SDG 16.3", "SDG 16.a", f"{PCRVE} / 3"),
    (BALI, "BWP-4.1"): ("SDG 16.a", f"{PCRVE} / 4"),
}


def load_framework_demo(*, stdout: Any = None) -> int:
    """Mirror the demo's frameworks and add the listed mappings; the number added."""
    if not Instrument.objects.filter(key__in=MIRRORED).exists():
        return 0
    actor = secretariat()
    added = 0
    with transaction.atomic():
        for key in MIRRORED:
            instrument = Instrument.objects.filter(key=key).first()
            if instrument is not None:
                framework_for_instrument(actor=actor, instrument=instrument)
        for (key, code), items in MAPPINGS.items():
            activity = Activity.objects.filter(
                priority_area__instrument__key=key, code=code
            ).first()
            if activity is None:
                continue
            current = [m.item for m in activity_mappings(user=actor, activity=activity)]
            have = {item.reference for item in current}
            after = set_activity_mappings(actor=actor, activity=activity, items=[*current, *items])
            added += len({m.item.reference for m in after} - have)
    if added and stdout is not None:
        stdout.write(f"Frameworks: {added} mappings of activities to framework items added.")
    return added
