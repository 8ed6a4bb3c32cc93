"""The compliance page of a round (party × activity matrix, per-party summary, CSV/XLSX) and
"Remind now".

A round the reader may not see is a 404; a reader who may see it but neither manages rounds
nor reports in it gets a 403; a focal point sees their own party's column only. The figures
come from :mod:`mufakat.monitoring.compliance`, which never returns a draft's content.
"""

from __future__ import annotations

import csv
import html
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.audience import most_restrictive_tlp, tlp_css_class
from mufakat.core.exports import neutralise
from mufakat.monitoring import compliance, reminders
from mufakat.monitoring.compliance import CELL_LABELS, CELL_MARKS, REPORTED, ComplianceMatrix
from mufakat.monitoring.permissions import can_manage_rounds, require_round_manager

#: Activities per page of the matrix: a page stays light on a slow link; exports have them all.
ROWS_PER_PAGE = 100

CSV_HEADERS = [
    "instrument",
    "priority_area",
    "activity_code",
    "activity",
    "party",
    "status",
    "last_saved",
    "submitted_at",
    "on_time",
    "tlp",
]
SUMMARY_HEADERS = [
    "party",
    "expected",
    "not_started",
    "draft",
    "submitted",
    "endorsed",
    "accepted",
    "returned",
    "reporting_rate",
    "on_time_rate",
    "days_overdue",
    "last_reminded",
]


def _matrix(request: HttpRequest, pk: int, *, paged: bool) -> ComplianceMatrix:
    round_ = compliance.get_compliance_round(user=request.user, pk=pk)
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 1
    filters = {
        "party": (request.GET.get("party") or "").strip() or None,
        "instrument": (request.GET.get("instrument") or "").strip() or None,
        "status": (request.GET.get("status") or "").strip() or None,
    }
    if filters["status"] not in (None, *CELL_LABELS):
        filters["status"] = None  # an unknown status in the address: show every row
    return compliance.compliance_matrix(
        round_,
        user=request.user,
        page=number,
        per_page=ROWS_PER_PAGE if paged else None,
        **filters,
    )


CELL_CLASSES = {
    "accepted": "badge-ok",
    "submitted": "badge-brand",
    "endorsed": "badge-brand",
    "returned": "badge-bad",
    "draft": "badge-warn",
    "not_started": "badge-muted",
}


def rows_html(matrix: ComplianceMatrix) -> str:
    """The matrix's rows (a heading row where the instrument or area changes, then a row per
    activity with its cells) as ready HTML: a page holds a hundred rows × every party, and
    building the few strings here is many times faster than a template loop over them."""
    labels = {key: str(label) for key, label in CELL_LABELS.items()}
    escaped = {key: html.escape(label) for key, label in labels.items()}
    marks = {key: html.escape(str(mark)) for key, mark in CELL_MARKS.items()}
    zone = timezone.get_current_timezone()
    late = _("late")
    saved, handed_in = _("last saved %(when)s"), _("submitted %(when)s")
    shown: dict[tuple[Any, str], str] = {}

    def when(moment: Any, fmt: str) -> str:
        # A page holds hundreds of stamps but few distinct minutes or days: format each once.
        local = moment.astimezone(zone)
        key = (
            local.date() if fmt == "SHORT_DATE_FORMAT" else local.replace(second=0, microsecond=0),
            fmt,
        )
        if key not in shown:
            shown[key] = formats.date_format(local, fmt)
        return shown[key]

    rows: list[str] = []
    span = len(matrix.parties) + 1
    group: tuple[int, int] | None = None
    for row in matrix.rows:
        if (row.instrument_id, row.area_id) != group:
            group = (row.instrument_id, row.area_id)
            rows.append(
                f'<tr><th scope="rowgroup" colspan="{span}">{html.escape(row.instrument_title)}'
                f" — {html.escape(row.area_title)}</th></tr>"
            )
        parts = [
            f'<tr><th scope="row"><span class="muted">{html.escape(row.code)}</span> '
            f"{html.escape(row.title)}</th>"
        ]
        for cell in row.cells:
            if cell is None:
                parts.append("<td></td>")
                continue
            title = labels[cell.cell]
            if cell.last_saved:
                title += " — " + saved % {"when": when(cell.last_saved, "SHORT_DATETIME_FORMAT")}
            elif cell.submitted_at:
                title += " — " + handed_in % {"when": when(cell.submitted_at, "SHORT_DATE_FORMAT")}
                if cell.cell in REPORTED and not cell.on_time:
                    title += f" ({late})"
            css, label = CELL_CLASSES[cell.cell], escaped[cell.cell]
            parts.append(
                f'<td><span class="badge {css}" role="img" aria-label="{label}" '
                f'title="{html.escape(title)}">{marks[cell.cell]}</span></td>'
            )
        parts.append("</tr>")
        rows.append("".join(parts))
    # Every value is escaped above (the standard library's escape, as Django's, without its
    # lazy-string wrapper, which cost more than the escaping on thousands of cells).
    return mark_safe("\n".join(rows))


