"""Calendar feeds (iCalendar) and the page where people manage their calendar subscriptions.

Every feed — all meetings, a body's, a party's, a crime area's, a sharing group's, "meetings I
follow" — has two addresses: one read as the browser's session (or as nobody: public meetings
only), and one carrying a subscription key (:mod:`mufakat.meetings.calendar_tokens`), read as
the key's owner, for calendar programs that cannot sign in. Both go through the same selectors
and the same gate, and answer 304 when nothing the reader may see changed.
"""

from __future__ import annotations

import datetime as dt
from calendar import timegm
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods

from mufakat.meetings import calendar_tokens, ical, selectors
from mufakat.meetings.selectors import Feed

#: The feed kinds as they are spelled in addresses.
PATH_KINDS = {"body": "body", "party": "party", "crime-area": "crime_area", "group": "group"}


def _respond(request: HttpRequest, *, reader: Any, feed: Feed, body: str | None = None) -> Any:
    """The feed for ``reader``, or 304 when their validators match (one aggregate, no feed)."""
    base_url = request.build_absolute_uri("/")
    summary = selectors.ical_summary(user=reader, body=body, feed=feed)
    etag, last_modified = ical.validators(
        summary,
        reader_key=ical.reader_key(reader),
        scope=(body or "", *feed.scope, base_url, get_language()),
    )
    quoted = quote_etag(etag)
    stamp = timegm(last_modified.astimezone(dt.UTC).utctimetuple()) if last_modified else None
    response = get_conditional_response(request, etag=quoted, last_modified=stamp)
    if response is None:
        content = ical.render_feed(
            selectors.ical_meetings(user=reader, body=body, feed=feed),
            base_url=base_url,
            name=feed.name,
        )
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        name = "-".join(part for part in ("mufakat", feed.kind, feed.code.lower()) if part)
        response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["ETag"] = quoted
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    return response


def _feed_or_404(reader: Any, kind: str, code: str) -> Feed:
    name = PATH_KINDS.get(kind) if code else kind  # "all" and "follows" take no code
    feed = selectors.calendar_feed(user=reader, kind=name, code=code) if name else None
    if feed is None:
        raise Http404
    return feed


@cache_control(private=True, no_cache=True)
def feed(request: HttpRequest, kind: str = "all", code: str = "") -> HttpResponse:
    """A feed read as the browser's session, or as nobody (public meetings only). ``?body=``
    on the feed of all meetings narrows it to a body, as it always did."""
    if kind in ("group", "follows") and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = _feed_or_404(request.user, kind, code)
    body = None
    if kind == "all":
        body = (request.GET.get("body") or "").strip() or None
    response = _respond(request, reader=request.user, feed=found, body=body)
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response


@cache_control(private=True, no_cache=True)
def token_feed(request: HttpRequest, key: str, kind: str = "all", code: str = "") -> HttpResponse:
    """A feed read as the owner of the subscription key in its address — whoever asks, with or
    without a session. Revoked, expired or unknown: 404, naming nothing."""
    token = calendar_tokens.token_or_404(key)
    verdict = calendar_tokens.count_use(token)
    if not verdict.allowed:
        response = HttpResponse(
            _("Too many requests for this calendar; try again later."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        if verdict.retry_after:
            response["Retry-After"] = str(verdict.retry_after)
        return response
    with translation.override(feed_language(request)):
        found = _feed_or_404(token.user, kind, code)
        response = _respond(request, reader=token.user, feed=found)
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_language(request: HttpRequest) -> str:
    """The language of a subscription feed: the one its address names (``?lang=``, the key
    owner's when they made the key), else the one the request asks for."""
    asked = (request.GET.get("lang") or "").strip().lower()
    known = {code for code, _name in settings.LANGUAGES}
    return asked if asked in known else (get_language() or settings.LANGUAGE_CODE)


# -- the subscriptions page --------------------------------------------------------------------


def _feed_urls(request: HttpRequest, key: str | None) -> list[dict[str, str]]:
    """The feeds offered to the reader, each with its address (with ``key``, the subscription
    address; without it, the address for a signed-in browser)."""

    def url(kind: str = "all", code: str = "") -> str:
        if key is None:
            if kind == "all":
                path = reverse("meetings:ical")
            elif kind == "follows":
                path = reverse("meetings:ical_follows")
            else:
                path = reverse("meetings:ical_of", args=[kind, code])
        else:
            if kind in ("all", "follows"):
                path = reverse(f"meetings:ical_token_{kind}", args=[key])
            else:
                path = reverse("meetings:ical_token_of", args=[key, kind, code])
            # The key owner's language now: their calendar shows titles in it.
            path += "?" + urlencode({"lang": get_language() or settings.LANGUAGE_CODE})
        return request.build_absolute_uri(path)

    feeds = [
        {"label": _("All meetings you may see"), "url": url()},
        {"label": _("Meetings you follow"), "url": url("follows")},
    ]
    party = getattr(request.user, "party", None)
    if party is not None:
        feeds.append(
            {
                "label": _("Meetings of %(party)s") % {"party": party.name},
                "url": url("party", party.code),
            }
        )
    for follow in selectors.calendar_follows(user=request.user):
        if follow.body is not None:
            label = _("Meetings of %(body)s") % {"body": follow.body.code}
            feeds.append({"label": label, "url": url("body", follow.body.code)})
        elif follow.crime_area is not None:
            label = _("Meetings on %(area)s") % {"area": follow.crime_area.name}
            feeds.append({"label": label, "url": url("crime-area", follow.crime_area.code)})
        elif follow.sharing_group is not None:
            label = _("Meetings shared with %(group)s") % {"group": follow.sharing_group.name}
            feeds.append({"label": label, "url": url("group", follow.sharing_group.code)})
    return feeds


def _page(request: HttpRequest, *, key: str | None = None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "meetings/calendar_subscriptions.html",
        {
            "tokens": list(calendar_tokens.tokens_of(user=request.user)),
            "new_key": key,
            "feeds": _feed_urls(request, key) if key else [],
            "session_feeds": _feed_urls(request, None),
            "now": dt.datetime.now(dt.UTC),
        },
        status=status,
    )


#: Where a new key waits, in its owner's session, for the one page that shows it.
NEW_KEY_SESSION = "meetings.calendar_new_key"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def subscriptions(request: HttpRequest) -> HttpResponse:
    """List one's subscription keys; make one or revoke one (POST, then a redirect, so that a
    reload makes nothing). A new key's addresses are shown on the next page only: the key
    waits in the owner's session until then and is taken out as it is shown — the database
    keeps only its fingerprint."""
    if request.method == "GET":
        return _page(request, key=request.session.pop(NEW_KEY_SESSION, None))
    if request.POST.get("action") == "revoke":
        try:
            pk = int(request.POST.get("token") or "")
        except ValueError:
            raise Http404 from None
        calendar_tokens.revoke_token(actor=request.user, pk=pk)
        messages.success(request, _("Subscription key revoked: its addresses no longer work."))
        return redirect("meetings:calendar_subscriptions")
    try:
        _token, key = calendar_tokens.issue_token(
            actor=request.user, name=request.POST.get("name", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("meetings:calendar_subscriptions")
    request.session[NEW_KEY_SESSION] = key
    return redirect("meetings:calendar_subscriptions")
