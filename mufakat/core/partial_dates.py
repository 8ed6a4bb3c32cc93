"""Dates known to the day, the month or only the year ("August 2023", "2017").

Stored as a real ``DateField`` (first day of the period, so it sorts and filters) plus a
precision column; rendered back as ``2023-08-20``, ``2023-08`` or ``2023``.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    date: dt.date
    precision: str = Precision.DAY

    @classmethod
    def parse(cls, value: "str | dt.date | PartialDate") -> "PartialDate":
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return cls(value, Precision.DAY)
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValidationError(
                _("“%s” is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.") % value
            )
        year, month, day = match.groups()
        try:
            if day:
                return cls(dt.date(int(year), int(month), int(day)), Precision.DAY)
            if month:
                return cls(dt.date(int(year), int(month), 1), Precision.MONTH)
            return cls(dt.date(int(year), 1, 1), Precision.YEAR)
        except ValueError as exc:
            raise ValidationError(_("“%s” is not a valid date.") % value) from exc

    def __str__(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def display(self) -> str:
        if self.precision == Precision.YEAR:
            return str(self.date.year)
        if self.precision == Precision.MONTH:
            return formats.date_format(self.date, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.date, "DATE_FORMAT")

    @property
    def last_day(self) -> dt.date:
        """The last day of the period, for comparisons such as end ≥ start."""
        if self.precision == Precision.YEAR:
            return dt.date(self.date.year, 12, 31)
        if self.precision == Precision.MONTH:
            nxt = self.date.replace(day=28) + dt.timedelta(days=4)
            return nxt - dt.timedelta(days=nxt.day)
        return self.date


def partial(date: dt.date | None, precision: str) -> PartialDate | None:
    return PartialDate(date, precision) if date else None
