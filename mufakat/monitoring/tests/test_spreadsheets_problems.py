# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""Broken uploads: every problem is listed by sheet, row and column, and nothing is written.

Indonesia's template of the test round has these rows (Excel numbering):
2 CT-1 · 3 CT-1 "Officers trained" · 4 CT-1 "Quality of the curriculum" · 5 CT-2 · 6 CT-3.
Columns: A round, B instrument, D activity, E party, F indicator, I status, J percent,
K narrative, L value, Q lock_version.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from mufakat.accounts.models import User
from mufakat.monitoring.models import ProgressStatus, ReportingRound
from mufakat.monitoring.services import close_round, review_report, save_report
from mufakat.monitoring.spreadsheets import export_round_template, import_round_file
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    idn_focal_2,
    plan,
    report_of,
    round_,
)
from mufakat.monitoring.tests.spreadsheets_support import (
    Stored,
    csv_file,
    problems,
    read_csv_rows,
    read_rows,
    set_cell,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

SHEET = "reports"


@pytest.fixture
def rows(round_: ReportingRound, idn_focal: User) -> list[list[Any]]:
    """Indonesia's freshly downloaded template, with CT-1 filled in correctly."""
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    set_cell(rows, "CT-1", "IDN", "status", "on_track")
    set_cell(rows, "CT-1", "IDN", "percent", 40)
    return rows


def _refused(
    actor: User, round_: ReportingRound, upload: bytes, filename: str = "idn.xlsx", **kw: Any
) -> list[tuple[str, int | None, str, str]]:
    """Upload, check that nothing at all was written, and give the problems."""
    stored = Stored.now()
    result = import_round_file(actor=actor, round=round_, uploaded=upload, filename=filename, **kw)
    assert not result.ok
    assert Stored.now() == stored, "a refused upload must not write anything"
    assert result.counts()["reports_changed"] == 0
    return problems(result)


def test_unknown_instrument_and_party_codes_are_named_with_their_cells(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[4][1] = "asean-japan-xx"
    rows[5][4] = "XYZ"

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (
            SHEET,
            5,
            "instrument (B)",
            "Unknown instrument “asean-japan-xx”; this round covers: asean-japan-wp.",
        ),
        (SHEET, 6, "party (E)", "Unknown party code “XYZ”."),
    ]


def test_a_percent_that_is_not_a_whole_number_from_0_to_100_is_refused(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[1][9] = "about half"
    rows[4][9] = 150
    rows[5][9] = 12.5

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (SHEET, 2, "percent (J)", "Percent complete must be a whole number."),
        (SHEET, 5, "percent (J)", "Percent complete must be between 0 and 100."),
        (SHEET, 6, "percent (J)", "Percent complete must be a whole number."),
    ]


def test_an_unknown_activity_is_refused(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[5][3] = "CT-9"

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (SHEET, 6, "activity (D)", "Unknown activity “CT-9” in the instrument “asean-japan-wp”."),
    ]


def test_an_activity_the_party_does_not_report_on_is_refused(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[5][3] = "CT-4"  # led by Malaysia, which does not report in the round

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (SHEET, 6, "party (E)", "IDN does not report on CT-4 in this round."),
    ]


def test_a_duplicated_row_is_refused_and_points_at_the_first(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows.append(list(rows[1]))
    rows.append(list(rows[2]))

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (
            SHEET,
            7,
            "activity (D)",
            "This row repeats row 2 (same activity, party and indicator); keep one.",
        ),
        (
            SHEET,
            8,
            "indicator (F)",
            "This row repeats row 3 (same activity, party and indicator); keep one.",
        ),
    ]


def test_formula_cells_are_refused_wherever_they_are(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[1][9] = "=20+20"
    rows[4][10] = "=A1"
    rows[5][3] = '=CONCAT("CT-", 3)'

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (SHEET, 2, "percent (J)", "This cell holds a formula (=20+20); type the value itself."),
        (SHEET, 5, "narrative (K)", "This cell holds a formula (=A1); type the value itself."),
        (
            SHEET,
            6,
            "activity (D)",
            'This cell holds a formula (=CONCAT("CT-", 3)); type the value itself.',
        ),
    ]


def test_an_empty_sheet_is_refused(round_: ReportingRound, idn_focal: User) -> None:
    assert _refused(idn_focal, round_, xlsx_file([])) == [
        (SHEET, None, "", "The sheet is empty: there is nothing to import."),
    ]


def test_a_sheet_with_column_names_but_no_rows_is_refused(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    assert _refused(idn_focal, round_, xlsx_file(rows[:1])) == [
        (SHEET, None, "", "The sheet has column names but no rows to import."),
    ]


def test_a_missing_required_column_is_named(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    without = [[v for i, v in enumerate(row) if i not in (9, 16)] for row in rows]

    assert _refused(idn_focal, round_, xlsx_file(without)) == [
        (
            SHEET,
            1,
            "percent",
            "The required column “percent” is missing; start from a downloaded template.",
        ),
        (
            SHEET,
            1,
            "lock_version",
            "The required column “lock_version” is missing; start from a downloaded template.",
        ),
    ]


def test_a_row_of_another_party_is_refused_for_a_focal_point(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    jpn_row = list(rows[1])
    jpn_row[4] = "JPN"
    rows.append(jpn_row)

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (SHEET, 7, "party (E)", "You report for IDN only; this row is for JPN."),
    ]


def test_a_row_of_another_round_is_refused(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[5][0] = round_.pk + 100
    rows[4][0] = "next"

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (SHEET, 5, "round (A)", f"“next” is not a round number; this round is {round_.pk}."),
        (
            SHEET,
            6,
            "round (A)",
            f"This row belongs to round {round_.pk + 100}, not to this round ({round_.pk}); "
            "upload it on that round's page.",
        ),
    ]


def test_an_upload_based_on_an_outdated_download_conflicts_on_the_changed_rows(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User, idn_focal_2: User
) -> None:
    ct1 = report_of(round_, "CT-1", "IDN")
    save_report(
        actor=idn_focal_2,
        report=ct1,
        changes={"narrative": "Saved by a colleague meanwhile."},
        expected_version=ct1.lock_version,
    )
    set_cell(rows, "CT-2", "IDN", "status", "on_track")  # a good row: not saved either

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (
            SHEET,
            2,
            "lock_version (Q)",
            "Someone saved this report after your download (your version 1, now 2). "
            "Download a fresh template and enter your changes again.",
        ),
    ]
    assert report_of(round_, "CT-2", "IDN").status == ProgressStatus.NOT_REPORTED


def test_a_row_for_an_accepted_report_is_locked(
    round_: ReportingRound, idn_focal: User, secretariat: User
) -> None:
    ct3 = report_of(round_, "CT-3", "IDN")
    ct3 = save_report(
        actor=idn_focal,
        report=ct3,
        changes={"status": "delayed", "narrative": "Waiting for data."},
        expected_version=ct3.lock_version,
        submit=True,
    )
    review_report(actor=secretariat, report=ct3, accept=True)
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    set_cell(rows, "CT-3", "IDN", "narrative", "Data arrived after all.")

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (
            SHEET,
            6,
            "narrative (K)",
            "This report was accepted and is locked; corrections go into the next round.",
        ),
    ]


def test_a_row_for_a_report_awaiting_review_cannot_be_changed(
    round_: ReportingRound, idn_focal: User
) -> None:
    ct3 = report_of(round_, "CT-3", "IDN")
    save_report(
        actor=idn_focal,
        report=ct3,
        changes={"status": "delayed"},
        expected_version=ct3.lock_version,
        submit=True,
    )
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    set_cell(rows, "CT-3", "IDN", "status", "on_track")

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (
            SHEET,
            6,
            "status (I)",
            "This report was submitted and awaits review; it can be changed again only if it "
            "is returned to you.",
        ),
    ]


