"""The demo maps a few activities to SDG 16 and to the plan of action's priority areas."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from mufakat.frameworks.demo import load_framework_demo
from mufakat.frameworks.models import ActivityMapping, Framework

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_framework_pages_content_and_loads_once(db: Any) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)

    assert "mappings of activities to framework items added" in out.getvalue()
    assert set(Framework.objects.values_list("key", flat=True)) == {
        "sdg-16",
        "poa-pcrve-2018-2025",
        "bali-wp-2019-2025",
        "asean-japan-wp-2023-2027",
    }
    serving = ActivityMapping.objects.filter(item__framework__key="sdg-16", item__code="16.4")
    assert {m.activity.code for m in serving} >= {"AJ-1.1", "AJ-3.1", "AJ-5.1"}
    pcrve = ActivityMapping.objects.filter(item__framework__key="poa-pcrve-2018-2025")
    assert {m.activity.code for m in pcrve} >= {"BWP-1.1", "BWP-2.1", "AJ-1.3"}
    assert load_framework_demo() == 0
