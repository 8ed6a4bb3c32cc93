"""Knowledge items for search tests, made directly and indexed explicitly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.library.models import KnowledgeItem
from mufakat.search.indexing import index_object


@pytest.fixture
def make_item(db: Any) -> Callable[..., KnowledgeItem]:
    """Create a knowledge item (public, TLP:CLEAR unless told) and index it."""

    def make(
        *,
        crime_areas: list[Any] = (),  # type: ignore[assignment]
        parties: list[Any] = (),  # type: ignore[assignment]
        sharing_groups: list[SharingGroup] = (),  # type: ignore[assignment]
        **fields: Any,
    ) -> KnowledgeItem:
        values: dict[str, Any] = {
            "kind": KnowledgeItem.Kind.GOOD_PRACTICE,
            "title": "A good practice",
            "audience": Audience.PUBLIC,
            "tlp": TLP.CLEAR,
        }
        values.update(fields)
        item = KnowledgeItem.objects.create(**values)
        item.crime_areas.set(crime_areas)
        item.parties.set(parties)
        item.sharing_groups.set(sharing_groups)
        index_object(item)
        return item

    return make


@pytest.fixture
def shared_with_asean_japan(
    make_item: Callable[..., KnowledgeItem], idn: Any, asean_japan: SharingGroup
) -> KnowledgeItem:
    """Indonesia's good practice, shared with the ASEAN + Japan group only."""
    return make_item(
        title="Deradicalisation through community mentors",
        body="Former combatants mentor youth in pesantren under a reintegration programme.",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        owner_party=idn,
        sharing_groups=[asean_japan],
    )