def test_an_unchanged_row_of_an_accepted_report_is_no_problem(
    round_: ReportingRound, idn_focal: User, secretariat: User
) -> None:
    ct3 = report_of(round_, "CT-3", "IDN")
    ct3 = save_report(
        actor=idn_focal,
        report=ct3,
        changes={"status": "delayed"},
        expected_version=ct3.lock_version,
        submit=True,
    )
    review_report(actor=secretariat, report=ct3, accept=True)
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    set_cell(rows, "CT-2", "IDN", "status", "on_track")

    result = import_round_file(
        actor=idn_focal, round=round_, uploaded=xlsx_file(rows), filename="idn.xlsx"
    )

    assert result.problems == []
    assert (result.reports_changed, result.reports_unchanged) == (1, 2)


def test_status_codes_and_cells_in_the_wrong_kind_of_row_are_refused(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[4][8] = "finished"
    rows[5][8] = None
    rows[5][11] = "12"  # a value on an activity's row
    rows[2][8] = "on_track"  # a status on an indicator row

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (
            SHEET,
            3,
            "status (I)",
            "Leave status empty on an indicator row; it belongs on the activity's row.",
        ),
        (
            SHEET,
            5,
            "status (I)",
            "Unknown status “finished”; use one of: not_started, on_track, delayed, completed, "
            "cancelled, not_applicable, not_reported.",
        ),
        (
            SHEET,
            6,
            "status (I)",
            "Choose a status: one of not_started, on_track, delayed, completed, cancelled, "
            "not_applicable, not_reported.",
        ),
        (
            SHEET,
            6,
            "value (L)",
            "Leave value empty on an activity's row; indicator values go on the rows below it.",
        ),
    ]


