"""Helpers every app's views share: the editor gate, the generic form page, the API's user."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.db.models import Model
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from ninja.errors import AuthenticationError

from mufakat.accounts.permissions import require_registry_editor
from mufakat.audit.reads import DOWNLOAD, record_sensitive_read

View = Callable[..., HttpResponse]


def registry_editor(view: View) -> View:
    """Log in first; then only the Secretariat and platform admins get the page (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_registry_editor(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def form_page(
    request: HttpRequest, form: Any, *, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    """A form on a page of its own (``includes/form_page.html``)."""
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "title": title, "cancel_url": cancel_url, **extra},
    )


def confirm_saved(request: HttpRequest, message: str, target: Any) -> HttpResponse:
    """Confirm a save and go back to what was saved."""
    messages.success(request, message)
    return redirect(target)


def api_user(request: HttpRequest) -> Any:
    """The API's auth puts the user (possibly anonymous) on ``request.auth``."""
    return getattr(request, "auth", None)


def api_signed_in_user(request: HttpRequest, message: str) -> Any:
    """For calls that belong to a person: without one, 401 (then 403 for a missing right)."""
    user = api_user(request)
    if user is None or not user.is_authenticated:
        raise AuthenticationError(401, message)
    return user


def private_download(
    file: File, *, name: str, content_type: str, source: Model, reader: Any
) -> FileResponse:
    """A stored file for a reader who passed the gate: as an attachment, with the type found
    in its content (``nosniff``: no browser guesses another), never cached by proxies.

    ``source`` is the record the file belongs to: downloads of AMBER+STRICT and RED files are
    audit events, and asking for it here means no download can forget them."""
    record_sensitive_read(reader=reader, obj=source, action=DOWNLOAD)
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
