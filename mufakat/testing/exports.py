"""Reading an export in tests: its rows as dictionaries, as a user's tool would read them."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import StreamingHttpResponse

BOM = "\ufeff"


def body(response: Any) -> str:
    assert isinstance(response, StreamingHttpResponse), type(response)
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response: Any) -> list[dict[str, str]]:
    """The rows of a CSV export (after its byte-order mark), by column name."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response)
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM) :], newline="")))


def json_rows(response: Any) -> list[dict[str, Any]]:
    """The objects of a JSON export (one array)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    rows = json.loads(body(response))
    assert isinstance(rows, list)
    return rows


def page_ids(client: Any, url: str, query: dict[str, Any], key: str) -> list[int]:
    """The ids a paginated list page shows over all its pages, in order (``key``: the name of
    the page's rows in its context)."""
    ids: list[int] = []
    number = 1
    while True:
        response = client.get(url, {**query, "page": number})
        assert response.status_code == 200
        ids += [row.pk for row in response.context[key]]
        if not response.context["page_obj"].has_next():
            return ids
        number += 1
