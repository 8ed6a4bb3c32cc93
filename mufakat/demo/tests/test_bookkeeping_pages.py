"""No bookkeeping of the people who prepared the demo reaches a page (issue 10): no "seed",
"illustrative", "domain-facts" or project file name in the home page, My desk, meetings,
instruments, the library or search results. (The stored text fields are checked in
test_story.py; this reads what the pages render, snippets and notes included.)"""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.meetings.models import Meeting
from mufakat.workplans.models import Instrument

pytestmark = pytest.mark.django_db

#: Words and file names of the data's preparation; the "Sources" notes may say a record was
#: invented for the demonstration, never where in the project it came from.
BOOKKEEPING = re.compile(r"\bseed\b|\bseeds/|illustrat|domain-facts|\b[\w-]+\.(md|py|toml)\b", re.I)
SEARCHES = ["meeting", "work plan", "terrorism", "trafficking", "report", "source"]


def _text(html: str) -> str:
    """What a reader sees or a screen reader reads: the page without scripts and styles."""
    return re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S | re.I)


def _pages() -> list[str]:
    pages = [reverse("home"), reverse("meetings:list"), reverse("workplans:list")]
    pages += [reverse("library:list")]
    pages += [m.get_absolute_url() for m in Meeting.objects.order_by("-start_date")[:40]]
    pages += [i.get_absolute_url() for i in Instrument.objects.all()]
    pages += [f"{reverse('search:results')}?q={q}" for q in SEARCHES]
    return pages


@pytest.mark.parametrize("who", ["anonymous", "secretariat", "idn.focal"])
def test_no_page_shows_bookkeeping_words(demo: str, who: str) -> None:
    client = Client()
    if who != "anonymous":
        client.force_login(User.objects.get(username=who))
    found: list[str] = []
    for url in _pages():
        response: Any = client.get(url)
        assert response.status_code == 200, url
        for match in BOOKKEEPING.finditer(_text(response.content.decode())):
            found.append(f"{url}: {match.group(0)!r}")
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("word", ["seed", "illustrative", "domain-facts", "md"])
def test_searching_for_bookkeeping_words_finds_no_snippet_that_shows_them(
    demo: str, word: str
) -> None:
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    response: Any = client.get(reverse("search:results"), {"q": word})
    hits = response.context["results"].hits
    shown = [
        f"{h.title}: {h.snippet}" for h in hits if BOOKKEEPING.search(f"{h.title} {h.snippet}")
    ]
    assert not shown, "\n".join(shown)
