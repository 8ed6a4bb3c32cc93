"""The report of the meeting ("Report of the 23rd SOMTC"): one import for its reads and its
lifecycle. Reads live in :mod:`mufakat.papers.record_selectors`, writes in
:mod:`mufakat.papers.record_services` (the gate check knows both by their names)."""

from mufakat.papers.record_selectors import (
    Change,
    build_record,
    can_manage_record,
    comments,
    diff,
    draft_paragraphs,
    filter_paragraphs,
    latest_readable_version,
    latest_version,
    readable_version,
    readable_versions,
)

__all__ = [
    "Change",
    "build_record",
    "can_manage_record",
    "comments",
    "diff",
    "draft_paragraphs",
    "filter_paragraphs",
    "latest_readable_version",
    "latest_version",
    "readable_version",
    "readable_versions",
]
