"""The one export module: CSV a spreadsheet opens safely, JSON a tool parses, both streamed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone

from mufakat.core import exports
from mufakat.core.exports import Column
from mufakat.registry.models import Party
from mufakat.testing.factories import PartyFactory

COLUMNS = (
    Column("code", lambda p: p.code),
    Column("name", lambda p: p.name),
    Column("member", lambda p: p.kind == Party.Kind.MEMBER_STATE),
)


def _text(response: StreamingHttpResponse) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+62 21 555", "'+62 21 555"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Bali = Denpasar", "Bali = Denpasar"),
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(
    text: str, written: str
) -> None:
    assert exports.neutralise(text) == written
    written_csv = "".join(exports.csv_lines([text], [Column("v", lambda r: r)]))
    assert list(csv.reader(io.StringIO(written_csv[1:], newline=""))) == [["v"], [written]]


def test_values_are_written_as_a_spreadsheet_and_a_script_expect_them() -> None:
    when = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 30, 15, 123))
    row = {
        "n": -3,
        "amount": Decimal("2.50"),
        "on": dt.date(2026, 12, 7),
        "at": when,
        "yes": True,
        "none": None,
        "codes": ["IDN", "JPN"],
        "text": "-minus",
    }
    columns = [Column(name, lambda r, name=name: r[name]) for name in row]
    text = "".join(exports.csv_lines([row], columns))
    assert text.startswith("\ufeff")
    header, cells = list(csv.reader(io.StringIO(text[1:])))
    assert header == list(row)
    stamp = timezone.localtime(when).replace(microsecond=0).isoformat()
    assert cells == ["-3", "2.50", "2026-12-07", stamp, "true", "", "IDN; JPN", "'-minus"]
    [parsed] = json.loads("".join(exports.json_lines([row], columns)))
    assert parsed == {
        "n": -3,
        "amount": 2.5,
        "on": "2026-12-07",
        "at": stamp,
        "yes": True,
        "none": None,
        "codes": ["IDN", "JPN"],
        "text": "-minus",
    }


def test_an_empty_list_is_a_header_or_an_empty_array() -> None:
    assert "".join(exports.csv_lines([], COLUMNS)) == "\ufeffcode,name,member\r\n"
    assert json.loads("".join(exports.json_lines([], COLUMNS))) == []


@pytest.mark.django_db
def test_a_queryset_is_read_in_chunks_and_streamed_as_a_dated_attachment() -> None:
    for n in range(7):
        PartyFactory.create(code=f"X{n}", name=f'Party «{n}», "quoted"')
    seen: list[int] = []

    def prepare(chunk: list[Party]) -> list[Party]:
        seen.append(len(chunk))
        return chunk

    rows = exports.in_chunks(Party.objects.order_by("code"), prepare=prepare, size=3)
    response = exports.export_response(rows, COLUMNS, fmt="json", name="parties")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="mufakat-parties-{today}.json"'
    assert seen == []  # nothing read before the download is
    parsed = json.loads(_text(response))
    assert [p["code"] for p in parsed] == [f"X{n}" for n in range(7)]
    assert parsed[0]["name"] == 'Party «0», "quoted"'
    assert seen == [3, 3, 1]


def test_only_csv_and_json_are_formats() -> None:
    with pytest.raises(Http404):
        exports.export_response([], COLUMNS, fmt="xlsx", name="x")
