"""What every test of a streaming replica is marked with: it runs only under ``make
test-replica`` (scripts/with-replica.sh sets ``DATABASE_REPLICA_URL``)."""

from __future__ import annotations

import os

import pytest

NEEDS_REPLICA = [
    pytest.mark.replica,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_REPLICA_URL"),
        reason="needs a streaming replica (make test-replica)",
    ),
]