def _ratio(part: int, whole: int) -> str:
    """``{% widthratio part whole|default:1 100 %}``: a whole percentage."""
    return str(round(float(part) / float(whole or 1) * 100))


def summary_html(
    matrix: ComplianceMatrix, *, can_remind: bool, csrf_token: str, remind_url: str
) -> str:
    """The per-party rows of the summary and its "All parties" footer as ready HTML, each
    party's "Remind now" form included: a dozen rows of a dozen cells, each a template
    lookup, a filter or a tag, cost more to render than the rest of the page's head."""
    sep = "\n        "
    states = list(CELL_LABELS)
    token = html.escape(csrf_token)
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    action = html.escape(remind_url)
    reminded, remind = html.escape(_("Reminded today")), html.escape(_("Remind now"))
    days: dict[Any, str] = {}

    def day(value: Any) -> str:
        if value not in days:
            days[value] = html.escape(formats.date_format(value, "SHORT_DATE_FORMAT"))
        return days[value]

    rows: list[str] = []
    for s in matrix.summaries:
        code, name = html.escape(s.party.code), html.escape(s.party.name)
        cells = [
            f'<th scope="row"><span title="{name}">{code}</span></th>',
            f"<td>{s.expected}</td>",
            "".join(f"<td>{s.counts.get(state, 0)}</td>" for state in states),
            f"<td>{_ratio(s.reported, s.expected)}&nbsp;%</td>",
            f"<td>{_ratio(s.on_time, s.expected)}&nbsp;%</td>",
            "<td>"
            + (f'<span class="badge badge-bad">{s.days_overdue}</span>' if s.days_overdue else "—")
            + "</td>",
            f"<td>{day(s.last_reminded) if s.last_reminded else '—'}</td>",
        ]
        if can_remind:
            action_cell = ""
            if s.outstanding and s.reminded_today:
                action_cell = f'<span class="muted">{reminded}</span>'
            elif s.outstanding:
                label = html.escape(_("Remind %(code)s now") % {"code": s.party.code})
                action_cell = (
                    f'\n          <form method="post" action="{action}">{csrf}\n'
                    f'            <input type="hidden" name="party" value="{code}">\n'
                    f'            <button class="btn btn-secondary btn-small" type="submit" '
                    f'aria-label="{label}">{remind}</button>\n          </form>'
                )
            cells.append(f"<td>{action_cell}</td>")
        rows.append(f"<tr>{sep}{sep.join(cells)}\n      </tr>")
    body = "<tbody>\n    " + "\n    ".join(rows) + "\n    </tbody>"
    if matrix.all_parties:
        t = matrix.totals
        foot = [
            f'<th scope="row">{html.escape(_("All parties"))}</th>',
            f"<td>{t.expected}</td>",
            "".join(f"<td>{t.counts.get(state, 0)}</td>" for state in states),
            f"<td>{_ratio(t.reported, t.expected)}&nbsp;%</td>",
            f"<td>{_ratio(t.on_time, t.expected)}&nbsp;%</td>",
            f"<td>{t.days_overdue or '—'}</td>",
            "<td></td>" + ("<td></td>" if can_remind else ""),
        ]
        body += "\n    <tfoot><tr>" + sep + sep.join(foot) + "\n    </tr></tfoot>"
    # Every value is escaped above (numbers are numbers; names, codes and labels escaped).
    return mark_safe(body)


def options_html(choices: list[tuple[str, str]], selected: str) -> str:
    """``<option>``s of a filter (after its "Any"), the chosen one marked: the round's
    instruments are dozens, each a template lookup and comparison."""
    return mark_safe(
        "".join(
            f'<option value="{html.escape(value)}"{" selected" if value == selected else ""}>'
            f"{html.escape(label)}</option>"
            for value, label in choices
        )
    )


def marking(matrix: ComplianceMatrix) -> str:
    """The page's and the exports' TLP: the most restrictive of the round and the instruments
    whose activities they show."""
    return most_restrictive_tlp(matrix.round.tlp, *(i.tlp for i in matrix.instruments))


