"""Small SVG charts drawn on the server: one code path for the pages and for the PDF/DOCX
reports, which embed the same markup.

No JavaScript, no library, no CSS: every colour is a presentation attribute, so a chart looks
the same inside a page (the Content-Security-Policy forbids inline styles, not attributes) and
inside a document. Each chart is an ``role="img"`` with a ``<title>`` and a ``<desc>``; pages
show the same numbers as a table for screen readers and for anyone who prefers figures.

Colours have at least 4.5:1 contrast with white (text on them stays readable and the shapes
stand out, WCAG 1.4.11); neighbouring segments are separated by a white line, and every chart
has a legend, so no colour has to be told apart from its neighbour alone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mufakat.monitoring.models import ProgressStatus

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
INK = "#1b2430"
MUTED = "#4a5566"
GRID = "#d5dbe3"

#: Status → fill colour (contrast with white ≥ 4.5:1).
STATUS_COLOURS: dict[str, str] = {
    ProgressStatus.COMPLETED: "#1d6b36",
    ProgressStatus.ON_TRACK: "#1f5f99",
    ProgressStatus.DELAYED: "#9c4a00",
    ProgressStatus.NOT_STARTED: "#6a4c93",
    ProgressStatus.CANCELLED: "#a32020",
    ProgressStatus.NOT_APPLICABLE: "#4a5566",
    ProgressStatus.NOT_REPORTED: "#767676",
}

SERIES_COLOURS = ("#1f5f99", "#9c4a00", "#1d6b36", "#6a4c93")


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    colour: str


def status_segments() -> list[Segment]:
    """The statuses in chart order, with their (translated) labels and colours."""
    from mufakat.monitoring.rollups import STATUS_ORDER

    return [Segment(s, str(ProgressStatus(s).label), STATUS_COLOURS[s]) for s in STATUS_ORDER]


#: Charts already drawn, by everything their markup depends on (the figures, labels, titles
#: as translated, identifiers and sizes): the same figures seen by many readers, or on every
#: visit to a frozen round, are drawn once. Other figures make another key, so a change of
#: access or a new report shows in the next chart drawn.
_DRAWN: OrderedDict[tuple[Hashable, ...], SafeString] = OrderedDict()
_DRAWN_SIZE = 512
_DRAWN_LOCK = threading.Lock()


def _drawn(key: tuple[Hashable, ...], draw: Callable[[], SafeString]) -> SafeString:
    key = (get_language(), *key)  # words drawn inside a chart ("no data") are translated
    with _DRAWN_LOCK:
        chart = _DRAWN.get(key)
        if chart is not None:
            _DRAWN.move_to_end(key)
            return chart
    chart = draw()
    with _DRAWN_LOCK:
        _DRAWN[key] = chart
        if len(_DRAWN) > _DRAWN_SIZE:
            _DRAWN.popitem(last=False)
    return chart


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _fmt(value: float) -> str:
    """Coordinates with at most one decimal, so the markup stays small."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    cid = _e(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{_e(FONT)}" font-size="12" '
        f'fill="{INK}">',
        f'<title id="{cid}-title">{_e(title)}</title>',
        f'<desc id="{cid}-desc">{_e(desc)}</desc>',
    ]


def _legend(items: Sequence[tuple[str, str]], width: int, y: float = 6) -> tuple[list[str], float]:
    """Coloured squares with labels, wrapped to the width; returns the markup and its height."""
    parts = ['<g aria-hidden="true">']
    x, row = 0.0, 0
    for label, colour in items:
        step = 26 + 7.5 * len(label)
        if x and x + step > width:
            x, row = 0.0, row + 1
        top = y + row * 18
        parts.append(
            f'<rect x="{_fmt(x)}" y="{_fmt(top)}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{_fmt(x + 17)}" y="{_fmt(top + 10.5)}">{_e(label)}</text>'
        )
        x += step
    parts.append("</g>")
    return parts, (row + 1) * 18 + 8


def stacked_bars(
    rows: Sequence[tuple[str, dict[str, int]]],
    *,
    segments: Sequence[Segment],
    title: str,
    desc: str,
    chart_id: str,
    width: int = 720,
) -> SafeString:
    """One horizontal bar per row, split into segments by count; the total at the end."""
    key = (
        "stacked",
        tuple(
            (str(label), tuple(counts.get(s.key, 0) for s in segments)) for label, counts in rows
        ),
        tuple(segments),
        str(title),
        str(desc),
        chart_id,
        width,
    )
    return _drawn(
        key,
        lambda: _stacked_bars(
            rows, segments=segments, title=title, desc=desc, chart_id=chart_id, width=width
        ),
    )


