"""An audited update validates like ``full_clean`` without reading again what it leaves alone:
the rows behind unchanged foreign keys, and the related rows the caller already loaded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.core.services import update_audited
from mufakat.registry.models import Agency, Party


def _party_reads(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if 'FROM "registry_party"' in q["sql"]]


def test_renaming_an_agency_reads_neither_its_party_nor_its_row_again(
    bnpt: Agency, secretariat: User
) -> None:
    agency = Agency.objects.select_related("party").get(pk=bnpt.pk)
    with CaptureQueriesContext(connection) as queries:
        renamed = update_audited(
            agency, actor=secretariat, changes={"name": "Counter-terrorism agency"},
            expected_version=agency.lock_version,
        )  # fmt: skip
    assert renamed.name == "Counter-terrorism agency"
    assert _party_reads(queries) == [], "the party was loaded already and did not change"


def test_moving_an_agency_to_another_party_still_checks_that_party(
    bnpt: Agency, jpn: Party, secretariat: User
) -> None:
    with CaptureQueriesContext(connection) as queries:
        moved = update_audited(
            bnpt, actor=secretariat, changes={"party": jpn}, expected_version=bnpt.lock_version
        )
    assert moved.party == jpn
    assert _party_reads(queries), "a changed foreign key is validated against its table"


def test_an_update_still_reports_every_invalid_field_and_broken_constraint(
    bnpt: Agency, idn: Party, secretariat: User
) -> None:
    Agency.objects.create(party=idn, acronym="POLRI", name="Indonesian National Police")
    with pytest.raises(ValidationError) as refused:
        update_audited(
            bnpt, actor=secretariat, changes={"acronym": "POLRI", "url": "not a web address"},
            expected_version=bnpt.lock_version,
        )  # fmt: skip
    errors = refused.value.message_dict
    assert "url" in errors
    assert any("acronym" in message.lower() or "party" in message.lower()
               for message in errors.get("__all__", []))  # fmt: skip
    bnpt.refresh_from_db()
    assert bnpt.acronym != "POLRI", "nothing was saved"