@login_required
@require_GET
def round_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    fmt = request.GET.get("format", "")
    matrix = _matrix(request, pk, paged=fmt not in ("csv", "xlsx"))
    record_sensitive_read(reader=request.user, obj=matrix.round)
    if fmt == "csv":
        return _download(matrix, _csv_bytes(matrix), "csv", "text/csv; charset=utf-8")
    if fmt == "xlsx":
        return _download(
            matrix,
            _xlsx_bytes(matrix),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    page = Paginator(range(matrix.total_rows), ROWS_PER_PAGE).get_page(matrix.page)
    filters = {k: v for k, v in matrix.filters.items() if v}
    can_remind = can_manage_rounds(request.user) and matrix.round.status == "open"
    chosen_party = (matrix.filters.get("party") or "").upper()
    return render(
        request,
        "monitoring/round_compliance.html",
        {
            "round": matrix.round,
            "matrix": matrix,
            "page_obj": page,
            "rows_html": rows_html(matrix),
            "summary_html": summary_html(
                matrix,
                can_remind=can_remind,
                csrf_token=get_token(request),
                remind_url=reverse("monitoring:round_remind", args=[matrix.round.pk]),
            ),
            "party_options": options_html(
                [(p.code, f"{p.code} — {p.name}") for p in matrix.round.reporting_parties.all()]
                if matrix.all_parties
                else [],
                chosen_party,
            ),
            "instrument_options": options_html(
                [(i.key, i.title) for i in matrix.instruments],
                matrix.filters.get("instrument") or "",
            ),
            "querystring_base": urlencode(filters) + "&" if filters else "",
            "export_query": urlencode(filters),
            "statuses": list(CELL_LABELS.items()),
            "legend": [
                (CELL_CLASSES[key], CELL_MARKS[key], label) for key, label in CELL_LABELS.items()
            ],
            "tlp": marking(matrix),
            "tlp_class": tlp_css_class(marking(matrix)),
            "can_remind": can_remind,
            "reminders": reminders.reminder_log(matrix.round, user=request.user, limit=20),
        },
    )


@login_required
@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind one party (``party``) or every overdue party not yet reminded today (``all``)."""
    require_round_manager(request.user)
    round_ = compliance.get_compliance_round(user=request.user, pk=pk)
    target = reverse("monitoring:round_compliance", args=[round_.pk])
    if request.POST.get("all"):
        rate = compliance.round_rates([round_], user=request.user).get(round_.pk)
        today = reminders.reminded_today(round_, user=request.user)
        codes = [
            p.code
            for p in round_.reporting_parties.all()
            if rate and p.code in rate.overdue_party_codes and p.pk not in today
        ]
        if not codes:
            messages.info(request, _("No overdue party is left to remind today."))
            return redirect(target)
    else:
        codes = [(request.POST.get("party") or "").strip()]
    try:
        sent = reminders.remind_parties(actor=request.user, round=round_, parties=codes)
    except reminders.AlreadyReminded as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Reminder queued for %(parties)s.")
            % {"parties": ", ".join(r.party.code for r in sent)},
        )
    return redirect(target)


# -- exports -------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell's text, with an apostrophe before what a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value).replace(microsecond=0)
        return str(value.isoformat())
    return neutralise(str(value))


def cell_lines(matrix: ComplianceMatrix) -> list[list[Any]]:
    """One line per expected slot, in the matrix's order, as text: what the exports hold.
    Text is neutralised once per row, not once per cell (a round has tens of thousands)."""
    tlp = marking(matrix)
    zone = timezone.get_current_timezone()

    def stamp(value: Any) -> str:
        return value.astimezone(zone).replace(microsecond=0).isoformat() if value else ""

    yes, no = "yes", "no"
    codes = [_text(p.code) for p in matrix.parties]
    lines = []
    for row in matrix.rows:
        head = [
            _text(row.instrument_title),
            _text(row.area_title),
            _text(row.code),
            _text(row.title),
        ]
        for code, cell in zip(codes, row.cells, strict=True):
            if cell is None:
                continue
            on_time = (yes if cell.on_time else no) if cell.submitted_at else ""
            lines.append(
                [
                    *head,
                    code,
                    str(cell.cell),
                    stamp(cell.last_saved),
                    stamp(cell.submitted_at),
                    on_time,
                    tlp,
                ]
            )
    return lines


def summary_lines(matrix: ComplianceMatrix) -> list[list[Any]]:
    return [
        [
            s.party.code,
            s.expected,
            *(s.counts[c] for c in compliance.Cell),
            round(s.reporting_rate, 4),
            round(s.on_time_rate, 4),
            s.days_overdue,
            s.last_reminded,
        ]
        for s in matrix.summaries
    ]


def _csv_bytes(matrix: ComplianceMatrix) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    writer.writerows(cell_lines(matrix))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(matrix: ComplianceMatrix) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)

    def add(sheet: Any, values: list[Any]) -> None:
        cells = []
        for value in values:
            if isinstance(value, str) or hasattr(value, "isoformat"):
                text = ILLEGAL_CHARACTERS_RE.sub("", _text(value))
                cell = WriteOnlyCell(sheet, value=text)
                cell.data_type = "s"  # text stays text, never a formula
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)

    tlp = marking(matrix)
    summary = workbook.create_sheet("Summary")
    add(summary, [f"TLP:{tlp}", matrix.round.title, f"due {matrix.round.due_date.isoformat()}"])
    add(summary, SUMMARY_HEADERS)
    for line in summary_lines(matrix):
        add(summary, line)
    cells = workbook.create_sheet("Cells")
    add(cells, CSV_HEADERS)
    for line in cell_lines(matrix):
        add(cells, line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _download(
    matrix: ComplianceMatrix, content: bytes, ext: str, content_type: str
) -> HttpResponse:
    name = f"compliance-{slugify(matrix.round.title)[:60] or matrix.round.pk}.{ext}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
