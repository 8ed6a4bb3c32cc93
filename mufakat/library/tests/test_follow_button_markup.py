"""The follow button, written in Python: the form the included template wrote, names
escaped, the reader's own follow shown as "Unfollow"."""

from typing import Any

import pytest
from django.urls import reverse

from mufakat.library import follows
from mufakat.testing.factories import CrimeAreaFactory

pytestmark = pytest.mark.django_db


def _form(page: Any, code: str) -> str:
    row = page.content.decode().split(f'<tr id="{code}">')[1].split("</tr>")[0]
    return row.split('<form class="follow-form"')[1].split("</form>")[0]


def test_a_follow_button_posts_the_area_with_the_page_to_return_to(
    as_user: Any, idn_focal: Any
) -> None:
    CrimeAreaFactory(code="CT", name="Terrorism")

    form = _form(as_user(idn_focal).get(reverse("registry:crime_areas") + "?x=1"), "CT")

    assert f'action="{reverse("library:follows")}"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="next" value="/registry/crime-areas/?x=1"' in form
    assert '<input type="hidden" name="crime_area" value="CT">' in form
    assert (
        'aria-pressed="false" aria-label="Follow Terrorism in the knowledge digest">Follow<' in form
    )


def test_a_followed_area_offers_to_unfollow_it(as_user: Any, idn_focal: Any) -> None:
    area = CrimeAreaFactory(code="CT", name="Terrorism")
    followed = follows.follow(user=idn_focal, crime_area=area)

    form = _form(as_user(idn_focal).get(reverse("registry:crime_areas")), "CT")

    assert f'<input type="hidden" name="unfollow" value="{followed.pk}">' in form
    assert 'aria-pressed="true" aria-label="Stop following Terrorism">Unfollow<' in form


def test_an_area_name_is_escaped_in_its_label(as_user: Any, idn_focal: Any) -> None:
    CrimeAreaFactory(code="XX", name='Fraud <b> & "scams"')

    form = _form(as_user(idn_focal).get(reverse("registry:crime_areas")), "XX")

    assert "<b>" not in form
    assert "Follow Fraud &lt;b&gt; &amp; &quot;scams&quot; in the knowledge digest" in form
