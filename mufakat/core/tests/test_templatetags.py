import pytest

from mufakat.core.partial_dates import PartialDate
from mufakat.core.templatetags.mufakat import date_range


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2023-05-18", None, "18 May 2023"),
        ("2023-05-18", "2023-05-18", "18 May 2023"),
        ("2023-06-19", "2023-06-23", "19–23 June 2023"),
        ("2023-09-29", "2023-10-02", "29 September – 2 October 2023"),
        ("2023-12-30", "2024-01-02", "30 December 2023 – 2 January 2024"),
        ("2026-09", None, "September 2026"),
    ],
)
def test_date_ranges_read_as_people_write_them(start: str, end: str | None, shown: str) -> None:
    assert date_range(PartialDate.parse(start), PartialDate.parse(end) if end else None) == shown
