"""Fixtures shared by the monitoring tests."""

from collections.abc import Iterator

import pytest

from mufakat.monitoring import rollups


@pytest.fixture(autouse=True)
def _no_instrument_key_learnt_before() -> Iterator[None]:
    """Each test starts with no instrument key remembered (``rollups._KEY_IDS``): a key learnt
    in an earlier test points at an id that test's rollback took away, and would cost the
    first read of a test its fallback statement (a query count off by one)."""
    rollups._KEY_IDS.clear()
    yield
    rollups._KEY_IDS.clear()
