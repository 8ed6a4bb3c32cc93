"""The workplans fixtures (the ASEAN–Japan Work Plan, its restricted cyber annex, the Bali Work
Plan) serve the framework tests too."""

from typing import Any

import pytest

from mufakat.workplans.tests.conftest import *  # noqa: F403


@pytest.fixture(autouse=True)
def _sdg_16_is_there(db: Any, sdg_16: None) -> None:
    """Every framework test may name SDG 16 (the reference data a migration writes, which a
    transactional test elsewhere in the process may have emptied)."""
