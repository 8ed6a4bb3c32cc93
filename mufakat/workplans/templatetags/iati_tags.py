"""Whether an instrument page offers the IATI export (:mod:`mufakat.workplans.iati`)."""

from typing import Any

from django import template

from mufakat.workplans.iati.selectors import EXPORTABLE_KINDS, is_exportable

register = template.Library()


@register.filter
def iati_plan(instrument: Any) -> bool:
    """A plan of activities: the kind of instrument the IATI export is for."""
    return bool(instrument.kind in EXPORTABLE_KINDS)


@register.filter
def iati_exportable(instrument: Any) -> bool:
    return is_exportable(instrument)