def test_the_services_rules_come_back_on_the_cells_they_are_about(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User, plan: Plan
) -> None:
    set_cell(rows, "CT-1", "IDN", "status", "completed")  # with 40 %
    set_cell(rows, "CT-1", "IDN", "value", "lots", indicator=plan.people.pk)
    set_cell(rows, "CT-2", "IDN", "status", "on_track")
    set_cell(rows, "CT-2", "IDN", "percent", 30)

    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (SHEET, 2, "percent (J)", "A completed activity is 100% complete."),
    ]
    set_cell(rows, "CT-1", "IDN", "percent", 100)
    assert _refused(idn_focal, round_, xlsx_file(rows)) == [
        (SHEET, 3, "value (L)", "“Officers trained” needs a number."),
    ]


def test_submitting_a_report_left_not_reported_is_refused(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    assert _refused(idn_focal, round_, xlsx_file(rows), submit=True) == [
        (SHEET, 5, "status (I)", "Choose a status before submitting."),
        (SHEET, 6, "status (I)", "Choose a status before submitting."),
    ]


def test_problems_of_a_csv_upload_are_numbered_as_excel_shows_the_rows(
    round_: ReportingRound, idn_focal: User
) -> None:
    rows: list[list[Any]] = read_csv_rows(
        export_round_template(user=idn_focal, round=round_, fmt="csv")
    )
    set_cell(rows, "CT-1", "IDN", "narrative", "First line\nsecond line\nthird line")
    set_cell(rows, "CT-1", "IDN", "status", "on_track")
    set_cell(rows, "CT-3", "IDN", "percent", "101")
    set_cell(rows, "CT-2", "IDN", "activity", "CT-99")
    rows[4][10] = "=1+1"

    upload = csv_file(rows, delimiter=";", bom=True)
    assert _refused(idn_focal, round_, upload, filename="idn.csv") == [
        (
            "idn.csv",
            5,
            "activity (D)",
            "Unknown activity “CT-99” in the instrument “asean-japan-wp”.",
        ),
        ("idn.csv", 5, "narrative (K)", "This cell holds a formula (=1+1); type the value itself."),
        ("idn.csv", 6, "percent (J)", "Percent complete must be between 0 and 100."),
    ]


def test_files_that_are_not_spreadsheets_are_refused_by_their_content(
    round_: ReportingRound, idn_focal: User
) -> None:
    assert _refused(idn_focal, round_, b"%PDF-1.7 ...", filename="report.xlsx") == [
        ("", None, "", "This is a PDF file. Upload the XLSX or CSV template."),
    ]
    assert _refused(idn_focal, round_, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64) == [
        (
            "",
            None,
            "",
            "This is an old Excel 97–2003 (.xls) or a password-protected workbook. Save it as "
            "an Excel workbook (.xlsx) without a password, or as CSV UTF-8.",
        ),
    ]
    assert _refused(idn_focal, round_, b"\x7fELF\x02\x01\x01\x00\x00", filename="a.csv") == [
        (
            "",
            None,
            "",
            "This is not a spreadsheet (the file is binary). Upload an XLSX or CSV file.",
        ),
    ]
    assert _refused(idn_focal, round_, "round;activité\n".encode("latin-1"), filename="a.csv") == [
        (
            "a.csv",
            None,
            "",
            "This CSV file is not UTF-8 text. In Excel choose “Save as” › “CSV UTF-8 (comma "
            "delimited)”, or upload the XLSX template.",
        ),
    ]


def test_a_file_over_the_size_limit_is_refused_unread(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User, settings: Any
) -> None:
    settings.MUFAKAT_IMPORT_MAX_BYTES = 1024 * 1024
    too_big = b"x" * (1024 * 1024 + 1)

    assert _refused(idn_focal, round_, too_big, filename="big.csv") == [
        ("", None, "", "The file is larger than 1 MB; upload your part of the round only."),
    ]


def test_a_closed_round_takes_no_upload(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User, secretariat: User
) -> None:
    closed = close_round(actor=secretariat, round=round_)

    assert _refused(idn_focal, closed, xlsx_file(rows)) == [
        ("", None, "", "The round is not open for reporting."),
    ]


def test_only_focal_points_of_a_reporting_party_may_upload(
    rows: list[list[Any]], round_: ReportingRound, secretariat: User, outsider: User
) -> None:
    for actor in (secretariat, outsider):
        with pytest.raises(PermissionDenied):
            import_round_file(
                actor=actor, round=round_, uploaded=xlsx_file(rows), filename="idn.xlsx"
            )


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def test_a_word_document_and_a_damaged_workbook_are_refused(
    round_: ReportingRound, idn_focal: User
) -> None:
    word = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"})
    damaged = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"not xml"})

    assert _refused(idn_focal, round_, word) == [
        ("", None, "", "This is a Word document. Upload the XLSX or CSV template."),
    ]
    assert _refused(idn_focal, round_, damaged) == [
        ("", None, "", "This workbook cannot be read. Save it again as .xlsx and retry."),
    ]
    assert _refused(idn_focal, round_, b"PK\x03\x04 truncated") == [
        ("", None, "", "This ZIP file is damaged. Save the workbook again as .xlsx and retry."),
    ]


