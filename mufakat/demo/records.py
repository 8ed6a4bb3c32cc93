"""Demo reports of the meeting, so the lifecycle can be seen at each of its stages:

- the 19th WG on Counter Terrorism: drafted, circulated, commented on by a delegation, adopted;
- the 23rd SOMTC: adopted, then corrected in a second version (the diff shows what changed);
- the latest WG on Counter Terrorism of the story: the chair's draft circulated to the
  delegations, with a comment waiting.

Everything goes through the services, as the Secretariat and the delegations would, so each
step is audited. Idempotent: a meeting whose report exists is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mufakat.demo.people import focal_point, secretariat
from mufakat.meetings.models import Meeting
from mufakat.papers.models import MeetingRecord, RecordVersion
from mufakat.papers.record import adopt, circulate, comment, correct, edit_paragraph, start_draft


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _meeting(body: str, number: int) -> Meeting | None:
    return Meeting.objects.filter(body__code=body, number=number).first()


def _backdate(version: RecordVersion, *, circulated: dt.date, adopted: dt.date | None) -> None:
    """The services stamp "now"; a report adopted in 2023 was adopted then."""
    RecordVersion.objects.filter(pk=version.pk).update(
        circulated_at=_at(circulated), adopted_at=_at(adopted) if adopted else None
    )


def _paragraph_key(version: RecordVersion, prefix: str) -> str:
    return next(
        (p["key"] for p in version.paragraphs if p["key"].startswith(prefix)),
        version.paragraphs[-1]["key"],
    )


def _circulated(meeting: Meeting, commenter: str, remark: str) -> RecordVersion:
    actor = secretariat()
    version = start_draft(actor=actor, meeting=meeting)
    version = circulate(actor=actor, version=version)
    comment(
        actor=focal_point(commenter),
        version=version,
        paragraph_key=_paragraph_key(version, "attendance"),
        text=remark,
    )
    return version


def load_records(*, today: dt.date, wg_ct_latest: Meeting | None = None) -> int:
    """Write the demo reports of the meeting that do not exist yet; returns how many."""
    actor = secretariat()
    made = 0
    wg_ct = _meeting("SOMTC-WG-CT", 19)
    if wg_ct is not None and not MeetingRecord.objects.filter(meeting=wg_ct).exists():
        version = _circulated(
            wg_ct, "THA", "Thailand asks that its delegation be listed as led by ONCB."
        )
        version = adopt(actor=actor, version=version)
        end = wg_ct.end_date or wg_ct.start_date
        _backdate(version, circulated=end + dt.timedelta(days=7), adopted=end + dt.timedelta(21))
        made += 1
    somtc = _meeting("SOMTC", 23)
    if somtc is not None and not MeetingRecord.objects.filter(meeting=somtc).exists():
        version = _circulated(
            somtc, "MYS", "Malaysia proposes to record the date of the 17th AMMTC."
        )
        version = adopt(actor=actor, version=version)
        end = somtc.end_date or somtc.start_date
        _backdate(version, circulated=end + dt.timedelta(days=5), adopted=end + dt.timedelta(14))
        correction = correct(
            actor=actor,
            meeting=somtc,
            change_note="Date of the 17th AMMTC added, as Malaysia proposed.",
        )
        key = _paragraph_key(correction, "held")
        text = next(p["text"] for p in correction.paragraphs if p["key"] == key)
        correction = edit_paragraph(
            actor=actor,
            version=correction,
            key=key,
            text=text + " Its outcomes were submitted to the 17th AMMTC in Labuan Bajo "
            "(20–23 August 2023).",
            lock_version=correction.lock_version,
        )
        correction = circulate(actor=actor, version=correction)
        correction = adopt(actor=actor, version=correction)
        _backdate(correction, circulated=end + dt.timedelta(30), adopted=end + dt.timedelta(40))
        made += 1
    latest = wg_ct_latest
    if (
        latest is not None
        and latest.start_date < today
        and not MeetingRecord.objects.filter(meeting=latest).exists()
    ):
        _circulated(latest, "MYS", "Malaysia will send the name of its second delegate.")
        made += 1
    return made


__all__ = ["load_records"]
