"""Demo mappings: a few activities of the ASEAN–Japan Work Plan 2023–2027 and of the Bali Work
Plan mapped to the SDG 16 targets and to the priority areas of the ASEAN Plan of Action to
Prevent and Counter the Rise of Radicalisation and Violent Extremism (whose four priority areas
are the Bali Work Plan's pillars), so the framework pages have something to show.

The mappings are a reading of the activities' titles, made for the demonstration. Like the rest
of the demo data they are a bulk load by the system: one audit event for the lot, no new
versions of the instruments (a person's mapping goes through ``services.map_activity``, which
writes both). Idempotent, and it only adds: mappings people added or removed are left alone
beyond what is listed here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from mufakat.audit.services import record
from mufakat.demo.people import secretariat
from mufakat.frameworks.models import ActivityMapping
from mufakat.frameworks.services import framework_for_instrument, resolve_item_code
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
    instruments = {i.key: i for i in Instrument.objects.filter(key__in=MIRRORED)}
    if not instruments:
        return 0
    actor = secretariat()
    added: list[str] = []
    with transaction.atomic():
        for key in MIRRORED:
            if key in instruments:
                framework_for_instrument(actor=actor, instrument=instruments[key])
        for (key, code), codes in MAPPINGS.items():
            activity = Activity.objects.filter(
                priority_area__instrument__key=key, code=code
            ).first()
            if activity is None:
                continue
            for item_code in codes:
                item = resolve_item_code(item_code, user=actor)
                _mapping, created = ActivityMapping.objects.get_or_create(
                    activity=activity, item=item
                )
                if created:
                    added.append(f"{code} → {item.label}")
        if added:
            record(
                actor=None,
                action="demo.frameworks",
                object_type="demo",
                object_id="",
                object_repr="Demo mappings of activities to framework items loaded",
                after={"mappings": added},
            )
    if added and stdout is not None:
        stdout.write(f"Frameworks: {len(added)} mappings of activities to framework items added.")
    return len(added)
