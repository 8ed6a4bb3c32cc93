"""The IATI 2.03 export of a public work plan, at ``/instruments/<key>/iati.xml``.

Only public records are exported, read as an anonymous reader whoever asks (see
:mod:`mufakat.workplans.iati.selectors`): a work plan that is not public answers 404 here, even
to the people who may open its page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from mufakat.workplans.iati import build
from mufakat.workplans.iati.selectors import PublicWorkPlan, public_work_plan


def iati_response(plan: PublicWorkPlan) -> HttpResponse:
    """The document, shown in the browser (or saved under the work plan's key), saying in a
    header as in the document that it holds public records only."""
    response = HttpResponse(build.export(plan), content_type=build.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{build.filename(plan.instrument)}"'
    response[build.SCOPE_HEADER] = build.SCOPE
    return response


def instrument_iati(request: HttpRequest, key: str) -> HttpResponse:
    return iati_response(public_work_plan(key=key))
