"""A brief lists a few action items per responsible party — the overdue and the soonest due,
the latest done — then says how many more there are, counted through the same gate, with a
link to the list of exactly those; the page, the PDF and the DOCX say the same."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from mufakat.core.audience import TLP, Audience
from mufakat.meetings.models import FollowUp, Outcome
from mufakat.papers.brief import ACTION_ITEMS_SHOWN, build_brief
from mufakat.papers.content import Para, Section, Table
from mufakat.papers.render import paper_docx, paper_pdf
from mufakat.papers.tests.conftest import PapersWorld, days
from mufakat.registry.models import Party
from mufakat.testing.factories import OutcomeFactory

pytestmark = pytest.mark.django_db

IDN = "Indonesia (IDN)"
ASEC = "ASEAN Secretariat (ASEC)"
PUBLIC_IDN = 8
RESTRICTED_IDN = 2
DONE_ASEC = 7
#: Indonesia's items each reader may see: the public ones, and Indonesia's own restricted ones
#: (one in the world already, two added) for its focal point only.
IDN_VISIBLE = {
    "secretariat": PUBLIC_IDN,
    "idn_focal": PUBLIC_IDN + 1 + RESTRICTED_IDN,
    "jpn_focal": PUBLIC_IDN,
    "outsider": PUBLIC_IDN,
}


@pytest.fixture
def crowded(papers_world: PapersWorld, idn: Party, asec: Party) -> PapersWorld:
    """Many items of the 24th SOMTC for Indonesia (two of them Indonesia's own) and many done
    by the Secretariat since then."""
    m24 = papers_world.m24
    assert m24.start_date <= days(-44)
    for n in range(PUBLIC_IDN):
        OutcomeFactory.create(
            meeting=m24,
            number=10 + n,
            kind=Outcome.Kind.ACTION_ITEM,
            text=f"Indonesia to report on border post {n}.",
            responsible=idn,
            due_date=days(n - 3),
        )
    for n in range(RESTRICTED_IDN):
        OutcomeFactory.create(
            meeting=m24,
            number=30 + n,
            kind=Outcome.Kind.ACTION_ITEM,
            text=f"Indonesia to brief on case file {n}.",
            responsible=idn,
            due_date=days(-30 - n),
            audience=Audience.ORGANISATION,
            tlp=TLP.AMBER_STRICT,
            owner_party=idn,
        )
    for n in range(DONE_ASEC):
        OutcomeFactory.create(
            meeting=m24,
            number=40 + n,
            kind=Outcome.Kind.ACTION_ITEM,
            text=f"The Secretariat to publish guidance note {n}.",
            responsible=asec,
            due_date=days(-20),
            follow_up=FollowUp.DONE,
            done_on=days(-44 + n),
        )
    return papers_world


def part(paper: Any) -> Section:
    return next(s for s in paper.all_sections() if s.key == "action-items")


def more_lines(section: Section) -> list[Para]:
    return [b for b in section.blocks if isinstance(b, Para) and " more " in b.text]


def listed(client: Any, url: str) -> int:
    """How many action items the list at ``url`` says it holds."""
    response = client.get(url)
    assert response.status_code == 200
    found = re.search(r"(\d+) action items?</caption>", response.content.decode())
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("who", ["secretariat", "idn_focal", "jpn_focal", "outsider"])
def test_each_party_shows_a_few_items_and_counts_the_rest_the_reader_may_see(
    who: str, crowded: PapersWorld, request: pytest.FixtureRequest, as_user: Any
) -> None:
    reader = request.getfixturevalue(who)
    section = part(build_brief(crowded.m25, user=reader))
    tables = {b.caption: b for b in section.blocks if isinstance(b, Table)}
    assert all(len(t.rows) <= 2 * ACTION_ITEMS_SHOWN for t in tables.values())
    idn_open = tables[IDN].rows
    assert len(idn_open) == ACTION_ITEMS_SHOWN
    assert [row[3] for row in idn_open[:3]] == ["Overdue"] * 3
    more = IDN_VISIBLE[who] - ACTION_ITEMS_SHOWN
    line = next(p for p in more_lines(section) if IDN in p.text)
    assert line.text == f"{more} more open items for {IDN}."
    # The link lists exactly the reader's open items of Indonesia that the brief reviews.
    assert "review=" in line.links[0].url and "party=IDN" in line.links[0].url
    assert listed(as_user(reader), line.links[0].url) == IDN_VISIBLE[who]


def test_the_done_items_are_the_latest_few_then_counted(
    crowded: PapersWorld, secretariat: Any, as_user: Any
) -> None:
    section = part(build_brief(crowded.m25, user=secretariat))
    asec = next(b for b in section.blocks if isinstance(b, Table) and b.caption == ASEC)
    assert [row[3] for row in asec.rows] == ["Done"] * ACTION_ITEMS_SHOWN
    assert "guidance note 6" in asec.rows[0][1]
    line = next(p for p in more_lines(section) if ASEC in p.text)
    done = DONE_ASEC + 1  # and the template circulated before
    assert line.text.startswith(f"{done - ACTION_ITEMS_SHOWN} more items done since the 24th")
    assert listed(as_user(secretariat), line.links[0].url) == done


def test_the_summary_counts_every_item_and_links_to_all_of_them(
    crowded: PapersWorld, idn_focal: Any, as_user: Any
) -> None:
    section = part(build_brief(crowded.m25, user=idn_focal))
    summary = section.blocks[0]
    assert isinstance(summary, Para)
    opened = 1 + IDN_VISIBLE["idn_focal"]  # and Japan's
    assert summary.text.startswith(f"{opened} open (")
    assert f"and {DONE_ASEC + 1} done since" in summary.text
    assert listed(as_user(idn_focal), summary.links[0].url) == opened + DONE_ASEC + 1


def test_the_pdf_and_the_docx_say_how_many_more(crowded: PapersWorld, jpn_focal: Any) -> None:
    paper = build_brief(crowded.m25, user=jpn_focal).number_paragraphs()
    line = f"{PUBLIC_IDN - ACTION_ITEMS_SHOWN} more open items for {IDN}."
    pdf = PdfReader(io.BytesIO(paper_pdf(paper, produced_for="jpn.focal")))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    document = docx.Document(io.BytesIO(paper_docx(paper, produced_for="jpn.focal")))
    docx_text = "\n".join(p.text for p in document.paragraphs)
    assert line in pdf_text
    assert line in docx_text
    assert "case file" not in pdf_text + docx_text


def test_the_list_of_a_meeting_hidden_from_the_reader_is_404(
    crowded: PapersWorld, as_user: Any, anonymous: Any
) -> None:
    hidden = crowded.m25
    hidden.audience = Audience.ORGANISATION
    hidden.save(update_fields=["audience"])
    response = as_user(anonymous).get(f"/meetings/action-items/?review={hidden.pk}")
    assert response.status_code == 404
