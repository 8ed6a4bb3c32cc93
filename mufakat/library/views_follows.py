"""The "Following" page and the Follow/Unfollow buttons (they post here too).

Thin: parses a code or a follow id, calls :mod:`mufakat.library.follows`, redirects back.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.core.models import SharingGroup
from mufakat.library import follows
from mufakat.registry.models import Body, CrimeArea


class FollowForm(forms.Form):
    """One of the three targets, by code; the page shows one small form per kind."""

    crime_area = forms.ModelChoiceField(
        queryset=CrimeArea.objects.all(),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Crime area"),
    )
    body = forms.ModelChoiceField(
        queryset=Body.objects.all(),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Body"),
    )
    sharing_group = forms.ModelChoiceField(
        queryset=SharingGroup.objects.none(),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Sharing group"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only one's own groups are offered; any other code is "not a valid choice".
        self.fields["sharing_group"].queryset = follows.groups_of(user=user)  # type: ignore[attr-defined]


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("library:follows"))


def _post(request: HttpRequest) -> HttpResponse:
    if request.POST.get("unfollow"):
        try:
            pk = int(request.POST["unfollow"])
        except ValueError:
            pk = 0
        follow = follows.get_follow(user=request.user, pk=pk)
        label = str(follow.crime_area or follow.body or follow.sharing_group)
        follows.unfollow(user=request.user, follow=follow)
        messages.success(request, _("You no longer follow %s.") % label)
        return _back(request)
    form = FollowForm(request.POST, user=request.user)
    if form.is_valid():
        chosen = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            follows.follow(user=request.user, **chosen)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            names = ", ".join(str(v) for v in chosen.values())
            messages.success(request, _("You follow %s: new items come in your digest.") % names)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return _back(request)


@login_required
def follows_page(request: HttpRequest) -> HttpResponse:
    """What I follow, with a remove button each, and forms to follow more."""
    if request.method == "POST":
        return _post(request)
    user = request.user
    mine = list(follows.follows_of(user=user))
    followed = follows.followed(user=user)
    crime_areas = CrimeArea.objects.exclude(pk__in=followed.crime_area)
    bodies = Body.objects.exclude(pk__in=followed.body)
    groups = follows.groups_of(user=user).exclude(pk__in=followed.sharing_group)
    return render(
        request,
        "library/follows.html",
        {
            "follows": mine,
            "crime_areas": crime_areas,
            "bodies": bodies,
            "groups": groups,
        },
    )