def _stacked_bars(
    rows: Sequence[tuple[str, dict[str, int]]],
    *,
    segments: Sequence[Segment],
    title: str,
    desc: str,
    chart_id: str,
    width: int,
) -> SafeString:
    label_w, right_w, bar_h, gap = 230, 48, 22, 10
    legend, legend_h = _legend([(s.label, s.colour) for s in segments], width)
    height = int(legend_h + max(len(rows), 1) * (bar_h + gap) + 4)
    most = max((sum(c.get(s.key, 0) for s in segments) for _, c in rows), default=0) or 1
    scale = (width - label_w - right_w) / most
    parts = [*_open(chart_id, width, height, title, desc), *legend]
    for i, (label, counts) in enumerate(rows):
        y = legend_h + i * (bar_h + gap)
        total = sum(counts.get(s.key, 0) for s in segments)
        parts.append("<g>")
        parts.append(
            f"<title>{_e(label)}: "
            + _e(
                ", ".join(
                    f"{s.label} {counts.get(s.key, 0)}" for s in segments if counts.get(s.key)
                )
            )
            + "</title>"
        )
        parts.append(
            f'<text x="{label_w - 8}" y="{_fmt(y + bar_h / 2 + 4)}" text-anchor="end">'
            f"{_e(_shorten(label, 30))}</text>"
        )
        x = float(label_w)
        for s in segments:
            n = counts.get(s.key, 0)
            if not n:
                continue
            w = n * scale
            parts.append(
                f'<rect x="{_fmt(x)}" y="{y}" width="{_fmt(w)}" height="{bar_h}" '
                f'fill="{s.colour}" stroke="#ffffff" stroke-width="1.5"/>'
            )
            if w >= 8 * len(str(n)) + 6:
                parts.append(
                    f'<text x="{_fmt(x + w / 2)}" y="{_fmt(y + bar_h / 2 + 4)}" '
                    f'text-anchor="middle" fill="#ffffff">{n}</text>'
                )
            x += w
        parts.append(
            f'<text x="{_fmt(x + 6)}" y="{_fmt(y + bar_h / 2 + 4)}" fill="{MUTED}">{total}</text>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    return SafeString("".join(parts))


def percent_bars(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    desc: str,
    chart_id: str,
    colour: str = SERIES_COLOURS[0],
    width: int = 720,
    notes: Sequence[str] | None = None,
) -> SafeString:
    """Horizontal bars on a 0–100 % scale; "no data" written out where a value is missing.
    ``notes`` (one per row) follow each value, e.g. on how many reports a mean rests."""
    key = (
        "percent",
        tuple((str(label), value) for label, value in rows),
        str(title),
        str(desc),
        chart_id,
        colour,
        width,
        tuple(str(n) for n in notes) if notes is not None else None,
    )
    return _drawn(
        key,
        lambda: _percent_bars(
            rows,
            title=title,
            desc=desc,
            chart_id=chart_id,
            colour=colour,
            width=width,
            notes=notes,
        ),
    )


def _percent_bars(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    desc: str,
    chart_id: str,
    colour: str,
    width: int,
    notes: Sequence[str] | None,
) -> SafeString:
    label_w, right_w, bar_h, gap, top = 120, 150 if notes else 56, 18, 8, 22
    height = int(top + max(len(rows), 1) * (bar_h + gap) + 4)
    plot_w = width - label_w - right_w
    parts = _open(chart_id, width, height, title, desc)
    parts.append('<g aria-hidden="true">')
    for tick in (0, 25, 50, 75, 100):
        x = label_w + plot_w * tick / 100
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{top - 4}" x2="{_fmt(x)}" y2="{height - 2}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{_fmt(x)}" y="{top - 8}" text-anchor="middle" fill="{MUTED}" '
            f'font-size="11">{tick}%</text>'
        )
    parts.append("</g>")
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        shown = _("no data") if value is None else f"{value:g}%"
        if notes:
            shown = f"{shown} · {notes[i]}"
        parts.append(f"<g><title>{_e(label)}: {_e(shown)}</title>")
        parts.append(
            f'<text x="{label_w - 8}" y="{_fmt(y + bar_h / 2 + 4)}" text-anchor="end">'
            f"{_e(_shorten(label, 16))}</text>"
        )
        w = 0.0 if value is None else plot_w * max(0.0, min(value, 100.0)) / 100
        if w:
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{_fmt(w)}" height="{bar_h}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{_fmt(label_w + w + 6)}" y="{_fmt(y + bar_h / 2 + 4)}" '
            f'fill="{MUTED}">{_e(shown)}</text></g>'
        )
    parts.append("</svg>")
    return SafeString("".join(parts))


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    desc: str,
    chart_id: str,
    width: int = 720,
    height: int = 280,
) -> SafeString:
    """Lines on a 0–100 % scale, one point per x label; gaps where a value is missing."""
    key = (
        "line",
        tuple(str(label) for label in x_labels),
        tuple((str(name), tuple(values)) for name, values in series),
        str(title),
        str(desc),
        chart_id,
        width,
        height,
    )
    return _drawn(
        key,
        lambda: _line_chart(
            x_labels, series, title=title, desc=desc, chart_id=chart_id, width=width, height=height
        ),
    )