def test_the_reports_sheet_is_found_by_its_name_among_others(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    workbook = load_workbook(io.BytesIO(xlsx_file(rows)))
    workbook.create_sheet("notes", 0).append(["my own notes"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = import_round_file(
        actor=idn_focal, round=round_, uploaded=buffer.getvalue(), filename="idn.xlsx"
    )

    assert (result.problems, result.reports_changed) == ([], 1)


def test_hostile_numbers_are_refused_without_crashing(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[1][9] = "9" * 5000
    rows[4][16] = "1E+999999"  # lock_version of CT-2

    assert _refused(idn_focal, round_, csv_file(rows), filename="idn.csv") == [
        ("idn.csv", 2, "percent (J)", "Percent complete must be a whole number."),
        (
            "idn.csv",
            5,
            "lock_version (Q)",
            "The hidden lock_version is missing or changed; download a fresh template.",
        ),
    ]


def test_rows_are_numbered_as_in_excel_even_below_blank_lines_and_a_title(
    rows: list[list[Any]], round_: ReportingRound, idn_focal: User
) -> None:
    rows[1][9] = 101
    shifted: list[list[Any]] = [[], [], *rows]

    assert _refused(idn_focal, round_, xlsx_file(shifted)) == [
        (SHEET, 4, "percent (J)", "Percent complete must be between 0 and 100."),
    ]
    shifted[2] = [*rows[0][:15], "previous_value", "previous_value"]  # a column twice

    assert _refused(idn_focal, round_, xlsx_file(shifted)) == [
        (SHEET, 3, "previous_value (Q)", "The column “previous_value” appears twice."),
        (
            SHEET,
            3,
            "lock_version",
            "The required column “lock_version” is missing; start from a downloaded template.",
        ),
    ]
