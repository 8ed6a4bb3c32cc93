"""Pages of the registry. Thin: parse input, call one selector or service, render."""

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mufakat.core.forms import run_service
from mufakat.core.web import confirm_saved, form_page, registry_editor
from mufakat.registry import selectors, services
from mufakat.registry.forms import (
    AgencyForm,
    BodyForm,
    CrimeAreaForm,
    MembershipForm,
    PartyForm,
    TermForm,
)


def _data(form: Form, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The cleaned values a service takes: no version, nothing the form shows read-only."""
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name != "lock_version" and name not in skip and not form.fields[name].disabled
    }


# -- bodies ------------------------------------------------------------------------------------


def bodies(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/bodies.html", {"tree": selectors.body_tree(user=request.user)})


def body(request: HttpRequest, code: str) -> HttpResponse:
    year = request.GET.get("year", "")
    return render(
        request,
        "registry/body.html",
        selectors.body_detail(
            user=request.user,
            code=code,
            year=int(year) if year.isdigit() and 1 <= int(year) <= 9999 else None,
        ),
    )


@registry_editor
def body_create(request: HttpRequest) -> HttpResponse:
    form = BodyForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        created = run_service(form, lambda: services.create_body(actor=request.user, **_data(form)))
        if created is not None:
            return confirm_saved(
                request, _("Body %(code)s added.") % {"code": created.code}, created
            )
    return form_page(request, form, title=_("Add a body"), cancel_url=reverse("registry:bodies"))


@registry_editor
def body_edit(request: HttpRequest, code: str) -> HttpResponse:
    current = selectors.get_body(user=request.user, code=code)
    initial = {
        "code": current.code,
        "name": current.name,
        "short_name": current.short_name,
        "level": current.level,
        "parent": current.parent.code if current.parent else None,
        "partners": [p.code for p in current.partners.all()],
        "crime_areas": [c.code for c in current.crime_areas.all()],
        "established": current.established,
        "description": current.description,
        "aliases": current.aliases,
        "order": current.order,
        "source": current.source,
        "lock_version": current.lock_version,
    }
    form = BodyForm(request.POST or None, initial=initial, editing=current)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.update_body(
                actor=request.user,
                body=current,
                changes=_data(form),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            return confirm_saved(request, _("Body %(code)s saved.") % {"code": saved.code}, saved)
    return form_page(
        request,
        form,
        title=_("Edit %(body)s") % {"body": current.code},
        cancel_url=current.get_absolute_url(),
    )


@registry_editor
def term_create(request: HttpRequest, code: str) -> HttpResponse:
    current = selectors.get_body(user=request.user, code=code)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: services.add_term(actor=request.user, body=current, **_data(form))
        )
        if created is not None:
            return confirm_saved(request, _("Term added."), current)
    return form_page(
        request,
        form,
        title=_("Add a chair or lead shepherd of %(body)s") % {"body": current.code},
        cancel_url=current.get_absolute_url(),
    )


@registry_editor
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.get_term(user=request.user, pk=pk)
    initial = {
        "role": term.role,
        "party": term.party.code,
        "agency": term.agency_id,
        "start_date": term.start_date,
        "end_date": term.end_date,
        "source": term.source,
        "lock_version": term.lock_version,
    }
    form = TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.update_term(
                actor=request.user,
                term=term,
                changes=_data(form),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            return confirm_saved(request, _("Term saved."), term.body)
    return form_page(
        request,
        form,
        title=_("Edit a term of %(body)s") % {"body": term.body.code},
        cancel_url=term.body.get_absolute_url(),
    )


# -- parties -----------------------------------------------------------------------------------


def parties(request: HttpRequest) -> HttpResponse:
    return render(
        request, "registry/parties.html", {"groups": selectors.party_groups(user=request.user)}
    )


def party(request: HttpRequest, code: str) -> HttpResponse:
    return render(
        request, "registry/party.html", selectors.party_detail(user=request.user, code=code)
    )


@registry_editor
def party_create(request: HttpRequest) -> HttpResponse:
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: services.create_party(actor=request.user, **_data(form))
        )
        if created is not None:
            return confirm_saved(
                request, _("Party %(code)s added.") % {"code": created.code}, created
            )
    return form_page(request, form, title=_("Add a party"), cancel_url=reverse("registry:parties"))


@registry_editor
def party_edit(request: HttpRequest, code: str) -> HttpResponse:
    current = selectors.get_party(user=request.user, code=code)
    initial = {
        "code": current.code,
        "name": current.name,
        "kind": current.kind,
        "is_asean_organ": current.is_asean_organ,
        "notes": current.notes,
        "aliases": current.aliases,
        "source": current.source,
        "lock_version": current.lock_version,
    }
    form = PartyForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.update_party(
                actor=request.user,
                party=current,
                changes=_data(form),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            return confirm_saved(request, _("Party %(code)s saved.") % {"code": saved.code}, saved)
    return form_page(
        request,
        form,
        title=_("Edit %(party)s") % {"party": current.name},
        cancel_url=current.get_absolute_url(),
    )


@registry_editor
def membership_create(request: HttpRequest, code: str) -> HttpResponse:
    current = selectors.get_party(user=request.user, code=code)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form,
            lambda: services.add_membership(actor=request.user, party=current, **_data(form)),
        )
        if created is not None:
            return confirm_saved(request, _("Status added."), current)
    return form_page(
        request,
        form,
        title=_("Add a status of %(party)s towards ASEAN") % {"party": current.name},
        cancel_url=current.get_absolute_url(),
    )


@registry_editor
def agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None, initial={"party": request.GET.get("party")})
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: services.create_agency(actor=request.user, **_data(form))
        )
        if created is not None:
            return confirm_saved(
                request, _("Agency %(agency)s added.") % {"agency": created}, created.party
            )
    return form_page(
        request, form, title=_("Add an agency"), cancel_url=reverse("registry:parties")
    )


@registry_editor
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.get_agency(user=request.user, pk=pk)
    initial = {
        "party": agency.party.code,
        "acronym": agency.acronym,
        "name": agency.name,
        "url": agency.url,
        "source": agency.source,
        "lock_version": agency.lock_version,
    }
    form = AgencyForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.update_agency(
                actor=request.user,
                agency=agency,
                changes=_data(form),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            return confirm_saved(
                request, _("Agency %(agency)s saved.") % {"agency": saved}, agency.party
            )
    return form_page(
        request,
        form,
        title=_("Edit %(agency)s") % {"agency": agency},
        cancel_url=agency.party.get_absolute_url(),
    )


# -- crime areas -------------------------------------------------------------------------------


def crime_areas(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/crime_areas.html",
        {"crime_areas": list(selectors.crime_area_list(user=request.user))},
    )


@registry_editor
def crime_area_edit(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.get_crime_area(user=request.user, code=code)
    initial = {
        "name": area.name,
        "description": area.description,
        "aliases": area.aliases,
        "priority_since": area.priority_since,
        "priority_until": area.priority_until,
        "order": area.order,
        "source": area.source,
        "lock_version": area.lock_version,
    }
    form = CrimeAreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.update_crime_area(
                actor=request.user,
                crime_area=area,
                changes=_data(form),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Crime area %(name)s saved.") % {"name": saved.name})
            return redirect(reverse("registry:crime_areas") + f"#{saved.code}")
    return form_page(
        request,
        form,
        title=_("Edit %(area)s") % {"area": area.name},
        cancel_url=reverse("registry:crime_areas"),
    )
