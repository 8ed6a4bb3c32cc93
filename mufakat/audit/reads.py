"""Reads of the most sensitive records are audit events (ASVS V16, docs/security.md).

Who opened or downloaded a TLP:AMBER+STRICT or TLP:RED record — or anything that inherits such a
label from a parent (an attachment of a RED note, the evidence of a report on an AMBER+STRICT
work plan) — is what an originating agency asks first when something leaks. Wider labels are not
recorded: their readers are many by design, and the log would drown in them.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from mufakat.audit.services import record
from mufakat.core.audience import TLP

#: Labels whose every read is recorded.
SENSITIVE_TLP = frozenset({TLP.AMBER_STRICT, TLP.RED})
_ORDER = [TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED]

READ = "record.read"
DOWNLOAD = "record.download"


def _follow(obj: Any, path: str) -> Any:
    for name in path.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def effective_tlp(obj: models.Model, *, _depth: int = 0) -> str | None:
    """The strictest label on ``obj`` and the parents it inherits from (most restrictive wins)."""
    labels = [obj.tlp] if getattr(obj, "tlp", None) in _ORDER else []  # type: ignore[attr-defined]
    if _depth < 4:
        for path in getattr(obj, "visibility_parents", ()):
            parent = _follow(obj, path)
            if parent is not None:
                label = effective_tlp(parent, _depth=_depth + 1)
                if label is not None:
                    labels.append(label)
    return max(labels, key=_ORDER.index) if labels else None


def record_sensitive_read(*, reader: Any, obj: models.Model, action: str = READ) -> bool:
    """Record that ``reader`` opened (``READ``) or downloaded (``DOWNLOAD``) ``obj`` if its
    effective label is AMBER+STRICT or RED; say whether an event was written.

    Called after the gate let the reader through, so the event says who saw what, never who
    tried: refusals answer 404 and name nothing."""
    label = effective_tlp(obj)
    if label not in SENSITIVE_TLP:
        return False
    record(actor=reader, action=action, obj=obj, after={"tlp": label})
    return True
