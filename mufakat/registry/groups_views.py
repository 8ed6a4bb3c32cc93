"""Pages of sharing groups. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mufakat.core.forms import run_service
from mufakat.core.web import confirm_saved, form_page, registry_editor
from mufakat.registry import groups_selectors as selectors
from mufakat.registry import groups_services as services
from mufakat.registry.groups_forms import SharingGroupForm
from mufakat.registry.views import _data


def groups(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/groups.html",
        {"groups": list(selectors.sharing_groups(user=request.user))},
    )


def group(request: HttpRequest, code: str) -> HttpResponse:
    return render(
        request, "registry/group.html", selectors.group_detail(user=request.user, code=code)
    )


@registry_editor
def group_create(request: HttpRequest) -> HttpResponse:
    form = SharingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: services.create_sharing_group(actor=request.user, **_data(form))
        )
        if created is not None:
            return confirm_saved(
                request,
                _("Sharing group %(name)s added.") % {"name": created.name},
                reverse("registry:group", args=[created.code]),
            )
    return form_page(
        request, form, title=_("Add a sharing group"), cancel_url=reverse("registry:groups")
    )


@registry_editor
def group_edit(request: HttpRequest, code: str) -> HttpResponse:
    current = selectors.get_sharing_group(user=request.user, code=code)
    initial = {
        "code": current.code,
        "name": current.name,
        "description": current.description,
        "confidential": current.confidential,
        "parties": [p.code for p in current.parties.all()],
        "users": [u.username for u in current.users.all()],
        "source": current.source,
        "lock_version": current.lock_version,
    }
    form = SharingGroupForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.update_sharing_group(
                actor=request.user,
                group=current,
                changes=_data(form),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            return confirm_saved(
                request,
                _("Sharing group %(name)s saved.") % {"name": saved.name},
                reverse("registry:group", args=[saved.code]),
            )
    return form_page(
        request,
        form,
        title=_("Edit %(group)s") % {"group": current.name},
        cancel_url=reverse("registry:group", args=[current.code]),
    )
