"""The start page, the language switch and page weight."""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_start_page_answers_anonymous_visitors(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"Upcoming meetings" in response.content


def test_the_language_switch_shows_the_interface_in_indonesian(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "Pertemuan mendatang" in response.content.decode()
    assert '<html lang="id">' in response.content.decode()


def test_pages_forbid_inline_scripts_through_the_content_security_policy(client: Client) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_a_page_with_its_assets_stays_under_100_kb_compressed(
    client: Client, settings: Any
) -> None:
    """People in the region work on slow links: HTML + CSS + htmx, gzip-compressed."""
    import gzip

    from django.contrib.staticfiles import finders

    html = client.get("/meetings/calendar/").content
    total = len(gzip.compress(html))
    for asset in ("css/mufakat.css", "vendor/htmx-2.0.11.min.js", "favicon.svg"):
        path = finders.find(asset)
        assert path, asset
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < 100_000
