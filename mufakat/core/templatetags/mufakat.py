"""Small presentation helpers shared by every app's templates."""

from functools import lru_cache
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mufakat.core.audience import Audience, tlp_css_class
from mufakat.core.choices import choice_label
from mufakat.core.partial_dates import PartialDate, Precision
from mufakat.core.urlcache import cached_reverse

register = template.Library()

STATUS_CLASSES = {
    "held": "badge-ok",
    "planned": "badge-brand",
    "cancelled": "badge-muted",
    "pending": "badge-muted",
    "noted": "badge-brand",
    "endorsed": "badge-ok",
    "adopted": "badge-ok",
    "returned": "badge-warn",
    "rejected": "badge-bad",
}


@register.simple_tag
def access_label(obj: Any, compact: bool = False) -> str:
    """TLP label, plus the audience when it is not public. In lists (``compact=True``) public
    TLP:CLEAR records carry no label, so the restricted ones stand out."""
    if compact and obj.audience == Audience.PUBLIC and obj.tlp == "CLEAR":
        return ""
    tlp = format_html('<span class="tlp {}">TLP:{}</span>', tlp_css_class(obj.tlp), obj.tlp)
    if obj.audience == Audience.PUBLIC:
        return tlp
    audience = choice_label(obj, "audience")
    return format_html(
        '{} <span class="badge badge-warn" title="{}">{}</span>',
        tlp,
        _("Visible to: %s") % audience,
        audience,
    )


@register.filter
def label(obj: Any, field_name: str) -> str:
    """``{{ meeting|label:"status" }}``: the choice's label as ``get_status_display`` gives it,
    without rebuilding the field's choices on every row (see :mod:`mufakat.core.choices`)."""
    return choice_label(obj, field_name)


@register.simple_tag
def site_url(viewname: str, *args: Any) -> str:
    """``{% site_url "home" %}``: ``{% url %}`` reversed once per process, prefix and language
    (see :mod:`mufakat.core.urlcache`); for the links every page repeats."""
    return cached_reverse(viewname, *args)


@register.simple_tag
def status_badge(value: str, label: str = "") -> str:
    return format_html(
        '<span class="badge {}">{}</span>', STATUS_CLASSES.get(value, "badge-muted"), label or value
    )


@register.filter
def partial_date(value: PartialDate | None) -> str:
    return value.display() if value else ""


@register.simple_tag
def date_range(start: PartialDate, end: PartialDate | None) -> str:
    """'18 May 2023', '19–23 June 2023', '29 September – 2 October 2023', 'August 2023'.

    Written once per process, range and language: formatting the month names is most of what
    a long list of meetings spent on its dates."""
    return _date_range(start, end, get_language())


@lru_cache(maxsize=4096)
def _date_range(start: PartialDate, end: PartialDate | None, language: str | None) -> str:
    if end is None or end.date == start.date:
        return start.display()
    a, b = start.date, end.date
    # "19–23 June 2023" only where the language writes the day first ("j F Y"); Vietnamese
    # ("ngày 19 tháng 6 năm 2023") gives both dates in full.
    day_first = str(formats.get_format("DATE_FORMAT")).startswith("j ")
    both_days = start.precision == Precision.DAY and end.precision == Precision.DAY
    if both_days and a.year == b.year and day_first:
        if a.month == b.month:
            return f"{a.day}–{end.display()}"
        return f"{formats.date_format(a, 'MONTH_DAY_FORMAT')} – {end.display()}"
    return f"{start.display()} – {end.display()}"


@register.filter
def tlp_class(label: str) -> str:
    """CSS class of a TLP label ("AMBER+STRICT" → "tlp-amber-strict")."""
    return tlp_css_class(str(label or "CLEAR"))


@register.inclusion_tag("includes/export_links.html", takes_context=True)
def export_links(
    context: Any, viewname: str, label: str = "", query: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Download links (CSV, JSON) for the list on the page, with the page's filters and
    without its page number: the file holds every row the list shows, on every page.
    ``query`` stands for the page's filters where the list is part of a record's page."""
    from django.urls import reverse

    from mufakat.core.exports import export_query

    request = context.get("request")
    if query is None:
        query = export_query(request) if request is not None else ""
    suffix = f"?{query}" if query else ""

    def url(fmt: str) -> str:
        return reverse(viewname, kwargs={**kwargs, "fmt": fmt}) + suffix

    return {"csv_url": url("csv"), "json_url": url("json"), "label": label}


@register.filter
def title_in_language(record: Any) -> str:
    """The record's title in the reader's language when it has one (``title_translations``)."""
    from mufakat.core.title_translations import translated_title

    return translated_title(record)


@register.filter
def short_title_in_language(record: Any) -> str:
    """An instrument's short name where one is shown (as ``{{ instrument }}`` was), unless its
    title is translated into the reader's language."""
    from mufakat.core.title_translations import translated_short_title

    return translated_short_title(record)
