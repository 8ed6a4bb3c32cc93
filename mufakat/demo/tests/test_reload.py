"""Loading the demo twice: no duplicates, one audit event per run, and the chain holds.

Its own module, so that no other test's loaded demo (a module fixture) is there first.
"""

from io import StringIO
from typing import Any

from django.core.management import call_command

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.audit.services import verify_chain
from mufakat.demo import data as d
from mufakat.demo.loader import LOADED_MODELS
from mufakat.demo.story import INVENTED, OUTCOMES
from mufakat.meetings.models import Meeting, Outcome


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in LOADED_MODELS}


def test_loading_twice_creates_no_duplicates_and_leaves_one_audit_event_per_run(
    db: Any,
) -> None:
    load()
    first = counts()
    after_first = AuditEvent.objects.count()
    output = load()
    assert counts() == first
    assert "0 rows created" in output
    assert first["registry.Party"] == len(d.PARTIES)
    sourced = Meeting.objects.exclude(source__startswith=INVENTED)
    assert sourced.count() == len(d.MEETINGS)
    assert Outcome.objects.exclude(source__startswith=INVENTED).count() == len(d.OUTCOMES)
    assert first["meetings.Forwarding"] == len(d.FORWARDINGS) + sum(o.forward for o in OUTCOMES)
    assert first["workplans.Instrument"] == len(d.INSTRUMENTS)
    assert first["workplans.Activity"] == len(d.ACTIVITIES)
    assert User.objects.filter(username__in=[u.username for u in d.DEMO_USERS]).count() == len(
        d.DEMO_USERS
    )
    events = AuditEvent.objects.filter(action="demo.load")
    assert events.count() == 2
    last = events.last()
    assert last is not None and last.object_repr == "Demo data loaded"
    # The story (rounds, action items, documents, delegations) is written on the first run only.
    assert AuditEvent.objects.count() == after_first + 1
    assert verify_chain().ok
