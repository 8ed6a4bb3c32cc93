"""Removing a link between instruments asks first (issue 10: destructive actions confirm)."""

from typing import Any

from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.testing.factories import InstrumentFactory
from mufakat.workplans.models import InstrumentLink


def test_the_link_page_asks_before_removing_a_link(
    as_user: Any, secretariat: User, django_assert_max_num_queries: Any
) -> None:
    older = InstrumentFactory(key="older", title="Older plan")
    newer = InstrumentFactory(key="newer", title="Newer plan")
    link = InstrumentLink.objects.create(
        source=newer, target=older, kind=InstrumentLink.Kind.SUPERSEDES
    )
    client = as_user(secretariat)
    url = reverse("workplans:link_delete", args=[link.pk])
    assert (
        f'class="danger-link" href="{url}"'
        in client.get(reverse("workplans:links", args=["newer"])).content.decode()
    )
    with django_assert_max_num_queries(12):
        asked = client.get(url)
    assert asked.status_code == 200
    assert "Older plan" in asked.content.decode()
    assert InstrumentLink.objects.filter(pk=link.pk).exists()
    assert client.post(url).status_code == 302
    assert not InstrumentLink.objects.filter(pk=link.pk).exists()
