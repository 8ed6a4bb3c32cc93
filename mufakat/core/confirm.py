"""The confirmation step of destructive and irreversible actions (issue 10: "Remove" deleted at
once). A link (GET) shows ``includes/confirm.html``; only its POST does the deed, so it works
without JavaScript and a stray click costs nothing."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirm_page(
    request: HttpRequest,
    *,
    question: str,
    confirm_label: str,
    cancel_url: str,
    consequences: Iterable[str] = (),
    danger: bool = True,
    hidden: Mapping[str, Any] | None = None,
    action_url: str = "",
    template: str = "includes/confirm.html",
    **extra: Any,
) -> HttpResponse:
    """Ask before doing: ``question`` as the heading, what will happen below it."""
    return render(
        request,
        template,
        {
            "title": question,
            "question": question,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "consequences": list(consequences),
            "danger": danger,
            "hidden": dict(hidden or {}),
            "action_url": action_url,
            **extra,
        },
    )