def _line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    desc: str,
    chart_id: str,
    width: int,
    height: int,
) -> SafeString:
    left, right, bottom = 44, 16, 44
    legend, legend_h = _legend(
        [(name, SERIES_COLOURS[i % len(SERIES_COLOURS)]) for i, (name, _v) in enumerate(series)],
        width,
    )
    top = legend_h + 8
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(x_labels), 1)

    def px(i: int) -> float:
        return left + (plot_w * (i + 0.5) / count)

    def py(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(v, 100.0)) / 100)

    parts = [*_open(chart_id, width, height, title, desc), *legend, '<g aria-hidden="true">']
    for tick in (0, 25, 50, 75, 100):
        y = py(tick)
        parts.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{_fmt(y + 4)}" text-anchor="end" fill="{MUTED}" '
            f'font-size="11">{tick}%</text>'
        )
    for i, label in enumerate(x_labels):
        parts.append(
            f'<text x="{_fmt(px(i))}" y="{height - bottom + 18}" text-anchor="middle" '
            f'fill="{MUTED}" font-size="11">{_e(_shorten(label, max(6, 90 // count)))}</text>'
        )
    parts.append("</g>")
    for n, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        dash = ' stroke-dasharray="6 4"' if n % 2 else ""  # told apart without colour
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((px(i), py(v)))
        parts.append("<g>")
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash}/>'
                )
        for i, v in enumerate(values):
            if v is None:
                continue
            parts.append(
                f'<circle cx="{_fmt(px(i))}" cy="{_fmt(py(v))}" r="4" fill="{colour}">'
                f"<title>{_e(name)}, {_e(x_labels[i])}: {v:g}%</title></circle>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return SafeString("".join(parts))


# -- the dashboards' charts, shared with the generated reports ----------------------------------


def area_status_chart(rollup: dict[str, Any], *, chart_id: str) -> SafeString:
    """Status of the expected reports per priority area of one instrument and round."""
    rows = [(f"{a['position']}. {a['title']}", a["counts"]) for a in rollup["areas"]]
    return stacked_bars(
        rows,
        segments=status_segments(),
        title=_("Activities by status per priority area"),
        desc=_(
            "For each priority area, the number of expected activity reports by status; the "
            "same figures are in the table that follows."
        ),
        chart_id=chart_id,
    )


def party_completion_chart(rollup: dict[str, Any], *, chart_id: str) -> SafeString:
    """Mean percent complete per reporting party."""
    return percent_bars(
        [(p["code"], p["completion"]) for p in rollup["parties"]],
        title=_("Completion per party"),
        desc=_(
            "Mean percent complete of each party's reported activities, with on how many of its "
            "expected reports the mean rests; the same figures are in the table that follows."
        ),
        chart_id=chart_id,
        notes=[
            _("over %(n)d of %(m)d") % {"n": p["with_percent"], "m": p["expected"]}
            for p in rollup["parties"]
        ],
    )


def trend_chart(rollup: dict[str, Any], *, chart_id: str) -> SafeString:
    """Completion and on-time reporting across the rounds of an instrument."""
    points = rollup["trend"]
    return line_chart(
        [p["round"]["due_date"][:7] for p in points],
        [
            (_("Completion (mean %)"), [p["completion"] for p in points]),
            (_("Reported on time (%)"), [p["on_time_rate"] for p in points]),
        ],
        title=_("Trend across reporting rounds"),
        desc=_(
            "Mean percent complete and the share of reports submitted by the due date, per "
            "round (by due date); the same figures are in the table that follows."
        ),
        chart_id=chart_id,
    )


def trend_status_chart(rollup: dict[str, Any], *, chart_id: str) -> SafeString:
    """The status mix of each round of an instrument."""
    return stacked_bars(
        [(p["round"]["title"], p["counts"]) for p in rollup["trend"]],
        segments=status_segments(),
        title=_("Status mix per round"),
        desc=_(
            "For each reporting round, the number of expected activity reports by status; the "
            "same figures are in the table that follows."
        ),
        chart_id=chart_id,
    )


def instrument_status_chart(rollup: dict[str, Any], *, chart_id: str) -> SafeString:
    """A party's reports per instrument by status (the party dashboard)."""
    return stacked_bars(
        [
            (e["instrument"]["short_title"] or e["instrument"]["title"], e["counts"])
            for e in rollup["instruments"]
        ],
        segments=status_segments(),
        title=_("Commitments by status per instrument"),
        desc=_(
            "For each instrument, the party's expected reports in the latest round by status; "
            "the same figures are in the table that follows."
        ),
        chart_id=chart_id,
    )
