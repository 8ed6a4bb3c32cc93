"""Pages of invitations and delegations: the Secretariat invites parties to a planned meeting,
each invited party's focal point names its delegation. Thin: the rules are in ``delegations``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mufakat.core.forms import run_service
from mufakat.meetings import delegations, selectors
from mufakat.meetings.forms import DelegateFormSet, InvitationForm, NominationForm
from mufakat.meetings.models import Delegate, Invitation, Meeting
from mufakat.meetings.permissions import can_nominate_delegation, require_meeting_editor
from mufakat.registry.models import Agency, Party

#: Blank rows offered below the named delegates (more with ``?rows=``).
EXTRA_ROWS = 3


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    found = selectors.meeting(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _invitation_or_404(request: HttpRequest, meeting: Meeting, party_code: str) -> Invitation:
    found = delegations.invitation_for(meeting, user=request.user, party_code=party_code)
    if found is None:
        raise Http404
    return found


@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    require_meeting_editor(request.user)
    invited = list(delegations.invitations(meeting, user=request.user))
    invited_ids = {i.party_id for i in invited}
    candidates = [p for p in Party.objects.order_by("name") if p.pk not in invited_ids]
    suggested = [
        p.code
        for p in delegations.suggested_parties(meeting, user=request.user)
        if p.pk not in invited_ids
    ]
    form = InvitationForm(request.POST or None, parties=candidates, initial={"parties": suggested})
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form,
            lambda: delegations.invite_parties(
                actor=request.user, meeting=meeting, parties=form.cleaned_data["parties"]
            ),
        )
        if created is not None:
            messages.success(
                request,
                _("Invited: %s.") % ", ".join(i.party.code for i in created)
                if created
                else _("These parties were already invited."),
            )
            return redirect(meeting.get_absolute_url() + "#delegations")
    return render(
        request,
        "meetings/invitation_form.html",
        {"meeting": meeting, "form": form, "invited": invited},
    )


def _rows(request: HttpRequest, invitation: Invitation) -> list[dict[str, Any]]:
    named = (
        Delegate.objects.visible_to(request.user)
        .filter(meeting_id=invitation.meeting_id, party_id=invitation.party_id)
        .select_related("agency")
    )
    rows = [
        {
            "name": d.name,
            "position": d.position,
            "agency": d.agency.acronym if d.agency else "",
            "is_head": d.is_head,
        }
        for d in named
    ]
    wanted = request.GET.get("rows", "")
    total = len(rows) + EXTRA_ROWS
    if wanted.isdigit():
        total = max(total, min(int(wanted), delegations.MAX_DELEGATES))
    blank = [{"is_head": not rows and n == 0} for n in range(total - len(rows))]
    return rows + blank


@login_required
def nominate(request: HttpRequest, pk: int, party_code: str) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    invitation = _invitation_or_404(request, meeting, party_code)
    if not can_nominate_delegation(request.user, invitation.party_id):
        raise PermissionDenied(
            _("Only the focal point of %s may name its delegation.") % invitation.party.name
        )
    agencies = list(Agency.objects.filter(party_id=invitation.party_id).order_by("acronym"))
    formset = DelegateFormSet(
        request.POST or None,
        initial=None if request.method == "POST" else _rows(request, invitation),
        form_kwargs={"agencies": agencies},
        prefix="d",
    )
    form = NominationForm(request.POST or None, initial={"lock_version": invitation.lock_version})
    if request.method == "POST" and formset.is_valid() and form.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("name")]
        saved = run_service(
            form,
            lambda: delegations.nominate_delegation(
                actor=request.user,
                meeting=meeting,
                party=invitation.party,
                delegates=rows,
                expected_version=form.cleaned_data.get("lock_version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Delegation of %s saved.") % invitation.party.name)
            return redirect(meeting.get_absolute_url() + "#delegations")
    return render(
        request,
        "meetings/delegation_form.html",
        {
            "meeting": meeting,
            "invitation": invitation,
            "formset": formset,
            "form": form,
            "more_rows": len(formset.forms) + EXTRA_ROWS,
        },
    )


@login_required
def withdraw(request: HttpRequest, pk: int, party_code: str) -> HttpResponse:
    """Asks first (a page of its own); withdraws on POST."""
    meeting = _meeting_or_404(request, pk)
    require_meeting_editor(request.user)
    invitation = _invitation_or_404(request, meeting, party_code)
    if request.method == "POST":
        delegations.withdraw_invitation(actor=request.user, invitation=invitation)
        messages.success(request, _("Invitation of %s withdrawn.") % invitation.party.name)
        return redirect(meeting.get_absolute_url() + "#delegations")
    return render(
        request,
        "meetings/invitation_confirm_withdraw.html",
        {"meeting": meeting, "invitation": invitation},
    )
