"""The report of the meeting ("Report of the 23rd SOMTC"): one import for its reads and its
lifecycle. Reads live in :mod:`mufakat.papers.record_selectors`, writes in
:mod:`mufakat.papers.record_services` (the gate check knows both by their names)."""

from mufakat.papers.permissions import can_comment, can_manage_record
from mufakat.papers.record_selectors import (
    Change,
    build_record,
    comments,
    diff,
    draft_paragraphs,
    filter_paragraphs,
    latest_readable_version,
    latest_version,
    readable_version,
    readable_versions,
    record_view,
)
from mufakat.papers.record_services import (
    add_paragraph,
    adopt,
    circulate,
    comment,
    correct,
    edit_paragraph,
    regenerate,
    remove_paragraph,
    require_record_manager,
    start_draft,
)

__all__ = [
    "Change",
    "add_paragraph",
    "adopt",
    "build_record",
    "can_comment",
    "can_manage_record",
    "circulate",
    "comment",
    "comments",
    "correct",
    "diff",
    "draft_paragraphs",
    "edit_paragraph",
    "filter_paragraphs",
    "latest_readable_version",
    "latest_version",
    "readable_version",
    "readable_versions",
    "record_view",
    "regenerate",
    "remove_paragraph",
    "require_record_manager",
    "start_draft",
]
